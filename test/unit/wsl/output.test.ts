import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeWslOutput, parseOnlineList, parseQuietList, parseVerboseList, saysWslIsNotInstalled } from '../../../src/wsl/core/output';

const fixture = (name: string) => decodeWslOutput(readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'wsl', name)));

describe('decoding wsl.exe output', () => {
  it('reads UTF-16LE with and without a byte-order mark, and UTF-8', () => {
    const text = 'NAME STATE\n* Ubuntu Running 2\n';
    assert.equal(decodeWslOutput(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), text);
    assert.equal(decodeWslOutput(Buffer.from(text, 'utf16le')), text);
    assert.equal(decodeWslOutput(Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8')), text);
    assert.equal(decodeWslOutput(Buffer.alloc(0)), '');
  });
});

describe('wsl --list --verbose', () => {
  it('parses English rows with the default mark and versions', () => {
    assert.deepEqual(parseVerboseList(fixture('list-verbose-en.bin')), [
      { name: 'Ubuntu-22.04', state: 'running', version: 2, isDefault: true },
      { name: 'AzureLinux-3.0', state: 'stopped', version: 2, isDefault: false },
      { name: 'docker-desktop', state: 'stopped', version: 2, isDefault: false },
    ]);
  });

  it('parses localised headers and multi-word states (German, French, Chinese)', () => {
    assert.deepEqual(parseVerboseList(fixture('list-verbose-de.bin')).map((d) => [d.name, d.state, d.isDefault]), [
      ['Ubuntu', 'running', true],
      ['AzureLinux', 'stopped', false],
    ]);
    assert.deepEqual(parseVerboseList(fixture('list-verbose-fr.bin')).map((d) => [d.name, d.state, d.version]), [
      ['Debian', 'running', 2],
      ['Legacy', 'stopped', 1],
    ]);
    assert.deepEqual(parseVerboseList(fixture('list-verbose-zh.bin')).map((d) => [d.name, d.state]), [
      ['Ubuntu', 'running'],
      ['mariner-dev', 'stopped'],
    ]);
  });

  it('reads WSL 1 distributions', () => {
    assert.deepEqual(parseVerboseList(fixture('list-verbose-wsl1.bin')).map((d) => [d.name, d.version, d.state]), [
      ['Ubuntu', 1, 'stopped'],
      ['Alpine', 1, 'running'],
    ]);
  });

  it('settles unknown state words with the running list', () => {
    const unknown = parseVerboseList(fixture('list-verbose-unknown-language.bin'));
    assert.deepEqual(unknown.map((d) => d.state), ['unknown', 'unknown']);
    const running = new Set(parseQuietList(fixture('list-running-quiet.bin')));
    assert.deepEqual(parseVerboseList(fixture('list-verbose-unknown-language.bin'), running).map((d) => [d.name, d.state]), [
      ['Ubuntu', 'running'],
      ['azl3', 'running'],
    ]);
    assert.deepEqual(parseVerboseList(fixture('list-verbose-en.bin'), new Set()).map((d) => d.state), ['stopped', 'stopped', 'stopped']);
  });

  it('finds no rows in the no-distributions and not-installed messages', () => {
    assert.deepEqual(parseVerboseList(fixture('list-none.bin')), []);
    assert.deepEqual(parseVerboseList(fixture('not-installed.bin')), []);
    assert.equal(saysWslIsNotInstalled(fixture('not-installed.bin')), true);
    assert.equal(saysWslIsNotInstalled(fixture('list-none.bin')), false);
  });
});

describe('wsl --list --online and --quiet', () => {
  it('skips the prose and the header', () => {
    assert.deepEqual(parseOnlineList(fixture('list-online-en.bin')), [
      { name: 'AlmaLinux-9', friendlyName: 'AlmaLinux OS 9' },
      { name: 'AzureLinux-3.0', friendlyName: 'Azure Linux 3.0' },
      { name: 'Debian', friendlyName: 'Debian GNU/Linux' },
      { name: 'Ubuntu-24.04', friendlyName: 'Ubuntu 24.04 LTS' },
    ]);
    assert.deepEqual(parseQuietList(fixture('list-running-quiet.bin')), ['Ubuntu', 'azl3']);
  });
});
