/*
 * A failed create, end to end through the extension's own Azure service and the real SDK clients against the fake
 * ARM server: which DELETEs the rollback sends (exactly what the run created or may have created, never the rest of
 * the plan), what it reports left over, and that a resource group is owned, tagged and deleted only when Azure said
 * the run created it (201) and it holds nothing else.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ArmAzureServices } from '../../../src/azure/arm/armAzureServices';
import { CreateVmFailure, planCreateVm, runCreateVm, type CreateVmRequest } from '../../../src/azure/core/createVm';
import { armFailures, type ArmServer, type InjectionRule } from '../../fakes/arm/server';
import { fakeCloud, FixedTokenCredential, startSeededServer, SUB_A, trustsTestCertificate } from './armTestSupport';

if (trustsTestCertificate(__filename)) {
  describe('create-VM rollback against the fake ARM server', () => {
    let server: ArmServer;
    let services: ArmAzureServices;

    before(async () => {
      server = await startSeededServer();
      server.addResourceGroup(SUB_A, 'rg-team', 'eastus', { owner: 'team-b', costCenter: '1234' });
      server.addResource(SUB_A, 'rg-team', 'Microsoft.Network/publicIPAddresses', 'team-ip', {
        location: 'eastus',
        sku: { name: 'Standard' },
        properties: { publicIPAllocationMethod: 'Static' },
      });
      services = new ArmAzureServices(new FixedTokenCredential(), fakeCloud(server), { pollIntervalMs: 5 });
    });
    after(() => server.close());
    beforeEach(() => {
      server.clearInjections();
      server.requests.length = 0;
    });

    function request(vmName: string, resourceGroup = `${vmName}-rg`): CreateVmRequest {
      return {
        subscriptionId: SUB_A,
        location: 'eastus',
        resourceGroup,
        vmName,
        size: 'Standard_D2s_v5',
        image: { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2', version: 'latest' },
        trustedLaunch: true,
        adminUsername: 'azureuser',
        sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHFh8Gq8mDq2yHlV0pQm3pR7Vb8sQ6wqYqR8mK9f1lXo test@azl',
        sshSourcePrefix: '203.0.113.7/32',
      };
    }

    async function failingRun(vmName: string, rule: InjectionRule, resourceGroup?: string): Promise<CreateVmFailure> {
      const plan = planCreateVm(request(vmName, resourceGroup));
      const injection = server.inject({ times: 1, ...rule });
      const failure = await runCreateVm(plan, services.createVmOperations(plan), { signal: new AbortController().signal }).then(
        () => assert.fail('the run should fail'),
        (error: unknown) => error as CreateVmFailure,
      );
      assert.equal(injection.hits, 1, 'the fault was hit');
      assert.ok(failure instanceof CreateVmFailure, String(failure));
      return failure;
    }

    /** The last path segment of every DELETE the run sent, sorted: what rollback deleted (or tried to). */
    function deleted(): string[] {
      return server.requests
        .filter((r) => r.method === 'DELETE')
        .map((r) => decodeURIComponent(r.path.split('/').pop() ?? ''))
        .sort();
    }

    // A 409 is not retried by the SDK (a 500 would be, and the retry would succeed).
    const anotherOperation = {
      status: 409,
      code: 'AnotherOperationInProgress',
      message: 'Another operation on this or dependent resource is in progress.',
    };
    const everything = (vm: string) => [vm, `${vm}-ip`, `${vm}-nic`, `${vm}-nsg`, `${vm}-osdisk`, `${vm}-rg`, `${vm}-vnet`].sort();

    // Each fault, in a group the run creates: the exact DELETEs, nothing left, nothing reported left over.
    const faults: { step: string; vm: string; rule: InjectionRule; expect: (vm: string) => string[] }[] = [
      {
        step: 'resource group (refused by policy)',
        vm: 'rb1',
        rule: { method: 'PUT', path: /\/resourcegroups\/rb1-rg$/i, ...armFailures.policyDenied('rb1-rg') },
        expect: () => [],
      },
      {
        step: 'public IP (refused up front)',
        vm: 'rb2',
        rule: { method: 'PUT', path: /publicIPAddresses\/rb2-ip$/i, ...armFailures.quotaExceeded() },
        // The IP, NSG and VNet went out together; the NIC, VM and disk were never asked for.
        expect: (vm) => [`${vm}-ip`, `${vm}-nsg`, `${vm}-rg`, `${vm}-vnet`].sort(),
      },
      {
        step: 'network security group (accepted, then failed and left behind)',
        vm: 'rb3',
        rule: { method: 'PUT', path: /networkSecurityGroups\/rb3-nsg$/i, failOperation: true, code: 'InternalServerError' },
        expect: (vm) => [`${vm}-ip`, `${vm}-nsg`, `${vm}-rg`, `${vm}-vnet`].sort(),
      },
      {
        step: 'network interface (failed after Azure made it)',
        vm: 'rb4',
        rule: { method: 'PUT', path: /networkInterfaces\/rb4-nic$/i, ...anotherOperation, leaveBehind: 'resource' },
        expect: (vm) => [`${vm}-ip`, `${vm}-nic`, `${vm}-nsg`, `${vm}-rg`, `${vm}-vnet`].sort(),
      },
      {
        step: 'virtual machine (refused up front)',
        vm: 'rb5',
        rule: { method: 'PUT', path: /virtualMachines\/rb5$/i, ...armFailures.skuNotAvailable() },
        expect: everything,
      },
      {
        step: 'virtual machine (failed after Azure made its OS disk)',
        vm: 'rb6',
        rule: { method: 'PUT', path: /virtualMachines\/rb6$/i, ...armFailures.quotaExceeded(), leaveBehind: 'osDisk' },
        expect: everything,
      },
      {
        step: 'OS disk tagging',
        vm: 'rb7',
        rule: { method: 'PATCH', path: /\/disks\/rb7-osdisk$/i, ...armFailures.authorizationFailed('Microsoft.Compute/disks/write') },
        expect: everything,
      },
    ];

    for (const { step, vm, rule, expect } of faults) {
      it(`a fault at the ${step} step deletes exactly what the run made, then its own group`, async () => {
        const before = server.resourceIds();
        const failure = await failingRun(vm, rule);
        assert.deepEqual(deleted(), expect(vm));
        assert.deepEqual(failure.leftOver, []);
        assert.deepEqual(server.resourceIds(), before, 'nothing is left behind');
      });
    }

    it('in an existing group: never PUTs or tags the group, deletes the disk a failed VM left, and keeps the group and its resources', async () => {
      const before = server.resourceIds();
      const failure = await failingRun(
        'rb8',
        { method: 'PUT', path: /virtualMachines\/rb8$/i, ...armFailures.quotaExceeded(), leaveBehind: 'osDisk' },
        'rg-team',
      );
      assert.equal(failure.ownsResourceGroup, false);
      assert.equal(server.requestCount({ method: 'PUT', path: /\/resourcegroups\/rg-team$/i }), 0, 'no PUT to the group');
      assert.equal(server.requestCount({ method: 'PATCH', path: /\/resourcegroups\/rg-team$/i }), 0, 'no tags on the group');
      assert.deepEqual(deleted(), ['rb8', 'rb8-ip', 'rb8-nic', 'rb8-nsg', 'rb8-osdisk', 'rb8-vnet']);
      assert.deepEqual(failure.leftOver, []);
      assert.deepEqual(server.resourceIds(), before);
      const group = server.resources().find((r) => r.name === 'rg-team');
      assert.deepEqual(group?.tags, { owner: 'team-b', costCenter: '1234' }, 'its tags are as they were');
    });

    it('in an existing group: a resource whose delete fails is reported left over, and nothing else is touched', async () => {
      server.inject({
        method: 'DELETE',
        path: /\/disks\/rb9-osdisk$/i,
        ...armFailures.authorizationFailed('Microsoft.Compute/disks/delete'),
      });
      const failure = await failingRun(
        'rb9',
        { method: 'PUT', path: /virtualMachines\/rb9$/i, ...armFailures.quotaExceeded(), leaveBehind: 'osDisk' },
        'rg-team',
      );
      assert.deepEqual(failure.leftOver, ['osDisk']);
      assert.ok(server.resourceIds().some((id) => /\/disks\/rb9-osdisk$/i.test(id)));
      assert.ok(!server.resourceIds().some((id) => /\/networkInterfaces\/rb9-nic$/i.test(id)));
      server.clearInjections();
      await services
        .createVmOperations(planCreateVm(request('rb9', 'rg-team')))
        .deleteResource(planCreateVm(request('rb9', 'rg-team')), 'osDisk', new AbortController().signal);
    });

    it('its own group: a disk whose delete fails goes with the group, which held nothing else', async () => {
      const before = server.resourceIds();
      server.inject({
        method: 'DELETE',
        path: /\/disks\/rb10-osdisk$/i,
        ...armFailures.authorizationFailed('Microsoft.Compute/disks/delete'),
      });
      const failure = await failingRun('rb10', {
        method: 'PUT',
        path: /virtualMachines\/rb10$/i,
        ...armFailures.quotaExceeded(),
        leaveBehind: 'osDisk',
      });
      assert.equal(failure.ownsResourceGroup, true);
      assert.ok(deleted().includes('rb10-rg'));
      assert.deepEqual(failure.leftOver, []);
      assert.deepEqual(server.resourceIds(), before);
    });

    it('its own group: kept, and reported, when something the run did not create appeared in it meanwhile', async () => {
      const plan = planCreateVm(request('rb11'));
      // Someone adds a disk to the new group while the run's NIC is being created; then the VM fails.
      server.inject({ method: 'PUT', path: /virtualMachines\/rb11$/i, times: 1, ...armFailures.skuNotAvailable() });
      const operations = services.createVmOperations(plan);
      const failure = await runCreateVm(plan, operations, {
        signal: new AbortController().signal,
        onEvent: (event) => {
          if (event.type === 'stepStarted' && event.step === 'networkInterface') {
            server.addResource(SUB_A, 'rb11-rg', 'Microsoft.Compute/disks', 'shared-data', { location: 'eastus' });
          }
        },
      }).then(
        () => assert.fail('the run should fail'),
        (error: unknown) => error as CreateVmFailure,
      );
      assert.ok(!deleted().includes('rb11-rg'), 'the group is not deleted');
      assert.deepEqual(failure.leftOver, ['resourceGroup']);
      assert.deepEqual(failure.othersInGroup, [{ name: 'shared-data', type: 'Microsoft.Compute/disks' }]);
      const left = server.resourceIds().filter((id) => /\/resourceGroups\/rb11-rg(\/|$)/i.test(id));
      assert.deepEqual(left.map((id) => id.split('/').pop()).sort(), ['rb11-rg', 'shared-data']);
    });

    it('a group that appears between the existence check and the create (Azure answers 200) is not owned, tagged or deleted', async () => {
      server.addResourceGroup(SUB_A, 'rb12-rg', 'eastus', { owner: 'team-c' });
      server.addResource(SUB_A, 'rb12-rg', 'Microsoft.Compute/disks', 'team-c-data', { location: 'eastus' });
      // The HEAD is answered as if the group did not exist yet.
      server.inject({ method: 'HEAD', path: /\/resourcegroups\/rb12-rg$/i, times: 1, status: 404, code: 'ResourceGroupNotFound' });
      const failure = await failingRun('rb12', {
        method: 'PUT',
        path: /networkInterfaces\/rb12-nic$/i,
        ...armFailures.authorizationFailed(),
      });
      assert.equal(failure.ownsResourceGroup, false);
      assert.equal(server.requestCount({ method: 'PATCH', path: /\/resourcegroups\/rb12-rg$/i }), 0, 'not tagged as ours');
      assert.ok(!deleted().includes('rb12-rg'));
      const group = server.resources().find((r) => r.name === 'rb12-rg');
      assert.ok(group, 'the group stays');
      assert.notEqual(group.tags?.createdBy, 'azure-linux-tools');
      assert.ok(
        server.resourceIds().some((id) => /\/disks\/team-c-data$/i.test(id)),
        'and what it held',
      );
      assert.deepEqual(failure.leftOver, []);
    });

    it('a group the run created is tagged as the extension\u2019s, with a PATCH after the 201', async () => {
      const plan = planCreateVm(request('rb13'));
      await runCreateVm(plan, services.createVmOperations(plan), { signal: new AbortController().signal });
      const put = server.requests.find((r) => r.method === 'PUT' && /\/resourcegroups\/rb13-rg$/i.test(r.path));
      assert.equal(put?.status, 201);
      assert.equal(server.requestCount({ method: 'PATCH', path: /\/resourcegroups\/rb13-rg$/i }), 1);
      assert.deepEqual(server.resources().find((r) => r.name === 'rb13-rg')?.tags, { createdBy: 'azure-linux-tools' });
      assert.deepEqual(server.resources().find((r) => r.name === 'rb13-osdisk')?.tags, { createdBy: 'azure-linux-tools' });
    });
  });
}
