import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Runs the built CLI (`node esbuild.mjs` first) as a person or a CI job would.
const repo = resolve(__dirname, '../../../../..');
const cli = join(repo, 'dist', 'azl-lint.js');
let folder: string;

/**
 * Runs azl-lint in `cwd` (default: the suite's folder). `timeout` is no speed check: it turns a CLI that waits on a
 * pipe forever (what these tests guard against) into a failed test instead of a hung run.
 */
function azlLintIn(cwd: string, args: string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000, ...options });
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

function azlLint(...args: string[]) {
  return azlLintIn(folder, args);
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

  it('takes --kind=VALUE and options after the files, and `--` before a file whose name starts with a dash', () => {
    writeFileSync(join(folder, '-dash.azl.yaml'), 'os:\n  hostname: dash\n');
    const result = azlLint('configs/good.azl.yaml', '--format=json', '--kind=image', '--', '-dash.azl.yaml');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), []);
    const unknown = azlLint('--bogus', 'configs/good.azl.yaml');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option '--bogus'/);
    const noValue = azlLint('configs/good.azl.yaml', '--format');
    assert.equal(noValue.code, 2);
    assert.match(noValue.stderr, /--format/);
    const badRoot = azlLint('--root', 'no-such-folder', 'configs/good.azl.yaml');
    assert.equal(badRoot.code, 2);
    assert.match(badRoot.stderr, /--root no-such-folder is not a folder/);
  });

  it('matches {a,b} alternatives in globs', () => {
    const result = azlLint('--format', 'json', 'configs/**/{typo,good}.azl.yaml');
    assert.deepEqual(
      JSON.parse(result.stdout).map((problem: { file: string }) => problem.file),
      ['configs/nested/typo.azl.yaml'],
    );
    assert.equal(result.code, 1);
  });

  it('exits 2 for a file named on the command line that is not a config, unless --kind says what it is', () => {
    const unrecognised = azlLint('compose.yaml');
    assert.equal(unrecognised.code, 2, unrecognised.stdout + unrecognised.stderr);
    assert.match(unrecognised.stderr, /compose\.yaml: not recognised as an image or node-pool config \(use --kind to choose\)/);
    const forced = azlLint('--kind', 'image', 'compose.yaml');
    assert.equal(forced.code, 1, 'checked as an image config: its unknown key is an error');
    assert.match(forced.stdout, /compose\.yaml:1:1 error image\/unknown-key/);
  });

  it('does not follow a symbolic link met in a folder, and says so with exit 2', () => {
    const linked = mkdtempSync(join(tmpdir(), 'azl-lint-links-'));
    try {
      writeFileSync(join(linked, 'real.azl.yaml'), 'os:\n  hostname: real\n');
      symlinkSync(join(folder, 'configs', 'good.azl.yaml'), join(linked, 'link.azl.yaml'));
      const result = azlLintIn(linked, ['.']);
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.match(result.stderr, /link\.azl\.yaml is a symbolic link; not followed/);
      assert.match(result.stdout, /1 file checked/);
    } finally {
      rmSync(linked, { recursive: true, force: true });
    }
  });

  it('counts a subfolder it cannot read as exit 2, with a message', () => {
    const locked = mkdtempSync(join(tmpdir(), 'azl-lint-locked-'));
    try {
      writeFileSync(join(locked, 'open.azl.yaml'), 'os:\n  hostname: open\n');
      mkdirSync(join(locked, 'secret'));
      writeFileSync(join(locked, 'secret', 'hidden.azl.yaml'), 'os:\n  hostname: hidden\n');
      chmodSync(join(locked, 'secret'), 0o000);
      chmodSync(locked, 0o755);
      // root reads any folder: run as nobody then, as a CI runner's user would.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const result = azlLintIn(locked, ['.'], asUser);
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.match(result.stderr, /secret cannot be searched \(permission denied\)/);
      assert.match(result.stdout, /1 file checked/);
    } finally {
      chmodSync(join(locked, 'secret'), 0o755);
      rmSync(locked, { recursive: true, force: true });
    }
  });

  it('stops quietly when the reader of its output goes away (`azl-lint . | head`)', async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => `unknownKey${i}: 1`).join('\n');
    writeFileSync(join(folder, 'many.azl.yaml'), `os:\n  hostname: many\n${lines}\n`);
    const child = spawn(process.execPath, [cli, 'many.azl.yaml'], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // Read the first line, then close the pipe as `head -1` does; the rest of the output meets a closed pipe.
    await new Promise<void>((done) => child.stdout.once('data', () => done()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('close', (status) => done(status)));
    rmSync(join(folder, 'many.azl.yaml'));
    assert.equal(stderr, '', 'no EPIPE stack trace');
    assert.equal(code, 1, 'the exit status still says errors were found');
  });

  it('cuts long excerpts and shows control characters escaped, never raw', () => {
    // YAML escapes: a terminal title and a screen clear, then 4,000 characters of bytes.
    const hostname = `\\x1b]0;pwned\\x07\\x1b[2J${'\\xff\\x01'.repeat(2000)}`;
    writeFileSync(join(folder, 'binary.azl.yaml'), `os:\n  hostname: "${hostname}"\n`);
    const result = azlLint('binary.azl.yaml');
    rmSync(join(folder, 'binary.azl.yaml'));
    assert.equal(result.code, 1);
    const line = result.stdout.split('\n').find((text) => text.includes('image/invalid-hostname')) ?? '';
    assert.ok(line.length < 600, `one message of ${line.length} characters`);
    const raw = [...result.stdout].filter((c) => (c.charCodeAt(0) < 0x20 && c !== '\n') || c.charCodeAt(0) === 0x7f);
    assert.deepEqual(raw, [], 'no raw control characters');
    assert.match(line, /'\\x1b\]0;pwned\\x07\\x1b\[2J/, 'shown escaped');
    assert.match(line, /…'/, 'the excerpt is cut');
  });
});

describe('azl-lint and the files a config names', () => {
  let base: string;
  const secret = 'leaked_secret_value';

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'azl-lint-hostile-'));
    mkdirSync(join(base, 'outside'));
    mkdirSync(join(base, 'repo', '.git'), { recursive: true });
    mkdirSync(join(base, 'repo', 'configs'));
    // A base config outside the repository: if it were read, its invalid host name would be quoted in an error.
    writeFileSync(join(base, 'outside', 'secret.yaml'), `os:\n  hostname: ${secret}\n`);
    symlinkSync('../../outside/secret.yaml', join(base, 'repo', 'configs', 'link.yaml'));
    execFileSync('mkfifo', [join(base, 'repo', 'configs', 'pipe.yaml')]);
    writeFileSync(join(base, 'repo', 'configs', 'big.yaml'), '');
    truncateSync(join(base, 'repo', 'configs', 'big.yaml'), 50 * 1024 * 1024);
    writeFileSync(
      join(base, 'repo', 'configs', 'image.azl.yaml'),
      [
        'previewFeatures: [base-configs]',
        'baseConfigs:',
        '  - path: /dev/zero',
        '  - path: pipe.yaml',
        '  - path: link.yaml',
        '  - path: ../../outside/secret.yaml',
        '  - path: big.yaml',
        'os:',
        '  hostname: fine',
        '  additionalFiles:',
        '    - source: ../../outside/secret.yaml',
        '      destination: /etc/copied',
        '',
      ].join('\n'),
    );
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('reads nothing outside the repository, no pipe, device or oversized file: each is a warning that quotes nothing', () => {
    // Run from outside the repository: the root is the config's repository whatever the current folder.
    const result = azlLintIn(base, ['repo/configs/image.azl.yaml']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const warnings = result.stdout.split('\n').filter((line) => line.includes(' warning '));
    assert.deepEqual(warnings, [
      "repo/configs/image.azl.yaml:3:11 warning image/file-not-read The file '/dev/zero' is outside the repository; not read.",
      "repo/configs/image.azl.yaml:4:11 warning image/file-not-read The file 'pipe.yaml' is a named pipe, not a regular file; not read.",
      "repo/configs/image.azl.yaml:5:11 warning image/file-not-read The file 'link.yaml' is outside the repository; not read.",
      "repo/configs/image.azl.yaml:6:11 warning image/file-not-read The file '../../outside/secret.yaml' is outside the repository; not read.",
      "repo/configs/image.azl.yaml:7:11 warning image/file-not-read The file 'big.yaml' is larger than 4 MiB; not read.",
      "repo/configs/image.azl.yaml:11:15 warning image/file-not-read The file '../../outside/secret.yaml' is outside the repository; not read.",
    ]);
    assert.ok(!(result.stdout + result.stderr).includes(secret), 'nothing from the outside file is quoted');
  });

  it('reads what --root allows, and refuses a device there as not a regular file', () => {
    const widened = azlLintIn(base, ['--root', '.', 'repo/configs/image.azl.yaml']);
    assert.equal(widened.code, 1, 'the outside base is read now, and its invalid host name is an error');
    assert.match(widened.stdout, new RegExp(`In base config 'link\\.yaml', line 2: Invalid host name '${secret}'`));
    const everything = azlLintIn(base, ['--root', '/', 'repo/configs/image.azl.yaml']);
    assert.match(everything.stdout, /The file '\/dev\/zero' is a device, not a regular file; not read\./);
  });

  it('refuses a named pipe or a device named on the command line with exit 2 instead of waiting on it', () => {
    const result = azlLintIn(join(base, 'repo', 'configs'), ['pipe.yaml', '/dev/zero', 'big.yaml']);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /^azl-lint: pipe\.yaml is a named pipe, not a regular file; not read$/m);
    assert.match(result.stderr, /^azl-lint: \S*dev\/zero is a device, not a regular file; not read$/m);
    assert.match(result.stderr, /^azl-lint: big\.yaml is larger than 4 MiB; not read$/m);
  });
});
