// Disk image transfers against the fake Azure Resource Manager's blob endpoints (test/fakes/arm), through the
// extension's own PageBlobTransfer and ArmImageServices over the real SDK clients, with a latency per request:
//   1. upload of a 2 GiB sparse fixed VHD (64 stretches of data): bytes sent vs the file size (empty ranges are
//      skipped), time vs a sequential upload that sends every 4 MiB range one after another;
//   2. download of the same disk back: time vs a single-stream download of the same blob (BlobClient.downloadToFile).
// Memory stays bounded: the file and the fake's blobs are sparse files, and every transfer moves 4 MiB pieces.
// Node reads NODE_EXTRA_CA_CERTS only at start-up, so the measuring runs in a child process that trusts the test
// certificate.
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTrustingWorker } from '../lib/benchWorker.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const buildDir = join(root, '.cache', 'bench', 'images');
const MiB = 1024 * 1024;
const DISK_BYTES = 2048 * MiB;
const STRETCHES = 64;
const LATENCY_MS = 20;
const WORKER_FLAG = '--images-bench-worker';

export default async function run({ log }) {
  await build();
  return runTrustingWorker(fileURLToPath(import.meta.url), [WORKER_FLAG], log, 'images');
}

/** Bundles the fake server and the extension's transfer and image services (failing when those do not build). */
async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(buildDir, { recursive: true });
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'silent' };
  await esbuild.build({
    ...common,
    stdin: {
      contents: [
        "export { startArmServer } from './test/fakes/arm/server';",
        "export { fixedVhdFooter, gptStart } from './test/fakes/arm/vhd';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile: join(buildDir, 'arm-server.cjs'),
  });
  try {
    await esbuild.build({
      ...common,
      stdin: {
        contents: [
          "export { ArmAzureServices } from './src/azure/arm/armAzureServices';",
          "export { ArmImageServices } from './src/azure/arm/armImageServices';",
          "export { PageBlobTransfer } from './src/azure/storage/pageBlobTransfer';",
        ].join('\n'),
        resolveDir: root,
        loader: 'ts',
      },
      outfile: join(buildDir, 'image-services.cjs'),
    });
  } catch (error) {
    throw new Error(`src/azure did not build, so there is nothing of the extension's to measure: ${error.message.split('\n')[0]}`, {
      cause: error,
    });
  }
}

// ---- worker (runs with the test certificate trusted) --------------------------------------------------------------

const log = (line) => process.stdout.write(`${line}\n`);
const credential = { getToken: async () => ({ token: 'bench-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** A sparse fixed VHD: a GPT start, a MiB of data every DISK/STRETCHES bytes, holes elsewhere, the footer. */
function writeSparseVhd(file, fake) {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, fake.gptStart(DISK_BYTES), 0, 1024, 0);
    const data = Buffer.alloc(MiB);
    for (let i = 0; i < STRETCHES; i++) {
      data.fill((i % 250) + 1);
      writeSync(fd, data, 0, MiB, i * (DISK_BYTES / STRETCHES) + 8 * MiB);
    }
    writeSync(fd, fake.fixedVhdFooter(DISK_BYTES), 0, 512, DISK_BYTES);
  } finally {
    closeSync(fd);
  }
}

/** The file holds what the blob holds in every range the blob has data in (elsewhere both read as zeros). */
function sameAsBlob(file, blob) {
  if (statSync(file).size !== blob.size) return false;
  const fd = openSync(file, 'r');
  try {
    for (const range of blob.pageRanges()) {
      for (let at = range.start; at <= range.end; at += 4 * MiB) {
        const length = Math.min(4 * MiB, range.end - at + 1);
        const bytes = Buffer.alloc(length);
        readSync(fd, bytes, 0, length, at);
        if (!bytes.equals(blob.read(at, length))) return false;
      }
    }
  } finally {
    closeSync(fd);
  }
  return true;
}

async function time(work) {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function worker() {
  const require = createRequire(import.meta.url);
  const fake = require(join(buildDir, 'arm-server.cjs'));
  const ours = require(join(buildDir, 'image-services.cjs'));
  const { AnonymousCredential, PageBlobClient, newPipeline } = require('@azure/storage-blob');
  const folder = mkdtempSync(join(tmpdir(), 'azl-images-bench-'));
  const server = await fake.startArmServer();
  const rows = [];
  try {
    const subscriptionId = '40000000-0000-0000-0000-000000000000';
    server.addSubscription({ subscriptionId, displayName: 'Bench images', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
    const cloud = {
      name: 'custom',
      resourceManagerEndpoint: server.url,
      activeDirectoryAuthority: server.url,
      managementScope: `${server.url}/.default`,
      portalUrl: server.url,
    };
    const images = new ours.ArmImageServices(new ours.ArmAzureServices(credential, cloud, { pollIntervalMs: 10 }), { pollIntervalMs: 10 });
    const transfer = new ours.PageBlobTransfer({ retryDelayMs: 50 });
    const signal = new AbortController().signal;
    await images.ensureResourceGroup(subscriptionId, 'rg-bench', 'eastus', {});
    const file = join(folder, 'image.vhd');
    writeSparseVhd(file, fake);
    const fileBytes = statSync(file).size;
    const target = (name) => ({ subscriptionId, resourceGroup: 'rg-bench', location: 'eastus', name, tags: {} });
    server.latencyMs = LATENCY_MS;
    log(
      `upload: a ${(fileBytes / MiB).toFixed(0)} MiB (+512 B footer) sparse fixed VHD (${STRETCHES} MiB of data in ${STRETCHES} stretches), ${LATENCY_MS} ms per request; via src/azure PageBlobTransfer (4 MiB ranges, 4 at a time, empty ones skipped)`,
    );

    // ---- 1. upload: ours vs every range in order --------------------------------------------------------------
    const oursDisk = await images.createUploadDisk(target('bench-ours'), fileBytes, 'V2', signal);
    const oursSas = await images.grantDiskAccess(oursDisk.id, 'Write', 3600, signal);
    const upload = await time(() => transfer.uploadVhd(file, oursSas, { signal }));
    await images.revokeDiskAccess(oursDisk.id, signal);
    if (!sameAsBlob(file, server.diskBlob(oursDisk.id))) throw new Error("the uploaded disk's blob is not the file");

    // The same skipping, one range at a time: what the parallel ranges add on their own.
    const oneDisk = await images.createUploadDisk(target('bench-one-at-a-time'), fileBytes, 'V2', signal);
    const oneSas = await images.grantDiskAccess(oneDisk.id, 'Write', 3600, signal);
    const oneAtATime = await time(() =>
      new ours.PageBlobTransfer({ retryDelayMs: 50, concurrency: 1 }).uploadVhd(file, oneSas, { signal }),
    );
    await images.revokeDiskAccess(oneDisk.id, signal);
    await images.deleteDisk(oneDisk.id, signal);

    const baseDisk = await images.createUploadDisk(target('bench-sequential'), fileBytes, 'V2', signal);
    const baseSas = await images.grantDiskAccess(baseDisk.id, 'Write', 3600, signal);
    const client = new PageBlobClient(baseSas, newPipeline(new AnonymousCredential()));
    const buffer = Buffer.alloc(4 * MiB);
    const sequential = await time(async () => {
      const fd = openSync(file, 'r');
      try {
        for (let at = 0; at < fileBytes; at += 4 * MiB) {
          const length = Math.min(4 * MiB, fileBytes - at);
          readSync(fd, buffer, 0, length, at);
          await client.uploadPages(buffer.subarray(0, length), at, length);
        }
      } finally {
        closeSync(fd);
      }
    });
    await images.revokeDiskAccess(baseDisk.id, signal);
    await images.deleteDisk(baseDisk.id, signal);
    log(
      `  ours:       ${upload.ms.toFixed(0)} ms, ${(upload.result.sentBytes / MiB).toFixed(1)} MiB sent in ${upload.result.rangesSent} ranges`,
    );
    log(`  ours, one range at a time: ${oneAtATime.ms.toFixed(0)} ms`);
    log(
      `  sequential: ${sequential.ms.toFixed(0)} ms, ${(fileBytes / MiB).toFixed(1)} MiB sent in ${Math.ceil(fileBytes / (4 * MiB))} ranges`,
    );
    rows.push(
      {
        name: 'upload 2 GiB sparse VHD: bytes sent (baseline: the file size)',
        value: upload.result.sentBytes / MiB,
        unit: 'MiB',
        baseline: fileBytes / MiB,
        ratio: fileBytes / upload.result.sentBytes,
      },
      {
        name: 'upload 2 GiB sparse VHD: time (src/azure PageBlobTransfer; baseline: every 4 MiB range in order)',
        value: upload.ms,
        unit: 'ms',
        baseline: sequential.ms,
        ratio: sequential.ms / upload.ms,
      },
      {
        name: 'upload 2 GiB sparse VHD: time with 4 ranges at a time (baseline: the same skipping, one range at a time)',
        value: upload.ms,
        unit: 'ms',
        baseline: oneAtATime.ms,
        ratio: oneAtATime.ms / upload.ms,
      },
    );

    // ---- 2. download the uploaded disk back: ours vs one stream -------------------------------------------------
    log('download: the same disk back through a read SAS; ours (page ranges, 4 at a time, sparse) vs one stream (downloadToFile)');
    const readSas = await images.grantDiskAccess(oursDisk.id, 'Read', 3600, signal);
    const oursFile = join(folder, 'ours.vhd');
    const download = await time(() => transfer.downloadVhd(readSas, oursFile, { signal, identity: 'bench' }));
    if (!sameAsBlob(oursFile, server.diskBlob(oursDisk.id))) throw new Error('the downloaded file is not the blob');
    rmSync(oursFile, { force: true });
    const streamFile = join(folder, 'stream.vhd');
    const single = await time(() => new PageBlobClient(readSas, newPipeline(new AnonymousCredential())).downloadToFile(streamFile));
    if (!sameAsBlob(streamFile, server.diskBlob(oursDisk.id))) throw new Error('the single-stream file is not the blob');
    rmSync(streamFile, { force: true });
    await images.revokeDiskAccess(oursDisk.id, signal);
    log(`  ours:          ${download.ms.toFixed(0)} ms, ${(download.result.receivedBytes / MiB).toFixed(1)} MiB received`);
    log(`  single stream: ${single.ms.toFixed(0)} ms, ${(fileBytes / MiB).toFixed(1)} MiB received`);
    rows.push(
      {
        name: 'download 2 GiB disk: time (src/azure PageBlobTransfer; baseline: one stream of the whole blob)',
        value: download.ms,
        unit: 'ms',
        baseline: single.ms,
        ratio: single.ms / download.ms,
      },
      {
        name: 'download 2 GiB disk: bytes received (baseline: the blob size)',
        value: download.result.receivedBytes / MiB,
        unit: 'MiB',
        baseline: fileBytes / MiB,
        ratio: fileBytes / download.result.receivedBytes,
      },
    );
  } finally {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
  process.stdout.write(`ROWS ${JSON.stringify(rows)}\n`);
}

if (process.argv[2] === WORKER_FLAG) {
  worker().catch((error) => {
    console.error(error.stack ?? String(error));
    process.exit(1);
  });
}
