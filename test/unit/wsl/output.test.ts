import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pickOnlineAzureLinux } from '../../../src/wsl/core/distributions';
import {
  decodeWslOutput,
  parseLxssRegistry,
  parseOnlineList,
  parseQuietList,
  parseVerboseList,
  saysNoDistributions,
  saysWslIsNotInstalled,
} from '../../../src/wsl/core/output';

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
    assert.deepEqual(
      parseVerboseList(fixture('list-verbose-de.bin')).map((d) => [d.name, d.state, d.isDefault]),
      [
        ['Ubuntu', 'running', true],
        ['AzureLinux', 'stopped', false],
      ],
    );
    assert.deepEqual(
      parseVerboseList(fixture('list-verbose-fr.bin')).map((d) => [d.name, d.state, d.version]),
      [
        ['Debian', 'running', 2],
        ['Legacy', 'stopped', 1],
      ],
    );
    assert.deepEqual(
      parseVerboseList(fixture('list-verbose-zh.bin')).map((d) => [d.name, d.state]),
      [
        ['Ubuntu', 'running'],
        ['mariner-dev', 'stopped'],
      ],
    );
  });

  it('settles unknown state words with the running list', () => {
    const unknown = parseVerboseList(fixture('list-verbose-unknown-language.bin'));
    assert.deepEqual(
      unknown.map((d) => d.state),
      ['unknown', 'unknown'],
    );
    const running = new Set(parseQuietList(fixture('list-running-quiet.bin')));
    assert.deepEqual(
      parseVerboseList(fixture('list-verbose-unknown-language.bin'), running).map((d) => [d.name, d.state]),
      [
        ['Ubuntu', 'running'],
        ['azl3', 'running'],
      ],
    );
    assert.deepEqual(
      parseVerboseList(fixture('list-verbose-en.bin'), new Set()).map((d) => d.state),
      ['stopped', 'stopped', 'stopped', 'stopped'],
    );
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
    assert.equal(
      online.some((entry) => /azure/i.test(entry.name)),
      false,
    );
    assert.equal(pickOnlineAzureLinux(online), undefined);
    assert.equal(pickOnlineAzureLinux(parseOnlineList(fixture('list-online-en.bin')))?.name, 'AzureLinux-3.0');
  });
});

describe('where each distribution keeps its disk (reg query ...\\Lxss /s)', () => {
  // The shape reg.exe prints: a key per distribution, values as "    Name    REG_TYPE    value".
  const lxss = [
    '',
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss',
    '    DefaultDistribution    REG_SZ    {6a3b0e5c-0d7f-4c45-9f53-1a0a3b0f2e11}',
    '    DefaultVersion    REG_DWORD    0x2',
    '',
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{6a3b0e5c-0d7f-4c45-9f53-1a0a3b0f2e11}',
    '    State    REG_DWORD    0x1',
    '    DistributionName    REG_SZ    Ubuntu',
    '    Version    REG_DWORD    0x2',
    '    BasePath    REG_SZ    C:\\Users\\jane\\AppData\\Local\\Packages\\CanonicalGroupLimited.Ubuntu_79rhkp1fndgsc\\LocalState',
    '    DefaultUid    REG_DWORD    0x3e8',
    '',
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{0c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5}',
    '    BasePath    REG_SZ    \\\\?\\C:\\Users\\jane\\AppData\\Local\\wsl\\Azure Linux 3',
    '    DistributionName    REG_SZ    AzureLinux-3',
    '',
    'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{11111111-2222-4333-8444-555555555555}',
    '    State    REG_DWORD    0x1',
    '',
  ].join('\r\n');

  it('maps each name to its folder, in either order of values, without the \\\\?\\ prefix', () => {
    assert.deepEqual(
      [...parseLxssRegistry(lxss)],
      [
        ['Ubuntu', 'C:\\Users\\jane\\AppData\\Local\\Packages\\CanonicalGroupLimited.Ubuntu_79rhkp1fndgsc\\LocalState'],
        ['AzureLinux-3', 'C:\\Users\\jane\\AppData\\Local\\wsl\\Azure Linux 3'],
      ],
    );
  });

  it('leaves out keys without both values, and reads nothing from other text', () => {
    assert.equal(parseLxssRegistry('ERROR: The system was unable to find the specified registry key or value.\r\n').size, 0);
    assert.equal(parseLxssRegistry('').size, 0);
  });
});
