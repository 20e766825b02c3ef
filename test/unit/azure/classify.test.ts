import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyVm, isShownVm } from '../../../src/azure/core/classify';
import { parseArmId, powerStateFromStatuses } from '../../../src/azure/core/model';

describe('VM classification', () => {
  it('recognises Azure Linux, CBL-Mariner and Azure Container Linux from the image reference', () => {
    assert.equal(
      classifyVm({ image: { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2' } }),
      'azureLinux',
    );
    assert.equal(
      classifyVm({ image: { publisher: 'MicrosoftCBLMariner', offer: 'cbl-mariner', sku: 'cbl-mariner-2-gen2' } }),
      'cblMariner',
    );
    assert.equal(
      classifyVm({ image: { publisher: 'MicrosoftCBLMariner', offer: 'azure-container-linux', sku: 'acl-gen2' } }),
      'azureContainerLinux',
    );
    assert.equal(
      classifyVm({ image: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' }, osType: 'Linux' }),
      'otherLinux',
    );
  });

  it('counts VMs from both Azure Linux publishers as Azure Linux, and the -acl SKU as Azure Container Linux', () => {
    for (const sku of ['4', '4-arm64']) {
      const vm = { image: { publisher: 'MicrosoftAzureLinux', offer: 'azurelinux-4', sku } };
      assert.equal(classifyVm(vm), 'azureLinux', sku);
      assert.equal(isShownVm(vm, false), true, `${sku} is listed in the tree`);
    }
    // An offer the publisher adds later still counts, by its publisher.
    assert.equal(classifyVm({ image: { publisher: 'MicrosoftAzureLinux', offer: 'future-offer', sku: '5' } }), 'azureLinux');
    assert.equal(
      classifyVm({ image: { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-acl' } }),
      'azureContainerLinux',
    );
  });

  it('falls back to the OS name the guest reports when the image is a gallery image', () => {
    const gallery = { id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/galleries/gal/images/golden/versions/1.0.0' };
    assert.equal(classifyVm({ image: gallery, osName: 'azurelinux', osType: 'Linux' }), 'azureLinux');
    assert.equal(classifyVm({ image: gallery, osName: 'CBL-Mariner/Linux', osType: 'Linux' }), 'cblMariner');
    assert.equal(classifyVm({ image: gallery, osName: 'ubuntu', osType: 'Linux' }), 'otherLinux');
    assert.equal(classifyVm({ image: gallery, osType: 'Windows' }), 'windows');
  });

  it('shows Azure Linux VMs by default and every Linux VM with the toggle, never Windows', () => {
    const ubuntu = { image: { publisher: 'Canonical', offer: 'ubuntu', sku: 'server' }, osType: 'Linux' as const };
    const azl = { image: { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2' } };
    const windows = { image: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022' }, osType: 'Windows' as const };
    assert.deepEqual(
      [azl, ubuntu, windows].map((vm) => isShownVm(vm, false)),
      [true, false, false],
    );
    assert.deepEqual(
      [azl, ubuntu, windows].map((vm) => isShownVm(vm, true)),
      [true, true, false],
    );
  });

  it('lists a VM this extension made on an uploaded image, which names no image and no OS yet', () => {
    const uploaded = { osType: 'Linux' as const, tags: { createdBy: 'azure-linux-tools' } };
    assert.equal(isShownVm(uploaded, false), true);
    assert.equal(isShownVm({ osType: 'Linux' as const, tags: { createdBy: 'someone-else' } }, false), false);
  });
});

describe('instance view and ids', () => {
  it('reads the power state, with deleting and failed provisioning taking precedence', () => {
    assert.equal(powerStateFromStatuses(['ProvisioningState/succeeded', 'PowerState/running']), 'running');
    assert.equal(powerStateFromStatuses(['ProvisioningState/succeeded', 'PowerState/deallocated']), 'deallocated');
    assert.equal(powerStateFromStatuses(['ProvisioningState/deleting', 'PowerState/running']), 'deleting');
    assert.equal(powerStateFromStatuses(['ProvisioningState/failed/InternalError', 'PowerState/running']), 'failed');
    assert.equal(powerStateFromStatuses(['ProvisioningState/creating']), 'creating');
    assert.equal(powerStateFromStatuses([]), 'unknown');
  });

  it('parses ARM ids case-insensitively, keeping the names as given', () => {
    assert.deepEqual(parseArmId('/subscriptions/abc/resourcegroups/My-RG/providers/Microsoft.Compute/virtualMachines/vm1'), {
      subscriptionId: 'abc',
      resourceGroup: 'My-RG',
      provider: 'Microsoft.Compute',
      type: 'virtualMachines',
      name: 'vm1',
    });
    assert.equal(parseArmId('/subscriptions/abc'), undefined);
  });
});
