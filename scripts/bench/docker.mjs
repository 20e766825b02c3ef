// Local environments benchmark against the private Docker Engine (scripts/docker-engine.mjs):
// - "New azl-shell" with the image present, to the first prompt output, through the same engine steps the command
//   and the terminal run (src/docker/shellSteps.ts), beside `docker run -i ... sh -i` of the same image with the same
//   mount measured in the same run;
// - a Local Environments refresh (EnvironmentsModel.refresh() and the tree's grouping into roots) with 200
//   containers, beside `docker ps -a` listing the same containers.
// Runnable alone: node scripts/bench/docker.mjs
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shellRuns = 7;
const refreshRuns = 15;
const containerCount = 200;

/** Bundles the code the extension ships (engine, spec building, tree grouping) for plain Node. */
async function buildModules() {
  const outdir = join(root, '.cache', 'bench-build');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'docker-engine.cjs');
  await esbuild.build({
    stdin: {
      contents: [
        "export { createContainerEngine } from './src/docker/engine.ts';",
        "export { resolveEngineEndpoint } from './src/docker/core/endpoint.ts';",
        "export { machineProbes } from './src/docker/machine.ts';",
        "export { buildShellContainerSpec } from './src/docker/core/shellSpec.ts';",
        "export { createAndStartShell, startShellSession } from './src/docker/shellSteps.ts';",
        "export { EnvironmentsModel } from './src/features/localEnvironments/core/environmentsModel.ts';",
        "export { groupEnvironments } from './src/views/localEnvironments/core/presentation.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    logLevel: 'warning',
  });
  return (await import(pathToFileURL(outfile).href)).default;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Runs a command to completion; resolves with its stdout. */
function run(command, args, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolvePromise(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err}`)),
    );
  });
}

/** `docker run -i` with an interactive sh: time until the prompt appears on stderr, then exit. */
function dockerRunToPrompt(image, workspace, env) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const args = [
      'run',
      '--rm',
      '-i',
      '--init',
      '--network',
      'none',
      '--volume',
      `${workspace}:/workspace`,
      '--workdir',
      '/workspace',
      image,
      'sh',
      '-i',
    ];
    const child = spawn('docker', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let elapsed;
    const onOutput = () => {
      if (elapsed === undefined) {
        elapsed = performance.now() - started;
        child.stdin.write('exit\n');
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('error', reject);
    child.on('close', () => (elapsed === undefined ? reject(new Error('docker run produced no prompt')) : resolvePromise(elapsed)));
  });
}

export default async function runBenchmark({ log }) {
  const dockerEngine = await import(pathToFileURL(join(root, 'scripts', 'docker-engine.mjs')).href);
  const started = await dockerEngine.start();
  const env = { ...process.env, DOCKER_HOST: started.host };
  log(`Docker Engine ${started.version} at ${started.host}${started.reused ? ' (already running)' : ''}`);
  const m = await buildModules();
  const quiet = () => undefined;
  const engine = m.createContainerEngine(m.resolveEngineEndpoint(m.machineProbes(started.host, env)), {
    trace: quiet,
    debug: quiet,
    info: quiet,
    warn: quiet,
    error: quiet,
  });
  const image = started.image;
  const runLabel = 'dev.azurelinux.bench-run';
  const runId = `b${process.pid}`;
  const workspace = mkdtempSync(join(tmpdir(), 'azl-bench-ws-'));
  const rows = [];
  try {
    // Warm both paths once (first exec/first CLI start pay one-off costs on a fresh engine).
    await dockerRunToPrompt(image, workspace, env);

    const ours = [];
    const theirs = [];
    for (let i = 0; i < shellRuns; i++) {
      const t0 = performance.now();
      const spec = m.buildShellContainerSpec({
        image,
        name: `bench-shell-${runId}-${i}`,
        workspaceFolder: workspace,
        networkMode: 'none',
        extraLabels: { [runLabel]: runId },
      });
      const id = await m.createAndStartShell(engine, spec);
      const session = await m.startShellSession(engine, id, { inWorkspace: true, size: { columns: 120, rows: 30 } });
      await new Promise((resolveOutput) => session.onData(resolveOutput));
      ours.push(performance.now() - t0);
      session.close();
      await engine.remove(id);
      theirs.push(await dockerRunToPrompt(image, workspace, env));
    }
    const ourShell = median(ours);
    const cliShell = median(theirs);
    log(`new azl-shell to first prompt: ${ourShell.toFixed(0)} ms (docker run -i: ${cliShell.toFixed(0)} ms), medians of ${shellRuns}`);
    rows.push({
      name: 'new azl-shell to first prompt (image present)',
      value: ourShell,
      unit: 'ms',
      baseline: cliShell,
      ratio: ourShell / cliShell,
    });

    log(`creating ${containerCount} containers...`);
    for (let offset = 0; offset < containerCount; offset += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, containerCount - offset) }, (_, k) => {
          const n = offset + k;
          const labels = { [runLabel]: runId, ...(n % 2 === 0 ? { 'dev.azurelinux.shell': '1', 'dev.azurelinux.image': image } : {}) };
          return engine.createContainer({ image, name: `bench-tree-${runId}-${n}`, labels, cmd: ['true'], networkMode: 'none' });
        }),
      );
    }
    const refreshTimes = [];
    const cliTimes = [];
    let shells = 0;
    const quietLog = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };
    // The tree's model, as the view has it (ready, not listening to events, so only the refresh is timed).
    const model = new m.EnvironmentsModel(engine, quietLog);
    await model.refresh();
    for (let i = 0; i < refreshRuns; i++) {
      const t0 = performance.now();
      await model.refresh();
      const sections = m.groupEnvironments(model.snapshot.containers, model.snapshot.images, {
        showAllContainers: true,
        pending: model.pending,
      });
      refreshTimes.push(performance.now() - t0);
      shells = sections.shells.length;
      const t1 = performance.now();
      await run('docker', ['ps', '-a', '--format', '{{.ID}} {{.Names}} {{.Status}}'], env);
      cliTimes.push(performance.now() - t1);
    }
    const refresh = median(refreshTimes);
    const cli = median(cliTimes);
    log(
      `tree refresh with ${containerCount}+ containers (${shells} azl-shells): ${refresh.toFixed(1)} ms (docker ps -a: ${cli.toFixed(1)} ms), medians of ${refreshRuns}`,
    );
    rows.push({
      name: `tree refresh, ${containerCount} containers (model refresh + tree roots)`,
      value: refresh,
      unit: 'ms',
      baseline: cli,
      ratio: refresh / cli,
    });
    model.dispose();
  } finally {
    const mine = (await engine.listContainers()).filter((c) => c.labels[runLabel] === runId);
    for (let offset = 0; offset < mine.length; offset += 20) {
      await Promise.all(mine.slice(offset, offset + 20).map((c) => engine.remove(c.id)));
    }
    rmSync(workspace, { recursive: true, force: true });
    if (!started.reused) {
      await dockerEngine.stop();
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await runBenchmark({ log: (line) => console.log(line) });
  console.table(rows);
}
