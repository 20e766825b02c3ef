import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClean, assertOne, check, memoryFiles, withCode } from './helpers';

describe('image additional files and scripts', () => {
  it('needs exactly one of source and content', () => {
    assertClean(
      'os:\n  additionalFiles:\n  - source: files/motd\n    destination: /etc/motd\n  - content: ""\n    destination: /etc/empty\n',
    );
    assertOne(
      'os:\n  additionalFiles:\n  - destination: /etc/motd\n',
      'image/file-source-content',
      'destination',
      /needs 'source'.*or 'content'/,
    );
    assertOne(
      'iso:\n  additionalFiles:\n  - source: a\n    content: b\n    destination: /a\n',
      'image/file-source-content',
      'content',
      /not both/,
    );
  });

  it('needs a destination, through the schema', () => {
    assertOne('os:\n  additionalFiles:\n  - source: files/motd\n', 'image/missing-required', 'source', /'destination'/);
  });

  it('needs exactly one of path and content for scripts', () => {
    assertClean(
      'scripts:\n  postCustomization:\n  - path: scripts/setup.sh\n  finalizeCustomization:\n  - content: echo done\n    interpreter: /bin/bash\n',
    );
    assertOne(
      'scripts:\n  postCustomization:\n  - name: empty\n    content: ""\n',
      'image/script-path-content',
      'name',
      /needs 'path'.*or 'content'/,
    );
    assertOne(
      'scripts:\n  finalizeCustomization:\n  - path: a.sh\n    content: echo\n',
      'image/script-path-content',
      'content',
      /not both/,
    );
  });

  it('accepts permissions as octal strings or numbers, and rejects others', () => {
    assertClean(
      'os:\n  additionalFiles:\n  - content: x\n    destination: /a\n    permissions: "0644"\n  - content: x\n    destination: /b\n    permissions: 755\n  additionalDirs:\n  - source: d\n    destination: /d\n    newDirPermissions: "700"\n',
    );
    assertOne(
      'os:\n  additionalFiles:\n  - content: x\n    destination: /a\n    permissions: 688\n',
      'image/invalid-permissions',
      '688',
      /not octal/,
    );
    assertOne(
      'os:\n  additionalFiles:\n  - content: x\n    destination: /a\n    permissions: "4755"\n',
      'image/invalid-permissions',
      '"4755"',
      /beyond 777/,
    );
  });
});

describe('image referenced files', () => {
  const text = `input:
  image:
    path: base.vhdx
os:
  packages:
    installLists:
    - lists/tools.yaml
  additionalFiles:
  - source: files/motd
    destination: /etc/motd
  additionalDirs:
  - source: rootfs
    destination: /
  users:
  - name: test
    sshPublicKeyPaths:
    - keys/test.pub
    password:
      type: hashed-file
      value: secrets/hash
scripts:
  postCustomization:
  - path: scripts/setup.sh
`;

  it('warns on each missing input, on its path, relative to the config folder', () => {
    const found = check(text, memoryFiles({})).filter((problem) => problem.code === 'image/missing-file');
    assert.deepEqual(
      found.map((problem) => text.slice(problem.range.start, problem.range.end)),
      ['base.vhdx', 'files/motd', 'rootfs', 'keys/test.pub', 'secrets/hash', 'scripts/setup.sh'],
    );
    assert.ok(found.every((problem) => problem.severity === 'warning'));
    assert.match(found[2].message, /The folder 'rootfs' does not exist/);
    // Package lists are read on every run (validate-config too): a missing one is an error.
    const list = check(text, memoryFiles({})).filter((problem) => problem.code === 'image/package-list');
    assert.deepEqual(
      list.map((problem) => [text.slice(problem.range.start, problem.range.end), problem.severity]),
      [['lists/tools.yaml', 'error']],
    );
  });

  it('reads package lists as upstream does: only a packages list', () => {
    const files = (list: string) => memoryFiles({ 'lists/tools.yaml': list });
    const config = 'os:\n  packages:\n    installLists:\n    - lists/tools.yaml\n';
    assert.equal(withCode(config, 'image/package-list', files('packages: [curl, jq]\n')).length, 0);
    assertOne(config, 'image/package-list', 'lists/tools.yaml', /only a 'packages' list/, { files: files('install: [curl]\n') });
    assertOne(config, 'image/package-list', 'lists/tools.yaml', /only a 'packages' list/, { files: files('') });
  });

  it('says nothing when the files exist, or when no file access is given', () => {
    const files = memoryFiles({
      'base.vhdx': '',
      'lists/tools.yaml': 'packages:\n- curl\n',
      'files/motd': '',
      'rootfs/etc/x': '',
      'keys/test.pub': '',
      'secrets/hash': '',
      'scripts/setup.sh': '',
    });
    assert.equal(withCode(text, 'image/missing-file', files).length, 0);
    assert.equal(withCode(text, 'image/missing-file').length, 0);
  });

  it('resolves absolute paths as they are', () => {
    const files = memoryFiles({ '/abs/base.vhdx': '' });
    assert.equal(withCode('input:\n  image:\n    path: /abs/base.vhdx\n', 'image/missing-file', files).length, 0);
    assertOne('input:\n  image:\n    path: /abs/other.vhdx\n', 'image/missing-file', '/abs/other.vhdx', /does not exist/, { files });
  });
});

describe('image empty names and paths', () => {
  it('rejects empty destinations and service names through the schema', () => {
    assertOne('os:\n  additionalFiles:\n  - content: x\n    destination: ""\n', 'image/invalid-value', '""', /not empty/);
    assertOne('os:\n  services:\n    enable: [sshd, ""]\n', 'image/invalid-value', '""', /not empty/);
    // Upstream rejects only an exactly empty service name; spaces are left to systemd.
    assertClean('os:\n  services:\n    enable: [sshd, " "]\n');
  });
});
