/*
 * The fake ARM server's managed disks, page blobs, galleries, boot diagnostics and VM extensions, driven by the
 * real SDK clients (@azure/arm-compute, @azure/storage-blob) the way Azure's docs use them, so the fake is held to
 * the documented behaviour independently of the extension's code.
 */
import { ComputeManagementClient, type VirtualMachine } from '@azure/arm-compute';
import { ResourceManagementClient } from '@azure/arm-resources';
import { AnonymousCredential, BlobClient, newPipeline, PageBlobClient } from '@azure/storage-blob';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ArmServer } from '../../fakes/arm/server';
import { fixedVhdFooter, gptStart } from '../../fakes/arm/vhd';
import { clientOptions, FAST_POLL, FixedTokenCredential, startSeededServer, SUB_A, trustsTestCertificate } from './armTestSupport';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly azureuser@test';

interface RestErrorLike extends Error {
  code?: string;
  statusCode?: number;
}

function pageClient(sas: string): PageBlobClient {
  return new PageBlobClient(sas, newPipeline(new AnonymousCredential(), { retryOptions: { maxTries: 3, retryDelayInMs: 10 } }));
}

if (trustsTestCertificate(__filename)) {
  describe('fake ARM server: disks, blobs, galleries and boot diagnostics', () => {
    let server: ArmServer;
    let compute: ComputeManagementClient;
    let resources: ResourceManagementClient;
    const credential = new FixedTokenCredential();
    const rg = 'rg-disks';
    const diskId = (name: string) => `/subscriptions/${SUB_A}/resourceGroups/${rg}/providers/Microsoft.Compute/disks/${name}`;

    before(async () => {
      server = await startSeededServer();
      server.addImage({
        location: 'westus3',
        publisher: 'MicrosoftCBLMariner',
        offer: 'azure-linux-3',
        sku: 'azure-linux-3-gen2',
        versions: ['3.20250310.01'],
        osDiskSizeGb: 1,
      });
      compute = new ComputeManagementClient(credential, SUB_A, clientOptions(server));
      resources = new ResourceManagementClient(credential, SUB_A, clientOptions(server));
      await resources.resourceGroups.createOrUpdate(rg, { location: 'westus3' });
    });
    after(() => server.close());

    async function uploadDisk(name: string, uploadSizeBytes: number) {
      return compute.disks.createOrUpdate(
        rg,
        name,
        { location: 'westus3', osType: 'Linux', hyperVGeneration: 'V2', creationData: { createOption: 'Upload', uploadSizeBytes } },
        FAST_POLL,
      );
    }

    it('makes a disk for upload, takes pages through the write SAS, and ends the upload on revoke', async () => {
      const size = 24 * MiB + 512;
      const disk = await uploadDisk('up1', size);
      assert.equal(disk.diskState, 'ReadyToUpload');
      assert.equal(disk.diskSizeBytes, 24 * MiB);
      const access = await compute.disks.grantAccess(rg, 'up1', { access: 'Write', durationInSeconds: 3600 }, FAST_POLL);
      assert.match(
        access.accessSAS ?? '',
        /^https:\/\/127\.0\.0\.1:\d+\/md-[a-z0-9]+\/[a-z0-9]+\/abcd\?sv=2018-03-28&sr=b&si=[a-f0-9]+&sig=/,
      );
      assert.equal((await compute.disks.get(rg, 'up1')).diskState, 'ActiveUpload');

      const blob = pageClient(access.accessSAS!);
      assert.equal((await blob.getProperties()).contentLength, size, 'the blob has the upload size from the start');
      const data = Buffer.alloc(4 * MiB, 7);
      await blob.uploadPages(data, 4 * MiB, 4 * MiB);
      await blob.uploadPages(fixedVhdFooter(24 * MiB), 24 * MiB, 512);
      const ranges = [];
      for await (const range of blob.listPageRanges()) ranges.push({ start: range.start, end: range.end });
      assert.deepEqual(ranges, [
        { start: 4 * MiB, end: 8 * MiB - 1 },
        { start: 24 * MiB, end: 24 * MiB + 511 },
      ]);
      const read = await blob.downloadToBuffer(4 * MiB - 512, 1024);
      assert.deepEqual(
        [...read.subarray(0, 512)].every((b) => b === 0),
        true,
        'unwritten pages read as zeros',
      );
      assert.equal(read[512], 7);
      await assert.rejects(blob.uploadPages(Buffer.alloc(1000), 0, 1000), (error: RestErrorLike) => error.code === 'InvalidHeaderValue');
      await assert.rejects(blob.uploadPages(Buffer.alloc(512), size, 512), (error: RestErrorLike) => error.code === 'InvalidPageRange');

      await assert.rejects(
        compute.disks.delete(rg, 'up1', FAST_POLL),
        (error: RestErrorLike) => error.code === 'OperationNotAllowed',
        'a disk with an active upload cannot be deleted',
      );
      await compute.disks.revokeAccess(rg, 'up1', FAST_POLL);
      assert.equal((await compute.disks.get(rg, 'up1')).diskState, 'Unattached');
      await assert.rejects(blob.getProperties(), (error: RestErrorLike) => error.statusCode === 403, 'the SAS is gone with the access');
      const stored = server.diskBlob(diskId('up1'))!;
      assert.equal(stored.bytesWritten, 4 * MiB + 512);
      const expected = createHash('sha256');
      for (let offset = 0; offset < size; offset += 4 * MiB) {
        const chunk = Buffer.alloc(Math.min(4 * MiB, size - offset));
        if (offset === 4 * MiB) chunk.fill(7);
        expected.update(chunk.length === 512 ? fixedVhdFooter(24 * MiB) : chunk);
      }
      assert.equal(stored.sha256(), expected.digest('hex'));
    });

    it('refuses an upload size that is not a fixed VHD Azure takes', async () => {
      for (const size of [24 * MiB, 10 * MiB + 512, 24 * MiB + 1024]) {
        await assert.rejects(uploadDisk('bad', size), (error: RestErrorLike) => error.code === 'InvalidParameter', String(size));
      }
    });

    it('exports a disk made from an image as a fixed VHD, through a read-only SAS', async () => {
      const disk = await compute.disks.createOrUpdate(
        rg,
        'base1',
        {
          location: 'westus3',
          creationData: {
            createOption: 'FromImage',
            imageReference: {
              id: `/Subscriptions/${SUB_A}/Providers/Microsoft.Compute/Locations/westus3/Publishers/MicrosoftCBLMariner/ArtifactTypes/VMImage/Offers/azure-linux-3/Skus/azure-linux-3-gen2/Versions/3.20250310.01`,
            },
          },
        },
        FAST_POLL,
      );
      assert.equal(disk.diskSizeGB, 1);
      assert.equal(disk.hyperVGeneration, 'V2');
      assert.equal(disk.diskState, 'Unattached');
      await assert.rejects(
        compute.disks.grantAccess(rg, 'base1', { access: 'Write', durationInSeconds: 60 }, FAST_POLL),
        (error: RestErrorLike) => error.code === 'OperationNotAllowed',
      );
      const { accessSAS } = await compute.disks.grantAccess(rg, 'base1', { access: 'Read', durationInSeconds: 60 }, FAST_POLL);
      assert.equal((await compute.disks.get(rg, 'base1')).diskState, 'ActiveSAS');
      const blob = pageClient(accessSAS!);
      assert.equal((await blob.getProperties()).contentLength, GiB + 512);
      const pages = [];
      for await (const range of blob.listPageRanges()) pages.push(range);
      assert.equal(pages[0]!.start, 0);
      assert.equal(pages.at(-1)!.end, GiB + 511, 'the footer is the last page');
      const footer = await blob.downloadToBuffer(GiB, 512);
      assert.deepEqual(footer, fixedVhdFooter(GiB, { seed: 'MicrosoftCBLMariner:azure-linux-3:azure-linux-3-gen2:3.20250310.01' }));
      assert.deepEqual((await blob.downloadToBuffer(0, 1024)).subarray(512, 520), gptStart(GiB).subarray(512, 520));
      await assert.rejects(
        blob.uploadPages(Buffer.alloc(512), 0, 512),
        (error: RestErrorLike) => error.code === 'AuthorizationPermissionMismatch',
      );

      server.expireDiskAccess(diskId('base1'));
      await assert.rejects(blob.getProperties(), (error: RestErrorLike) => error.statusCode === 403);
      const detail = await fetch(accessSAS!, { headers: { 'x-ms-version': '2021-08-06', Range: 'bytes=0-511' } });
      assert.equal(detail.headers.get('x-ms-error-code'), 'AuthenticationFailed');
      assert.match(await detail.text(), /<AuthenticationErrorDetail>Signed expiry time \[.*\] must be after current time/);
      await compute.disks.revokeAccess(rg, 'base1', FAST_POLL);
      await compute.disks.delete(rg, 'base1', FAST_POLL);
      assert.equal(server.diskBlob(diskId('base1')), undefined);
    });

    it('injects storage faults in the Blob service format, after a given number of requests', async () => {
      await uploadDisk('faults', 24 * MiB + 512);
      const { accessSAS } = await compute.disks.grantAccess(rg, 'faults', { access: 'Write', durationInSeconds: 60 }, FAST_POLL);
      const busy = server.inject({ method: 'PUT', path: /\/abcd$/, query: /comp=page/, after: 1, times: 2, status: 503 });
      const blob = pageClient(accessSAS!);
      await blob.uploadPages(Buffer.alloc(512, 1), 0, 512);
      assert.equal(busy.hits, 0, 'the first Put Page went through');
      await blob.uploadPages(Buffer.alloc(512, 2), 512, 512);
      assert.equal(busy.hits, 2, 'the next one met two 503s, and the storage pipeline retried it');
      busy.remove();
      await compute.disks.revokeAccess(rg, 'faults', FAST_POLL);
    });

    it('makes a VM on an uploaded disk, whose agent reports Ready only when the disk boots', async () => {
      for (const [name, bootable] of [
        ['boots', true],
        ['stuck', false],
      ] as const) {
        // A NIC to use: a seeded VM's, freed by deleting that VM.
        const network = server.addVirtualMachine(SUB_A, rg, { name: `${name}-helper`, location: 'westus3' });
        const nicId = (network.properties.networkProfile as { networkInterfaces: { id: string }[] }).networkInterfaces[0]!.id;
        await compute.virtualMachines.delete(rg, `${name}-helper`, FAST_POLL);
        const size = 24 * MiB + 512;
        await uploadDisk(`${name}-osdisk`, size);
        const { accessSAS } = await compute.disks.grantAccess(rg, `${name}-osdisk`, { access: 'Write', durationInSeconds: 60 }, FAST_POLL);
        const blob = pageClient(accessSAS!);
        if (bootable) await blob.uploadPages(Buffer.concat([gptStart(24 * MiB), Buffer.alloc(3072)]), 0, 4096);
        await blob.uploadPages(fixedVhdFooter(24 * MiB), 24 * MiB, 512);
        const attach: VirtualMachine = {
          location: 'westus3',
          hardwareProfile: { vmSize: 'Standard_D2s_v5' },
          storageProfile: { osDisk: { createOption: 'Attach', osType: 'Linux', managedDisk: { id: diskId(`${name}-osdisk`) } } },
          networkProfile: { networkInterfaces: [{ id: nicId, primary: true }] },
          diagnosticsProfile: { bootDiagnostics: { enabled: true } },
        };
        await assert.rejects(
          compute.virtualMachines.createOrUpdate(rg, name, attach, FAST_POLL),
          (error: RestErrorLike) => error.code === 'OperationNotAllowed',
          'not while the upload is open',
        );
        await compute.disks.revokeAccess(rg, `${name}-osdisk`, FAST_POLL);
        await assert.rejects(
          compute.virtualMachines.createOrUpdate(rg, name, { ...attach, osProfile: { adminUsername: 'azureuser' } }, FAST_POLL),
          (error: RestErrorLike) => error.code === 'InvalidParameter' && /osProfile/.test(error.message),
          'an attached OS disk takes no osProfile',
        );
        const vm = await compute.virtualMachines.createOrUpdate(rg, name, attach, FAST_POLL);
        assert.equal(vm.storageProfile?.osDisk?.createOption, 'Attach');
        const view = await compute.virtualMachines.instanceView(rg, name);
        assert.equal(view.vmAgent?.statuses?.[0]?.displayStatus, bootable ? 'Ready' : 'Not Ready', name);
        assert.equal((await compute.disks.get(rg, `${name}-osdisk`)).diskState, 'Attached');

        const extension = compute.virtualMachineExtensions.createOrUpdate(
          rg,
          name,
          'enablevmaccess',
          {
            location: 'westus3',
            publisher: 'Microsoft.OSTCExtensions',
            typePropertiesType: 'VMAccessForLinux',
            typeHandlerVersion: '1.5',
            protectedSettings: { username: 'azureuser', ssh_key: SSH_KEY },
          },
          FAST_POLL,
        );
        if (bootable) {
          const done = await extension;
          assert.equal(done.provisioningState, 'Succeeded');
          assert.equal(done.protectedSettings, undefined, 'ARM never returns protected settings');
          assert.deepEqual((server.vmExtension(vm.id!, 'enablevmaccess')?.properties as { protectedSettings: unknown }).protectedSettings, {
            username: 'azureuser',
            ssh_key: SSH_KEY,
          });
        } else {
          await assert.rejects(extension, (error: Error) => /VMAgentStatusCommunicationError/.test(error.message));
        }

        const data = await compute.virtualMachines.retrieveBootDiagnosticsData(rg, name, { sasUriExpirationTimeInMinutes: 5 });
        const log = await new BlobClient(data.serialConsoleLogBlobUri!).downloadToBuffer();
        assert.match(log.toString('utf8'), bootable ? /login: / : /No bootable option or device was found/);
        server.appendSerialLog(vm.id!, 'hello from the test');
        assert.match((await new BlobClient(data.serialConsoleLogBlobUri!).downloadToBuffer()).toString('utf8'), /hello from the test\r\n$/);
        const screenshot = await new BlobClient(data.consoleScreenshotBlobUri!).downloadToBuffer();
        assert.equal(screenshot.toString('latin1', 0, 2), 'BM');
      }
    });

    it('refuses boot diagnostics data for a VM that has them off', async () => {
      server.addVirtualMachine(SUB_A, rg, { name: 'nodiag', location: 'westus3' });
      await assert.rejects(
        compute.virtualMachines.retrieveBootDiagnosticsData(rg, 'nodiag'),
        (error: RestErrorLike) => error.code === 'OperationNotAllowed',
      );
    });

    it('keeps galleries, image definitions and versions made from a disk, and their order of deletion', async () => {
      await assert.rejects(
        compute.galleries.createOrUpdate(rg, 'bad-name', { location: 'westus3' }, FAST_POLL),
        (error: RestErrorLike) => error.code === 'InvalidParameter',
        'no hyphens in a gallery name',
      );
      const gallery = await compute.galleries.createOrUpdate(
        rg,
        'azl_gallery',
        { location: 'westus3', tags: { createdBy: 'test' } },
        FAST_POLL,
      );
      assert.equal(gallery.identifier?.uniqueName, `${SUB_A}-AZL_GALLERY`);
      const definition = {
        location: 'westus3',
        osType: 'Linux',
        osState: 'Generalized',
        hyperVGeneration: 'V2',
        identifier: { publisher: 'contoso', offer: 'web', sku: 'v1' },
      } as const;
      await compute.galleryImages.createOrUpdate(rg, 'azl_gallery', 'web-v1', definition, FAST_POLL);
      await compute.galleryImages.createOrUpdate(rg, 'azl_gallery', 'web-gen1', { ...definition, hyperVGeneration: 'V1' }, FAST_POLL);
      const images = [];
      for await (const image of compute.galleryImages.listByGallery(rg, 'azl_gallery')) images.push(image.name);
      assert.deepEqual(images.sort(), ['web-gen1', 'web-v1']);

      await uploadDisk('src1', 24 * MiB + 512);
      const source = { storageProfile: { osDiskImage: { source: { id: diskId('src1') } } }, location: 'westus3' };
      await compute.disks.grantAccess(rg, 'src1', { access: 'Write', durationInSeconds: 60 }, FAST_POLL);
      await assert.rejects(
        compute.galleryImageVersions.createOrUpdate(rg, 'azl_gallery', 'web-v1', '1.0.0', source, FAST_POLL),
        (error: RestErrorLike) => error.code === 'OperationNotAllowed',
        'not from a disk still open for upload',
      );
      await compute.disks.revokeAccess(rg, 'src1', FAST_POLL);
      await assert.rejects(
        compute.galleryImageVersions.createOrUpdate(rg, 'azl_gallery', 'web-gen1', '1.0.0', source, FAST_POLL),
        (error: RestErrorLike) => error.code === 'InvalidParameter' && /generation/i.test(error.message),
      );
      await assert.rejects(
        compute.galleryImageVersions.createOrUpdate(rg, 'azl_gallery', 'web-v1', 'v1', source, FAST_POLL),
        (error: RestErrorLike) => error.code === 'InvalidParameter',
      );
      const version = await compute.galleryImageVersions.createOrUpdate(rg, 'azl_gallery', 'web-v1', '1.0.0', source, FAST_POLL);
      assert.equal(version.provisioningState, 'Succeeded');
      assert.equal(version.publishingProfile?.targetRegions?.[0]?.name, 'westus3');
      const sourceHash = server.diskBlob(diskId('src1'))!.sha256();
      await compute.disks.delete(rg, 'src1', FAST_POLL);
      assert.equal(server.imageVersionSourceSha256(version.id!), sourceHash, 'the version keeps what the disk held');

      await assert.rejects(
        compute.galleryImages.delete(rg, 'azl_gallery', 'web-v1', FAST_POLL),
        (error: RestErrorLike) => error.code === 'CannotDeleteResource',
      );
      await assert.rejects(
        compute.galleries.delete(rg, 'azl_gallery', FAST_POLL),
        (error: RestErrorLike) => error.code === 'CannotDeleteResource',
      );
      await compute.galleryImageVersions.delete(rg, 'azl_gallery', 'web-v1', '1.0.0', FAST_POLL);
      await compute.galleryImages.delete(rg, 'azl_gallery', 'web-v1', FAST_POLL);
      await compute.galleryImages.delete(rg, 'azl_gallery', 'web-gen1', FAST_POLL);
      await compute.galleries.delete(rg, 'azl_gallery', FAST_POLL);
      assert.ok(!server.resourceIds().some((id) => /galleries/i.test(id)));
    });
  });
}
