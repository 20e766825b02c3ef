import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wslArgs, wslConfForDefaultUser } from '../../../src/wsl/core/commandLines';
import { isAzureLinuxName, isAzureLinuxOsRelease, linuxUserNameFor, orderDistributions, pickOnlineAzureLinux, validateDistributionName } from '../../../src/wsl/core/distributions';
import { windowsPathToWsl } from '../../../src/wsl/core/paths';

describe('recognising Azure Linux', () => {
  it('by name', () => {
    for (const name of ['AzureLinux-3.0', 'azure-linux', 'azl3', 'CBL-Mariner-2', 'mariner-dev']) assert.equal(isAzureLinuxName(name), true, name);
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
    assert.deepEqual(ordered.map((d) => [d.name, d.isAzureLinux]), [
      ['AzureLinux-3.0', true],
      ['work', true],
      ['Ubuntu', false],
      ['Alpine', false],
    ]);
  });

  it('picks the newest Azure Linux from the online list', () => {
    assert.equal(pickOnlineAzureLinux([{ name: 'AzureLinux-3.0', friendlyName: 'Azure Linux 3.0' }, { name: 'AzureLinux-4.0', friendlyName: 'Azure Linux 4.0' }, { name: 'Ubuntu', friendlyName: 'Ubuntu' }])?.name, 'AzureLinux-4.0');
    assert.equal(pickOnlineAzureLinux([{ name: 'Ubuntu', friendlyName: 'Ubuntu' }]), undefined);
  });
});

describe('names', () => {
  it('validates a new distribution name', () => {
    assert.equal(validateDistributionName('AzureLinux-3.0', ['Ubuntu']), undefined);
    assert.match(validateDistributionName('', [])!, /Enter a name/);
    assert.match(validateDistributionName('my distro', [])!, /letters, digits/);
    assert.match(validateDistributionName('-x', [])!, /starting with/);
    assert.match(validateDistributionName('ubuntu', ['Ubuntu'])!, /already exists/);
    assert.match(validateDistributionName('a'.repeat(65), [])!, /64/);
  });

  it('derives a Linux user name from the Windows one', () => {
    assert.equal(linuxUserNameFor('Jane.Doe'), 'janedoe');
    assert.equal(linuxUserNameFor('1st User'), 'stuser');
    assert.equal(linuxUserNameFor('Ünïcødé'), 'ncd');
    assert.equal(linuxUserNameFor('!!!'), 'azureuser');
  });
});

describe('paths', () => {
  it('translates Windows paths to the distribution’s view', () => {
    assert.equal(windowsPathToWsl('C:\\Users\\jane\\src\\app', 'Ubuntu'), '/mnt/c/Users/jane/src/app');
    assert.equal(windowsPathToWsl('d:\\', 'Ubuntu'), '/mnt/d');
    assert.equal(windowsPathToWsl('E:/work/x/', 'Ubuntu'), '/mnt/e/work/x');
    assert.equal(windowsPathToWsl('\\\\wsl$\\AzureLinux\\home\\jane\\app', 'AzureLinux'), '/home/jane/app');
    assert.equal(windowsPathToWsl('\\\\wsl.localhost\\AzureLinux', 'azurelinux'), '/');
    assert.equal(windowsPathToWsl('\\\\wsl$\\Ubuntu\\home', 'AzureLinux'), undefined);
    assert.equal(windowsPathToWsl('\\\\server\\share\\x', 'AzureLinux'), undefined);
  });
});

describe('wsl.exe argument arrays', () => {
  it('passes names as single arguments, never through a shell', () => {
    const hostile = 'x; rm -rf /';
    assert.deepEqual(wslArgs.terminate(hostile), ['--terminate', hostile]);
    assert.deepEqual(wslArgs.unregister('AzureLinux'), ['--unregister', 'AzureLinux']);
    assert.deepEqual(wslArgs.import('AzureLinux', 'C:\\WSL\\AzureLinux', 'C:\\Temp\\rootfs.tar'), ['--import', 'AzureLinux', 'C:\\WSL\\AzureLinux', 'C:\\Temp\\rootfs.tar', '--version', '2']);
    assert.deepEqual(wslArgs.installOnline('AzureLinux-3.0'), ['--install', '--distribution', 'AzureLinux-3.0', '--no-launch']);
    assert.deepEqual(wslArgs.execAsRoot('AzureLinux', ['/usr/sbin/useradd', '--create-home', 'jane']), ['--distribution', 'AzureLinux', '--user', 'root', '--exec', '/usr/sbin/useradd', '--create-home', 'jane']);
    assert.deepEqual(wslArgs.shell('AzureLinux', '/mnt/c/src'), ['--distribution', 'AzureLinux', '--cd', '/mnt/c/src']);
    assert.deepEqual(wslArgs.shell('AzureLinux'), ['--distribution', 'AzureLinux', '--cd', '~']);
    assert.deepEqual(wslArgs.listVerbose(), ['--list', '--verbose']);
    assert.deepEqual(wslArgs.listRunning(), ['--list', '--running', '--quiet']);
    assert.deepEqual(wslArgs.listOnline(), ['--list', '--online']);
  });

  it('writes the default user into wsl.conf', () => {
    assert.equal(wslConfForDefaultUser('jane'), '[user]\ndefault=jane\n');
  });
});
