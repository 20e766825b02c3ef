import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Runs the built CLI (`node esbuild.mjs` first) as a person or a CI job would.
const repo = resolve(__dirname, '../../../../..');
const cli = join(repo, 'dist', 'azl-lint.js');
let folder: string;

function azlLint(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: folder, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('azl-lint', () => {
  before(() => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repo });
    folder = mkdtempSync(join(tmpdir(), 'azl-lint-'));
    mkdirSync(join(folder, 'configs', 'nested'), { recursive: true });
    mkdirSync(join(folder, 'node_modules'), { recursive: true });
    writeFileSync(join(folder, 'configs', 'good.azl.yaml'), 'os:\n  hostname: builder\n');
    writeFileSync(join(folder, 'configs', 'nested', 'typo.azl.yaml'), 'os:\n  hostname: builder\nosx: {}\n');
    writeFileSync(join(folder, 'configs', 'broken.azl.yaml'), 'os:\n  hostname: [builder\n');
    writeFileSync(join(folder, 'node_modules', 'ignored.azl.yaml'), 'nonsense: 1\n');
    writeFileSync(join(folder, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('exits 0 and prints a summary for a clean config', () => {
    const result = azlLint('configs/good.azl.yaml');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /1 file checked: 0 errors/);
  });

  it('walks folders (skipping node_modules), reports file:line:col and exits 1 on errors', () => {
    const result = azlLint('.');
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^configs\/nested\/typo\.azl\.yaml:3:1 error image\/unknown-key /m);
    assert.match(result.stdout, /^configs\/broken\.azl\.yaml:\d+:\d+ error syntax\/yaml /m);
    assert.doesNotMatch(result.stdout, /node_modules|compose\.yaml/);
    assert.match(result.stdout, /3 files checked/);
  });

  it('with --kind, a folder walk takes the files recognised as that kind by content as well as by name', () => {
    mkdirSync(join(folder, 'pools'));
    const pool = {
      type: 'Microsoft.ContainerService/managedClusters/agentPools',
      apiVersion: '2025-10-01',
      name: 'c/pool1',
      properties: { vmSize: 'Standard_D4s_v5', count: 3, osSKU: 'AzureLinux', mode: 'User' },
    };
    writeFileSync(
      join(folder, 'pools', 'cluster.json'),
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [pool],
      }),
    );
    writeFileSync(join(folder, 'pools', 'package.json'), '{ "name": "not-a-pool" }');
    const nodePools = azlLint('--kind', 'nodepool', 'pools');
    assert.equal(nodePools.code, 0, nodePools.stdout + nodePools.stderr);
    assert.match(nodePools.stdout, /1 file checked/);
    const images = azlLint('--kind', 'image', 'pools');
    assert.match(images.stdout, /0 files checked/);
  });

  it('prints JSON with 1-based positions for globs', () => {
    const result = azlLint('--format', 'json', 'configs/**/typo.*.yaml');
    assert.equal(result.code, 1);
    const problems = JSON.parse(result.stdout);
    assert.deepEqual(
      problems.map((p: Record<string, unknown>) => [p.file, p.line, p.column, p.endLine, p.endColumn, p.severity, p.code]),
      [['configs/nested/typo.azl.yaml', 3, 1, 3, 4, 'error', 'image/unknown-key']],
    );
  });

  it('exits 2 on usage errors and unreadable files, with a clear message', () => {
    const usage = azlLint('--kind', 'helm', 'x.yaml');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Unknown --kind 'helm'/);
    const missing = azlLint('missing.azl.yaml');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read missing\.azl\.yaml/);
    assert.equal(azlLint().code, 2);
    const noMatch = azlLint('nothing/**/*.azl.yaml');
    assert.equal(noMatch.code, 2);
    assert.match(noMatch.stderr, /nothing\/\*\*\/\*\.azl\.yaml: no YAML or JSON files found/);
    mkdirSync(join(folder, 'empty-folder'));
    const emptyFolder = azlLint('empty-folder');
    assert.equal(emptyFolder.code, 2);
    assert.match(emptyFolder.stderr, /empty-folder: no YAML or JSON files found/);
    const help = azlLint('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: azl-lint/);
  });
});
