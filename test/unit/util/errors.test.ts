import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorMessage, isUserCancelled, UserCancelledError } from '../../../src/util/errors';

describe('errors', () => {
  it('treats a person cancelling as silent, and nothing else', () => {
    assert.equal(isUserCancelled(new UserCancelledError()), true);
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    assert.equal(isUserCancelled(abort), true);
    assert.equal(isUserCancelled(new Error('Cannot reach Docker')), false);
    assert.equal(isUserCancelled('cancelled'), false);
  });

  it('turns anything thrown into a message', () => {
    assert.equal(errorMessage(new Error('quota exceeded')), 'quota exceeded');
    assert.equal(errorMessage(42), '42');
  });
});
