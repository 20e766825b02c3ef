// A private Docker Engine for the engine test tier and the benchmarks: its own dockerd (no iptables, no bridge) with
// its data under .cache/docker and its sockets in a short private runtime folder under /tmp (scripts/lib/runtimeDir.mjs
// says why), and a registry-free test image made from busybox-static (scripts/lib/testImage.mjs).
//
//   node scripts/docker-engine.mjs start [DIR]   prints the DOCKER_HOST to use
//   node scripts/docker-engine.mjs stop [DIR]
//
// start() reuses an engine that already runs in DIR, so several people's test runs can share one: DIR/runtime.json
// records the runtime folder (and so the socket) of the engine DIR holds.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startLocalRegistry, stopLocalRegistry } from './lib/localRegistry.mjs';
import { engineCommandLine, provisionEngine } from './lib/engineContents.mjs';
import { isAlive, readPid, sleep, stopProcess } from './lib/processes.mjs';
import {
  dockerSocketSuffixes,
  makeRuntimeDir,
  recordRuntimeDir,
  recordedRuntimeDir,
  unmountAndRemove,
  unmountUnder,
} from './lib/runtimeDir.mjs';
import { imageCustomizerStandIn, imageCustomizerStandInTestName } from './lib/imageCustomizerStandIn.mjs';
import { privilegedRuntimeArgs } from './lib/privilegedRuntime.mjs';
import { engineAnswers, engineVersionAt, testImage } from './lib/testImage.mjs';

export { imageCustomizerStandIn, imageCustomizerStandInTestName, testImage };

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultEngineDir = join(repoRoot, '.cache', 'docker');

function paths(dir) {
  const root = resolve(dir ?? defaultEngineDir);
  return {
    root,
    pidFile: join(root, 'dockerd.pid'),
    logFile: join(root, 'dockerd.log'),
    dataRoot: join(root, 'data'),
    stateFile: join(root, 'runtime.json'),
  };
}

/** The socket, exec root and registry file of a runtime folder. */
function runtimePaths(runtimeDir) {
  return {
    runtimeDir,
    socket: join(runtimeDir, 'docker.sock'),
    execRoot: join(runtimeDir, 'exec'),
    registryFile: join(runtimeDir, 'registry.json'),
  };
}

/** The engine's version string ("20.10.24+dfsg1"), asked over the socket of DIR's engine. */
export async function engineVersion(dir) {
  const runtimeDir = recordedRuntimeDir(paths(dir).stateFile);
  if (!runtimeDir) throw new Error(`No Docker Engine runs in ${paths(dir).root}; start it with: node scripts/docker-engine.mjs start`);
  return engineVersionAt(runtimePaths(runtimeDir).socket);
}

/**
 * Starts (or reuses) a private dockerd in `dir` and makes sure the test image exists, and the local registry
 * (scripts/lib/localRegistry.mjs) with the layered image. Returns
 * { host: 'unix://...', socket, version, dir, runtimeDir, image, registry: '127.0.0.1:PORT', layeredImage, reused }.
 * When anything fails on an engine this call started, the engine is stopped and its folders are unmounted and removed.
 */
export async function start(dir) {
  const p = paths(dir);
  mkdirSync(p.root, { recursive: true });
  let runtimeDir = recordedRuntimeDir(p.stateFile);
  const pid = readPid(p.pidFile);
  const reused = Boolean(runtimeDir && pid && isAlive(pid) && (await engineAnswers(runtimePaths(runtimeDir).socket)));
  if (!reused) runtimeDir = await launch(p, runtimeDir);
  const r = runtimePaths(runtimeDir);
  try {
    // A local registry with a multi-layer image, so the tests pull for real.
    const registry = await startLocalRegistry({ owner: p.root });
    return await provisionEngine({ runtime: r, registry, root: p.root, reused });
  } catch (error) {
    if (!reused) await stop(dir);
    throw error;
  }
}

/** The lines of dockerd's log that say why it stopped (level=error or fatal), for the error message. */
function logReasons(logFile, startOffset) {
  try {
    const text = readFileSync(logFile).subarray(startOffset).toString('utf8');
    const reasons = text.split('\n').filter((line) => /level=(error|fatal)|failed to start|too long/i.test(line));
    return reasons.length ? `\n${reasons.slice(-5).join('\n')}` : '';
  } catch {
    return '';
  }
}

/** Launches dockerd; returns its runtime folder. On any failure nothing stays running or mounted. */
async function launch(p, recorded) {
  const stalePid = readPid(p.pidFile);
  if (stalePid && isAlive(stalePid)) {
    // Running but not answering yet: give it a moment before deciding.
    const socket = recorded && runtimePaths(recorded).socket;
    for (let i = 0; i < 50 && socket && !(await engineAnswers(socket)); i++) await sleep(100);
    if (socket && (await engineAnswers(socket))) return recorded;
    throw new Error(`dockerd (pid ${stalePid}) in ${p.root} runs but does not answer; stop it with: node scripts/docker-engine.mjs stop`);
  }
  // A dockerd that died (or was killed) leaves its mounts behind: clear them before starting again.
  unmountUnder([p.dataRoot, ...(recorded ? [recorded] : [])]);
  // Keep a recorded runtime folder, so an engine stopped with keepData comes back on the same socket.
  const runtimeDir = recorded ?? makeRuntimeDir('azl-docker-', dockerSocketSuffixes);
  recordRuntimeDir(p.stateFile, runtimeDir);
  const r = runtimePaths(runtimeDir);
  rmSync(r.socket, { force: true });
  rmSync(p.pidFile, { force: true });
  mkdirSync(p.dataRoot, { recursive: true });
  mkdirSync(r.execRoot, { recursive: true });
  const log = openSync(p.logFile, 'a');
  const logStart = statSync(p.logFile).size;
  const child = spawn(
    'dockerd',
    [
      '-H',
      `unix://${r.socket}`,
      '--data-root',
      p.dataRoot,
      '--exec-root',
      r.execRoot,
      '--pidfile',
      p.pidFile,
      '--storage-driver',
      process.env.AZL_DOCKER_STORAGE_DRIVER ?? 'overlay2',
      '--iptables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      '--bridge=none',
      // Privileged containers (image builds) where the sandbox's capability bounding set is short.
      ...privilegedRuntimeArgs(p.root),
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let exited;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  child.on('error', (error) => (exited = error.message));
  child.unref();
  const deadline = Date.now() + 30_000;
  let failure;
  while (!failure) {
    if (exited !== undefined) failure = `dockerd exited (${exited}) before it was ready; see ${p.logFile}`;
    else if (await engineAnswers(r.socket)) return runtimeDir;
    else if (Date.now() > deadline) failure = `dockerd did not answer on ${r.socket} within 30 s; see ${p.logFile}`;
    else await sleep(100);
  }
  // dockerd made --data-root a private bind mount of itself before it failed: stop it and undo that, or the
  // checkout cannot be deleted.
  if (child.pid && isAlive(child.pid)) await stopProcess(child.pid);
  unmountAndRemove([runtimeDir], 'docker-engine');
  unmountUnder([p.dataRoot]);
  rmSync(p.stateFile, { force: true });
  throw new Error(`${failure}${logReasons(p.logFile, logStart)}`);
}

/**
 * Stops the private dockerd in `dir` (its containers stop with it), unmounts what it left and removes its runtime
 * folder and everything it kept in `dir`. With { keepData: true } only the daemon stops, so a later start() finds
 * the same images and containers on the same socket.
 */
export async function stop(dir, { keepData = false } = {}) {
  const p = paths(dir);
  const pid = readPid(p.pidFile);
  if (pid && isAlive(pid)) await stopProcess(pid);
  // Only the engine that started the registry stops it; one that merely reused it leaves it to its owner.
  await stopLocalRegistry({ owner: p.root, keepData });
  const runtimeDir = recordedRuntimeDir(p.stateFile);
  // dockerd unmounts its layers on a clean shutdown; after a kill they stay mounted and removal would fail.
  unmountUnder([p.dataRoot, ...(runtimeDir ? [runtimeDir] : [])]);
  if (keepData) return;
  unmountAndRemove([...(runtimeDir ? [runtimeDir] : []), p.root], 'docker-engine');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await engineCommandLine('Docker Engine', 'docker-engine.mjs', { start, stop, engineVersion });
}
