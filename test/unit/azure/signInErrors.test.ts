import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AzureCliCredential } from '@azure/identity';
import { azLoginTerminal, azureCliProblem, isSignInCancelled } from '../../../src/azure/core/signInErrors';

const root = join(__dirname, '..', '..', '..', '..');

/** What the real AzureCliCredential says with `PATH` as given (the stand-in az, or no az at all). */
async function cliCredentialError(path: string, env: Record<string, string> = {}): Promise<string> {
  const saved = { PATH: process.env.PATH, ...Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]])) };
  Object.assign(process.env, { PATH: path, ...env });
  try {
    await new AzureCliCredential().getToken('https://management.azure.com/.default');
    return '(no error)';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('what a failed sign-in means', () => {
  const empty = mkdtempSync(join(tmpdir(), 'azl-no-az-'));
  after(() => rmSync(empty, { recursive: true, force: true }));

  it("tells an Azure CLI that is not signed in from one that is not installed, in the credential's own words", async () => {
    // The stand-in az answers a signed-out `get-access-token` with the real CLI's stderr (test/fakes/az/az).
    const signedOut = await cliCredentialError(`${join(root, 'test', 'fakes', 'az')}${delimiter}${process.env.PATH}`, {
      AZL_FAKE_AZ_EXPIRED: '1',
    });
    assert.equal(azureCliProblem(signedOut), 'notSignedIn', signedOut);
    // /bin/sh finds no az at all (only sh itself is needed, and it is found by its absolute path).
    const missing = await cliCredentialError(empty);
    assert.equal(azureCliProblem(missing), 'notInstalled', missing);
    assert.equal(azureCliProblem('Unexpected response from Azure CLI when getting token.'), 'other');
  });

  it("treats the person's cancel as a cancel, in VS Code's words", () => {
    assert.equal(isSignInCancelled(new Error('User did not consent to login.')), true);
    assert.equal(isSignInCancelled(Object.assign(new Error('Canceled'), { name: 'Canceled' })), true);
    assert.equal(isSignInCancelled(new Error('Cancelled')), true);
    assert.equal(isSignInCancelled(new Error('AADSTS50076: multi-factor authentication required')), false);
    assert.equal(isSignInCancelled('Canceled'), false, 'only errors');
  });

  it('runs az login from an argument array, with the tenant only when it is a tenant ID or domain', () => {
    assert.deepEqual(azLoginTerminal(undefined, 'linux'), { shellPath: 'az', shellArgs: ['login'] });
    assert.deepEqual(azLoginTerminal('72f988bf-0000-4000-8000-00000000aaaa', 'darwin'), {
      shellPath: 'az',
      shellArgs: ['login', '--tenant', '72f988bf-0000-4000-8000-00000000aaaa'],
    });
    assert.deepEqual(azLoginTerminal('contoso.onmicrosoft.com & calc', 'linux'), { shellPath: 'az', shellArgs: ['login'] });
    // Windows: az is az.cmd, which only cmd.exe runs; the line is built as spawnCommand builds it, every part quoted.
    assert.deepEqual(azLoginTerminal('contoso.onmicrosoft.com', 'win32', 'C:\\Windows\\system32\\cmd.exe'), {
      shellPath: 'C:\\Windows\\system32\\cmd.exe',
      shellArgs: '/d /s /c ""az.cmd" "login" "--tenant" "contoso.onmicrosoft.com""',
    });
  });
});
