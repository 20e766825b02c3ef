import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { azureErrorDetails, describeAzureError, isSignInError } from '../../../src/azure/core/armErrors';
import { armFailures } from '../../fakes/arm/errors';

function restError(failure: { status: number; code: string; message: string }): Error {
  return Object.assign(new Error(failure.message), {
    name: 'RestError',
    statusCode: failure.status,
    code: failure.code,
    details: { error: { code: failure.code, message: failure.message } },
  });
}

describe("Azure errors in a person's words", () => {
  it("keeps Azure's code and message and adds what to do", () => {
    assert.match(
      describeAzureError(restError(armFailures.quotaExceeded())),
      /Cores quota.*\(OperationNotAllowed\)\. Choose a smaller size/,
    );
    assert.match(describeAzureError(restError(armFailures.skuNotAvailable())), /\(SkuNotAvailable\)\. This size is not available/);
    assert.match(describeAzureError(restError(armFailures.nameTaken())), /already in use.*\(Conflict\)\. The name is taken/);
    assert.match(
      describeAzureError(restError(armFailures.policyDenied())),
      /disallowed by policy.*\(RequestDisallowedByPolicy\)\. An Azure Policy/,
    );
  });

  it('reads the code from a failed long-running operation', () => {
    const error = new Error('The long-running operation has failed. SkuNotAvailable. The requested VM size is not available.');
    assert.deepEqual(azureErrorDetails(error), {
      code: 'SkuNotAvailable',
      message: 'The requested VM size is not available.',
      statusCode: undefined,
    });
  });

  it('recognises a missing or expired sign-in', () => {
    assert.equal(isSignInError(restError(armFailures.expiredToken())), true);
    assert.equal(
      isSignInError(Object.assign(new Error("Please run 'az login' from a command prompt"), { name: 'CredentialUnavailableError' })),
      true,
    );
    assert.equal(isSignInError(restError(armFailures.quotaExceeded())), false);
  });
});

describe('Azure error hints through the translate function', () => {
  it("translates our hint and keeps Azure's own words", () => {
    const upper = { t: (message: string) => message.toUpperCase() };
    const text = describeAzureError(
      restError({ status: 409, code: 'SkuNotAvailable', message: 'The requested size is not available.' }),
      upper,
    );
    assert.equal(
      text,
      'The requested size is not available (SkuNotAvailable). THIS SIZE IS NOT AVAILABLE IN THE REGION FOR YOUR SUBSCRIPTION; CHOOSE ANOTHER SIZE OR REGION.',
    );
  });
});
