import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

/*
 * The heavy packages' bundles (dist/lazy/, built before the tests run) load in plain Node as the extension loads
 * them on first use. An ESM build that reads import.meta.url while loading (@azure/storage-common did) breaks the
 * whole Azure bundle, and with it every Azure command; this catches that before VS Code does.
 */

const root = path.join(__dirname, '..', '..', '..');

describe('lazy bundles', () => {
  for (const [bundle, exports] of [
    ['azure', ['identity', 'compute', 'network', 'resources', 'storageBlob', 'ServiceClient', 'createPipelineRequest']],
    ['docker', ['Dockerode']],
  ] as const) {
    it(`dist/lazy/${bundle}.js loads and has ${exports.join(', ')}`, () => {
      const file = path.join(root, 'dist', 'lazy', `${bundle}.js`);
      assert.ok(existsSync(file), `${file} is built (node esbuild.mjs)`);
      // A child process: a fresh module cache, as the extension host has when it first needs the bundle.
      const child = spawnSync(
        process.execPath,
        ['-e', `const m = require(${JSON.stringify(file)}); console.log(JSON.stringify(Object.keys(m)))`],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      assert.equal(child.status, 0, child.stderr);
      const keys = JSON.parse(child.stdout.trim().split('\n').pop()!) as string[];
      for (const name of exports) assert.ok(keys.includes(name), `${name} is exported`);
    });
  }
});
