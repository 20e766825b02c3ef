// A private container registry for the Docker test tier: Debian's docker-registry (distribution 2.8) with a
// config of ours, storage under .cache/registry, listening on 127.0.0.1:<free port>, no auth and no TLS (the
// engine treats 127.0.0.0/8 registries as insecure-allowed, so it pulls over plain HTTP without any daemon flag).
//
// Like the private engine, a registry that already runs in its folder is reused, so several runs share one.
// The registry records who started it (`owner`), so a run that only reused it does not stop it under others.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Docker from 'dockerode';
import { pack } from 'tar-stream';
import { repoRoot } from './paths.mjs';

export const registryBinary = '/usr/bin/docker-registry';
export const defaultRegistryDir = join(repoRoot, '.cache', 'registry');
/**
 * The multi-layer test image kept in the registry, as repository:tag. The tag is the recipe's version: change
 * layeredImageLayers and bump it, so a registry that kept its storage does not serve the old recipe.
 */
export const layeredImagePath = 'azl-test/layered:1';
/** The big layer: random (incompressible) bytes, so a pull spends long enough downloading to be cancelled. */
const payloadBytes = 48 * 1024 * 1024;
const manifestTypes = ['application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.manifest.v1+json'];

function paths(dir) {
  const root = dir ?? defaultRegistryDir;
  return {
    root,
    config: join(root, 'config.yml'),
    state: join(root, 'registry.json'),
    log: join(root, 'registry.log'),
    storage: join(root, 'data'),
  };
}

const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

function readState(stateFile) {
  try {
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    return Number.isInteger(state.pid) && typeof state.address === 'string' ? state : undefined;
  } catch {
    return undefined;
  }
}

/** True when `pid` runs and is a docker-registry (a recycled pid of another program does not count). */
function isRegistryProcess(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0].endsWith('docker-registry');
  } catch {
    return false;
  }
}

/** True when the registry at `address` answers the API version check (`GET /v2/` → 200). */
export async function registryAnswers(address) {
  try {
    const response = await fetch(`http://${address}/v2/`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function configText(storage, address) {
  // JSON strings are valid YAML scalars, so paths with any characters stay intact.
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storage)}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${JSON.stringify(address)}`,
    '',
  ].join('\n');
}

/**
 * Starts (or reuses) the local registry in `dir` and waits until it answers.
 * Returns { address: '127.0.0.1:PORT', url, pid, dir, reused, stop(options) }.
 */
export async function startLocalRegistry({ dir, owner } = {}) {
  const p = paths(dir);
  const state = readState(p.state);
  if (state && isRegistryProcess(state.pid) && (await registryAnswers(state.address))) {
    return handle(p, state, true);
  }
  if (!existsSync(registryBinary)) {
    throw new Error(
      `${registryBinary} is missing; install it with: apt-get install -y --no-install-recommends docker-registry (or run scripts/setup-bench.sh)`,
    );
  }
  if (state && isRegistryProcess(state.pid)) {
    // Runs but does not answer: it is ours and stuck, so replace it.
    await stopProcess(state.pid);
  }
  mkdirSync(p.storage, { recursive: true });
  // Another program can take the free port between the check and the registry's bind: then try another one.
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const address = `127.0.0.1:${await freePort()}`;
    writeFileSync(p.config, configText(p.storage, address));
    try {
      const pid = await launch(p, address);
      const started = { pid, address, owner: owner ?? null };
      writeFileSync(p.state, `${JSON.stringify(started, null, 2)}\n`);
      return handle(p, started, false);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function handle(p, state, reused) {
  return {
    address: state.address,
    url: `http://${state.address}`,
    pid: state.pid,
    dir: p.root,
    reused,
    stop: (options) => stopLocalRegistry({ ...options, dir: p.root }),
  };
}

async function launch(p, address) {
  const log = openSync(p.log, 'a');
  const child = spawn(registryBinary, ['serve', p.config], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  let exited;
  child.on('exit', (code) => (exited = code));
  child.on('error', (error) => (exited = error.message));
  child.unref();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(`docker-registry exited (${exited}) before it answered on ${address}; see ${p.log}`);
    }
    if (await registryAnswers(address)) return child.pid;
    await sleep(100);
  }
  await stopProcess(child.pid);
  throw new Error(`docker-registry did not answer on ${address} within 15 s; see ${p.log}`);
}

async function stopProcess(pid) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (isRegistryProcess(pid) && Date.now() < deadline) await sleep(50);
  if (isRegistryProcess(pid)) {
    process.kill(pid, 'SIGKILL');
    while (isRegistryProcess(pid)) await sleep(50);
  }
}

/**
 * Stops the registry in `dir` and removes its storage, unless { keepData: true }.
 * With `owner`, stops it only when that owner started it: a caller that merely reused it leaves it running.
 */
export async function stopLocalRegistry({ dir, owner, keepData = false } = {}) {
  const p = paths(dir);
  const state = readState(p.state);
  if (owner !== undefined && state && state.owner !== owner) return;
  if (state && isRegistryProcess(state.pid)) await stopProcess(state.pid);
  if (keepData) {
    rmSync(p.state, { force: true });
    return;
  }
  rmSync(p.root, { recursive: true, force: true, maxRetries: 3 });
}

/** True when the registry holds a manifest for `repository:tag`. */
export async function registryHasImage(address, imagePath) {
  const colon = imagePath.lastIndexOf(':');
  const response = await fetch(`http://${address}/v2/${imagePath.slice(0, colon)}/manifests/${imagePath.slice(colon + 1)}`, {
    method: 'HEAD',
    headers: { Accept: manifestTypes.join(', ') },
    signal: AbortSignal.timeout(5000),
  });
  return response.status === 200;
}

/** Reads an Engine API JSON-lines stream to its end; rejects with the engine's own message when a line is an error. */
function followEngineStream(stream, what) {
  return new Promise((resolveStream, reject) => {
    let pending = '';
    let failure;
    const inspect = (line) => {
      if (!line.trim()) return;
      try {
        const event = JSON.parse(line);
        failure ??= event.errorDetail?.message ?? event.error;
      } catch {
        // Not JSON: plain text from the engine, nothing to check.
      }
    };
    stream.on('data', (chunk) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(inspect);
    });
    stream.on('end', () => {
      inspect(pending);
      if (failure) reject(new Error(`${what} failed: ${failure}`));
      else resolveStream();
    });
    stream.on('error', (error) => reject(new Error(`${what} failed: ${error.message}`)));
  });
}

/** The build context: a Dockerfile and the files of three COPY layers, one of them big random bytes. */
function layeredImageContext(baseImage) {
  const tar = pack();
  const dockerfile = [
    `FROM ${baseImage}`,
    'COPY notes.txt /opt/layered/notes.txt',
    'COPY payload.bin /opt/layered/payload.bin',
    'COPY version.txt /opt/layered/version.txt',
    `LABEL dev.azurelinux.test.layered=${layeredImagePath.split(':')[1]}`,
    '',
  ].join('\n');
  tar.entry({ name: 'Dockerfile' }, dockerfile);
  tar.entry({ name: 'notes.txt' }, 'A multi-layer image for the Docker tier pull tests; see scripts/lib/localRegistry.mjs.\n');
  tar.entry({ name: 'payload.bin' }, randomBytes(payloadBytes));
  tar.entry({ name: 'version.txt' }, `${layeredImagePath}\n`);
  tar.finalize();
  return tar;
}

/**
 * Makes sure the registry at `registry` holds the layered test image, building it on `baseImage` in the engine at
 * `socket` and pushing it when it does not. The engine keeps no copy afterwards, so a pull is a real download.
 * Returns the pullable reference, `127.0.0.1:PORT/azl-test/layered:1`.
 */
export async function ensureLayeredImage({ socket, registry, baseImage }) {
  const ref = `${registry}/${layeredImagePath}`;
  if (await registryHasImage(registry, layeredImagePath)) return ref;
  const docker = new Docker({ socketPath: socket });
  const colon = ref.lastIndexOf(':');
  const [repository, tag] = [ref.slice(0, colon), ref.slice(colon + 1)];
  await followEngineStream(await docker.buildImage(layeredImageContext(baseImage), { t: ref, rm: true, forcerm: true }), `Building ${ref}`);
  try {
    // The Engine API wants an X-Registry-Auth header on every push; an empty one means "no credentials".
    await followEngineStream(await docker.getImage(repository).push({ tag, authconfig: {} }), `Pushing ${ref}`);
  } finally {
    await docker
      .getImage(ref)
      .remove({ force: true })
      .catch(() => undefined);
  }
  if (!(await registryHasImage(registry, layeredImagePath))) {
    throw new Error(`Pushed ${ref}, but the registry at ${registry} does not list it; see registry.log beside its storage`);
  }
  return ref;
}
