import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VmInfo } from '../../../src/azure/core/model';
import {
  allowedActions,
  connectAddress,
  groupByResourceGroup,
  vmDescription,
  vmIcon,
  vmTooltip,
} from '../../../src/views/azure/core/presentation';

function vm(overrides: Partial<VmInfo> = {}): VmInfo {
  return {
    id: '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/web1',
    name: 'web1',
    subscriptionId: 's1',
    resourceGroup: 'rg1',
    location: 'eastus',
    size: 'Standard_D2s_v5',
    osType: 'Linux',
    image: { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2', version: 'latest' },
    powerState: 'running',
    privateIps: ['10.0.0.4'],
    publicIps: ['20.1.2.3'],
    networkInterfaceIds: [],
    tags: { createdBy: 'azure-linux-tools' },
    ...overrides,
  };
}

describe('VM presentation', () => {
  it('describes state, size and region', () => {
    assert.equal(vmDescription(vm()), 'Running · Standard_D2s_v5 · eastus');
    assert.equal(vmDescription(vm({ powerState: 'deallocated', size: undefined })), 'Stopped (deallocated) · eastus');
  });

  it('uses a distinct icon per kind of state', () => {
    assert.deepEqual(vmIcon('running'), { id: 'vm-running', color: 'testing.iconPassed' });
    assert.equal(vmIcon('deallocated').id, 'vm-outline');
    assert.equal(vmIcon('starting').id, 'loading~spin');
    assert.equal(vmIcon('failed').id, 'error');
  });

  it('puts IPs, image, OS disk and tags in the tooltip, escaping Markdown', () => {
    const tooltip = vmTooltip(vm({ osDiskName: 'web1-osdisk', name: 'web_1*' }));
    assert.match(tooltip, /\*\*web\\_1\\\*\*\*/);
    assert.match(tooltip, /Public IP: 20\\\.1\\\.2\\\.3/);
    assert.match(tooltip, /Image: MicrosoftCBLMariner:azure\\-linux\\-3:azure\\-linux\\-3\\-gen2:latest/);
    assert.match(tooltip, /OS disk: web1\\-osdisk/);
    assert.match(tooltip, /Tags: createdBy=azure\\-linux\\-tools/);
    assert.match(tooltip, /OS: Azure Linux/);
  });

  it('offers only the actions that make sense in each state', () => {
    assert.ok(allowedActions('running').includes('ssh'));
    assert.ok(!allowedActions('running').includes('start'));
    assert.ok(allowedActions('deallocated').includes('start'));
    assert.ok(!allowedActions('deallocated').includes('stop'));
    assert.ok(!allowedActions('deleting').includes('delete'));
  });

  it('connects to the DNS name, else the public IP, else the private IP', () => {
    assert.equal(connectAddress(vm({ fqdn: 'web1.eastus.cloudapp.azure.com' })), 'web1.eastus.cloudapp.azure.com');
    assert.equal(connectAddress(vm()), '20.1.2.3');
    assert.equal(connectAddress(vm({ publicIps: [] })), '10.0.0.4');
    assert.equal(connectAddress(vm({ publicIps: [], privateIps: [] })), undefined);
  });

  it('groups by resource group case-insensitively, sorted', () => {
    const groups = groupByResourceGroup([
      vm({ name: 'b', resourceGroup: 'RG2' }),
      vm({ name: 'a', resourceGroup: 'rg2' }),
      vm({ name: 'c', resourceGroup: 'rg1' }),
    ]);
    assert.deepEqual(
      groups.map(([name, vms]) => [name, vms.map((v) => v.name)]),
      [
        ['rg1', ['c']],
        ['RG2', ['a', 'b']],
      ],
    );
  });
});

describe('tree words go through the translate function', () => {
  const marked = {
    t: (message: string, ...args: Array<string | number | boolean>) =>
      `«${message.replace(/\{(\d+)\}/g, (_whole, index: string) => String(args[Number(index)]))}»`,
  };

  it('words the state in the description and the tooltip rows with it', () => {
    assert.equal(vmDescription(vm({ powerState: 'deallocated' }), marked), '«Stopped (deallocated)» · Standard_D2s_v5 · eastus');
    const tooltip = vmTooltip(vm({ powerState: 'running' }), marked);
    assert.match(tooltip, /««State»: «Running» {2}»/);
    assert.match(tooltip, /««Region»: eastus {2}»/);
  });
});
