import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  checkPath,
  configRoot,
  describeRefusal,
  maxReadBytes,
  readBoundedFile,
  readBoundedFileAsync,
  readBoundedText,
  type FileRefusal,
  type FileRoot,
} from '../../../src/util/boundedFiles';

/*
 * The one reader for files a config names. Each case is a file a hostile config could point at: the reader must
 * answer at once (no test here could finish if a pipe were opened for reading, or /dev/zero read to its end) and
 * never look outside the root.
 */
let base: string;
let root: FileRoot;

function refusalOf(result: { ok: boolean; refusal?: FileRefusal }): FileRefusal | undefined {
  return result.ok ? undefined : result.refusal;
}

describe('the bounded file reader', () => {
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'azl-bounded-'));
    mkdirSync(join(base, 'repo', 'configs', 'nested'), { recursive: true });
    mkdirSync(join(base, 'outside'));
    root = { path: join(base, 'repo'), name: 'the repository' };
    writeFileSync(join(base, 'repo', 'configs', 'base.yaml'), 'os:\n  hostname: base\n');
    writeFileSync(join(base, 'outside', 'secret.yaml'), 'os:\n  hostname: secret\n');
    execFileSync('mkfifo', [join(base, 'repo', 'configs', 'pipe.yaml')]);
    symlinkSync('../../outside/secret.yaml', join(base, 'repo', 'configs', 'out.yaml'));
    symlinkSync(join(base, 'outside', 'nothing-here.yaml'), join(base, 'repo', 'configs', 'dangling-out.yaml'));
    symlinkSync('base.yaml', join(base, 'repo', 'configs', 'in.yaml'));
    symlinkSync('../base.yaml', join(base, 'repo', 'configs', 'nested', 'up-and-in.yaml'));
    symlinkSync('/dev/zero', join(base, 'repo', 'configs', 'zero.yaml'));
    symlinkSync('loop-b.yaml', join(base, 'repo', 'configs', 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', join(base, 'repo', 'configs', 'loop-b.yaml'));
    writeFileSync(join(base, 'repo', 'configs', 'exact.yaml'), '');
    truncateSync(join(base, 'repo', 'configs', 'exact.yaml'), maxReadBytes);
    writeFileSync(join(base, 'repo', 'configs', 'big.yaml'), '');
    truncateSync(join(base, 'repo', 'configs', 'big.yaml'), 50 * 1024 * 1024);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  const at = (...parts: string[]) => join(base, 'repo', 'configs', ...parts);

  it('reads a regular file inside the root, also through a link that stays inside', () => {
    assert.deepEqual(readBoundedText(at('base.yaml'), { root }), { ok: true, value: 'os:\n  hostname: base\n' });
    assert.equal(readBoundedText(at('in.yaml'), { root }).ok, true);
    assert.equal(readBoundedText(at('nested', 'up-and-in.yaml'), { root }).ok, true);
    assert.equal(readBoundedText(at('nested', '..', 'base.yaml'), { root }).ok, true, '`..` that stays inside');
  });

  it('refuses `../`, absolute paths and links that leave the root, before looking at what is outside', () => {
    const outside = { reason: 'outside', root: 'the repository' };
    assert.deepEqual(refusalOf(readBoundedText(at('..', '..', 'outside', 'secret.yaml'), { root })), outside);
    assert.deepEqual(refusalOf(readBoundedText(join(base, 'outside', 'secret.yaml'), { root })), outside);
    assert.deepEqual(refusalOf(readBoundedText('/dev/zero', { root })), outside);
    assert.deepEqual(refusalOf(readBoundedText(at('out.yaml'), { root })), outside, 'a relative link out');
    assert.deepEqual(refusalOf(readBoundedText(at('zero.yaml'), { root })), outside, 'an absolute link out');
    // A missing file outside reads as outside too, so a config cannot probe which files exist on the machine.
    assert.deepEqual(refusalOf(readBoundedText(join(base, 'outside', 'nothing-here.yaml'), { root })), outside);
    assert.deepEqual(refusalOf(readBoundedText(at('dangling-out.yaml'), { root })), outside);
    assert.deepEqual(refusalOf(checkPath(join(base, 'outside'), 'directory', { root })), outside);
  });

  it('refuses a named pipe and a device at once instead of waiting on or reading them', async () => {
    assert.deepEqual(refusalOf(readBoundedText(at('pipe.yaml'), { root })), { reason: 'not-regular', found: 'a named pipe' });
    assert.deepEqual(refusalOf(await readBoundedFileAsync(at('pipe.yaml'), { root })), { reason: 'not-regular', found: 'a named pipe' });
    const everything = { path: '/', name: 'the --root folder' };
    assert.deepEqual(refusalOf(readBoundedFile('/dev/zero', { root: everything })), { reason: 'not-regular', found: 'a device' });
    assert.deepEqual(refusalOf(readBoundedFile('/dev/zero')), { reason: 'not-regular', found: 'a device' }, 'without a root too');
    assert.deepEqual(refusalOf(readBoundedFile(at('pipe.yaml'))), { reason: 'not-regular', found: 'a named pipe' });
    assert.deepEqual(refusalOf(readBoundedFile(at('nested'), { root })), { reason: 'not-regular', found: 'a folder' });
  });

  it('reads up to the cap and refuses a larger file without reading it', async () => {
    const exact = readBoundedFile(at('exact.yaml'), { root });
    assert.equal(exact.ok && exact.value.length, maxReadBytes);
    const tooLarge = { reason: 'too-large', limit: maxReadBytes };
    assert.deepEqual(refusalOf(readBoundedFile(at('big.yaml'), { root })), tooLarge);
    assert.deepEqual(refusalOf(await readBoundedFileAsync(at('big.yaml'), { root })), tooLarge);
    assert.equal((await readBoundedFileAsync(at('big.yaml'), { root, maxBytes: 64 * 1024 * 1024 })).ok, true, 'a larger cap when asked');
    assert.equal(checkPath(at('big.yaml'), 'file', { root }).ok, true, 'a check without a cap takes any size');
  });

  it('tells a missing file inside the root, a link loop and a folder check apart', () => {
    assert.deepEqual(refusalOf(readBoundedText(at('nothing.yaml'), { root })), { reason: 'missing' });
    assert.deepEqual(refusalOf(readBoundedText(at('base.yaml', 'below'), { root })), { reason: 'missing' });
    assert.deepEqual(refusalOf(readBoundedText(at('loop-a.yaml'), { root })), { reason: 'unreadable', detail: 'too many symbolic links' });
    assert.equal(checkPath(at('nested'), 'directory', { root }).ok, true);
    assert.deepEqual(refusalOf(checkPath(at('base.yaml'), 'directory', { root })), { reason: 'not-folder' });
  });

  it('words each refusal as the end of a sentence about the file', () => {
    assert.equal(describeRefusal({ reason: 'outside', root: 'the workspace folder' }), 'is outside the workspace folder; not read');
    assert.equal(describeRefusal({ reason: 'not-regular', found: 'a named pipe' }), 'is a named pipe, not a regular file; not read');
    assert.equal(describeRefusal({ reason: 'too-large', limit: maxReadBytes }), 'is larger than 4 MiB; not read');
    assert.equal(describeRefusal({ reason: 'outside', root: 'the repository' }, 'not copied'), 'is outside the repository; not copied');
  });

  it("takes the git repository holding a config as its root, else the config's folder", () => {
    assert.deepEqual(configRoot(at('base.yaml')), { path: at(), name: "the config's folder" });
    mkdirSync(join(base, 'repo', '.git'));
    try {
      assert.deepEqual(configRoot(at('nested', 'x.yaml')), { path: join(base, 'repo'), name: 'the repository' });
    } finally {
      rmSync(join(base, 'repo', '.git'), { recursive: true });
    }
  });
});
