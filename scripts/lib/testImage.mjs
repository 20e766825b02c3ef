// The registry-free test image every engine test and benchmark uses, made the way `docker import` makes an image: a
// busybox-static root file system with Azure Linux's os-release and a recording stand-in for tdnf, sent to the
// Engine API's import (`POST /images/create?fromSrc=-`). Docker and Podman's Docker-compatible API both serve it.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The registry-free test image every engine test and benchmark uses. */
export const testImage = 'azl-test/base:3.0';
/** Same name as azlLabels.osVersion in src/docker/core/labels.ts. */
const osVersionLabel = 'dev.azurelinux.os.version';

/** One Engine API call over a unix socket; resolves with { status, body }. `body` is a stream sent as a tar. */
export function engineRequest(socket, method, path, body, timeoutMs = 5000) {
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

/** True when the engine on `socket` answers its ping. */
export async function engineAnswers(socket) {
  try {
    const { status } = await engineRequest(socket, 'GET', '/_ping', undefined, 2000);
    return status === 200;
  } catch {
    return false;
  }
}

/** The engine's version string ("20.10.24+dfsg1", "4.3.1"), asked over the socket. */
export async function engineVersionAt(socket) {
  const { status, body } = await engineRequest(socket, 'GET', '/version');
  if (status !== 200) {
    throw new Error(`The engine at ${socket} answered ${status} to /version`);
  }
  return JSON.parse(body).Version;
}

/** A root file system of busybox with its applets linked, a root and a nobody user, in `rootfs`. */
export function busyboxRootfs(rootfs) {
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

/** Imports `rootfs` into the engine on `socket` as `ref` (name:tag), with Dockerfile-style `changes`. */
export async function importRootfs(socket, rootfs, ref, changes) {
  const tar = spawn('tar', ['-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const query = changes.map((change) => `&changes=${encodeURIComponent(change)}`).join('');
  // The tag goes in `repo` (the Engine API allows `repo=name:tag`): Podman 4.3 ignores a separate `tag` parameter.
  const { status, body } = await engineRequest(
    socket,
    'POST',
    `/images/create?fromSrc=-&repo=${encodeURIComponent(ref)}${query}`,
    tar.stdout,
    60_000,
  );
  if (status !== 200 || /"error"/.test(body)) {
    throw new Error(`Importing ${ref} failed (${status}): ${body}`);
  }
}

/** Builds the busybox root file system and imports it as testImage into the engine on `socket`, unless it is there. */
export async function ensureTestImage(socket) {
  const existing = await engineRequest(socket, 'GET', `/images/${encodeURIComponent(testImage)}/json`);
  if (existing.status === 200 && JSON.parse(existing.body).Config?.Labels?.[osVersionLabel] === '3.0') return;
  const work = mkdtempSync(join(tmpdir(), 'azl-test-image-'));
  try {
    const rootfs = join(work, 'rootfs');
    busyboxRootfs(rootfs);
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
