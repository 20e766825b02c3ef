/*
 * The `azl-lint` command's first file: small, so Node compiles little before it can turn on its module compile
 * cache (Node 22.1 and later; older Nodes skip it), then loads the CLI proper (dist/azl-lint-main.js) from that
 * cache on every run after the first.
 */
import * as nodeModule from 'node:module';
import type * as Cli from './azlLint';

const withCache = nodeModule as typeof nodeModule & { enableCompileCache?: () => unknown };
try {
  withCache.enableCompileCache?.();
} catch {
  // A read-only or full cache directory only costs speed.
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded after the cache is on
const cli = require('./azl-lint-main.js') as typeof Cli;
cli.main();
