/*
 * The extension's own Azure service (src/azure/arm/armAzureServices.ts) against the fake ARM server: what the tree
 * and the delete flow ask of Azure, through the real SDK clients.
 */
import { ComputeManagementClient } from '@azure/arm-compute';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ArmAzureServices } from '../../../src/azure/arm/armAzureServices';
import { type ArmServer } from '../../fakes/arm/server';
import { clientOptions, fakeCloud, FixedTokenCredential, startSeededServer, SUB_A, trustsTestCertificate } from './armTestSupport';

interface RestErrorLike extends Error {
  code?: string;
  statusCode?: number;
}

if (trustsTestCertificate(__filename)) {
  describe('ArmAzureServices against the fake ARM server', () => {
    let server: ArmServer;
    let services: ArmAzureServices;
    const credential = new FixedTokenCredential();
    const signal = new AbortController().signal;

    before(async () => {
      server = await startSeededServer({ pageSize: 3 });
      for (let i = 0; i < 7; i++) {
        server.addVirtualMachine(SUB_A, 'rg-list', { name: `vm-${i}`, location: 'eastus', powerState: i % 2 ? 'deallocated' : 'running' });
      }
      services = new ArmAzureServices(credential, fakeCloud(server), { pollIntervalMs: 5 });
    });
    after(() => server.close());

    it('retries one transient 500 on /subscriptions instead of failing the tree', async () => {
      server.requests.length = 0;
      const injection = server.inject({ method: 'GET', path: /^\/subscriptions$/, status: 500, times: 1 });
      try {
        const subscriptions = await services.listSubscriptions(signal);
        assert.deepEqual(
          subscriptions.map((s) => s.displayName),
          ['Contoso Dev', 'Contoso Prod'],
        );
      } finally {
        injection.remove();
      }
      assert.equal(injection.hits, 1);
      assert.equal(server.requestCount({ method: 'GET', path: /^\/subscriptions$/ }), 2, 'the failed try and the retry');
    });

    it('lists VMs with their power state through statusOnly, never $expand without $filter (which Azure refuses)', async () => {
      const compute = new ComputeManagementClient(credential, SUB_A, clientOptions(server));
      await assert.rejects(
        (async () => {
          for await (const _vm of compute.virtualMachines.listAll({ expand: 'instanceView' })) {
            // the first page already fails
          }
        })(),
        (error: RestErrorLike) => error.statusCode === 400,
      );
      server.requests.length = 0;
      const vms = await services.listVms(SUB_A, signal);
      assert.deepEqual(
        vms.map((vm) => [vm.name, vm.powerState]).sort(),
        Array.from({ length: 7 }, (_, i) => [`vm-${i}`, i % 2 ? 'deallocated' : 'running']).sort(),
      );
      assert.ok(
        server.requests.every((r) => !r.query.$expand),
        'no request used $expand',
      );
      assert.equal(server.requestCount({ path: /\/instanceView$/i }), 0, 'no per-VM instance view was needed');
    });
  });
}
