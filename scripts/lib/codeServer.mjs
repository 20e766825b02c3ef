// Starts code-server (VS Code OSS as a server, on Node 24) on 127.0.0.1 with private state, and stops it cleanly.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { codeServerEntry, codeServerVscodePackage, node24, runsDir } from './paths.mjs';
import { stopOnSignal } from './stopOnSignal.mjs';

export function codeServerInstalled() {
  return existsSync(node24) && existsSync(codeServerEntry);
}

/** The VS Code version code-server is built on, e.g. "1.139.1". */
export function codeServerVscodeVersion() {
  return JSON.parse(readFileSync(codeServerVscodePackage, 'utf8')).version;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A quiet workbench: no welcome page, no chat panel, no telemetry prompts.
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'git.openRepositoryInParentFolders': 'never',
};

const runDirRemovals = new Map();

/**
 * A fresh folder for one run's user data, extensions and XDG homes (a reused one flaked once in measurements). A stop
 * signal removes it too, after the code-server that uses it (scripts/lib/stopOnSignal.mjs stops newest first).
 */
export function freshRunDir(prefix) {
  mkdirSync(runsDir, { recursive: true });
  const runDir = mkdtempSync(join(runsDir, `${prefix}-`));
  runDirRemovals.set(
    runDir,
    stopOnSignal(() => removeRunDir(runDir)),
  );
  mkdirSync(join(runDir, 'user-data', 'User'), { recursive: true });
  writeFileSync(join(runDir, 'user-data', 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  return runDir;
}

/** Removes a run's folder unless AZL_KEEP_RUNS asks to keep it for a post-mortem. */
export function removeRunDir(runDir) {
  runDirRemovals.get(runDir)?.();
  runDirRemovals.delete(runDir);
  if (!process.env.AZL_KEEP_RUNS) rmSync(runDir, { recursive: true, force: true });
}

/**
 * @param {{ runDir: string, env?: Record<string, string | undefined>, extensionsDir?: string, port?: number,
 *   smokeTestDriver?: boolean, onOutput?: (text: string) => void }} options
 */
export async function startCodeServer(options) {
  if (!codeServerInstalled()) {
    throw new Error('code-server is not installed. Run: bash scripts/setup-bench.sh');
  }
  const port = options.port ?? (await freePort());
  const extensionsDir = options.extensionsDir ?? join(options.runDir, 'extensions');
  const args = [
    codeServerEntry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    join(options.runDir, 'user-data'),
    '--extensions-dir',
    extensionsDir,
  ];
  if (options.smokeTestDriver !== false) args.push('--vscode-option', 'enable-smoke-test-driver');
  const env = {
    ...process.env,
    ...options.env,
    XDG_CONFIG_HOME: join(options.runDir, 'config'),
    XDG_DATA_HOME: join(options.runDir, 'data'),
  };
  // Node 24 must come first: code-server's extension host and its child processes use it.
  env.PATH = `${join(node24, '..')}:${env.PATH ?? ''}`;
  const child = spawn(node24, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const stop = async () => {
    unregister();
    stopProcessGroup(child);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null && child.signalCode === null) stopProcessGroup(child, 'SIGKILL');
  };
  // code-server runs in its own process group, which a signal to this one does not reach: stop it on one.
  const unregister = stopOnSignal(stop);
  const output = [];
  const collect = (chunk) => {
    const text = chunk.toString();
    output.push(text);
    options.onOutput?.(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await Promise.race([exited.then((code) => ({ code })), healthy(url)]);
    if (state === true) break;
    if (typeof state === 'object') {
      await stop();
      throw new Error(`code-server exited (${state.code}) before it was ready:\n${output.join('')}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz within 60 s:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  return {
    url,
    port,
    output: () => output.join(''),
    stop,
  };
}

async function healthy(url) {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

function stopProcessGroup(child, signal = 'SIGTERM') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
