import { ComputeManagementClient } from '@azure/arm-compute';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-subscriptions';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ArmServer } from '../../fakes/arm/server';
import { clientOptions, FixedTokenCredential, startSeededServer, SUB_A, SUB_B, TENANT, trustsTestCertificate } from './armTestSupport';

if (trustsTestCertificate(__filename)) {
  describe('fake ARM server: listing with the real SDK clients', () => {
    let server: ArmServer;
    const credential = new FixedTokenCredential();

    before(async () => {
      server = await startSeededServer({ pageSize: 7 });
      for (let i = 0; i < 20; i++) {
        server.addSubscription({
          subscriptionId: `10000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
          displayName: `Extra ${i}`,
          tenantId: TENANT,
        });
      }
      for (let i = 0; i < 23; i++) {
        server.addVirtualMachine(SUB_A, i % 2 ? 'rg-odd' : 'rg-even', {
          name: `vm-${i}`,
          location: 'eastus',
          powerState: i % 3 === 0 ? 'deallocated' : 'running',
          tags: { index: String(i) },
        });
      }
    });
    after(() => server.close());

    it('lists subscriptions across nextLink pages through the SDK pipeline', async () => {
      const client = new SubscriptionClient(credential, clientOptions(server));
      const names: string[] = [];
      let url: string | undefined = `${server.url}/subscriptions?api-version=2022-12-01`;
      let pages = 0;
      while (url) {
        const response = await client.sendRequest(createPipelineRequest({ url, method: 'GET' }));
        assert.equal(response.status, 200);
        const body = JSON.parse(response.bodyAsText ?? '{}') as {
          value: { displayName: string; subscriptionId: string; state: string }[];
          nextLink?: string;
        };
        names.push(...body.value.map((s) => s.displayName));
        url = body.nextLink;
        pages++;
      }
      assert.equal(names.length, 22);
      assert.equal(pages, 4);
      assert.ok(names.includes('Contoso Dev') && names.includes('Extra 19'));
      assert.equal(server.requestCount({ path: /^\/subscriptions$/ }), 4);
    });

    it('lists tenants', async () => {
      const client = new SubscriptionClient(credential, clientOptions(server));
      const response = await client.sendRequest(
        createPipelineRequest({ url: `${server.url}/tenants?api-version=2022-12-01`, method: 'GET' }),
      );
      const body = JSON.parse(response.bodyAsText ?? '{}') as { value: { tenantId: string; displayName: string }[] };
      assert.deepEqual(
        body.value.map((t) => [t.tenantId, t.displayName]),
        [[TENANT, 'Contoso']],
      );
    });

    it('lists every VM in a subscription across pages with listAll, and per resource group', async () => {
      const compute = new ComputeManagementClient(credential, SUB_A, clientOptions(server));
      server.requests.length = 0;
      const all = [];
      for await (const vm of compute.virtualMachines.listAll()) all.push(vm);
      assert.equal(all.length, 23);
      assert.equal(server.requestCount({ path: /providers\/Microsoft\.Compute\/virtualMachines$/ }), Math.ceil(23 / 7));
      const vm0 = all.find((vm) => vm.name === 'vm-0')!;
      assert.equal(vm0.location, 'eastus');
      assert.equal(vm0.hardwareProfile?.vmSize, 'Standard_B2s');
      assert.equal(vm0.storageProfile?.imageReference?.offer, 'azure-linux-3');
      assert.match(
        vm0.id ?? '',
        /^\/subscriptions\/[-0-9a-f]+\/resourceGroups\/rg-even\/providers\/Microsoft\.Compute\/virtualMachines\/vm-0$/,
      );
      assert.deepEqual(vm0.tags, { index: '0' });

      const odd = [];
      for await (const vm of compute.virtualMachines.list('rg-odd')) odd.push(vm.name);
      assert.equal(odd.length, 11);

      const empty = new ComputeManagementClient(credential, SUB_B, clientOptions(server));
      const none = [];
      for await (const vm of empty.virtualMachines.listAll()) none.push(vm);
      assert.equal(none.length, 0);
    });

    it('returns the instance view with power state and OS name, via $expand and on its own', async () => {
      const compute = new ComputeManagementClient(credential, SUB_A, clientOptions(server));
      const vm = await compute.virtualMachines.get('rg-even', 'vm-0', { expand: 'instanceView' });
      const statuses = vm.instanceView?.statuses?.map((s) => s.code);
      assert.deepEqual(statuses, ['ProvisioningState/succeeded', 'PowerState/deallocated']);
      assert.equal(vm.instanceView?.osName, 'azurelinux');
      const view = await compute.virtualMachines.instanceView('rg-odd', 'vm-1');
      assert.equal(view.statuses?.at(-1)?.code, 'PowerState/running');
      const plain = await compute.virtualMachines.get('rg-odd', 'vm-1');
      assert.equal(plain.instanceView, undefined);
    });

    it('lists resource groups and the resources in one', async () => {
      const resources = new ResourceManagementClient(credential, SUB_A, clientOptions(server));
      const groups = [];
      for await (const group of resources.resourceGroups.list()) groups.push(group.name);
      assert.deepEqual(groups.sort(), ['rg-even', 'rg-odd']);
      const inGroup = [];
      for await (const resource of resources.resources.listByResourceGroup('rg-odd')) inGroup.push(resource.type);
      // 11 VMs, each with an OS disk, a NIC and a public IP, plus the group's VNet.
      assert.equal(inGroup.filter((t) => t === 'Microsoft.Compute/virtualMachines').length, 11);
      assert.equal(inGroup.filter((t) => t === 'Microsoft.Compute/disks').length, 11);
      assert.equal(inGroup.filter((t) => t === 'Microsoft.Network/virtualNetworks').length, 1);
    });
  });
}
