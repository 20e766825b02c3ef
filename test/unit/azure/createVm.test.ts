import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateVmFailure,
  planCreateVm,
  plannedResources,
  runCreateVm,
  sshOnlyRules,
  takenNames,
  type CreateEvent,
  type CreateStepId,
  type CreateVmOperations,
  type CreateVmPlan,
  type CreateVmRequest,
  type NamedResource,
  type ResourceKind,
} from '../../../src/azure/core/createVm';

const request: CreateVmRequest = {
  subscriptionId: 'sub1',
  location: 'eastus',
  resourceGroup: 'web1-rg',
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
  /** The failing step's resource is made anyway before the failure, as Azure can (a VM left in Failed state). */
  leaveBehindOnFailure = false;
  /** The resource group exists before the run (Azure would answer its create with 200 OK). */
  groupExistedBefore = false;
  /** Resources in the group that are not the run's (someone else's, made meanwhile). */
  readonly othersInGroup: NamedResource[] = [];
  /** Deletes of these kinds fail. */
  readonly failDeletes = new Set<ResourceKind>();
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
      if (this.leaveBehindOnFailure) {
        this.made(step);
      }
      throw Object.assign(new Error('quota'), {
        statusCode: 409,
        details: {
          error: { code: 'OperationNotAllowed', message: 'Operation results in exceeding approved standardDSv5Family Cores quota.' },
        },
      });
    }
    // Like ARM: the resource exists even when the client stopped waiting.
    this.made(step);
    if (signal.aborted) {
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    }
    return `/id/${step}`;
  }

  private made(step: CreateStepId): void {
    this.existing.add(step);
    if (step === 'virtualMachine') {
      this.existing.add('osDisk');
    }
  }

  ensureResourceGroup = async (_plan: CreateVmPlan, signal: AbortSignal) => {
    if (this.groupExistedBefore) {
      this.log.push('found resourceGroup');
      return { created: false };
    }
    await this.create('resourceGroup', signal);
    return { created: true };
  };
  tagResourceGroup = async () => void this.log.push('tag resourceGroup');
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
    if (this.failDeletes.has(kind)) {
      throw new Error(`cannot delete ${kind}`);
    }
    if (kind === 'resourceGroup') {
      // Deleting a group deletes everything in it.
      this.existing.clear();
      this.othersInGroup.length = 0;
    }
    this.existing.delete(kind);
  };
  listGroupResources = async (plan: CreateVmPlan) => {
    this.log.push('list resourceGroup');
    const ours = plannedResources(plan).filter((resource) => this.existing.has(resource.kind));
    return [...ours.map(({ name, type }) => ({ name, type })), ...this.othersInGroup];
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
      'tag resourceGroup',
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
    azure.groupExistedBefore = true;
    const failure = await runCreateVm(planCreateVm(request), azure, {
      signal: new AbortController().signal,
    }).then(
      () => assert.fail('the run should fail at the network interface'),
      (error: unknown) => error as CreateVmFailure,
    );
    assert.ok(failure instanceof CreateVmFailure, String(failure));
    assert.equal(failure.step, 'networkInterface');
    assert.equal(failure.cancelled, false);
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

describe('create rollback: only what the run created', () => {
  async function failedRun(azure: FakeAzure): Promise<CreateVmFailure> {
    return runCreateVm(planCreateVm(request), azure, { signal: new AbortController().signal }).then(
      () => assert.fail('the run should fail'),
      (error: unknown) => error as CreateVmFailure,
    );
  }
  const deletes = (azure: FakeAzure) => azure.log.filter((line) => line.startsWith('delete ')).map((line) => line.slice('delete '.length));

  it('a group that existed before the run is neither tagged, listed nor deleted', async () => {
    const azure = new FakeAzure();
    azure.groupExistedBefore = true;
    azure.failAt = 'networkInterface';
    const failure = await failedRun(azure);
    assert.equal(failure.ownsResourceGroup, false);
    assert.ok(azure.log.includes('found resourceGroup'));
    assert.deepEqual(
      azure.log.filter((line) => line.endsWith(' resourceGroup') && line !== 'found resourceGroup'),
      [],
      'no tag, list or delete of the group',
    );
    assert.deepEqual(deletes(azure).sort(), ['networkInterface', 'networkSecurityGroup', 'publicIp', 'virtualNetwork']);
    assert.deepEqual(failure.leftOver, []);
  });

  it('deletes exactly what the run touched, including a resource its failed step left behind, and nothing else planned', async () => {
    const azure = new FakeAzure();
    azure.failAt = 'networkSecurityGroup';
    azure.leaveBehindOnFailure = true;
    const failure = await failedRun(azure);
    assert.equal(failure.ownsResourceGroup, true);
    assert.deepEqual(deletes(azure).sort(), ['networkSecurityGroup', 'publicIp', 'resourceGroup', 'virtualNetwork']);
    assert.ok(azure.log.indexOf('list resourceGroup') < azure.log.indexOf('delete resourceGroup'), 'listed before it is deleted');
    assert.deepEqual([...azure.existing], []);
    assert.deepEqual(failure.leftOver, []);
  });

  it('keeps the group it created when the group holds something the run did not create, and says what', async () => {
    const azure = new FakeAzure();
    azure.failAt = 'virtualMachine';
    azure.othersInGroup.push({ name: 'orders-db', type: 'Microsoft.Sql/servers' });
    const failure = await failedRun(azure);
    assert.ok(!deletes(azure).includes('resourceGroup'));
    assert.deepEqual(failure.leftOver, ['resourceGroup']);
    assert.deepEqual(failure.othersInGroup, [{ name: 'orders-db', type: 'Microsoft.Sql/servers' }]);
    assert.deepEqual(azure.othersInGroup, [{ name: 'orders-db', type: 'Microsoft.Sql/servers' }], 'the other resource survives');
  });

  it('a disk whose own delete fails goes with the group the run created', async () => {
    const azure = new FakeAzure();
    azure.failAt = 'virtualMachine';
    azure.leaveBehindOnFailure = true;
    azure.failDeletes.add('osDisk');
    const failure = await failedRun(azure);
    assert.ok(deletes(azure).includes('resourceGroup'));
    assert.deepEqual([...azure.existing], []);
    assert.deepEqual(failure.leftOver, []);
  });

  it('in a group it did not create, a resource whose delete fails is reported left over', async () => {
    const azure = new FakeAzure();
    azure.groupExistedBefore = true;
    azure.failAt = 'virtualMachine';
    azure.leaveBehindOnFailure = true;
    azure.failDeletes.add('osDisk');
    const failure = await failedRun(azure);
    assert.deepEqual(failure.leftOver, ['osDisk']);
    assert.deepEqual([...azure.existing], ['osDisk']);
  });

  it('keeps and reports the group when its contents cannot be listed', async () => {
    const azure = new FakeAzure();
    azure.failAt = 'publicIp';
    azure.listGroupResources = async () => Promise.reject(new Error('403'));
    const failure = await failedRun(azure);
    assert.ok(!deletes(azure).includes('resourceGroup'));
    assert.deepEqual(failure.leftOver, ['resourceGroup']);
  });
});

describe('planned names in an existing group', () => {
  it('finds the planned resources that exist already (same name and type, any case), and nothing else', () => {
    const plan = planCreateVm(request);
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
