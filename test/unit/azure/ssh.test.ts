import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  remoteSshConfigFile,
  sshArguments,
  sshHostAlias,
  upsertSshHostEntry,
  validateSshHostEntry,
  validateSshTarget,
} from '../../../src/azure/core/ssh';

describe('ssh command line', () => {
  it('passes user, key and address as separate arguments, ending options before the host', () => {
    assert.deepEqual(sshArguments({ user: 'azureuser', host: '20.1.2.3', identityFile: '/home/me/.ssh/id_ed25519' }), [
      '-i',
      '/home/me/.ssh/id_ed25519',
      '-l',
      'azureuser',
      '--',
      '20.1.2.3',
    ]);
    assert.deepEqual(sshArguments({ user: 'ops', host: 'vm.eastus.cloudapp.azure.com', port: 2222 }), [
      '-p',
      '2222',
      '-l',
      'ops',
      '--',
      'vm.eastus.cloudapp.azure.com',
    ]);
  });

  it('refuses hosts and users that could be read as options or shell syntax', () => {
    assert.throws(() => sshArguments({ user: 'azureuser', host: '-oProxyCommand=touch /tmp/x' }));
    assert.throws(() => sshArguments({ user: 'a;rm -rf /', host: '1.2.3.4' }));
    assert.throws(() => sshArguments({ user: 'azureuser', host: '1.2.3.4 && id' }));
  });
});

describe('ssh config Host entries', () => {
  const entry = { alias: 'web1.rg', hostName: '20.1.2.3', user: 'azureuser', identityFile: '/home/me/.ssh/id_ed25519' };

  it('appends an entry to an empty or existing config', () => {
    const created = upsertSshHostEntry('', entry);
    assert.equal(
      created,
      '# Added by Azure Linux Tools\nHost web1.rg\n  HostName 20.1.2.3\n  User azureuser\n  IdentityFile /home/me/.ssh/id_ed25519\n  IdentitiesOnly yes\n',
    );
    const existing = 'Host github.com\n  User git\n';
    assert.equal(upsertSshHostEntry(existing, entry), `${existing}\n${created}`);
  });

  it('is idempotent and updates an existing entry in place, keeping its neighbours', () => {
    const config = 'Host a\n  User x\n\n' + upsertSshHostEntry('', entry) + '\n# keep me\nHost b\n  User y\n';
    assert.equal(upsertSshHostEntry(config, entry), config);
    const moved = upsertSshHostEntry(config, { ...entry, hostName: '20.9.9.9' });
    assert.match(moved, /HostName 20\.9\.9\.9/);
    assert.doesNotMatch(moved, /20\.1\.2\.3/);
    assert.equal(moved.match(/Host web1\.rg/g)?.length, 1);
    assert.ok(moved.startsWith('Host a\n  User x\n\n# Added by Azure Linux Tools\nHost web1.rg\n'));
    assert.ok(moved.endsWith('\n# keep me\nHost b\n  User y\n'));
  });

  it('keeps CRLF line endings and quotes paths with spaces', () => {
    const crlf = upsertSshHostEntry('Host a\r\n  User x\r\n', { ...entry, identityFile: 'C:\\Users\\Jo Doe\\.ssh\\id_ed25519' });
    assert.ok(!/[^\r]\n/.test(crlf));
    assert.match(crlf, /IdentityFile "C:\\Users\\Jo Doe\\.ssh\\id_ed25519"/);
  });

  it('makes aliases from VM and group names that SSH reads literally', () => {
    assert.equal(sshHostAlias('Web1', 'My RG(1)'), 'web1.my-rg-1-');
  });
});

describe('ssh config entries are checked like the terminal path', () => {
  const entry = { alias: 'web1.rg', hostName: '20.1.2.3', user: 'azureuser', identityFile: '/home/me/.ssh/id_ed25519' };

  it('accepts what Azure normally gives', () => {
    assert.equal(validateSshHostEntry(entry), undefined);
    assert.equal(validateSshHostEntry({ ...entry, hostName: 'web1.eastus.cloudapp.azure.com', identityFile: undefined }), undefined);
  });

  it('refuses values that would add directives or options to the config', () => {
    assert.match(validateSshHostEntry({ ...entry, hostName: '20.1.2.3\n  ProxyCommand touch /tmp/x' }) ?? '', /not a host name/);
    assert.match(validateSshHostEntry({ ...entry, hostName: '-oProxyCommand=x' }) ?? '', /not a host name/);
    assert.match(validateSshHostEntry({ ...entry, user: 'root\nHost *' }) ?? '', /not a user name/);
    assert.match(validateSshHostEntry({ ...entry, alias: 'web* other' }) ?? '', /not a host alias/);
    assert.match(validateSshHostEntry({ ...entry, identityFile: '/k\n  ProxyCommand x' }) ?? '', /not a key file path/);
    assert.match(validateSshHostEntry({ ...entry, port: 70000 }) ?? '', /not a port/);
  });

  it('words the problem with the translate function it is given', () => {
    const upper = { t: (message: string, ...args: Array<string | number | boolean>) => `${message.toUpperCase()}|${args.join(',')}` };
    assert.equal(validateSshTarget({ user: 'a b', host: 'h' }, upper), '"{0}" IS NOT A USER NAME SSH CAN USE.|a b');
  });
});

describe('Remote-SSH config file from the user setting', () => {
  it('uses ~/.ssh/config when the user set nothing (a workspace value is never passed in)', () => {
    assert.equal(remoteSshConfigFile(undefined, '/home/me', path.posix.join), undefined);
    assert.equal(remoteSshConfigFile('  ', '/home/me', path.posix.join), undefined);
    assert.equal(remoteSshConfigFile(42, '/home/me', path.posix.join), undefined);
  });

  it('expands a leading ~ and keeps absolute paths', () => {
    assert.equal(remoteSshConfigFile('~/.ssh/remote_config', '/home/me', path.posix.join), '/home/me/.ssh/remote_config');
    assert.equal(remoteSshConfigFile('/etc/ssh/my_config', '/home/me', path.posix.join), '/etc/ssh/my_config');
    assert.equal(remoteSshConfigFile('~other/config', '/home/me', path.posix.join), '~other/config');
  });
});
