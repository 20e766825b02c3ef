/*
 * Shared set-up for the fake ARM server's tests: the test certificate, a credential with a fixed token, and
 * client options that point the real SDK clients at the server. Node reads NODE_EXTRA_CA_CERTS only at start-up,
 * so a test file started without it runs itself again in a child process that has it.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { ensureTestCertificate } from '../../../scripts/lib/testCertificate.mjs';
import type { CloudEndpoints } from '../../../src/azure/core/cloud';
import { startArmServer, type ArmServer, type ArmServerOptions } from '../../fakes/arm/server';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SUB_A = '00000000-0000-0000-0000-00000000000a';
export const SUB_B = '00000000-0000-0000-0000-00000000000b';

/** A credential that always returns the same bearer token: the fake server needs one, not a real one. */
export class FixedTokenCredential implements TokenCredential {
  calls = 0;
  constructor(private readonly token = 'fake-arm-token') {}
  getToken(): Promise<AccessToken> {
    this.calls++;
    return Promise.resolve({ token: this.token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 });
  }
}

/**
 * True when this process trusts the test certificate. Otherwise registers one test that runs `file` again in a
 * child process with NODE_EXTRA_CA_CERTS set, and returns false so the caller registers nothing else.
 */
export function trustsTestCertificate(file: string): boolean {
  const { certPath, keyPath } = ensureTestCertificate(join(process.cwd(), '.cache', 'test-tls'));
  if (process.env.NODE_EXTRA_CA_CERTS === certPath) {
    process.env.AZL_TEST_TLS_CERT = certPath;
    process.env.AZL_TEST_TLS_KEY = keyPath;
    return true;
  }
  it('runs with the test certificate trusted (child process with NODE_EXTRA_CA_CERTS)', () => {
    // Without the parent runner's NODE_TEST_CONTEXT the child reports in plain TAP, readable in a failure message.
    const { NODE_TEST_CONTEXT: _runnerContext, ...env } = process.env;
    const child = spawnSync(process.execPath, ['--enable-source-maps', file], {
      env: { ...env, NODE_EXTRA_CA_CERTS: certPath, AZL_TEST_TLS_CERT: certPath, AZL_TEST_TLS_KEY: keyPath },
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(child.status, 0, `child test run failed:\n${child.stdout}\n${child.stderr}`);
  });
  return false;
}

export async function startSeededServer(options: ArmServerOptions = {}): Promise<ArmServer> {
  const server = await startArmServer(options);
  server.addTenant({ tenantId: TENANT, displayName: 'Contoso' });
  server.addSubscription({ subscriptionId: SUB_A, displayName: 'Contoso Dev', tenantId: TENANT });
  server.addSubscription({ subscriptionId: SUB_B, displayName: 'Contoso Prod', tenantId: TENANT });
  server.addStandardCatalog(['eastus', 'westus2', 'southeastasia']);
  return server;
}

/** Options for every SDK client: the fake endpoint, quick retries, and a quick LRO poll interval. */
export function clientOptions(server: ArmServer): { endpoint: string; retryOptions: { retryDelayInMs: number; maxRetries: number } } {
  return { endpoint: server.url, retryOptions: { retryDelayInMs: 20, maxRetries: 3 } };
}

/** LRO options: poll quickly so tests stay fast. */
export const FAST_POLL = { updateIntervalInMs: 10 } as const;

/** A custom cloud whose Resource Manager is the fake server, for the extension's own services. */
export function fakeCloud(server: ArmServer): CloudEndpoints {
  return {
    name: 'custom',
    resourceManagerEndpoint: server.url,
    activeDirectoryAuthority: server.url,
    managementScope: `${server.url}/.default`,
    portalUrl: server.url,
  };
}
