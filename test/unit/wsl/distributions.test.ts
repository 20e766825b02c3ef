import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wslArgs, wslConfForDefaultUser } from '../../../src/wsl/core/commandLines';
import {
  isAzureLinuxName,
  isAzureLinuxOsRelease,
  linuxUserNameFor,
  orderDistributions,
  pickOnlineAzureLinux,
  validateDistributionName,
} from '../../../src/wsl/core/distributions';
import { wslWindowOf } from '../../../src/wsl/core/host';
import { cdArgumentFor, workspacePathIn } from '../../../src/wsl/core/paths';
import { english } from '../../../src/util/l10n';

describe('recognising Azure Linux', () => {
  it('by name', () => {
    for (const name of ['AzureLinux-3.0', 'azure-linux', 'azl3', 'CBL-Mariner-2', 'mariner-dev'])
      assert.equal(isAzureLinuxName(name), true, name);
    for (const name of ['Ubuntu', 'Debian', 'docker-desktop']) assert.equal(isAzureLinuxName(name), false, name);
  });

  it('by /etc/os-release', () => {
    assert.equal(isAzureLinuxOsRelease('NAME="Microsoft Azure Linux"\nVERSION="3.0.20241005"\nID=azurelinux\nVERSION_ID="3.0"\n'), true);
    assert.equal(isAzureLinuxOsRelease('NAME="Common Base Linux Mariner"\nID=mariner\n'), true);
    assert.equal(isAzureLinuxOsRelease('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n'), false);
  });

  it('orders Azure Linux first, then the default, then by name', () => {
    const ordered = orderDistributions(
      [
        { name: 'Ubuntu', state: 'running', version: 2, isDefault: true },
        { name: 'work', state: 'running', version: 2, isDefault: false },
        { name: 'Alpine', state: 'stopped', version: 2, isDefault: false },
        { name: 'AzureLinux-3.0', state: 'stopped', version: 2, isDefault: false },
      ],
      new Set(['work']),
    );
    assert.deepEqual(
      ordered.map((d) => [d.name, d.isAzureLinux]),
      [
        ['AzureLinux-3.0', true],
        ['work', true],
        ['Ubuntu', false],
        ['Alpine', false],
      ],
    );
  });

  it('picks the newest Azure Linux from the online list', () => {
    assert.equal(
      pickOnlineAzureLinux([
        { name: 'AzureLinux-3.0', friendlyName: 'Azure Linux 3.0' },
        { name: 'AzureLinux-4.0', friendlyName: 'Azure Linux 4.0' },
        { name: 'Ubuntu', friendlyName: 'Ubuntu' },
      ])?.name,
      'AzureLinux-4.0',
    );
    assert.equal(pickOnlineAzureLinux([{ name: 'Ubuntu', friendlyName: 'Ubuntu' }]), undefined);
  });
});

describe('names', () => {
  it('validates a new distribution name', () => {
    assert.equal(validateDistributionName('AzureLinux-3.0', ['Ubuntu']), undefined);
    assert.equal(validateDistributionName('', []), 'empty');
    assert.equal(validateDistributionName('my distro', []), 'characters');
    assert.equal(validateDistributionName('-x', []), 'characters');
    assert.equal(validateDistributionName('ubuntu', ['Ubuntu']), 'taken');
    assert.equal(validateDistributionName('a'.repeat(65), []), 'tooLong');
  });

  it('derives a Linux user name from the Windows one', () => {
    assert.equal(linuxUserNameFor('Jane.Doe'), 'janedoe');
    assert.equal(linuxUserNameFor('1st User'), 'stuser');
    assert.equal(linuxUserNameFor('José.Núñez'), 'josenunez', 'accents are transliterated, not dropped');
    assert.equal(linuxUserNameFor('Ünïcødé'), 'unicde');
    assert.equal(linuxUserNameFor('!!!'), 'azureuser');
    assert.equal(linuxUserNameFor('Root'), 'rootuser', 'never an account the image already has');
    assert.equal(linuxUserNameFor('admin'), 'adminuser');
  });
});

describe('paths', () => {
  it('leaves drive paths for wsl.exe --cd to translate, and maps the distribution’s own share', () => {
    assert.equal(cdArgumentFor('C:\\Users\\jane\\src\\app', 'Ubuntu'), 'C:\\Users\\jane\\src\\app');
    assert.equal(cdArgumentFor('d:\\', 'Ubuntu'), 'd:\\');
    assert.equal(cdArgumentFor('\\\\wsl$\\AzureLinux\\home\\jane\\app', 'AzureLinux'), '/home/jane/app');
    assert.equal(cdArgumentFor('\\\\wsl.localhost\\AzureLinux', 'azurelinux'), '/');
    assert.equal(cdArgumentFor('\\\\wsl$\\Ubuntu\\home', 'AzureLinux'), undefined);
    assert.equal(cdArgumentFor('\\\\server\\share\\x', 'AzureLinux'), undefined);
    assert.equal(cdArgumentFor('relative\\x', 'AzureLinux'), undefined);
  });

  it('finds the workspace folder as each distribution sees it', () => {
    const windowsFolder = { scheme: 'file', authority: '', path: '/c:/src/app', fsPath: 'c:\\src\\app' };
    assert.equal(workspacePathIn(undefined, 'AzureLinux', undefined), undefined);
    assert.equal(workspacePathIn(windowsFolder, 'AzureLinux', undefined), 'c:\\src\\app');
    assert.deepEqual(wslArgs.shell('AzureLinux', workspacePathIn(windowsFolder, 'AzureLinux', undefined)), [
      '--distribution',
      'AzureLinux',
      '--cd',
      'c:\\src\\app',
    ]);
    const remote = { scheme: 'vscode-remote', authority: 'wsl+AzureLinux', path: '/home/jane/app', fsPath: '/home/jane/app' };
    assert.equal(workspacePathIn(remote, 'azurelinux', undefined), '/home/jane/app');
    assert.equal(workspacePathIn(remote, 'Ubuntu', undefined), undefined);
    const linuxFolder = { scheme: 'file', authority: '', path: '/home/jane/app', fsPath: '/home/jane/app' };
    assert.equal(workspacePathIn(linuxFolder, 'azl3', 'azl3'), '/home/jane/app', 'inside its own distribution the path is already Linux');
    assert.equal(workspacePathIn(linuxFolder, 'Ubuntu', 'azl3'), undefined, 'another distribution cannot be told where it is');
    assert.equal(workspacePathIn({ ...windowsFolder, scheme: 'untitled' }, 'AzureLinux', undefined), undefined);
  });

  it('knows whether the window runs on Windows, inside a distribution, or neither', () => {
    assert.equal(wslWindowOf({ platform: 'win32', distroName: undefined }), 'windows');
    assert.equal(wslWindowOf({ platform: 'linux', distroName: 'azl3' }), 'insideDistribution');
    assert.equal(wslWindowOf({ platform: 'linux', distroName: undefined, remoteName: 'wsl' }), 'insideDistribution');
    assert.equal(wslWindowOf({ platform: 'linux', distroName: undefined, remoteName: 'ssh-remote' }), 'none');
    assert.equal(wslWindowOf({ platform: 'darwin', distroName: undefined }), 'none');
  });

  it('fills placeholders the way vscode.l10n does when there is no VS Code', () => {
    assert.equal(
      english.t('{0} is installed with {1}; {0} again, {2} kept', 'azl', 'jane'),
      'azl is installed with jane; azl again, {2} kept',
    );
  });
});

describe('wsl.exe argument arrays', () => {
  it('passes names as single arguments, never through a shell', () => {
    const hostile = 'x; rm -rf /';
    assert.deepEqual(wslArgs.terminate(hostile), ['--terminate', hostile]);
    assert.deepEqual(wslArgs.unregister('AzureLinux'), ['--unregister', 'AzureLinux']);
    assert.deepEqual(wslArgs.import('AzureLinux', 'C:\\WSL\\AzureLinux', 'C:\\Temp\\rootfs.tar'), [
      '--import',
      'AzureLinux',
      'C:\\WSL\\AzureLinux',
      'C:\\Temp\\rootfs.tar',
      '--version',
      '2',
    ]);
    assert.deepEqual(wslArgs.installOnline('AzureLinux-3.0'), ['--install', '--distribution', 'AzureLinux-3.0', '--no-launch']);
    assert.deepEqual(wslArgs.execAsRoot('AzureLinux', ['/usr/sbin/useradd', '--create-home', 'jane']), [
      '--distribution',
      'AzureLinux',
      '--user',
      'root',
      '--exec',
      '/usr/sbin/useradd',
      '--create-home',
      'jane',
    ]);
    assert.deepEqual(wslArgs.shell('AzureLinux', 'C:\\src'), ['--distribution', 'AzureLinux', '--cd', 'C:\\src']);
    assert.deepEqual(wslArgs.shell('AzureLinux', '/home/jane'), ['--distribution', 'AzureLinux', '--cd', '/home/jane']);
    assert.deepEqual(wslArgs.wslpath('AzureLinux', 'C:\\src'), [
      '--distribution',
      'AzureLinux',
      '--exec',
      'wslpath',
      '-a',
      '-u',
      'C:\\src',
    ]);
    assert.deepEqual(wslArgs.listQuiet(), ['--list', '--quiet']);
    assert.deepEqual(wslArgs.shell('AzureLinux'), ['--distribution', 'AzureLinux', '--cd', '~']);
    assert.deepEqual(wslArgs.listVerbose(), ['--list', '--verbose']);
    assert.deepEqual(wslArgs.listRunning(), ['--list', '--running', '--quiet']);
    assert.deepEqual(wslArgs.listOnline(), ['--list', '--online']);
  });

  it('writes the default user into wsl.conf', () => {
    assert.equal(wslConfForDefaultUser('jane'), '[user]\ndefault=jane\n');
  });
});
