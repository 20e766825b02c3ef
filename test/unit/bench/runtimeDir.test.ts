import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  dockerSocketSuffixes,
  isOwnRuntimeDir,
  makeRuntimeDir,
  mountsUnder,
  podmanSocketSuffixes,
  recordRuntimeDir,
  recordedRuntimeDir,
  runtimeBase,
  socketPathLimit,
  socketPathsFit,
} from '../../../scripts/lib/runtimeDir.mjs';

// The test bench's private engines keep their sockets out of the checkout (scripts/lib/runtimeDir.mjs).
describe('where the private engines keep their sockets', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'azl-runtime-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('a checkout at an ordinary deep path cannot hold dockerd’s sockets, a runtime folder under /tmp can', () => {
    // The layout that failed: dockerd's exec root under the checkout's .cache/docker (containerd: "unix socket path
    // too long (> 104)"); the checkout path is one a person could have.
    const checkout = '/home/someone/src/github.com/contoso/azure-linux-tools';
    assert.equal(socketPathsFit(join(checkout, '.cache', 'docker'), dockerSocketSuffixes), false);
    assert.equal(socketPathsFit('/tmp/azl-docker-AbC123', dockerSocketSuffixes), true);
    assert.equal(socketPathsFit('/tmp/azl-podman-AbC123', podmanSocketSuffixes), true);
    assert.equal(socketPathLimit, 104);
    // Bytes, not characters: a folder name in another script counts what it takes on disk.
    assert.equal(socketPathsFit(`/${'é'.repeat(50)}`, ['docker.sock']), false);
    assert.equal(socketPathsFit(`/${'e'.repeat(50)}`, ['docker.sock']), true);
  });

  it('uses /tmp, not TMPDIR (which can be as deep as a checkout), when /tmp is there', () => {
    assert.equal(runtimeBase({ exists: () => true, systemTemp: '/home/someone/.local/tmp' }), '/tmp');
    assert.equal(runtimeBase({ exists: () => false, systemTemp: '/var/tmp' }), '/var/tmp');
  });

  it('makes a private folder (0700) that fits the sockets, and refuses a base too deep for them', () => {
    const made = makeRuntimeDir('azl-test-', dockerSocketSuffixes, scratch);
    assert.equal(statSync(made).mode & 0o777, 0o700);
    assert.equal(isOwnRuntimeDir(made), true);
    const deep = join(scratch, 'x'.repeat(80));
    mkdirSync(deep);
    assert.throws(() => makeRuntimeDir('azl-test-', dockerSocketSuffixes, deep), /longer than 104 bytes.*TMPDIR/);
    assert.deepEqual(readdirSync(deep), [], 'the refused folder is removed');
  });

  it('reuses a recorded runtime folder only while it is still this user’s private folder', () => {
    const state = join(scratch, 'runtime.json');
    const made = makeRuntimeDir('azl-test-', podmanSocketSuffixes, scratch);
    recordRuntimeDir(state, made);
    assert.equal(recordedRuntimeDir(state), made);
    chmodSync(made, 0o755);
    assert.equal(recordedRuntimeDir(state), undefined, 'a folder others can enter is not reused');
    chmodSync(made, 0o700);
    const link = join(scratch, 'link');
    symlinkSync(made, link);
    recordRuntimeDir(state, link);
    assert.equal(recordedRuntimeDir(state), undefined, 'a symlink is not reused');
    rmSync(made, { recursive: true });
    recordRuntimeDir(state, made);
    assert.equal(recordedRuntimeDir(state), undefined, 'a removed folder is not reused');
    writeFileSync(state, 'not json');
    assert.equal(recordedRuntimeDir(state), undefined);
  });

  it('finds what a dead dockerd left mounted under its folders, deepest first, and nothing beside them', () => {
    // Lines as /proc/self/mountinfo has them (proc(5)): the fifth field is the mount point, spaces escaped as \040.
    const mountinfo = [
      '22 1 254:1 / / rw,relatime - ext4 /dev/vda rw',
      '301 22 254:1 /src/my\\040tools/.cache/docker/data /src/my\\040tools/.cache/docker/data rw - ext4 /dev/vda rw',
      '302 301 0:77 / /src/my\\040tools/.cache/docker/data/overlay2/abc/merged rw - overlay overlay rw',
      '303 22 0:4 net:[4026532178] /tmp/azl-docker-AbC123/exec/netns/ed5ca6f2f60a rw - nsfs nsfs rw',
      '304 22 254:1 /src/my\\040tools/.cache/docker/data2 /src/my\\040tools/.cache/docker/data2 rw - ext4 /dev/vda rw',
      '',
    ].join('\n');
    assert.deepEqual(mountsUnder(mountinfo, ['/src/my tools/.cache/docker/data', '/tmp/azl-docker-AbC123/']), [
      '/src/my tools/.cache/docker/data/overlay2/abc/merged',
      '/tmp/azl-docker-AbC123/exec/netns/ed5ca6f2f60a',
      '/src/my tools/.cache/docker/data',
    ]);
  });
});
