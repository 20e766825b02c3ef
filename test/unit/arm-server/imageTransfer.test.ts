/*
 * The extension's own image services (src/azure/arm/armImageServices.ts) and page-blob transfer
 * (src/azure/storage/pageBlobTransfer.ts) against the fake ARM server and its blob endpoints: what the download
 * and deploy commands ask of Azure, with the bytes compared on both sides.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ArmAzureServices } from '../../../src/azure/arm/armAzureServices';
import { ArmImageServices } from '../../../src/azure/arm/armImageServices';
import { TransferError } from '../../../src/azure/imageTransfer';
import { PageBlobTransfer } from '../../../src/azure/storage/pageBlobTransfer';
import type { ArmServer } from '../../fakes/arm/server';
import { fixedVhdFooter, gptStart } from '../../fakes/arm/vhd';
import { fakeCloud, FixedTokenCredential, startSeededServer, SUB_A, trustsTestCertificate } from './armTestSupport';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const tags = { createdBy: 'azure-linux-tools' };
const urn = { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2', version: 'latest' };

/** A sparse fixed VHD: a GPT start, `stretches` of data at the given MiB offsets, zeros elsewhere, the footer. */
function writeVhd(path: string, diskMiB: number, stretches: number[]): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, gptStart(diskMiB * MiB), 0, 1024, 0);
    for (const at of stretches) writeSync(fd, Buffer.alloc(MiB, at % 251 || 1), 0, MiB, at * MiB);
    writeSync(fd, fixedVhdFooter(diskMiB * MiB), 0, 512, diskMiB * MiB);
  } finally {
    closeSync(fd);
  }
}

function sha256File(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(4 * MiB);
  try {
    for (let offset = 0; ;) {
      const read = readSync(fd, buffer, 0, buffer.length, offset);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      offset += read;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * The file holds what the blob holds: the same bytes in every range the blob has data in, and the same size. Outside
 * those ranges the blob reads as zeros and the download never wrote (a hole reads as zeros); hashing a whole 1 GiB
 * disk twice would take this machine longer than the rest of the suite.
 */
function assertSameAsBlob(path: string, blob: NonNullable<ReturnType<ArmServer['diskBlob']>>): void {
  assert.equal(statSync(path).size, blob.size);
  const fd = openSync(path, 'r');
  try {
    for (const range of blob.pageRanges()) {
      const length = range.end - range.start + 1;
      const fromFile = Buffer.alloc(length);
      readSync(fd, fromFile, 0, length, range.start);
      assert.ok(fromFile.equals(blob.read(range.start, length)), `bytes ${range.start}-${range.end} differ`);
    }
  } finally {
    closeSync(fd);
  }
}

if (trustsTestCertificate(__filename)) {
  describe('image services and page-blob transfers against the fake ARM server', () => {
    let server: ArmServer;
    let services: ArmImageServices;
    let folder: string;
    const transfer = new PageBlobTransfer({ retryDelayMs: 10 });
    const signal = new AbortController().signal;
    const rg = 'rg-transfer';
    const target = (name: string) => ({ subscriptionId: SUB_A, resourceGroup: rg, location: 'westus3', name, tags });

    before(async () => {
      server = await startSeededServer();
      server.addImage({ location: 'westus3', ...urn, versions: ['3.20250102.02', '3.20250310.01'], osDiskSizeGb: 1 });
      services = new ArmImageServices(new ArmAzureServices(new FixedTokenCredential(), fakeCloud(server), { pollIntervalMs: 5 }), {
        pollIntervalMs: 5,
      });
      assert.deepEqual(await services.ensureResourceGroup(SUB_A, rg, 'westus3', tags), { created: true });
      folder = mkdtempSync(join(tmpdir(), 'azl-transfer-'));
    });
    after(async () => {
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    });

    async function uploadTarget(name: string, file: string): Promise<{ diskId: string; sas: string }> {
      const disk = await services.createUploadDisk(target(name), statSync(file).size, 'V2', signal);
      assert.equal(disk.diskState, 'ReadyToUpload');
      return { diskId: disk.id, sas: await services.grantDiskAccess(disk.id, 'Write', 3600, signal) };
    }

    it('uploads only the ranges that hold data, in parallel, through a 503 mid-upload, byte for byte', async () => {
      const file = join(folder, 'sparse.vhd');
      writeVhd(file, 64, [1, 9, 30]);
      const { diskId, sas } = await uploadTarget('up-sparse', file);
      const busy = server.inject({ method: 'PUT', path: /\/abcd$/, query: /comp=page/, after: 2, times: 2, status: 503 });
      const progress: number[] = [];
      server.requests.length = 0;
      const result = await transfer.uploadVhd(file, sas, { signal, onProgress: (snapshot) => progress.push(snapshot.processedBytes) });
      busy.remove();
      assert.equal(busy.hits, 2, 'two Put Pages met a 503 and were retried');
      assert.equal(result.fileBytes, 64 * MiB + 512);
      // Ranges of 4 MiB holding data: [0,4) (GPT and the stretch at 1), [8,12), [28,32), [64, 64+512).
      assert.equal(result.rangesSent, 4);
      assert.equal(result.sentBytes, 3 * 4 * MiB + 512);
      assert.equal(result.skippedBytes, 64 * MiB + 512 - result.sentBytes);
      assert.equal(server.requestCount({ method: 'PUT', path: /\/abcd$/ }), 4 + 2);
      assert.equal(progress.at(-1), 64 * MiB + 512, 'progress reaches the whole file');
      await services.revokeDiskAccess(diskId, signal);
      assert.equal(server.diskBlob(diskId)!.sha256(), sha256File(file), "the disk's blob is the file");
      assert.equal((await services.getDisk(diskId, signal))?.diskState, 'Unattached');
      await services.deleteDisk(diskId, signal);
      assert.equal(await services.getDisk(diskId, signal), undefined);
      await services.deleteDisk(diskId, signal);
    });

    it('resumes an upload without sending again what was sent', async () => {
      const file = join(folder, 'resume.vhd');
      writeVhd(file, 32, [2, 6, 10, 14, 18]);
      const { diskId, sas } = await uploadTarget('up-resume', file);
      server.requests.length = 0;
      const result = await transfer.uploadVhd(file, sas, { signal, done: [{ offset: 0, count: 8 * MiB }] });
      assert.equal(result.sentBytes, 3 * 4 * MiB + 512, 'the first two ranges were done already');
      assert.equal(server.requestCount({ method: 'PUT', path: /\/abcd$/ }), 4);
      await services.revokeDiskAccess(diskId, signal);
      const blob = server.diskBlob(diskId)!;
      assert.equal(blob.pageRanges()[0]!.start, 8 * MiB, 'nothing was written below 8 MiB');
      await services.deleteDisk(diskId, signal);
    });

    it('stops at once on cancel, and says what was done when the SAS expires', async () => {
      const file = join(folder, 'cancel.vhd');
      writeVhd(file, 32, [1, 5, 9, 13, 17, 21, 25]);
      const { diskId, sas } = await uploadTarget('up-cancel', file);
      const slow = server.inject({ method: 'PUT', path: /\/abcd$/, after: 2, delayMs: 3000 });
      const controller = new AbortController();
      const started = Date.now();
      const upload = transfer.uploadVhd(file, sas, {
        signal: controller.signal,
        onProgress: (snapshot) => {
          if (snapshot.transferredBytes >= 8 * MiB) controller.abort();
        },
      });
      await assert.rejects(upload, { name: 'AbortError' });
      assert.ok(Date.now() - started < 2900, 'the slow range did not hold the cancel up');
      slow.remove();

      server.expireDiskAccess(diskId);
      const expired = await transfer
        .uploadVhd(file, sas, { signal, done: [{ offset: 0, count: 8 * MiB }] })
        .catch((error: unknown) => error);
      assert.ok(expired instanceof TransferError);
      assert.equal(expired.kind, 'accessExpired');
      assert.match(expired.message, /Uploading the VHD failed: Server failed to authenticate the request.*\(403 AuthenticationFailed\)/);
      assert.deepEqual(expired.done, [{ offset: 0, count: 8 * MiB }], 'what was done before stays known');
      await services.revokeDiskAccess(diskId, signal);
      await services.deleteDisk(diskId, signal);
    });

    it('downloads a marketplace image through a temporary disk, resumes after a cancel, and writes a sparse VHD', async () => {
      const resolved = await services.resolveImage(SUB_A, 'westus3', urn, signal);
      assert.equal(resolved.image.version, '3.20250310.01', '"latest" is the newest version');
      assert.equal(resolved.hyperVGeneration, 'V2');
      const disk = await services.createDiskFromImage(target('base-disk'), resolved, signal);
      assert.equal(disk.hyperVGeneration, 'V2');
      const sas = await services.grantDiskAccess(disk.id, 'Read', 3600, signal);
      const goal = join(folder, 'base.vhd');
      const identity = 'MicrosoftCBLMariner:azure-linux-3:azure-linux-3-gen2:3.20250310.01';

      // Ranged reads (no comp= in the query): the first goes through, the rest are slow, so the cancel lands mid-way.
      const slow = server.inject({ method: 'GET', path: /\/abcd$/, query: /^(?!.*comp=)/, after: 1, delayMs: 3000 });
      const controller = new AbortController();
      const first = transfer.downloadVhd(sas, goal, {
        signal: controller.signal,
        identity,
        onProgress: (snapshot) => {
          if (snapshot.transferredBytes > 0) controller.abort();
        },
      });
      const cancelled = Date.now();
      await assert.rejects(first, { name: 'AbortError' });
      assert.ok(Date.now() - cancelled < 2900, 'the slow ranges did not hold the cancel up');
      slow.remove();
      assert.ok(existsSync(`${goal}.partial`) && existsSync(`${goal}.partial.json`), 'the partial file and its state stay');
      assert.ok(!existsSync(goal));

      server.expireDiskAccess(disk.id);
      const expired = await transfer.downloadVhd(sas, goal, { signal, identity }).catch((error: unknown) => error);
      assert.ok(expired instanceof TransferError && expired.kind === 'accessExpired');
      const fresh = await services.grantDiskAccess(disk.id, 'Read', 3600, signal);
      const result = await transfer.downloadVhd(fresh, goal, { signal, identity });
      assert.ok(result.resumedBytes > 0, 'the second run started where the first stopped');
      assert.equal(result.resumedBytes + result.receivedBytes, 5 * MiB + 1024 + 512, 'only the ranges with data, each once');
      assert.equal(result.size, GiB + 512);
      assert.ok(!existsSync(`${goal}.partial`) && !existsSync(`${goal}.partial.json`));
      assert.equal(statSync(goal).size, GiB + 512);
      assert.ok(statSync(goal).blocks * 512 < 64 * MiB, 'the file is sparse');
      assertSameAsBlob(goal, server.diskBlob(disk.id)!);
      const footer = Buffer.alloc(512);
      const fd = openSync(goal, 'r');
      readSync(fd, footer, 0, 512, GiB);
      closeSync(fd);
      assert.deepEqual(footer, fixedVhdFooter(GiB, { seed: identity }), 'it ends with the VHD footer of the export');
      await services.revokeDiskAccess(disk.id, signal);
      await services.deleteDisk(disk.id, signal);
    });

    it('publishes an uploaded disk as a gallery image version', async () => {
      const file = join(folder, 'gallery.vhd');
      writeVhd(file, 24, [3]);
      const { diskId, sas } = await uploadTarget('gallery-src', file);
      await transfer.uploadVhd(file, sas, { signal });
      await services.revokeDiskAccess(diskId, signal);
      const gallery = await services.createGallery(SUB_A, rg, 'azl_images', 'westus3', tags, signal);
      assert.deepEqual(
        (await services.listGalleries(SUB_A, signal)).map((g) => g.name),
        ['azl_images'],
      );
      const image = await services.createGalleryImage(
        {
          galleryId: gallery.id,
          name: 'web',
          location: 'westus3',
          publisher: 'contoso',
          offer: 'azure-linux-custom',
          sku: 'web',
          hyperVGeneration: 'V2',
          architecture: 'x64',
          tags,
        },
        signal,
      );
      assert.deepEqual(
        (await services.listGalleryImages(gallery.id, signal)).map((i) => [i.name, i.hyperVGeneration, i.osState]),
        [['web', 'V2', 'Generalized']],
      );
      const versionId = await services.createGalleryImageVersion(image.id, '1.0.0', diskId, 'westus3', tags, signal);
      assert.deepEqual(await services.listGalleryImageVersions(image.id, signal), ['1.0.0']);
      assert.equal(server.imageVersionSourceSha256(versionId), sha256File(file));
      await services.deleteDisk(diskId, signal);
      await services.deleteGalleryResource(versionId, signal);
      await services.deleteGalleryResource(image.id, signal);
      await services.deleteGalleryResource(gallery.id, signal);
      await services.deleteGalleryResource(gallery.id, signal);
      assert.ok(!server.resourceIds().some((id) => /galleries/i.test(id)));
    });

    it('reads boot diagnostics and the agent state, and adds an SSH key through VMAccess', async () => {
      const plain = server.addVirtualMachine(SUB_A, rg, { name: 'no-diag', location: 'westus3' });
      assert.deepEqual(await services.bootDiagnostics(plain.id, signal), { enabled: false });
      const vm = server.addVirtualMachine(SUB_A, rg, {
        name: 'diag',
        location: 'westus3',
        properties: { diagnosticsProfile: { bootDiagnostics: { enabled: true } } },
      });
      const uris = await services.bootDiagnostics(vm.id, signal);
      assert.equal(uris.enabled, true);
      assert.match(uris.serialLogUri ?? '', /\/diag\.[-a-f0-9]+\.serialconsole\.log\?/);
      assert.match(uris.screenshotUri ?? '', /\.screenshot\.bmp\?/);
      assert.deepEqual(await services.bootState(vm.id, signal), { agentReady: true, agentStatus: 'Ready', powerState: 'running' });
      await services.setSshKey(vm.id, 'builder', 'ssh-ed25519 AAAAtest builder@azl', signal);
      const extension = server.vmExtension(vm.id, 'enablevmaccess') as { properties: Record<string, unknown> };
      assert.equal(extension.properties.type, 'VMAccessForLinux');
      assert.deepEqual(extension.properties.protectedSettings, { username: 'builder', ssh_key: 'ssh-ed25519 AAAAtest builder@azl' });
    });

    it("owns a resource group only when it made it, and leaves an existing one's tags alone", async () => {
      assert.deepEqual(await services.ensureResourceGroup(SUB_A, 'rg-theirs', 'westus3', { team: 'theirs' }), { created: true });
      assert.deepEqual(await services.ensureResourceGroup(SUB_A, 'rg-theirs', 'westus3', tags), { created: false });
      const group = server.resources().find((resource) => resource.id === `/subscriptions/${SUB_A}/resourceGroups/rg-theirs`);
      assert.deepEqual(group?.tags, { team: 'theirs' });
    });

    it('deletes a temporary resource group with everything in it', async () => {
      assert.deepEqual(await services.ensureResourceGroup(SUB_A, 'rg-temp', 'westus3', tags), { created: true });
      await services.createUploadDisk({ ...target('t1'), resourceGroup: 'rg-temp' }, 24 * MiB + 512, 'V2', signal);
      await services.deleteResourceGroup(SUB_A, 'rg-temp', signal);
      assert.ok(!server.resourceIds().some((id) => /rg-temp/i.test(id)));
      await services.deleteResourceGroup(SUB_A, 'rg-temp', signal);
    });
  });
}
