// Activation benchmark: the time activate() takes inside a real extension host (code-server, as the integration tier
// runs it, with the sample workspace), as the extension measures it itself (`activationMs` in its API), over a few
// fresh servers and user-data folders. The workbench activates the extension on its own before a suite could time it
// from outside (its JSON and YAML documents fire the onLanguage events), so the extension's own figure is the one
// there is. The integration tier asserts that activation loads no heavy package; the time is measured here, not
// asserted there.
// Runnable alone: node scripts/bench/activation.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../lib/run.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const buildDir = join(root, '.cache', 'bench-build', 'activation');
const runs = 5;

/** The suite the launcher runs in the extension host: activates the extension (or finds it active) and prints its figure. */
const suiteSource = `
const vscode = require('vscode');
exports.run = async function () {
  const api = await vscode.extensions.getExtension('azure-linux-tools.azure-linux-tools').activate();
  console.log('ACTIVATION ' + api.activationMs);
};
`;

export default async function activationBench({ log }) {
  const build = await run(process.execPath, ['esbuild.mjs'], { cwd: root, quiet: true });
  if (build.code !== 0) throw new Error(`building the extension failed:\n${build.output}`);
  mkdirSync(buildDir, { recursive: true });
  const suite = join(buildDir, 'suite.js');
  writeFileSync(suite, suiteSource);
  const figures = [];
  for (let index = 0; index < runs; index++) {
    const { code, output } = await run(
      process.execPath,
      [
        join(root, 'scripts', 'vscode-web', 'launch.mjs'),
        `--extensionDevelopmentPath=${root}`,
        `--extensionTestsPath=${suite}`,
        join(root, 'samples'),
      ],
      { quiet: true },
    );
    const figure = Number(/ACTIVATION ([\d.]+)/.exec(output)?.[1]);
    if (code !== 0 || !Number.isFinite(figure)) {
      throw new Error(`the activation run exited ${code} without the figure:\n${output.slice(-2000)}`);
    }
    log(`run ${index + 1}: activate() took ${figure.toFixed(1)} ms`);
    figures.push(figure);
  }
  const sorted = [...figures].sort((a, b) => a - b);
  return [
    { name: `activate() in code-server's extension host, median of ${runs} fresh hosts`, value: sorted[Math.floor(runs / 2)], unit: 'ms' },
    { name: `activate() in code-server's extension host, slowest of ${runs}`, value: sorted[runs - 1], unit: 'ms' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await activationBench({ log: console.log })) console.log(row);
}
