import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ArmServer } from '../../fakes/arm/server';
import { clientOptions, FAST_POLL, FixedTokenCredential, startSeededServer, SUB_A, trustsTestCertificate } from './armTestSupport';

const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly azureuser@test';

if (trustsTestCertificate(__filename)) {
  describe('fake ARM server: long-running operations with the real SDK clients', () => {
    let server: ArmServer;
    const credential = new FixedTokenCredential();
    let compute: ComputeManagementClient;
    let network: NetworkManagementClient;
    let resources: ResourceManagementClient;

    before(async () => {
      server = await startSeededServer();
      compute = new ComputeManagementClient(credential, SUB_A, clientOptions(server));
      network = new NetworkManagementClient(credential, SUB_A, clientOptions(server));
      resources = new ResourceManagementClient(credential, SUB_A, clientOptions(server));
    });
    after(() => server.close());
    beforeEach(() => {
      server.lroDelayMs = 0;
      server.clearInjections();
    });

    async function powerState(rg: string, name: string): Promise<string | undefined> {
      const view = await compute.virtualMachines.instanceView(rg, name);
      return view.statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code;
    }

    it("updates a disk's tags with a PATCH, as the create flow tags the OS disk", async () => {
      server.addVirtualMachine(SUB_A, 'rg-tags', { name: 'vm-tags', location: 'eastus' });
      const vm = await compute.virtualMachines.get('rg-tags', 'vm-tags');
      const diskName = vm.storageProfile!.osDisk!.name!;
      await compute.disks.beginUpdateAndWait('rg-tags', diskName, { tags: { createdBy: 'azure-linux-tools' } }, FAST_POLL);
      assert.deepEqual((await compute.disks.get('rg-tags', diskName)).tags, { createdBy: 'azure-linux-tools' });
    });

    it('deallocates and starts a VM, polling Azure-AsyncOperation to completion', async () => {
      server.addVirtualMachine(SUB_A, 'rg-power', { name: 'vm-power', location: 'eastus' });
      // Long enough that the first poll, sent at once, finds it still running however busy the machine is.
      server.lroDelayMs = 1500;
      server.requests.length = 0;
      const poller = compute.virtualMachines.deallocate('rg-power', 'vm-power', FAST_POLL);
      await poller.submitted();
      assert.equal(await powerState('rg-power', 'vm-power'), 'PowerState/deallocating');
      await poller.pollUntilDone();
      assert.equal(await powerState('rg-power', 'vm-power'), 'PowerState/deallocated');
      const polls = server.requests.filter((r) => /\/operations\//.test(r.path));
      assert.ok(polls.length >= 2, `expected InProgress then Succeeded polls, saw ${polls.length}`);
      assert.ok(
        polls.every((r) => r.query['api-version']),
        'poll URLs carry api-version',
      );

      server.lroDelayMs = 0;
      await compute.virtualMachines.start('rg-power', 'vm-power', FAST_POLL).pollUntilDone();
      assert.equal(await powerState('rg-power', 'vm-power'), 'PowerState/running');
      await compute.virtualMachines.powerOff('rg-power', 'vm-power', FAST_POLL).pollUntilDone();
      assert.equal(await powerState('rg-power', 'vm-power'), 'PowerState/stopped');
    });

    it('refuses to restart a VM that is not running, with ARM error code', async () => {
      server.addVirtualMachine(SUB_A, 'rg-power', { name: 'vm-off', location: 'eastus', powerState: 'deallocated' });
      await assert.rejects(
        compute.virtualMachines.restart('rg-power', 'vm-off', FAST_POLL).pollUntilDone(),
        (error: Error & { code?: string; statusCode?: number }) => {
          assert.equal(error.code, 'OperationNotAllowed');
          assert.equal(error.statusCode, 409);
          return true;
        },
      );
    });

    it('creates the network in parallel, then the NIC, then the VM; deletes it all again leaving nothing behind', async () => {
      const before = server.resourceIds();
      const tags = { 'created-by': 'azure-linux-tools' };
      await resources.resourceGroups.createOrUpdate('rg-new', { location: 'eastus', tags });
      const [pip, nsg, vnet] = await Promise.all([
        network.publicIPAddresses.beginCreateOrUpdateAndWait(
          'rg-new',
          'vm1-ip',
          {
            location: 'eastus',
            sku: { name: 'Standard' },
            publicIPAllocationMethod: 'Static',
            tags,
          },
          FAST_POLL,
        ),
        network.networkSecurityGroups.beginCreateOrUpdateAndWait(
          'rg-new',
          'vm1-nsg',
          {
            location: 'eastus',
            tags,
            securityRules: [
              {
                name: 'AllowSshFromMyIp',
                protocol: 'Tcp',
                access: 'Allow',
                direction: 'Inbound',
                priority: 1000,
                sourceAddressPrefix: '203.0.113.7/32',
                sourcePortRange: '*',
                destinationAddressPrefix: '*',
                destinationPortRange: '22',
              },
            ],
          },
          FAST_POLL,
        ),
        network.virtualNetworks.beginCreateOrUpdateAndWait(
          'rg-new',
          'vm1-vnet',
          {
            location: 'eastus',
            tags,
            addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
            subnets: [{ name: 'default', addressPrefix: '10.1.0.0/24' }],
          },
          FAST_POLL,
        ),
      ]);
      assert.equal(pip.provisioningState, 'Succeeded');
      assert.match(pip.ipAddress ?? '', /^\d+\.\d+\.\d+\.\d+$/);
      assert.equal(nsg.securityRules?.[0]?.sourceAddressPrefix, '203.0.113.7/32');
      assert.equal(nsg.defaultSecurityRules?.length, 6);
      const nic = await network.networkInterfaces.beginCreateOrUpdateAndWait(
        'rg-new',
        'vm1-nic',
        {
          location: 'eastus',
          tags,
          networkSecurityGroup: { id: nsg.id },
          ipConfigurations: [{ name: 'ipconfig1', subnet: { id: vnet.subnets![0]!.id }, publicIPAddress: { id: pip.id } }],
        },
        FAST_POLL,
      );
      assert.equal(nic.ipConfigurations?.[0]?.privateIPAddress, '10.1.0.4');
      const vm = await compute.virtualMachines
        .createOrUpdate(
          'rg-new',
          'vm1',
          {
            location: 'eastus',
            tags,
            hardwareProfile: { vmSize: 'Standard_B2s' },
            storageProfile: {
              imageReference: { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2', version: 'latest' },
              osDisk: { createOption: 'FromImage', deleteOption: 'Delete', managedDisk: { storageAccountType: 'StandardSSD_LRS' } },
            },
            osProfile: {
              computerName: 'vm1',
              adminUsername: 'azureuser',
              linuxConfiguration: {
                disablePasswordAuthentication: true,
                ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: SSH_KEY }] },
              },
            },
            networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
            securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } },
          },
          FAST_POLL,
        )
        .pollUntilDone();
      assert.equal(vm.provisioningState, 'Succeeded');
      assert.equal(vm.storageProfile?.imageReference?.exactVersion, '3.20250310.01');
      assert.equal(await powerState('rg-new', 'vm1'), 'PowerState/running');

      // The tree reads IPs from the NIC; the public IP shows it is attached.
      const readNic = await network.networkInterfaces.get('rg-new', 'vm1-nic');
      assert.equal(readNic.virtualMachine?.id, vm.id);
      const readPip = await network.publicIPAddresses.get('rg-new', 'vm1-ip');
      assert.equal(readPip.ipConfiguration?.id, nic.ipConfigurations?.[0]?.id);

      // In use: ARM refuses to delete the NIC before the VM.
      await assert.rejects(network.networkInterfaces.beginDeleteAndWait('rg-new', 'vm1-nic', FAST_POLL), { code: 'NicInUse' });

      await compute.virtualMachines.delete('rg-new', 'vm1', FAST_POLL).pollUntilDone();
      await network.networkInterfaces.beginDeleteAndWait('rg-new', 'vm1-nic', FAST_POLL);
      await Promise.all([
        network.publicIPAddresses.beginDeleteAndWait('rg-new', 'vm1-ip', FAST_POLL),
        network.networkSecurityGroups.beginDeleteAndWait('rg-new', 'vm1-nsg', FAST_POLL),
        network.virtualNetworks.beginDeleteAndWait('rg-new', 'vm1-vnet', FAST_POLL),
      ]);
      // deleteOption: Delete took the OS disk with the VM.
      assert.deepEqual(
        server.resources().filter((r) => r.id.includes('/rg-new/')),
        [],
      );
      await resources.resourceGroups.beginDeleteAndWait('rg-new', FAST_POLL);
      assert.deepEqual(server.resourceIds(), before);
    });

    it('deletes a resource group with everything in it through Location polling', async () => {
      server.addVirtualMachine(SUB_A, 'rg-doomed', { name: 'vm-doomed', location: 'westus2' });
      server.lroDelayMs = 40;
      server.requests.length = 0;
      await resources.resourceGroups.beginDeleteAndWait('rg-doomed', FAST_POLL);
      assert.ok(server.requestCount({ method: 'GET', path: /\/operationresults\//i }) >= 1);
      assert.deepEqual(
        server.resources().filter((r) => r.id.toLowerCase().includes('/rg-doomed')),
        [],
      );
      assert.equal((await resources.resourceGroups.checkExistence('rg-doomed')).body, false);
    });

    it('lists images, image details and SKUs the create flow needs', async () => {
      const skus = [];
      for (const image of await compute.virtualMachineImages.listSkus('eastus', 'MicrosoftCBLMariner', 'azure-linux-3'))
        skus.push(image.name);
      assert.deepEqual(skus, [
        'azure-linux-3',
        'azure-linux-3-acl',
        'azure-linux-3-arm64',
        'azure-linux-3-fips',
        'azure-linux-3-gen2',
        'azure-linux-3-gen2-fips',
      ]);
      const offers = (await compute.virtualMachineImages.listOffers('eastus', 'MicrosoftAzureLinux')).map((o) => o.name);
      assert.deepEqual(offers, ['azurelinux-4']);
      const skus4 = (await compute.virtualMachineImages.listSkus('eastus', 'MicrosoftAzureLinux', 'azurelinux-4')).map((sku) => sku.name);
      assert.deepEqual(skus4, ['4', '4-arm64']);
      const offersAsia = (await compute.virtualMachineImages.listOffers('southeastasia', 'MicrosoftAzureLinux')).map((o) => o.name);
      assert.deepEqual(offersAsia, []);
      const versions = await compute.virtualMachineImages.list('eastus', 'MicrosoftCBLMariner', 'azure-linux-3', 'azure-linux-3-gen2', {
        top: 1,
        orderby: 'name desc',
      });
      assert.deepEqual(
        versions.map((v) => v.name),
        ['3.20250310.01'],
      );
      const image = await compute.virtualMachineImages.get(
        'eastus',
        'MicrosoftCBLMariner',
        'azure-linux-3',
        'azure-linux-3-gen2',
        '3.20250310.01',
      );
      assert.equal(image.hyperVGeneration, 'V2');
      assert.ok(image.features?.some((f) => f.name === 'SecurityType' && f.value === 'TrustedLaunchSupported'));

      const sizes = [];
      for await (const sku of compute.resourceSkus.list({ filter: "location eq 'southeastasia'" })) sizes.push(sku);
      const d2 = sizes.find((s) => s.name === 'Standard_D2s_v5');
      assert.equal(d2?.restrictions?.[0]?.reasonCode, 'NotAvailableForSubscription');
      assert.ok(sizes.every((s) => s.locations?.[0] === 'southeastasia'));
      const arm = sizes.find((s) => s.name === 'Standard_B2s');
      assert.equal(arm?.capabilities?.find((c) => c.name === 'HyperVGenerations')?.value, 'V1,V2');
      const byLocation = [];
      for await (const size of compute.virtualMachineSizes.list('eastus')) byLocation.push(size.name);
      assert.ok(byLocation.includes('Standard_D2ps_v5'));
    });
  });
}
