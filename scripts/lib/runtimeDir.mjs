// Where the private engines (scripts/docker-engine.mjs, scripts/podman-engine.mjs) keep their sockets, and how what
// they leave mounted is cleaned up.
//
// A unix socket's path is limited (108 bytes on Linux with the final NUL; containerd refuses more than 104, the
// limit of macOS and the BSDs), and containerd makes its own sockets under dockerd's --exec-root
// (`exec/containerd/containerd.sock.ttrpc`). A checkout can be anywhere (`/home/someone/src/github.com/...`), so the
// sockets never live under it: each engine gets a short private runtime folder, a mkdtemp under /tmp with mode 0700,
// and keeps only its data under the checkout.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';

/** The longest unix socket path containerd (and Go's net package on macOS) accepts, in bytes. */
export const socketPathLimit = 104;

/**
 * The sockets dockerd and its containerd make under a runtime folder (`-H` and `--exec-root`), longest first, as
 * seen on Docker 20.10 (`find -type s`); the libnetwork one is named by 12 hex digits.
 */
export const dockerSocketSuffixes = [
  'exec/containerd/containerd.sock.ttrpc',
  'exec/containerd/containerd-debug.sock',
  'exec/libnetwork/0123456789ab.sock',
  'docker.sock',
];

/** Podman's API socket; conmon's attach sockets sit under the storage and conmon shortens their paths itself. */
export const podmanSocketSuffixes = ['podman.sock'];

/** True when every `suffix` (a socket's path relative to `dir`) stays within socketPathLimit under `dir`. */
export function socketPathsFit(dir, suffixes) {
  return suffixes.every((suffix) => Buffer.byteLength(join(dir, suffix)) <= socketPathLimit);
}

/**
 * The folder under which runtime folders are made: /tmp when it can be used (short and the same for everyone),
 * else the system's temporary folder. `exists` is injected for the unit tests.
 */
export function runtimeBase({ exists = existsSync, systemTemp = tmpdir() } = {}) {
  return exists('/tmp') ? '/tmp' : systemTemp;
}

/**
 * Makes a fresh private runtime folder (`/tmp/<prefix>XXXXXX`, mode 0700) and checks that the sockets named by
 * `suffixes` fit under it; throws a message that says what to do when they do not.
 */
export function makeRuntimeDir(prefix, suffixes, base = runtimeBase()) {
  const dir = mkdtempSync(join(base, prefix));
  chmodSync(dir, 0o700);
  if (!socketPathsFit(dir, suffixes)) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `The engine's sockets under ${dir} would be longer than ${socketPathLimit} bytes; make /tmp usable or set TMPDIR to a short folder.`,
    );
  }
  return dir;
}

/**
 * True when `dir` is a runtime folder this user made: a real folder (not a symlink), owned by this user, mode 0700.
 * A recorded folder that fails this (removed by a /tmp cleaner, then made again by someone else) is not reused.
 */
export function isOwnRuntimeDir(dir) {
  try {
    const stat = lstatSync(dir);
    return stat.isDirectory() && !stat.isSymbolicLink() && stat.uid === process.getuid?.() && (stat.mode & 0o777) === 0o700;
  } catch {
    return false;
  }
}

/** Writes which runtime folder an engine's data folder uses (its `runtime.json`), so a later start() finds its socket. */
export function recordRuntimeDir(stateFile, runtimeDir) {
  writeFileSync(stateFile, `${JSON.stringify({ runtimeDir }, null, 2)}\n`);
}

/** The runtime folder `stateFile` records, when it is still this user's private folder (isOwnRuntimeDir). */
export function recordedRuntimeDir(stateFile) {
  try {
    const { runtimeDir } = JSON.parse(readFileSync(stateFile, 'utf8'));
    return typeof runtimeDir === 'string' && isOwnRuntimeDir(runtimeDir) ? runtimeDir : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes the octal escapes /proc/self/mountinfo uses for space, tab, newline and backslash in paths. */
function unescapeMountPath(path) {
  return path.replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * The mount points in `mountinfo` (the text of /proc/self/mountinfo) that are one of `paths` or under one of them,
 * deepest first, so they can be unmounted in that order.
 */
export function mountsUnder(mountinfo, paths) {
  const roots = paths.map((path) => path.replace(/\/+$/, ''));
  const points = mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter(Boolean)
    .map(unescapeMountPath)
    .filter((point) => roots.some((root) => point === root || point.startsWith(root + sep)));
  return [...new Set(points)].sort((a, b) => b.split(sep).length - a.split(sep).length || b.length - a.length);
}

/**
 * Unmounts everything mounted at or under `paths` (what a dockerd that died leaves: its --data-root is a private bind
 * mount of itself, and overlay and network-namespace mounts sit under it and under --exec-root), so the folders can
 * be removed. Returns the mount points it could not unmount.
 */
export function unmountUnder(paths) {
  let mountinfo;
  try {
    mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const stuck = [];
  for (const point of mountsUnder(mountinfo, paths)) {
    try {
      execFileSync('umount', [point], { stdio: 'ignore' });
    } catch {
      try {
        // Still busy (a process holds it): detach it now, the kernel frees it when the last user goes.
        execFileSync('umount', ['-l', point], { stdio: 'ignore' });
      } catch {
        stuck.push(point);
      }
    }
  }
  return stuck;
}

/** Unmounts what is left under `paths`, then removes them; says on stderr what could not be removed. */
export function unmountAndRemove(paths, what) {
  const stuck = unmountUnder(paths);
  for (const path of paths) {
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 3 });
    } catch (error) {
      console.error(`[${what}] could not remove ${path}: ${error.message}${stuck.length ? `; still mounted: ${stuck.join(', ')}` : ''}`);
    }
  }
}
