// `npm test`: every tier, one summary line each, then the totals alone on the last line.
// Usage: node scripts/test-all.mjs [--only tier,tier]   tiers: lint typecheck unit docker podman integration package ui
// A stop signal (Ctrl+C, SIGTERM, SIGHUP) stops everything the run started before it exits (scripts/lib/stopOnSignal.mjs).
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './lib/paths.mjs';
import { run } from './lib/run.mjs';
import { runNodeTests, typecheckResult } from './lib/tierResults.mjs';
import { stopOnSignal } from './lib/stopOnSignal.mjs';

const logsDir = join(repoRoot, '.cache', 'test-logs');
mkdirSync(logsDir, { recursive: true });
const node = process.execPath;
const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
/** What Prettier keeps formatted (the lint tier checks it; `npm run format` applies it). */
const formattedFiles = ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.mjs', '*.mjs'];
const vsixPath = join(repoRoot, `${packageJson.name}-${packageJson.version}.vsix`);

/** State one tier hands to a later one (the Docker engine for the integration tier), and what the run must stop. */
const shared = { engine: undefined, stops: [] };

const tiers = {
  async lint() {
    const report = join(logsDir, 'eslint.json');
    const { code, output } = await run(bin('eslint'), [
      'src',
      'test',
      'scripts',
      '--max-warnings',
      '0',
      '--format',
      'json',
      '--output-file',
      report,
    ]);
    if (!existsSync(report)) return { passed: 0, failed: 1, note: output.trim() };
    const files = JSON.parse(readFileSync(report, 'utf8'));
    const failing = new Set();
    for (const file of files.filter((file) => file.errorCount + file.warningCount > 0)) {
      failing.add(file.filePath);
      for (const message of file.messages) {
        console.log(`${relative(repoRoot, file.filePath)}:${message.line}:${message.column} ${message.ruleId ?? ''} ${message.message}`);
      }
    }
    // Formatting is part of lint: a file Prettier would change fails, named as Prettier names it.
    const formatting = await run(bin('prettier'), ['--list-different', ...formattedFiles], { quiet: true, cwd: repoRoot });
    for (const file of formatting.output.split('\n').filter((line) => line && !line.startsWith('['))) {
      console.log(`${file}: not formatted (run npm run format)`);
      failing.add(join(repoRoot, file));
    }
    const formattingBroke = formatting.code !== 0 && formatting.code !== 1;
    // The l10n bundles and the JSON Schemas are generated from the sources: they must be up to date.
    const generated = await run(process.execPath, [join(repoRoot, 'scripts', 'generate.mjs'), '--check'], { quiet: true, cwd: repoRoot });
    for (const line of generated.output.split('\n').filter((line) => line.includes('out of date'))) console.log(line);
    if (generated.code !== 0) failing.add(join(repoRoot, 'scripts', 'generate.mjs'));
    return {
      passed: files.length - [...failing].filter((path) => files.some((file) => file.filePath === path)).length,
      failed: failing.size || (code === 0 && !formattingBroke ? 0 : 1),
      unit: 'files',
    };
  },

  async typecheck() {
    const listed = await run(bin('tsc'), ['--noEmit', '-p', '.', '--listFilesOnly'], { quiet: true });
    const projectFiles = listed.output.split('\n').filter((line) => line.startsWith(repoRoot) && !line.includes('node_modules'));
    const { code, output } = await run(bin('tsc'), ['--noEmit', '-p', '.', '--pretty', 'false']);
    return typecheckResult(projectFiles.length, code, output);
  },

  async unit() {
    return nodeTestRun('unit', ['out/test/unit/'], await testTlsEnvironment());
  },

  async docker() {
    const started = await dockerEngine();
    // The files share one engine and its images (they pull and remove the same ones): one file at a time.
    const result = await nodeTestRun('docker', ['--test-concurrency=1', 'out/test/engine/'], {
      DOCKER_HOST: started.host,
      AZL_TEST_ENGINE: 'docker',
    });
    return { ...result, label: `docker (Engine ${started.version})` };
  },

  /** The engine tier's suite again, against Podman's Docker-compatible API (scripts/podman-engine.mjs). */
  async podman() {
    const engine = await import(pathToFileURL(join(repoRoot, 'scripts', 'podman-engine.mjs')).href);
    const { started, stop } = await startEngine(engine);
    try {
      const result = await nodeTestRun('podman', ['--test-concurrency=1', 'out/test/engine/'], {
        DOCKER_HOST: started.host,
        AZL_TEST_ENGINE: 'podman',
      });
      return { ...result, label: `podman (Podman ${started.version})` };
    } finally {
      // No later tier uses it.
      await stop();
    }
  },

  async integration() {
    // The suite drives azl-shells on the private engine, so it starts it even when run on its own.
    const engine = await dockerEngine();
    const env = { AZL_TEST_RUN: '1', DOCKER_HOST: engine.host, ...(await testTlsEnvironment()) };
    const { output } = await run(node, [join(repoRoot, 'node_modules', '@vscode', 'test-cli', 'out', 'bin.mjs')], { env });
    const passed = Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
    const failed = Number(/(\d+) failing/.exec(output)?.[1] ?? 0) + Number(/(\d+) pending/.exec(output)?.[1] ?? 0);
    const host = /\[vscode\] (\S+) (\S+)/.exec(output);
    const exitedCleanly = /Exit code:\s+0/.test(output);
    return {
      passed,
      failed: failed || (exitedCleanly || passed === 0 ? 0 : 1),
      label: host ? `integration (VS Code ${host[1]}, ${host[2]})` : 'integration',
    };
  },

  async package() {
    // `npm run package` is `vsce package` with no flag that hides a problem (no --allow-missing-repository, no
    // --no-rewrite-relative-links): vsce itself refuses a README whose pictures the Marketplace could not show.
    const { code } = await run('npm', ['run', '--silent', 'package', '--', '--out', vsixPath]);
    if (code !== 0 || !existsSync(vsixPath)) return { passed: 0, failed: 1 };
    const unzip = (script) =>
      run('python3', ['-c', `import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);${script}`, vsixPath], { quiet: true });
    const listing = await unzip('print("\\n".join(z.namelist()))');
    const entries = listing.output
      .split('\n')
      .filter(Boolean)
      .map((entry) => entry.toLowerCase());
    // What the Marketplace shows: the packaged README, its links made absolute by vsce from package.json's repository.
    const readme = (await unzip('sys.stdout.write(z.read("extension/readme.md").decode())')).output;
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]);
    const imagesBase = `${packageJson.repository.url.replace(/\.git$/, '')}/raw/HEAD/`;
    const ls = await run(bin('vsce'), ['ls', '--no-dependencies'], { quiet: true, cwd: repoRoot });
    const listed = ls.output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('['));
    const checks = {
      'the bundles are in': [
        'extension/dist/extension.js',
        'extension/dist/azl-lint.js',
        'extension/dist/azl-mirror.js',
        'extension/dist/azl-lint-main.js',
        'extension/dist/lazy/docker.js',
        'extension/dist/lazy/azure.js',
        'extension/syntaxes/azurelinux-image.tmlanguage.json',
      ].every((entry) => entries.includes(entry)),
      'the manifest, README, CHANGELOG and icons are in': [
        'extension/package.json',
        'extension/package.nls.json',
        'extension/readme.md',
        'extension/changelog.md',
        'extension/media/azure-linux.svg',
        'extension/media/icon.png',
      ].every((entry) => entries.includes(entry)),
      'the l10n bundles and JSON Schemas are in': [
        'extension/l10n/bundle.l10n.json',
        'extension/l10n/bundle.l10n.qps-ploc.json',
        'extension/schemas/azurelinux-image.schema.json',
        'extension/schemas/aks-nodepool.schema.json',
      ].every((entry) => entries.includes(entry)),
      'no sources, tests, maps, caches or node_modules': !entries.some((entry) =>
        /^extension\/(src|test|out|scripts|samples|node_modules|\.cache)\/|\.map$|\.ts$/.test(entry),
      ),
      "the walkthrough's pictures are in": packageJson.contributes.walkthroughs
        .flatMap((walkthrough) => walkthrough.steps.map((step) => step.media.image))
        .every((image) => entries.includes(`extension/${image}`.toLowerCase())),
      "the README's pictures are absolute https links to pictures the package holds":
        pictures.length > 0 &&
        pictures.every((url) => url.startsWith(imagesBase) && entries.includes(`extension/${url.slice(imagesBase.length)}`.toLowerCase())),
      'vsce ls passes and lists exactly what the package holds':
        ls.code === 0 &&
        listed.length > 0 &&
        listed.every(
          (file) =>
            entries.includes(`extension/${file}`.toLowerCase()) || (file === 'LICENSE' && entries.includes('extension/license.txt')),
        ) &&
        entries.filter((entry) => entry.startsWith('extension/')).length === listed.length,
    };
    for (const [check, ok] of Object.entries(checks)) if (!ok) console.log(`package check failed: ${check}`);
    const sizeKb = (statSync(vsixPath).size / 1024).toFixed(0);
    return {
      passed: Object.values(checks).filter(Boolean).length,
      failed: Object.values(checks).filter((ok) => !ok).length,
      note: `${relative(repoRoot, vsixPath)} (${sizeKb} KiB, ${entries.length} files)`,
    };
  },

  async ui() {
    const { runUiSmoke } = await import(pathToFileURL(join(repoRoot, 'scripts', 'ui-smoke.mjs')).href);
    // The smoke test makes an azl-shell through the palette, so it needs the engine even when run on its own.
    const { host } = await dockerEngine();
    return runUiSmoke({ vsixPath, screenshotsDir: join(repoRoot, '.cache', 'screenshots'), dockerHost: host });
  },
};

/** The private Docker Engine, started once per run (scripts/docker-engine.mjs) and shared by the tiers after it. */
async function dockerEngine() {
  if (shared.engine) return shared.engine;
  const engine = await import(pathToFileURL(join(repoRoot, 'scripts', 'docker-engine.mjs')).href);
  shared.engine = (await startEngine(engine)).started;
  return shared.engine;
}

/**
 * Starts a private engine (docker-engine.mjs or podman-engine.mjs), to be stopped after the run or on a stop signal,
 * only when this run started it: one that was already running belongs to someone else.
 */
async function startEngine(engine) {
  // Registered before the start, so a signal during it stops what the start made so far.
  const unregister = stopOnSignal(() => engine.stop());
  const started = await engine.start();
  let stopping;
  const stop = () => {
    unregister();
    return started.reused ? undefined : (stopping ??= engine.stop());
  };
  if (started.reused) unregister();
  else shared.stops.push(stop);
  return { started, stop };
}

/** Trusts the test certificate the local HTTPS servers (the fake Azure Resource Manager) serve, for test processes only. */
async function testTlsEnvironment() {
  const { ensureTestCertificate } = await import(pathToFileURL(join(repoRoot, 'scripts', 'lib', 'testCertificate.mjs')).href);
  const { certPath, keyPath } = ensureTestCertificate(join(repoRoot, '.cache', 'test-tls'));
  return { NODE_EXTRA_CA_CERTS: certPath, AZL_TEST_TLS_CERT: certPath, AZL_TEST_TLS_KEY: keyPath };
}

function nodeTestRun(name, paths, env = {}) {
  return runNodeTests({ tap: join(logsDir, `${name}.tap`), node, paths, env, run });
}

async function prepare() {
  const setup = await run('bash', [join(repoRoot, 'scripts', 'setup-bench.sh')]);
  if (setup.code !== 0) throw new Error('setting up the test bench failed (see above)');
  for (const args of [['esbuild.mjs'], ['esbuild.mjs', '--tests']]) {
    const build = await run(node, args);
    if (build.code !== 0) throw new Error(`node ${args.join(' ')} failed`);
  }
}

async function main() {
  const onlyIndex = process.argv.indexOf('--only');
  const selected = onlyIndex > 0 ? process.argv[onlyIndex + 1].split(',') : Object.keys(tiers);
  const unknown = selected.filter((name) => !(name in tiers));
  if (unknown.length) {
    console.error(`unknown tier(s): ${unknown.join(', ')}; tiers: ${Object.keys(tiers).join(' ')}`);
    process.exit(2);
  }
  const started = Date.now();
  await prepare();
  const results = [];
  try {
    for (const name of selected) {
      console.log(`\n=== ${name} ===`);
      const tierStarted = Date.now();
      let result;
      try {
        result = await tiers[name]();
      } catch (error) {
        console.error(error.stack ?? String(error));
        result = { passed: 0, failed: 1, note: `error: ${error.message ?? error}` };
      }
      results.push({ name, seconds: (Date.now() - tierStarted) / 1000, ...result });
    }
  } finally {
    for (const stop of shared.stops.splice(0).reverse()) await stop();
  }

  console.log('\n=== summary ===');
  let passed = 0;
  let failed = 0;
  for (const result of results) {
    const ranNothing = result.passed + result.failed === 0;
    const tierFailed = result.failed + (ranNothing ? 1 : 0);
    passed += result.passed;
    failed += tierFailed;
    const extra = [result.note, ranNothing ? 'ran no test' : undefined, `${result.seconds.toFixed(1)} s`].filter(Boolean).join('; ');
    console.log(`${result.label ?? result.name}: ${result.passed} passed, ${tierFailed} failed (${extra})`);
  }
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error.stack ?? String(error));
    console.log('0 passed, 1 failed');
    process.exit(1);
  });
}
