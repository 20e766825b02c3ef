// Builds the extension. Default: dist/ with source maps. --production: minified. --watch: rebuild on change.
// --tests [PATH...]: bundles each test file under PATHs (default test/) into out/, one bundle per test file, so a
// half-edited module elsewhere never breaks someone else's tests. Packages stay external.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const testPaths = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

/**
 * Keeps the heavy packages out of the main bundles: src/lazyBundles/* become separate files (dist/lazy/) loaded on
 * first use, and a direct import of one of their packages from the extension's code is a build error, not a silent
 * slow start.
 */
const lazyBundlesPlugin = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /\/lazyBundles\/(docker|azure)$/ }, (args) => ({
      path: `./lazy/${args.path.split('/').pop()}.js`,
      external: true,
    }));
    build.onResolve({ filter: /^(dockerode|@azure\/.*)$/ }, (args) => ({
      errors: [
        { text: `${args.path} is imported by ${args.importer}: load it through src/util/lazyPackages.ts (an \`import type\` is fine).` },
      ],
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  // jsonc-parser's "main" is a UMD build whose internal requires esbuild cannot follow; its "module" build bundles.
  mainFields: ['module', 'main'],
};

function testFilesUnder(path) {
  if (path.endsWith('.ts')) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const builds = tests
  ? [
      {
        entryPoints: (testPaths.length ? testPaths : ['test']).flatMap(testFilesUnder),
        outdir: 'out',
        outbase: '.',
        bundle: true,
        packages: 'external',
        external: ['vscode'],
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: 'inline',
        logLevel: 'warning',
      },
    ]
  : [
      {
        ...common,
        entryPoints: { extension: 'src/extension.ts' },
        outdir: 'dist',
        external: ['vscode'],
        plugins: [lazyBundlesPlugin],
      },
      {
        ...common,
        // Runnable as `azl-lint` through package.json's bin entry: a small first file that turns on Node's module
        // compile cache, then the CLI proper from its own bundle (which the cache then serves).
        entryPoints: { 'azl-lint': 'src/cli/azlLintStart.ts' },
        outdir: 'dist',
        banner: { js: '#!/usr/bin/env node' },
        plugins: [
          {
            name: 'cli-main',
            setup: (build) => build.onResolve({ filter: /^\.\/azl-lint-main\.js$/ }, (args) => ({ path: args.path, external: true })),
          },
        ],
      },
      {
        ...common,
        entryPoints: { 'azl-lint-main': 'src/cli/azlLint.ts' },
        outdir: 'dist',
        plugins: [lazyBundlesPlugin],
      },
      {
        ...common,
        // Runnable as `azl-mirror` through package.json's bin entry.
        entryPoints: { 'azl-mirror': 'src/cli/azlMirror.ts' },
        outdir: 'dist',
        banner: { js: '#!/usr/bin/env node' },
        plugins: [lazyBundlesPlugin],
      },
      {
        ...common,
        entryPoints: { 'lazy/docker': 'src/lazyBundles/docker.ts', 'lazy/azure': 'src/lazyBundles/azure.ts' },
        outdir: 'dist',
        // Some ESM builds read import.meta.url as they load (@azure/storage-common's crc64 makes a require from it);
        // in these CommonJS bundles it is the bundle's own file URL.
        banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
        define: { 'import.meta.url': '__importMetaUrl' },
        // Optional native speed-ups of ssh2 that dockerode never needs for local sockets.
        external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
      },
    ];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[esbuild] watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
