import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateVmFailure,
  planCreateVm,
  runCreateVm,
  sshOnlyRules,
  takenNames,
  type CreateEvent,
  type CreateStepId,
  type CreateVmOperations,
  type CreateVmPlan,
  type CreateVmRequest,
  type ResourceKind,
} from '../../../src/azure/core/createVm';

const request: CreateVmRequest = {
  subscriptionId: 'sub1',
  location: 'eastus',
  resourceGroup: 'web1-rg',
  createResourceGroup: true,
  vmName: 'web1',
  size: 'Standard_D2s_v5',
  image: { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2', version: 'latest' },
  trustedLaunch: true,
  adminUsername: 'azureuser',
  sshPublicKey: 'ssh-ed25519 AAAA test',
  sshSourcePrefix: '203.0.113.7/32',
};

/** An in-memory Azure: resources exist once their create resolves; failures and pauses are injected per step. */
class FakeAzure implements CreateVmOperations {
  readonly existing = new Set<ResourceKind>();
  readonly log: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  failAt?: CreateStepId;
  /** Called when a step starts; may abort the run. */
  onStart?: (step: CreateStepId) => void;

  private async create(step: CreateStepId, signal: AbortSignal): Promise<string> {
    this.onStart?.(step);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.log.push(`start ${step}`);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight--;
    if (this.failAt === step) {
      throw Object.assign(new Error('quota'), {
        statusCode: 409,
        details: {
          error: { code: 'OperationNotAllowed', message: 'Operation results in exceeding approved standardDSv5Family Cores quota.' },
        },
      });
    }
    // Like ARM: the resource exists even when the client stopped waiting.
    this.existing.add(step);
    if (step === 'virtualMachine') {
      this.existing.add('osDisk');
    }
    if (signal.aborted) {
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    }
    return `/id/${step}`;
  }

  createResourceGroup = async (_plan: CreateVmPlan, signal: AbortSignal) => void (await this.create('resourceGroup', signal));
  createPublicIp = (_plan: CreateVmPlan, signal: AbortSignal) => this.create('publicIp', signal);
  createNetworkSecurityGroup = (_plan: CreateVmPlan, signal: AbortSignal) => this.create('networkSecurityGroup', signal);
  createVirtualNetwork = (_plan: CreateVmPlan, signal: AbortSignal) => this.create('virtualNetwork', signal);
  createNetworkInterface = (
    _plan: CreateVmPlan,
    ids: { subnetId?: string; publicIpId?: string; networkSecurityGroupId?: string },
    signal: AbortSignal,
  ) => {
    assert.ok(ids.subnetId && ids.publicIpId && ids.networkSecurityGroupId, 'the NIC gets the ids of the stage before');
    return this.create('networkInterface', signal);
  };
  createVirtualMachine = (_plan: CreateVmPlan, ids: { networkInterfaceId?: string }, signal: AbortSignal) => {
    assert.ok(ids.networkInterfaceId);
    return this.create('virtualMachine', signal);
  };
  deleteResource = async (_plan: CreateVmPlan, kind: ResourceKind, signal: AbortSignal) => {
    assert.equal(signal.aborted, false, 'cleanup is not cancelled with the run');
    this.log.push(`delete ${kind}`);
    this.existing.delete(kind);
  };
}

describe('create plan', () => {
  it('names every resource, tags them, and stages independent resources together', () => {
    const plan = planCreateVm(request);
    assert.deepEqual(plan.names, {
      publicIp: 'web1-ip',
      networkSecurityGroup: 'web1-nsg',
      virtualNetwork: 'web1-vnet',
      subnet: 'default',
      networkInterface: 'web1-nic',
      osDisk: 'web1-osdisk',
    });
    assert.deepEqual(plan.tags, { createdBy: 'azure-linux-tools' });
    assert.deepEqual(plan.stages, [
      ['resourceGroup'],
      ['publicIp', 'networkSecurityGroup', 'virtualNetwork'],
      ['networkInterface'],
      ['virtualMachine'],
    ]);
    assert.equal(planCreateVm({ ...request, createResourceGroup: false }).stages[0].includes('resourceGroup'), false);
  });

  it('allows only TCP 22 from the caller', () => {
    const rules = sshOnlyRules('203.0.113.7/32');
    assert.equal(rules.length, 1);
    assert.deepEqual(
      { protocol: rules[0].protocol, port: rules[0].destinationPortRange, source: rules[0].sourceAddressPrefix, access: rules[0].access },
      { protocol: 'Tcp', port: '22', source: '203.0.113.7/32', access: 'Allow' },
    );
  });
});

describe('create orchestration', () => {
  it('creates the IP, NSG and VNet in parallel, then the NIC, then the VM', async () => {
    const azure = new FakeAzure();
    const events: CreateEvent[] = [];
    const vmId = await runCreateVm(planCreateVm(request), azure, {
      signal: new AbortController().signal,
      onEvent: (event) => events.push(event),
    });
    assert.equal(vmId, '/id/virtualMachine');
    assert.equal(azure.maxInFlight, 3);
    assert.deepEqual(azure.log, [
      'start resourceGroup',
      'start publicIp',
      'start networkSecurityGroup',
      'start virtualNetwork',
      'start networkInterface',
      'start virtualMachine',
    ]);
    assert.equal(events.filter((event) => event.type === 'stepFinished').length, 6);
  });

  for (const step of [
    'resourceGroup',
    'publicIp',
    'networkSecurityGroup',
    'virtualNetwork',
    'networkInterface',
    'virtualMachine',
  ] as const) {
    it(`a failure at the ${step} step deletes everything the run created and says why in Azure's words`, async () => {
      const azure = new FakeAzure();
      azure.failAt = step;
      const failure = await runCreateVm(planCreateVm(request), azure, { signal: new AbortController().signal }).then(
        () => assert.fail('the run should fail'),
        (error: unknown) => error as CreateVmFailure,
      );
      assert.ok(failure instanceof CreateVmFailure);
      assert.equal(failure.step, step);
      assert.equal(failure.cancelled, false);
      assert.match(failure.message, /exceeding approved standardDSv5Family Cores quota \(OperationNotAllowed\)\. Choose a smaller size/);
      assert.deepEqual([...azure.existing], [], 'nothing is left behind');
      assert.deepEqual(failure.leftOver, []);
      const deletes = azure.log.filter((line) => line.startsWith('delete'));
      if (deletes.includes('delete resourceGroup')) {
        assert.equal(deletes[deletes.length - 1], 'delete resourceGroup', 'the group goes last');
      }
    });
  }

  it('cancel midway stops before the next stage and deletes what exists, including a resource whose request was in flight', async () => {
    const azure = new FakeAzure();
    const controller = new AbortController();
    azure.onStart = (step) => {
      if (step === 'networkInterface') {
        controller.abort();
      }
    };
    const failure = await runCreateVm(planCreateVm(request), azure, { signal: controller.signal }).then(
      () => assert.fail('the run should be cancelled'),
      (error: unknown) => error as CreateVmFailure,
    );
    assert.equal(failure.cancelled, true);
    assert.match(failure.message, /cancelled/);
    assert.ok(!azure.log.includes('start virtualMachine'));
    assert.ok(azure.log.includes('delete networkInterface'));
    assert.deepEqual([...azure.existing], []);
  });

  it('keeps what was created when the person asks to', async () => {
    const azure = new FakeAzure();
    azure.failAt = 'virtualMachine';
    const failure = (await runCreateVm(planCreateVm(request), azure, {
      signal: new AbortController().signal,
      keepAfterFailure: async () => true,
    }).catch((error: unknown) => error)) as CreateVmFailure;
    assert.equal(failure.kept, true);
    assert.ok(azure.existing.has('networkInterface'));
    assert.ok(!azure.log.some((line) => line.startsWith('delete')));
  });

  it('never deletes a resource group it did not create', async () => {
    const azure = new FakeAzure();
    azure.failAt = 'networkInterface';
    const failure = await runCreateVm(planCreateVm({ ...request, createResourceGroup: false }), azure, {
      signal: new AbortController().signal,
    }).then(
      () => assert.fail('the run should fail at the network interface'),
      (error: unknown) => error as CreateVmFailure,
    );
    assert.ok(failure instanceof CreateVmFailure, String(failure));
    assert.equal(failure.step, 'networkInterface');
    assert.equal(failure.cancelled, false);
    assert.ok(!azure.log.includes('start resourceGroup'), 'the existing group was not created again');
    const deletes = azure.log.filter((line) => line.startsWith('delete'));
    assert.ok(!deletes.includes('delete resourceGroup'), `the existing group is kept: ${deletes.join(', ')}`);
    // What the run did create in it is cleaned up, so the group is left as it was found.
    for (const kind of ['publicIp', 'networkSecurityGroup', 'virtualNetwork'] as const) {
      assert.ok(deletes.includes(`delete ${kind}`), `the ${kind} the run created is deleted: ${deletes.join(', ')}`);
    }
    assert.deepEqual([...azure.existing], [], 'nothing the run created is left behind');
    assert.deepEqual(failure.leftOver, []);
  });
});

describe('planned names in an existing group', () => {
  it('finds the planned resources that exist already (same name and type, any case), and nothing else', () => {
    const plan = planCreateVm({ ...request, createResourceGroup: false });
    const taken = takenNames(plan, [
      { name: 'WEB1-ip', type: 'Microsoft.Network/publicIPAddresses' },
      { name: 'web1-nsg', type: 'Microsoft.Network/virtualNetworks' },
      { name: 'web1', type: 'microsoft.compute/virtualmachines' },
      { name: 'other-nic', type: 'Microsoft.Network/networkInterfaces' },
    ]);
    assert.deepEqual(taken, [
      { name: 'web1-ip', type: 'Microsoft.Network/publicIPAddresses' },
      { name: 'web1', type: 'Microsoft.Compute/virtualMachines' },
    ]);
    assert.deepEqual(takenNames(plan, []), []);
  });
});
