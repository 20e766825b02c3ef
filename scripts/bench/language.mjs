// Language engine benchmark: checks generated Image Customizer configs of 100 to 50,000 lines with our engine
// (`analyze`: parse + schema + rules, exact ranges) and, in the same run, times a bare `yaml` parseDocument, a bare
// `js-yaml` load (the practical floor) and yaml-language-server validating against a JSON schema of the format.
// Runnable alone: node scripts/bench/language.mjs
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const sizes = [100, 1_000, 10_000, 50_000];

/** Bundles the pure engine (and our JSON-schema export) so the bench measures the code the extension ships. */
async function buildEngine() {
  const outdir = join(root, '.cache', 'bench-build');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'language-engine.cjs');
  await esbuild.build({
    stdin: { contents: "export * from './src/language/core/index.ts';", resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
  });
  return (await import(pathToFileURL(outfile).href)).default;
}

/** A realistic image config: storage, then packages, files with content, users and scripts until `lines` lines. */
export function generateImageConfig(lines) {
  const out = [
    '# Generated for the language benchmark.',
    'storage:',
    '  bootType: efi',
    '  disks:',
    '  - partitionTableType: gpt',
    '    maxSize: 4G',
    '    partitions:',
    '    - id: esp',
    '      type: esp',
    '      size: 8M',
    '    - id: rootfs',
    '      size: grow',
    '  filesystems:',
    '  - deviceId: esp',
    '    type: fat32',
    '    mountPoint:',
    '      path: /boot/efi',
    '      options: umask=0077',
    '  - deviceId: rootfs',
    '    type: ext4',
    '    mountPoint:',
    '      path: /',
    'os:',
    '  hostname: bench-host',
    '  bootloader:',
    '    resetType: hard-reset',
    '  selinux:',
    '    mode: permissive',
    '  kernelCommandLine:',
    '    extraCommandLine:',
    '    - console=ttyS0',
  ];
  const budget = Math.max(0, lines - out.length - 8);
  const packages = Math.max(1, Math.floor(budget * 0.2));
  const fileBlocks = Math.max(1, Math.floor((budget * 0.5) / 7));
  const userBlocks = Math.max(1, Math.floor((budget * 0.3) / 6));
  out.push('  packages:', '    install:');
  for (let i = 0; i < packages; i++) out.push(`    - package-${i} # pinned by the bench`);
  out.push('  additionalFiles:');
  for (let i = 0; i < fileBlocks; i++) {
    out.push(
      `  - destination: /etc/bench/file-${i}.conf`,
      '    content: |',
      `      key=${i}`,
      '      # a comment inside the file',
      '      other="value"',
      `    permissions: "0644"`,
      '',
    );
  }
  out.push('  users:');
  for (let i = 0; i < userBlocks; i++) {
    out.push(
      `  - name: user${i}`,
      `    uid: ${1000 + i}`,
      '    secondaryGroups: [wheel, sudo]',
      `    startupCommand: /bin/bash`,
      `    passwordExpiresDays: 90`,
      '',
    );
  }
  out.push('output:', '  image:', '    format: vhdx');
  return `${out.slice(0, Math.max(lines, 40)).join('\n')}\n`;
}

/** The same config with one line in the middle indented by a tab: a syntax error, as while typing. */
export function withSyntaxError(text) {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  lines.splice(middle, 0, '\tbroken: true');
  return lines.join('\n');
}

/** The same config with an anchor on one kernel argument and an alias repeating it. */
export function withAnchorAndAlias(text) {
  return text.replace('    - console=ttyS0\n', '    - &console console=ttyS0\n    - *console\n');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The median of `runs` timed calls after one warm-up, and the fastest: a run that met a garbage collection is slower. */
async function time(runs, fn) {
  await fn(); // warm-up
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { median: median(samples), min: Math.min(...samples) };
}

/** Enough runs that the median is not decided by where the collector happens to strike on a shared machine. */
function runsFor(lines) {
  return lines <= 100 ? 40 : lines <= 1_000 ? 20 : lines <= 10_000 ? 15 : 5;
}

/** Wall time of one process run, in milliseconds. */
function timeProcess(command, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.error) throw result.error;
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * azl-lint as a whole process (start-up, reading, checking, printing) against a process that only loads the same
 * 50,000-line file with js-yaml: the CLI's real cost next to the cheapest thing that reads the file at all. Runs
 * alternate so both see the same machine load; the built dist/azl-lint.js is measured (npm run build first).
 */
export function wholeProcess({ log, runs = 11 }) {
  const folder = mkdtempSync(join(tmpdir(), 'azl-bench-'));
  try {
    const config = join(folder, 'big.azl.yaml');
    writeFileSync(config, generateImageConfig(50_000));
    const loader = join(folder, 'load.cjs');
    writeFileSync(
      loader,
      `require(${JSON.stringify(require.resolve('js-yaml'))}).load(require('fs').readFileSync(process.argv[2], 'utf8'));\n`,
    );
    const lint = join(root, 'dist', 'azl-lint.js');
    const lintTimes = [];
    const loadTimes = [];
    // One of each first: the compile cache and the file system cache warm up as they would for a user's second run.
    timeProcess(process.execPath, [lint, config]);
    timeProcess(process.execPath, [loader, config]);
    for (let i = 0; i < runs; i++) {
      lintTimes.push(timeProcess(process.execPath, [lint, config]));
      loadTimes.push(timeProcess(process.execPath, [loader, config]));
    }
    const ours = median(lintTimes);
    const floor = median(loadTimes);
    log(
      `whole process, 50,000 lines (node ${process.version}): azl-lint ${ours.toFixed(0)} ms | js-yaml load process ${floor.toFixed(0)} ms | azl-lint/js-yaml ${(ours / floor).toFixed(2)}x (target 1.3x)`,
    );
    return [
      { name: 'azl-lint process 50000 lines', value: ours, unit: 'ms' },
      { name: 'js-yaml load process 50000 lines', value: floor, unit: 'ms' },
      { name: 'azl-lint/js-yaml process ratio 50000 lines', value: ours / floor, unit: 'x' },
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export default async function run({ log }) {
  const processRows = wholeProcess({ log });
  const engine = await buildEngine();
  const yaml = require('yaml');
  const jsYaml = require('js-yaml');
  const { getLanguageService } = require('yaml-language-server');
  const { TextDocument } = require('vscode-languageserver-textdocument');

  // The JSON schema of the image format, from the same Schema objects the engine checks with.
  const probe = engine.parseConfig('os: {}\n').documents[0];
  const imageSchema = engine.formatFor('image').anchors(probe)[0]?.schema;
  if (!imageSchema) throw new Error('the image format has no schema anchor for a plain document');
  const jsonSchema = engine.toJsonSchema(imageSchema);
  const service = getLanguageService({
    schemaRequestService: async () => JSON.stringify(jsonSchema),
    workspaceContext: { resolveRelativePath: (relativePath, resource) => new URL(relativePath, resource).toString() },
  });
  service.configure({
    validate: true,
    completion: false,
    hover: false,
    schemas: [{ uri: 'file:///bench/image.schema.json', fileMatch: ['*.azl.yaml'], schema: jsonSchema }],
  });

  const rows = [];
  for (const lines of sizes) {
    const text = generateImageConfig(lines);
    const actualLines = text.split('\n').length - 1;
    const runs = runsFor(lines);
    const sanity = engine.analyze(text, { kind: 'image', fileName: 'bench.azl.yaml' });
    const errors = sanity.problems.filter((problem) => problem.severity === 'error');
    const oursTimes = await time(runs, () => engine.analyze(text, { kind: 'image', fileName: 'bench.azl.yaml' }));
    const yamlParse = (await time(runs, () => yaml.parseDocument(text))).median;
    const jsYamlTimes = await time(runs, () => jsYaml.load(text));
    let version = 0;
    const ylsRuns = Math.max(1, Math.min(runs, lines >= 10_000 ? 3 : runs));
    const yls = (
      await time(ylsRuns, () => service.doValidation(TextDocument.create('file:///bench/bench.azl.yaml', 'yaml', ++version, text), false))
    ).median;
    const ours = oursTimes.median;
    const jsYamlLoad = jsYamlTimes.median;
    log(
      `${String(actualLines).padStart(6)} lines: ours ${ours.toFixed(2)} ms (min ${oursTimes.min.toFixed(2)}, ${errors.length} errors) | yaml parseDocument ${yamlParse.toFixed(2)} ms | ` +
        `js-yaml load ${jsYamlLoad.toFixed(2)} ms (min ${jsYamlTimes.min.toFixed(2)}) | yaml-language-server ${yls.toFixed(2)} ms | ours/js-yaml ${(ours / jsYamlLoad).toFixed(2)}x`,
    );
    if (errors.length) log(`  first error: ${errors[0].code} ${errors[0].message}`);
    rows.push(
      { name: `analyze ${lines} lines`, value: ours, unit: 'ms', baseline: jsYamlLoad, ratio: ours / jsYamlLoad },
      { name: `yaml parseDocument ${lines} lines`, value: yamlParse, unit: 'ms', baseline: jsYamlLoad, ratio: yamlParse / jsYamlLoad },
      { name: `js-yaml load ${lines} lines`, value: jsYamlLoad, unit: 'ms' },
      { name: `yaml-language-server ${lines} lines`, value: yls, unit: 'ms', baseline: jsYamlLoad, ratio: yls / jsYamlLoad },
    );
  }
  // The states the editor sees while someone types: one syntax error in the middle (the fast parser re-reads only
  // the block around it), and an anchor with an alias (read by the fast parser).
  for (const [label, variant] of [
    ['with a syntax error', withSyntaxError],
    ['with an anchor and alias', withAnchorAndAlias],
  ]) {
    const lines = 10_000;
    const text = variant(generateImageConfig(lines));
    const runs = runsFor(lines);
    const sanity = engine.analyze(text, { kind: 'image', fileName: 'bench.azl.yaml' });
    const errors = sanity.problems.filter((problem) => problem.severity === 'error');
    const oursTimes = await time(runs, () => engine.analyze(text, { kind: 'image', fileName: 'bench.azl.yaml' }));
    const yamlParse = (await time(runs, () => yaml.parseDocument(text))).median;
    let jsYamlTimes;
    let floorNote = '';
    try {
      jsYamlTimes = await time(runs, () => jsYaml.load(text));
    } catch {
      // js-yaml stops at the syntax error; its floor is then the clean file's.
      const clean = generateImageConfig(lines);
      jsYamlTimes = await time(runs, () => jsYaml.load(clean));
      floorNote = ' of the clean file';
    }
    let version = 0;
    const yls = (
      await time(3, () => service.doValidation(TextDocument.create('file:///bench/bench.azl.yaml', 'yaml', ++version, text), false))
    ).median;
    const ours = oursTimes.median;
    const jsYamlLoad = jsYamlTimes.median;
    log(
      `${String(lines).padStart(6)} lines ${label}: ours ${ours.toFixed(2)} ms (min ${oursTimes.min.toFixed(2)}, ${errors.length} errors) | yaml parseDocument ${yamlParse.toFixed(2)} ms | ` +
        `js-yaml load${floorNote} ${jsYamlLoad.toFixed(2)} ms (min ${jsYamlTimes.min.toFixed(2)}) | yaml-language-server ${yls.toFixed(2)} ms | ours/js-yaml ${(ours / jsYamlLoad).toFixed(2)}x`,
    );
    if (errors.length) log(`  first error: ${errors[0].code} ${errors[0].message}`);
    rows.push(
      { name: `analyze ${lines} lines ${label}`, value: ours, unit: 'ms', baseline: jsYamlLoad, ratio: ours / jsYamlLoad },
      {
        name: `yaml parseDocument ${lines} lines ${label}`,
        value: yamlParse,
        unit: 'ms',
        baseline: jsYamlLoad,
        ratio: yamlParse / jsYamlLoad,
      },
      { name: `js-yaml load ${lines} lines ${label}${floorNote}`, value: jsYamlLoad, unit: 'ms' },
      { name: `yaml-language-server ${lines} lines ${label}`, value: yls, unit: 'ms', baseline: jsYamlLoad, ratio: yls / jsYamlLoad },
    );
  }
  return [...processRows, ...rows];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await run({ log: (line) => console.log(line) });
  console.log(
    JSON.stringify(
      rows.filter((row) => row.name.startsWith('analyze')),
      null,
      1,
    ),
  );
}
