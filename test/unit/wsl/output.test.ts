import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pickOnlineAzureLinux } from '../../../src/wsl/core/distributions';
import { decodeWslOutput, parseOnlineList, parseQuietList, parseVerboseList, saysNoDistributions, saysWslIsNotInstalled } from '../../../src/wsl/core/output';

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
  it('parses English rows with the default mark and WSL 1 and 2 versions (a real capture)', () => {
    assert.deepEqual(parseVerboseList(fixture('list-verbose-en.bin')), [
      { name: 'Ubuntu', state: 'running', version: 2, isDefault: true },
      { name: 'Legacy', state: 'stopped', version: 1, isDefault: false },
      { name: 'Ubuntu-18.04', state: 'stopped', version: 1, isDefault: false },
      { name: 'docker-desktop', state: 'running', version: 2, isDefault: false },
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

  it('settles unknown state words with the running list', () => {
    const unknown = parseVerboseList(fixture('list-verbose-unknown-language.bin'));
    assert.deepEqual(unknown.map((d) => d.state), ['unknown', 'unknown']);
    const running = new Set(parseQuietList(fixture('list-running-quiet.bin')));
    assert.deepEqual(parseVerboseList(fixture('list-verbose-unknown-language.bin'), running).map((d) => [d.name, d.state]), [
      ['Ubuntu', 'running'],
      ['azl3', 'running'],
    ]);
    assert.deepEqual(parseVerboseList(fixture('list-verbose-en.bin'), new Set()).map((d) => d.state), ['stopped', 'stopped', 'stopped', 'stopped']);
  });

  const noDistributions = ['list-none-en.bin', 'list-none-de.bin', 'list-none-ru.bin', 'list-none-legacy.bin'];

  it('finds no rows in the no-distributions and not-installed messages', () => {
    for (const file of [...noDistributions, 'not-installed.bin']) assert.deepEqual(parseVerboseList(fixture(file)), [], file);
  });

  it('tells "no distributions" (current, German, Russian, legacy) from "WSL is not installed"', () => {
    for (const file of noDistributions) assert.equal(saysNoDistributions(fixture(file)), true, file);
    assert.equal(saysNoDistributions(fixture('not-installed.bin')), false);
    assert.equal(saysWslIsNotInstalled(fixture('not-installed.bin')), true);
    // The current message also names `wsl.exe --install <Distro>`, which once passed for "not installed".
    assert.equal(saysWslIsNotInstalled(fixture('list-none-en.bin')), false);
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

  it('finds no Azure Linux in a list that does not offer it, so the install imports from the image', () => {
    const online = parseOnlineList(fixture('list-online-without-azure-linux.bin'));
    assert.ok(online.length > 0, 'the rows are read');
    assert.equal(online.some((entry) => /azure/i.test(entry.name)), false);
    assert.equal(pickOnlineAzureLinux(online), undefined);
    assert.equal(pickOnlineAzureLinux(parseOnlineList(fixture('list-online-en.bin')))?.name, 'AzureLinux-3.0');
  });
});
