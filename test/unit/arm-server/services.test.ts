/*
 * The extension's own Azure service (src/azure/arm/armAzureServices.ts) against the fake ARM server: what the tree
 * and the delete flow ask of Azure, through the real SDK clients.
 */
import { ComputeManagementClient } from '@azure/arm-compute';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ArmAzureServices } from '../../../src/azure/arm/armAzureServices';
import { imageChoices } from '../../../src/azure/core/images';
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

    it('finds the images of both Azure Linux publishers at run time, with each newest version’s generation and security type', async () => {
      server.requests.length = 0;
      const offers = await services.listImageOffers(SUB_A, 'eastus', signal);
      assert.deepEqual(offers.map((offer) => `${offer.publisher}:${offer.offer}`).sort(), [
        'MicrosoftAzureLinux:azurelinux-4',
        'MicrosoftCBLMariner:azure-linux-3',
        'MicrosoftCBLMariner:cbl-mariner',
      ]);
      const azl4 = offers.find((offer) => offer.offer === 'azurelinux-4')!;
      assert.deepEqual(azl4.skus, [
        { name: '4', hyperVGeneration: 'V2', architecture: 'x64', securityType: 'TrustedLaunchSupported' },
        { name: '4-arm64', hyperVGeneration: 'V2', architecture: 'Arm64', securityType: undefined },
      ]);
      assert.ok(server.requestCount({ method: 'GET', path: /\/publishers\/MicrosoftAzureLinux\/artifacttypes\/vmimage\/offers$/i }) >= 1);
      const choices = imageChoices(offers);
      assert.equal(choices.find((choice) => choice.isDefault)?.description, 'MicrosoftCBLMariner:azure-linux-3:azure-linux-3-gen2');
      assert.equal(choices.find((choice) => choice.image.sku === '4')?.label, 'Azure Linux 4.0 (x64, Gen2, preview)');
      // A region without the 4.0 preview: that publisher has nothing there, and that is no failure.
      const asia = await services.listImageOffers(SUB_A, 'southeastasia', signal);
      assert.ok(!asia.some((offer) => offer.publisher === 'MicrosoftAzureLinux'));
    });
  });
}
