// Activation benchmark: how long activating the extension takes inside a real extension host (code-server, as the
// integration tier runs it, a fresh server and user-data folder per run): `extension.activate()` as the host sees it
// (loading dist/extension.js and running activate()), beside the same for an extension that does nothing, measured
// in the same host; and the time inside activate() that the extension reports itself (`activationMs` in its API).
// The integration tier asserts that activation loads no heavy package; the time is measured here, not asserted there.
// Runnable alone: node scripts/bench/activation.mjs
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../lib/run.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const buildDir = join(root, '.cache', 'bench-build', 'activation');
const runs = 3;

/** The suite the launcher runs in the extension host: activates each extension by id and prints both times. */
const suiteSource = `
const vscode = require('vscode');
exports.run = async function () {
  for (const id of process.env.AZL_BENCH_EXTENSIONS.split(',')) {
    const extension = vscode.extensions.getExtension(id);
    const started = performance.now();
    const api = await extension.activate();
    const outside = performance.now() - started;
    console.log('ACTIVATION ' + id + ' ' + outside + ' ' + (api && typeof api.activationMs === 'number' ? api.activationMs : -1));
  }
};
`;

/** A baseline extension that activates with nothing to do. */
function writeBaseline() {
  const folder = join(buildDir, 'baseline');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ name: 'baseline', publisher: 'azl-bench', version: '0.0.0', engines: { vscode: '^1.95.0' }, main: './extension.js' }),
  );
  writeFileSync(join(folder, 'extension.js'), 'exports.activate = function () { return {}; };\n');
  return folder;
}

export default async function activationBench({ log }) {
  const build = await run(process.execPath, ['esbuild.mjs'], { cwd: root, quiet: true });
  if (build.code !== 0) throw new Error(`building the extension failed:\n${build.output}`);
  mkdirSync(buildDir, { recursive: true });
  const suite = join(buildDir, 'suite.js');
  await esbuild.build({
    stdin: { contents: suiteSource, loader: 'js' },
    outfile: suite,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  });
  const baseline = writeBaseline();
  const ours = [];
  const inside = [];
  const empty = [];
  for (let index = 0; index < runs; index++) {
    const { code, output } = await run(
      process.execPath,
      [
        join(root, 'scripts', 'vscode-web', 'launch.mjs'),
        `--extensionDevelopmentPath=${root}`,
        `--extensionDevelopmentPath=${baseline}`,
        `--extensionTestsPath=${suite}`,
        join(root, 'samples'),
      ],
      { quiet: true, env: { AZL_BENCH_EXTENSIONS: 'azl-bench.baseline,azure-linux-tools.azure-linux-tools' } },
    );
    const figures = (id) => new RegExp(`ACTIVATION ${id.replace('.', '\\.')} ([\\d.]+) (-?[\\d.]+)`).exec(output)?.slice(1).map(Number);
    const [baselineMs] = figures('azl-bench.baseline') ?? [];
    const [oursMs, oursInsideMs] = figures('azure-linux-tools.azure-linux-tools') ?? [];
    if (code !== 0 || ![baselineMs, oursMs, oursInsideMs].every((value) => Number.isFinite(value) && value >= 0)) {
      throw new Error(`the activation run exited ${code} without the figures:\n${output.slice(-2000)}`);
    }
    log(
      `run ${index + 1}: ours ${oursMs.toFixed(1)} ms (${oursInsideMs.toFixed(1)} ms inside activate()), empty extension ${baselineMs.toFixed(1)} ms`,
    );
    ours.push(oursMs);
    inside.push(oursInsideMs);
    empty.push(baselineMs);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return [
    {
      name: `activation as the extension host sees it, vs an empty extension (median of ${runs} fresh code-servers)`,
      value: median(ours),
      unit: 'ms',
      baseline: median(empty),
      ratio: median(ours) / Math.max(median(empty), 0.001),
    },
    { name: 'time inside activate(), as the extension measures it', value: median(inside), unit: 'ms' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await activationBench({ log: console.log })) console.log(row);
}
