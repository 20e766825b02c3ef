// A private Podman for the podman test tier: Debian's podman 4.3 serving its Docker-compatible API
// (`podman system service --time=0 unix://<runtime folder>/podman.sock`), with its storage under .cache/podman and
// its socket, run root and temporary files in a short private runtime folder under /tmp (scripts/lib/runtimeDir.mjs).
// It holds the same registry-free test image as the Docker engine (scripts/lib/testImage.mjs, imported through
// the API as `docker import` does) and pulls from the same local registry (scripts/lib/localRegistry.mjs).
//
//   node scripts/podman-engine.mjs start [DIR]   prints the DOCKER_HOST to use
//   node scripts/podman-engine.mjs stop [DIR]
//
// Its configuration is private too: CONTAINERS_CONF, CONTAINERS_STORAGE_CONF and CONTAINERS_REGISTRIES_CONF point
// at files in DIR, so the machine's /etc/containers is neither read for storage nor changed.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startLocalRegistry, stopLocalRegistry } from './lib/localRegistry.mjs';
import { engineCommandLine, provisionEngine } from './lib/engineContents.mjs';
import { isAlive, processesOf, readPid, sleep, stopProcess } from './lib/processes.mjs';
import {
  makeRuntimeDir,
  podmanSocketSuffixes,
  recordRuntimeDir,
  recordedRuntimeDir,
  unmountAndRemove,
  unmountUnder,
} from './lib/runtimeDir.mjs';
import { engineAnswers, engineRequest, engineVersionAt } from './lib/testImage.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultPodmanDir = join(repoRoot, '.cache', 'podman');
/** Debian's catatonit, the init Podman runs for `Init: true` (Podman looks in /usr/libexec/podman by default). */
const catatonit = '/usr/bin/catatonit';

function paths(dir) {
  const root = resolve(dir ?? defaultPodmanDir);
  return {
    root,
    storage: join(root, 'storage'),
    pidFile: join(root, 'podman.pid'),
    logFile: join(root, 'podman.log'),
    stateFile: join(root, 'runtime.json'),
    containersConf: join(root, 'containers.conf'),
    storageConf: join(root, 'storage.conf'),
    registriesConf: join(root, 'registries.conf'),
  };
}

function runtimePaths(runtimeDir) {
  return {
    runtimeDir,
    socket: join(runtimeDir, 'podman.sock'),
    runRoot: join(runtimeDir, 'run'),
    tmpDir: join(runtimeDir, 'tmp'),
    registryFile: join(runtimeDir, 'registry.json'),
  };
}

/** TOML basic strings are JSON strings for the characters a path can hold. */
const toml = (value) => JSON.stringify(value);

/**
 * What Podman 4.3 needs to run here as root without systemd or a network stack (containers.conf(5)): no network
 * namespace set-up (no CNI or netavark is installed), cgroupfs instead of systemd, events in a file instead of the
 * journal, limits on open files and processes (the defaults are unlimited, which crun and catatonit refuse), and
 * Debian's catatonit as the init.
 */
function containersConf(r) {
  return [
    '[containers]',
    'default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]',
    'netns = "none"',
    `init_path = ${toml(catatonit)}`,
    '',
    '[engine]',
    'cgroup_manager = "cgroupfs"',
    'events_logger = "file"',
    `tmp_dir = ${toml(r.tmpDir)}`,
    '',
  ].join('\n');
}

/** Storage under DIR, run state in the runtime folder (containers-storage.conf(5)). */
function storageConf(p, r) {
  return ['[storage]', 'driver = "overlay"', `graphroot = ${toml(p.storage)}`, `runroot = ${toml(r.runRoot)}`, ''].join('\n');
}

/**
 * The local registry speaks plain HTTP. Docker treats 127.0.0.0/8 registries as insecure by itself; Podman needs them
 * named `insecure = true` in registries.conf (containers-registries.conf(5)), as a person using one would.
 */
function registriesConf(registryAddress) {
  return ['unqualified-search-registries = []', '', '[[registry]]', `location = ${toml(registryAddress)}`, 'insecure = true', ''].join(
    '\n',
  );
}

/** The environment podman runs with: only these files configure it. */
function podmanEnv(p) {
  return {
    ...process.env,
    CONTAINERS_CONF: p.containersConf,
    CONTAINERS_STORAGE_CONF: p.storageConf,
    CONTAINERS_REGISTRIES_CONF: p.registriesConf,
  };
}

/** The Podman version string ("4.3.1"), asked over the socket of DIR's service. */
export async function engineVersion(dir) {
  const runtimeDir = recordedRuntimeDir(paths(dir).stateFile);
  if (!runtimeDir) throw new Error(`No Podman runs in ${paths(dir).root}; start it with: node scripts/podman-engine.mjs start`);
  return engineVersionAt(runtimePaths(runtimeDir).socket);
}

/**
 * Starts (or reuses) a private Podman service in `dir`, with the test image, and the local registry with the layered
 * image. Returns { host: 'unix://...', socket, version, dir, runtimeDir, image, registry, layeredImage, reused }.
 * When anything fails on a service this call started, it is stopped and its folders are unmounted and removed.
 */
export async function start(dir) {
  const p = paths(dir);
  mkdirSync(p.root, { recursive: true });
  // The registry first: Podman reads the registry's address from registries.conf when it starts.
  const registry = await startLocalRegistry({ owner: p.root });
  let runtimeDir = recordedRuntimeDir(p.stateFile);
  const pid = readPid(p.pidFile);
  const sameRegistry = existsSync(p.registriesConf) && readFileSync(p.registriesConf, 'utf8') === registriesConf(registry.address);
  const reused = Boolean(runtimeDir && pid && isAlive(pid) && sameRegistry && (await engineAnswers(runtimePaths(runtimeDir).socket)));
  try {
    if (!reused) {
      if (pid && isAlive(pid)) await stopProcess(pid);
      runtimeDir = await launch(p, runtimeDir, registry.address);
    }
    const r = runtimePaths(runtimeDir);
    return await provisionEngine({ runtime: r, registry, root: p.root, reused });
  } catch (error) {
    if (!reused) await stop(dir);
    throw error;
  }
}

/** Launches `podman system service`; returns its runtime folder. On any failure nothing stays running or mounted. */
async function launch(p, recorded, registryAddress) {
  if (!existsSync(catatonit)) {
    throw new Error(`${catatonit} is missing; install it with: apt-get install -y --no-install-recommends podman catatonit`);
  }
  unmountUnder([p.storage, ...(recorded ? [recorded] : [])]);
  const runtimeDir = recorded ?? makeRuntimeDir('azl-podman-', podmanSocketSuffixes);
  recordRuntimeDir(p.stateFile, runtimeDir);
  const r = runtimePaths(runtimeDir);
  rmSync(r.socket, { force: true });
  for (const folder of [p.storage, r.runRoot, r.tmpDir]) mkdirSync(folder, { recursive: true });
  writeFileSync(p.containersConf, containersConf(r));
  writeFileSync(p.storageConf, storageConf(p, r));
  writeFileSync(p.registriesConf, registriesConf(registryAddress));
  const log = openSync(p.logFile, 'a');
  const child = spawn('podman', ['system', 'service', '--time=0', `unix://${r.socket}`], {
    detached: true,
    stdio: ['ignore', log, log],
    env: podmanEnv(p),
  });
  closeSync(log);
  let exited;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  child.on('error', (error) => (exited = error.message));
  child.unref();
  if (child.pid) writeFileSync(p.pidFile, `${child.pid}\n`);
  const deadline = Date.now() + 30_000;
  let failure;
  while (!failure) {
    if (exited !== undefined) failure = `podman system service exited (${exited}) before it was ready; see ${p.logFile}`;
    else if (await engineAnswers(r.socket)) return runtimeDir;
    else if (Date.now() > deadline) failure = `podman system service did not answer on ${r.socket} within 30 s; see ${p.logFile}`;
    else await sleep(100);
  }
  if (child.pid && isAlive(child.pid)) await stopProcess(child.pid);
  unmountAndRemove([runtimeDir], 'podman-engine');
  unmountUnder([p.storage]);
  rmSync(p.stateFile, { force: true });
  throw new Error(failure);
}

/**
 * Stops (or, with `remove`, removes) every container of the service: conmon keeps containers running after the
 * service itself stops, where dockerd's containers stop with it.
 */
async function endAllContainers(socket, { remove }) {
  try {
    const { status, body } = await engineRequest(socket, 'GET', '/containers/json?all=1');
    if (status !== 200) return;
    for (const container of JSON.parse(body)) {
      const [method, path] = remove
        ? ['DELETE', `/containers/${container.Id}?force=1&v=1`]
        : ['POST', `/containers/${container.Id}/stop?t=5`];
      await engineRequest(socket, method, path, undefined, 30_000).catch(() => undefined);
    }
  } catch {
    // The service does not answer: nothing to ask it.
  }
}

/**
 * Stops the private Podman service in `dir` and its containers, as dockerd's stop with it. Without { keepData: true }
 * the containers are removed, what is left mounted is unmounted and the runtime folder and everything in `dir` are
 * removed; with it a later start() finds the same images and containers on the same socket.
 */
export async function stop(dir, { keepData = false } = {}) {
  const p = paths(dir);
  const runtimeDir = recordedRuntimeDir(p.stateFile);
  const pid = readPid(p.pidFile);
  const running = Boolean(pid && isAlive(pid));
  if (running && runtimeDir) await endAllContainers(runtimePaths(runtimeDir).socket, { remove: !keepData });
  if (running) await stopProcess(pid);
  // conmon monitors each container and exec on its own and lingers after an exec (--exit-delay 300): stop the ones
  // that watch this storage, so nothing of the run outlives it.
  await Promise.all(processesOf('conmon', p.storage).map((conmon) => stopProcess(conmon, 5_000)));
  rmSync(p.pidFile, { force: true });
  await stopLocalRegistry({ owner: p.root, keepData });
  if (keepData) return;
  unmountAndRemove([...(runtimeDir ? [runtimeDir] : []), p.root], 'podman-engine');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await engineCommandLine('Podman', 'podman-engine.mjs', { start, stop, engineVersion });
}
