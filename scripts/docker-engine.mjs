// A private Docker Engine for the Docker test tier and the benchmarks: its own dockerd on its own socket under
// .cache/docker (no iptables, no bridge), and a registry-free test image made from busybox-static.
//
//   node scripts/docker-engine.mjs start [DIR]   prints the DOCKER_HOST to use
//   node scripts/docker-engine.mjs stop [DIR]
//
// start() reuses an engine that already runs in DIR, so several people's test runs can share one.
import { spawn, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  copyFileSync,
  chmodSync,
  closeSync,
  readdirSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureLayeredImage, startLocalRegistry, stopLocalRegistry } from './lib/localRegistry.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultEngineDir = join(repoRoot, '.cache', 'docker');
/** The registry-free test image every Docker test and benchmark uses. */
export const testImage = 'azl-test/base:3.0';
/** Same name as azlLabels.osVersion in src/docker/core/labels.ts. */
const osVersionLabel = 'dev.azurelinux.os.version';

function paths(dir) {
  const root = resolve(dir ?? defaultEngineDir);
  return {
    root,
    socket: join(root, 'docker.sock'),
    pidFile: join(root, 'dockerd.pid'),
    logFile: join(root, 'dockerd.log'),
    dataRoot: join(root, 'data'),
    execRoot: join(root, 'exec'),
  };
}

/** One Engine API call over the socket; resolves with { status, body }. */
function engineRequest(socket, method, path, body, timeoutMs = 5000) {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      { socketPath: socket, method, path, timeout: timeoutMs, headers: body ? { 'Content-Type': 'application/x-tar' } : {} },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    if (body) {
      body.pipe(req);
    } else {
      req.end();
    }
  });
}

async function isReady(socket) {
  try {
    const { status } = await engineRequest(socket, 'GET', '/_ping', undefined, 2000);
    return status === 200;
  } catch {
    return false;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(pidFile) {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** The engine's version string ("20.10.24+dfsg1"), asked over the socket. */
export async function engineVersion(dir) {
  const { socket } = paths(dir);
  const { status, body } = await engineRequest(socket, 'GET', '/version');
  if (status !== 200) {
    throw new Error(`The engine at ${socket} answered ${status} to /version`);
  }
  return JSON.parse(body).Version;
}

/**
 * Starts (or reuses) a private dockerd in `dir` and makes sure the test image exists, and the local registry
 * (scripts/lib/localRegistry.mjs) with the layered image. Returns
 * { host: 'unix://...', socket, version, dir, image, registry: '127.0.0.1:PORT', layeredImage, reused }.
 */
export async function start(dir) {
  const p = paths(dir);
  mkdirSync(p.root, { recursive: true });
  let reused = false;
  const pid = readPid(p.pidFile);
  if (pid && isAlive(pid) && (await isReady(p.socket))) {
    reused = true;
  } else {
    await launch(p);
  }
  await ensureTestImage(p.socket);
  const standIns = await ensureStandInImages(p.socket);
  writeFileSync(join(p.root, 'stand-ins.json'), `${JSON.stringify(standIns, null, 2)}\n`);
  // A local registry with a multi-layer image, so the tests pull for real; the tests read registry.json beside the socket.
  const registry = await startLocalRegistry({ owner: p.root });
  const layeredImage = await ensureLayeredImage({ socket: p.socket, registry: registry.address, baseImage: testImage });
  writeFileSync(join(p.root, 'registry.json'), `${JSON.stringify({ address: registry.address, layeredImage }, null, 2)}\n`);
  return {
    host: `unix://${p.socket}`,
    socket: p.socket,
    version: await engineVersion(p.root),
    dir: p.root,
    image: testImage,
    registry: registry.address,
    layeredImage,
    reused,
  };
}

async function launch(p) {
  const stalePid = readPid(p.pidFile);
  if (stalePid && isAlive(stalePid)) {
    // Running but not answering yet: give it a moment before deciding.
    for (let i = 0; i < 50 && !(await isReady(p.socket)); i++) await sleep(100);
    if (await isReady(p.socket)) return;
    throw new Error(`dockerd (pid ${stalePid}) in ${p.root} runs but does not answer; stop it with: node scripts/docker-engine.mjs stop`);
  }
  rmSync(p.socket, { force: true });
  rmSync(p.pidFile, { force: true });
  mkdirSync(p.dataRoot, { recursive: true });
  mkdirSync(p.execRoot, { recursive: true });
  const log = openSync(p.logFile, 'a');
  const child = spawn(
    'dockerd',
    [
      '-H',
      `unix://${p.socket}`,
      '--data-root',
      p.dataRoot,
      '--exec-root',
      p.execRoot,
      '--pidfile',
      p.pidFile,
      '--storage-driver',
      process.env.AZL_DOCKER_STORAGE_DRIVER ?? 'overlay2',
      '--iptables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      '--bridge=none',
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let exited;
  child.on('exit', (code) => (exited = code));
  child.on('error', (error) => (exited = error.message));
  child.unref();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(`dockerd exited (${exited}) before it was ready; see ${p.logFile}`);
    }
    if (await isReady(p.socket)) return;
    await sleep(100);
  }
  throw new Error(`dockerd did not answer on ${p.socket} within 30 s; see ${p.logFile}`);
}

/** A root file system of busybox-static's applets, root and nobody, in `rootfs` (created). */
function makeBusyboxRootfs(rootfs) {
  for (const folder of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'usr/lib', 'etc', 'tmp', 'root', 'var/log', 'home', 'workspace']) {
    mkdirSync(join(rootfs, folder), { recursive: true });
  }
  chmodSync(join(rootfs, 'tmp'), 0o1777);
  const busybox = execFileSync('sh', ['-c', 'command -v busybox']).toString().trim();
  copyFileSync(busybox, join(rootfs, 'bin/busybox'));
  chmodSync(join(rootfs, 'bin/busybox'), 0o755);
  for (const applet of execFileSync(busybox, ['--list-full']).toString().split('\n')) {
    const name = applet.trim();
    if (!name || name.endsWith('/busybox') || existsSync(join(rootfs, name))) continue;
    symlinkSync('/bin/busybox', join(rootfs, name));
  }
  writeFileSync(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
  writeFileSync(join(rootfs, 'etc/group'), 'root:x:0:\nnobody:x:65534:\n');
}

/** Imports `rootfs` as the image `ref` with the given Dockerfile-style changes (CMD, LABEL). */
async function importRootfs(socket, rootfs, ref, changes) {
  const [repo, tag] = ref.split(':');
  const tar = spawn('tar', ['-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const query = changes.map((change) => `&changes=${encodeURIComponent(change)}`).join('');
  const { status, body } = await engineRequest(
    socket,
    'POST',
    `/images/create?fromSrc=-&repo=${encodeURIComponent(repo)}&tag=${tag}${query}`,
    tar.stdout,
    60_000,
  );
  if (status !== 200 || /"error"/.test(body)) {
    throw new Error(`Importing ${ref} failed (${status}): ${body}`);
  }
}

/** Builds the busybox root file system with Azure Linux's os-release and a recording stand-in for tdnf, and imports it. */
async function ensureTestImage(socket) {
  const existing = await engineRequest(socket, 'GET', `/images/${encodeURIComponent(testImage)}/json`);
  if (existing.status === 200 && JSON.parse(existing.body).Config?.Labels?.[osVersionLabel] === '3.0') return;
  const work = mkdtempSync(join(tmpdir(), 'azl-test-image-'));
  try {
    const rootfs = join(work, 'rootfs');
    makeBusyboxRootfs(rootfs);
    writeFileSync(
      join(rootfs, 'etc/os-release'),
      'NAME="Microsoft Azure Linux"\nVERSION="3.0.20240101"\nID=azurelinux\nVERSION_ID="3.0"\nPRETTY_NAME="Microsoft Azure Linux 3.0 (test image)"\nHOME_URL="https://aka.ms/azurelinux"\n',
    );
    // Records every call so mirror builds can be checked without a package repository.
    writeFileSync(join(rootfs, 'usr/bin/tdnf'), '#!/bin/sh\necho "$*" >> /var/log/tdnf-calls.log\nexit 0\n', { mode: 0o755 });
    // The label marks the image as an Azure Linux 3.0 stand-in, as the extension labels images it builds.
    await importRootfs(socket, rootfs, testImage, ['CMD ["/bin/sh"]', `LABEL ${osVersionLabel}=3.0`]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/*
 * Stand-ins for the Azure Linux 3.0 and 4.0 core container images, written from what the real images are
 * (/work/shared/reference/azure-linux.md), not from the extension's code: 3.0 has tdnf; 4.0 has dnf5, with `dnf` the
 * same program, and no tdnf; neither has useradd or groupadd (shadow-utils) or sudo until the package manager installs
 * them; /etc/os-release says ID=azurelinux and VERSION_ID. In the 4.0 stand-in /etc/os-release is the relative link to
 * ../usr/lib/os-release that os-release(5) recommends (as Fedora ships it). They carry no label: what they are is read
 * from their files. The package manager, useradd, groupadd and sudo stand-ins are test/fakes/images/*, each noting the
 * documentation it follows. Busybox provides the rest of the file system.
 */
const standInFiles = join(repoRoot, 'test', 'fakes', 'images');
const standInReleases = {
  '3.0': {
    osRelease:
      'NAME="Microsoft Azure Linux"\nVERSION="3.0.20250102"\nID=azurelinux\nVERSION_ID="3.0"\nPRETTY_NAME="Microsoft Azure Linux 3.0"\nHOME_URL="https://aka.ms/azurelinux"\n',
    osReleaseLink: false,
    packageManagers: { tdnf: 'package-manager' },
  },
  '4.0': {
    osRelease:
      'NAME="Microsoft Azure Linux"\nVERSION="4.0"\nID=azurelinux\nVERSION_ID="4.0"\nPRETTY_NAME="Microsoft Azure Linux 4.0"\nHOME_URL="https://aka.ms/azurelinux"\n',
    osReleaseLink: true,
    packageManagers: { dnf5: 'package-manager', dnf: 'dnf5' },
  },
};
/** What the stand-in repository offers: package name -> files (path in the image -> stand-in file or inline text). */
const standInRepository = {
  'shadow-utils': { 'usr/sbin/useradd': { file: 'useradd' }, 'usr/sbin/groupadd': { file: 'groupadd' } },
  sudo: { 'usr/bin/sudo': { file: 'sudo' } },
  vim: { 'usr/bin/vim': { text: '#!/bin/sh\necho "vim stand-in"\n' } },
  jq: { 'usr/bin/jq': { text: '#!/bin/sh\necho "jq stand-in"\n' } },
};

/** The stand-ins' names, with a hash of what makes them, so an engine kept from an earlier run never serves old ones. */
function standInRefs() {
  const hash = createHash('sha256');
  for (const name of readdirSync(standInFiles).sort()) hash.update(name).update(readFileSync(join(standInFiles, name)));
  hash.update(JSON.stringify({ standInReleases, standInRepository }));
  const digest = hash.digest('hex').slice(0, 10);
  return Object.fromEntries(Object.keys(standInReleases).map((release) => [release, `azl-test/azurelinux:${release}-${digest}`]));
}

async function ensureStandInImages(socket) {
  const refs = standInRefs();
  for (const [release, ref] of Object.entries(refs)) {
    const existing = await engineRequest(socket, 'GET', `/images/${encodeURIComponent(ref)}/json`);
    if (existing.status === 200) continue;
    const spec = standInReleases[release];
    const work = mkdtempSync(join(tmpdir(), 'azl-standin-'));
    try {
      const rootfs = join(work, 'rootfs');
      makeBusyboxRootfs(rootfs);
      // wheel is in both releases' /etc/group (the setup of a new user's sudo rights depends on it).
      writeFileSync(join(rootfs, 'etc/group'), 'root:x:0:\nwheel:x:10:\nnobody:x:65534:\n');
      if (spec.osReleaseLink) {
        writeFileSync(join(rootfs, 'usr/lib/os-release'), spec.osRelease);
        symlinkSync('../usr/lib/os-release', join(rootfs, 'etc/os-release'));
      } else {
        writeFileSync(join(rootfs, 'etc/os-release'), spec.osRelease);
      }
      for (const [name, source] of Object.entries(spec.packageManagers)) {
        if (source === 'package-manager') {
          copyFileSync(join(standInFiles, source), join(rootfs, 'usr/bin', name));
          chmodSync(join(rootfs, 'usr/bin', name), 0o755);
        } else {
          symlinkSync(source, join(rootfs, 'usr/bin', name));
        }
      }
      for (const [pkg, files] of Object.entries(standInRepository)) {
        for (const [path, content] of Object.entries(files)) {
          const target = join(rootfs, 'usr/share/azl-test/repo', pkg, path);
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, content.file ? readFileSync(join(standInFiles, content.file)) : content.text);
          chmodSync(target, 0o755);
        }
      }
      await importRootfs(socket, rootfs, ref, ['CMD ["/bin/sh"]']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return refs;
}

/**
 * Stops the private dockerd in `dir` (its containers stop with it) and removes everything it kept there.
 * With { keepData: true } only the daemon stops, so a later start() finds the same images and containers.
 */
export async function stop(dir, { keepData = false } = {}) {
  const p = paths(dir);
  const pid = readPid(p.pidFile);
  if (pid && isAlive(pid)) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (isAlive(pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(pid)) {
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await sleep(50);
    }
  }
  // Only the engine that started the registry stops it; one that merely reused it leaves it to its owner.
  await stopLocalRegistry({ owner: p.root, keepData });
  if (keepData) return;
  // dockerd unmounts its layers on a clean shutdown; anything left mounted makes removal fail, so say so.
  try {
    rmSync(p.root, { recursive: true, force: true, maxRetries: 3 });
  } catch (error) {
    console.error(`[docker-engine] could not remove ${p.root}: ${error.message}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'start') {
    const started = await start(dir);
    console.log(`Docker Engine ${started.version} ${started.reused ? 'already running' : 'started'}; image ${started.image}`);
    console.log(`Registry ${started.registry} holds ${started.layeredImage}`);
    console.log(`export DOCKER_HOST=${started.host}`);
  } else if (command === 'stop') {
    await stop(dir);
    console.log('stopped');
  } else if (command === 'version') {
    console.log(await engineVersion(dir));
  } else {
    console.error('usage: node scripts/docker-engine.mjs start|stop|version [DIR]');
    process.exit(2);
  }
}
