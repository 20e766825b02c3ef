import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pickOnlineAzureLinux } from '../../../src/wsl/core/distributions';
import {
  decodeProgramOutput,
  decodeWslOutput,
  installFromFileSince,
  parseWslVersion,
  versionAtLeast,
  parseLxssRegistry,
  parseOnlineList,
  parseQuietList,
  parseVerboseList,
  saysNoDistributions,
  saysWslIsNotInstalled,
} from '../../../src/wsl/core/output';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'wsl');
const fixture = (name: string) => decodeWslOutput(readFileSync(join(fixtures, name)));

describe('decoding wsl.exe output', () => {
  it("reads wsl.exe's own output as UTF-16LE, with no byte-order mark, whatever the language", () => {
    const text = '  NAME      STATE           VERSION\n* Ubuntu    Running         2\n';
    assert.equal(decodeWslOutput(Buffer.from(text, 'utf16le')), text);
    assert.equal(
      decodeWslOutput(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
      text,
      'a mark, should one come, goes',
    );
    assert.equal(decodeWslOutput(Buffer.alloc(0)), '');
    // Russian and Japanese text has no NUL bytes in odd places: guessing by NULs read it as garbage.
    const russian = fixture('list-none-ru.bin');
    assert.match(russian, /^подсистема Windows для Linux не имеет установленных дистрибутивов\./);
    const japanese = 'Linux 用 Windows サブシステムには、インストールされているディストリビューションがありません。\n';
    assert.equal(decodeWslOutput(Buffer.from(japanese, 'utf16le')), japanese);
  });

  it('reads the output of Linux programs (and reg.exe) as their own bytes, UTF-8, unless it is wsl.exe speaking', () => {
    assert.equal(
      decodeProgramOutput(Buffer.from('ID=azurelinux\nPRETTY_NAME="Azure Linux 4.0 – ü"\n', 'utf8')),
      'ID=azurelinux\nPRETTY_NAME="Azure Linux 4.0 – ü"\n',
    );
    assert.equal(
      decodeProgramOutput(Buffer.from('There is no distribution with the supplied name.\r\n', 'utf16le')),
      'There is no distribution with the supplied name.\n',
    );
  });

  it('keeps to the bytes wsl.exe writes in every fixture: no byte-order mark', () => {
    for (const file of readdirSync(fixtures).filter((name) => name.endsWith('.bin'))) {
      const bytes = readFileSync(join(fixtures, file));
      assert.ok(!(bytes[0] === 0xff && bytes[1] === 0xfe), `${file} starts with a byte-order mark`);
    }
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

  it('reads every state WSL prints, and names starting with a dot, underscore or dash', () => {
    assert.deepEqual(
      parseVerboseList(fixture('list-verbose-states.bin')).map((d) => [d.name, d.state, d.version, d.isDefault]),
      [
        ['Ubuntu', 'running', 2, true],
        ['.hidden', 'stopped', 2, false],
        ['_work', 'installing', 2, false],
        ['-dash', 'exporting', 2, false],
        ['AzureLinux-4.0', 'converting', 2, false],
        ['old', 'uninstalling', 1, false],
      ],
    );
  });

  it('settles running and stopped with the running list, and leaves work under way (exporting...) as it is', () => {
    assert.deepEqual(
      parseVerboseList(fixture('list-verbose-states.bin'), new Set(['.hidden', '-dash'])).map((d) => [d.name, d.state]),
      [
        ['Ubuntu', 'stopped'],
        ['.hidden', 'running'],
        ['_work', 'installing'],
        ['-dash', 'exporting'],
        ['AzureLinux-4.0', 'converting'],
        ['old', 'uninstalling'],
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
    assert.doesNotMatch(fixture('list-none-en.bin'), /Error code/, 'current wsl.exe prints no error code with it');
    assert.equal(saysNoDistributions(fixture('not-installed.bin')), false);
    assert.equal(saysWslIsNotInstalled(fixture('not-installed.bin')), true);
    // The current message also names `wsl.exe --install <Distro>`, which once passed for "not installed".
    assert.equal(saysWslIsNotInstalled(fixture('list-none-en.bin')), false);
  });
});

describe('wsl --version', () => {
  it('reads the version from the first line in any language, and knows which have --install --from-file', () => {
    assert.equal(parseWslVersion('WSL version: 2.4.4.0\nKernel version: 5.15.167.4-1\n'), '2.4.4.0');
    assert.equal(parseWslVersion('WSL-Version: 2.6.1.0\nKernelversion: 6.6.87.2-1\n'), '2.6.1.0');
    assert.equal(parseWslVersion('Invalid command line option: --version\n'), undefined);
    assert.equal(versionAtLeast('2.4.4.0', installFromFileSince), true);
    assert.equal(versionAtLeast('2.4.10.0', installFromFileSince), true);
    assert.equal(versionAtLeast('2.3.26.0', installFromFileSince), false);
    assert.equal(versionAtLeast('1.2.5.0', installFromFileSince), false);
  });
});

describe('wsl --list --online and --quiet', () => {
  it('skips the prose and the header of the current catalogue, which has no Azure Linux', () => {
    const online = parseOnlineList(fixture('list-online-current.bin'));
    assert.equal(online.length, 22);
    assert.deepEqual(online[0], { name: 'Ubuntu', friendlyName: 'Ubuntu' });
    assert.deepEqual(online.at(-1), { name: 'SUSE-Linux-Enterprise-15-SP6', friendlyName: 'SUSE Linux Enterprise 15 SP6' });
    assert.equal(pickOnlineAzureLinux(online), undefined, 'the install uses the image or a .wsl file');
    assert.deepEqual(parseQuietList(fixture('list-running-quiet.bin')), ['Ubuntu', 'azl3']);
    assert.deepEqual(parseQuietList(''), [], '--list --quiet with no distributions prints nothing');
  });

  it('offers Azure Linux from the catalogue should it ever list it', () => {
    // Not a capture: the current catalogue with an Azure Linux row added, in the layout WslClient.cpp prints.
    const withAzureLinux = fixture('list-online-current.bin').replace(
      /^Debian .*$/m,
      (debian) => `${debian}\n${'AzureLinux-4.0'.padEnd(32)}Azure Linux 4.0`,
    );
    assert.equal(pickOnlineAzureLinux(parseOnlineList(withAzureLinux))?.name, 'AzureLinux-4.0');
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
