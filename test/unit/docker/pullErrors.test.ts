import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRegistryUnreachable } from '../../../src/docker/core/pullErrors';

describe('a pull that cannot reach its registry', () => {
  it('is told from the engine messages of an offline machine', () => {
    for (const message of [
      // Docker Engine 20.10 on the bench machine, which has no internet (docker pull mcr.microsoft.com/...).
      'Pulling mcr.microsoft.com/azurelinux/base/core:3.0 failed: Get "https://mcr.microsoft.com/v2/": dial tcp: lookup mcr.microsoft.com on 10.255.255.53:53: no such host.',
      'Get "https://mcr.microsoft.com/v2/": dial tcp: lookup mcr.microsoft.com on 127.0.0.53:53: server misbehaving',
      'Get "https://mcr.microsoft.com/v2/": dial tcp 204.79.197.219:443: connect: network is unreachable',
      'Get "https://mcr.microsoft.com/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      'Get "https://mcr.microsoft.com/v2/": net/http: TLS handshake timeout',
      'initializing source docker://mcr.microsoft.com/azurelinux/base/core:3.0: pinging container registry mcr.microsoft.com: Get "https://mcr.microsoft.com/v2/": dial tcp: lookup mcr.microsoft.com: Temporary failure in name resolution',
    ]) {
      assert.equal(isRegistryUnreachable(message), true, message);
    }
  });

  it('is not confused with a registry that answered', () => {
    for (const message of [
      'The registry has no image mcr.microsoft.com/azurelinux/base/core:9.9. Check the image name and tag.',
      'Pulling x failed: unauthorized: authentication required.',
      'Pulling x failed: toomanyrequests: You have reached your pull rate limit.',
    ]) {
      assert.equal(isRegistryUnreachable(message), false, message);
    }
  });
});
