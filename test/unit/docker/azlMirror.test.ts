import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../../src/cli/azlMirror';
import { nodeFileAccess } from '../../../src/environmentFromConfig/nodeFiles';
import { planMirror } from '../../../src/environmentFromConfig/plan';

async function azlMirror(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(
    args,
    cwd,
    (text) => (stdout += text),
    (text) => (stderr += text),
  );
  return { code, stdout, stderr };
}

const config = `input:
  image:
    azureLinux:
      version: "4.0"
      variant: minimal-os
os:
  hostname: ci-box
  selinux:
    mode: enforcing
  packages:
    install: [vim]
  users:
    - name: builder
  additionalFiles:
    - source: files/motd
      destination: /etc/motd
      permissions: "640"
    - content: "key=value"
      destination: /etc/app.conf
      permissions: "600"
  additionalDirs:
    - source: tree
      destination: /opt/tree
      newDirPermissions: "750"
      childFilePermissions: "640"
`;

describe('azl-mirror', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'azl-mirror-cli-'));
    writeFileSync(join(folder, 'image.azl.yaml'), config);
    mkdirSync(join(folder, 'files'));
    writeFileSync(join(folder, 'files', 'motd'), 'Welcome\n');
    mkdirSync(join(folder, 'tree', 'sub'), { recursive: true });
    writeFileSync(join(folder, 'tree', 'a.txt'), 'a\n');
    writeFileSync(join(folder, 'tree', 'sub', 'b.txt'), 'b\n');
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('writes the Dockerfile the extension builds and the files the config references, and lists what is not mirrored', async () => {
    const result = await azlMirror(folder, 'image.azl.yaml', '--out', 'out');
    assert.equal(result.code, 0, result.stderr);
    const out = join(folder, 'out');
    const expected = planMirror({
      configPath: join(folder, 'image.azl.yaml'),
      configText: config,
      files: nodeFileAccess({ path: folder, name: 'the test folder' }),
      runPostCustomization: false,
    });
    assert.equal(readFileSync(join(out, 'Dockerfile'), 'utf8'), expected.dockerfile, 'the same Dockerfile as the extension');
    assert.match(expected.dockerfile, /^FROM mcr\.microsoft\.com\/azurelinux-beta\/base\/core:4\.0$/m);
    assert.deepEqual(readdirSync(out).sort(), ['Dockerfile', 'payload']);
    assert.equal(readFileSync(join(out, 'payload', 'files', '0'), 'utf8'), 'Welcome\n');
    assert.equal(statSync(join(out, 'payload', 'files', '0')).mode & 0o777, 0o640);
    assert.equal(readFileSync(join(out, 'payload', 'files', '1'), 'utf8'), 'key=value');
    assert.equal(statSync(join(out, 'payload', 'files', '1')).mode & 0o777, 0o600);
    assert.equal(statSync(join(out, 'payload', 'dirs', '0', 'sub')).mode & 0o777, 0o750);
    assert.equal(statSync(join(out, 'payload', 'dirs', '0', 'sub', 'b.txt')).mode & 0o777, 0o640);
    assert.match(result.stderr, /Base image: Azure Linux 4\.0 \(preview\), as input\.image\.azureLinux\.version asks\./);
    assert.match(result.stderr, /Not mirrored in a container \(2\):\n {2}input\.image\.azureLinux\.variant: .*\n {2}os\.selinux: /);
    assert.match(result.stdout, /Wrote .*Dockerfile and 4 files of build context\. Build it with: docker build out/);
  });

  it('writes an earlier export again, and never clears a folder holding anything else', async () => {
    assert.equal((await azlMirror(folder, 'image.azl.yaml', '--out', 'again')).code, 0);
    writeFileSync(join(folder, 'image.azl.yaml'), config.replace('ci-box', 'ci-box-2').replace('[vim]', '[vim, git]'));
    try {
      const again = await azlMirror(folder, 'image.azl.yaml', '--out', 'again');
      assert.equal(again.code, 0, again.stderr);
      assert.match(readFileSync(join(folder, 'again', 'Dockerfile'), 'utf8'), /"vim","git"/);
    } finally {
      writeFileSync(join(folder, 'image.azl.yaml'), config);
    }
    mkdirSync(join(folder, 'mine'));
    writeFileSync(join(folder, 'mine', 'notes.txt'), 'mine\n');
    const refused = await azlMirror(folder, 'image.azl.yaml', '--out', 'mine');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /mine is not empty\. Choose a new or empty folder/);
    assert.deepEqual(readdirSync(join(folder, 'mine')), ['notes.txt']);
  });

  it('starts from --base, and says so', async () => {
    const result = await azlMirror(folder, 'image.azl.yaml', '--out', 'based', '--base', 'registry.example/azl:dev');
    assert.equal(result.code, 0, result.stderr);
    assert.match(readFileSync(join(folder, 'based', 'Dockerfile'), 'utf8'), /^FROM registry\.example\/azl:dev$/m);
    assert.match(result.stderr, /Base image: registry\.example\/azl:dev, given instead of the config's choice\./);
  });

  it('exits 1 and writes nothing when the config has errors', async () => {
    writeFileSync(join(folder, 'broken.azl.yaml'), 'os:\n  hostname: ok\nosx: {}\n');
    const result = await azlMirror(folder, 'broken.azl.yaml', '--out', 'broken');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^broken\.azl\.yaml:3:1 error /m);
    assert.match(result.stderr, /has 1 error; nothing was written/);
    assert.equal(existsSync(join(folder, 'broken')), false);
  });

  it('exits 2 on usage errors and unreadable input', async () => {
    for (const args of [
      [],
      ['image.azl.yaml'],
      ['image.azl.yaml', '--out'],
      ['a.yaml', 'b.yaml', '--out', 'x'],
      ['image.azl.yaml', '--out', 'x', '--bogus'],
    ]) {
      const result = await azlMirror(folder, ...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /Usage: azl-mirror CONFIG --out DIR/);
    }
    const badBase = await azlMirror(folder, 'image.azl.yaml', '--out', 'x', '--base', 'x\nRUN evil');
    assert.equal(badBase.code, 2);
    assert.match(badBase.stderr, /is not an image reference/);
    const missing = await azlMirror(folder, 'missing.yaml', '--out', 'x');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read missing\.yaml: it does not exist/);
    assert.equal(existsSync(join(folder, 'x')), false);
    // A named pipe is refused at once, as azl-lint refuses one: never waited on.
    execFileSync('mkfifo', [join(folder, 'pipe.azl.yaml')]);
    const pipe = await azlMirror(folder, 'pipe.azl.yaml', '--out', 'x');
    assert.equal(pipe.code, 2);
    assert.match(pipe.stderr, /cannot read pipe\.azl\.yaml: it is a named pipe/);
    const help = await azlMirror(folder, '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: azl-mirror/);
  });
});
