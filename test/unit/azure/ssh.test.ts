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
  const owner = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web1';
  const entry = { alias: 'web1.rg', hostName: '20.1.2.3', user: 'azureuser', identityFile: '/home/me/.ssh/id_ed25519', owner };
  const block = [
    'Host web1.rg',
    `  # Added by Azure Linux Tools for ${owner}`,
    '  HostName 20.1.2.3',
    '  User azureuser',
    '  IdentityFile /home/me/.ssh/id_ed25519',
    '  IdentitiesOnly yes',
    '',
  ].join('\n');

  it('appends a marked entry to an empty or existing config, keeping what was there', () => {
    assert.deepEqual(upsertSshHostEntry('', entry), { text: block, alias: 'web1.rg' });
    const existing = '# my hosts\nHost github.com\n  User git # work  \n  Port 22\t\n';
    assert.equal(upsertSshHostEntry(existing, entry).text, `${existing}\n${block}`);
  });

  it('is idempotent and updates its own entry in place, keeping its neighbours and their comments', () => {
    const config = 'Host a\n  User x\n\n' + block + '\n# keep me\nHost b\n  User y\n';
    assert.equal(upsertSshHostEntry(config, entry).text, config);
    const moved = upsertSshHostEntry(config, { ...entry, hostName: '20.9.9.9' });
    assert.equal(moved.alias, 'web1.rg');
    assert.equal(moved.text, config.replace('HostName 20.1.2.3', 'HostName 20.9.9.9'));
  });

  it('never replaces a hand-written block with the same alias: the entry gets the next free alias', () => {
    const handWritten = '# my own\nHost web1.rg\n  HostName 10.0.0.5\n  User me\n  ProxyJump bastion\n';
    const first = upsertSshHostEntry(handWritten, entry);
    assert.equal(first.alias, 'web1.rg-2');
    assert.ok(first.text.startsWith(handWritten), 'the hand-written block is untouched');
    assert.match(first.text, /^Host web1\.rg-2\n {2}# Added by Azure Linux Tools for /m);
    // Connecting again finds its own block by its marker, under the alias it was given.
    const again = upsertSshHostEntry(first.text, { ...entry, hostName: '20.9.9.9' });
    assert.equal(again.alias, 'web1.rg-2');
    assert.ok(again.text.startsWith(handWritten));
    assert.equal(again.text.match(/^Host /gm)?.length, 2);
  });

  it('gives VMs whose names clean to the same alias an entry each', () => {
    // "rg(1)" and "rg-1-" both clean to "rg-1-".
    const a = upsertSshHostEntry('', { ...entry, alias: sshHostAlias('web1', 'rg(1)'), owner: `${owner}-a` });
    const b = upsertSshHostEntry(a.text, { ...entry, alias: sshHostAlias('web1', 'rg-1-'), hostName: '20.5.5.5', owner: `${owner}-b` });
    assert.equal(a.alias, 'web1.rg-1-');
    assert.equal(b.alias, 'web1.rg-1--2');
    assert.match(b.text, /Host web1\.rg-1-\n[^]*HostName 20\.1\.2\.3[^]*Host web1\.rg-1--2\n[^]*HostName 20\.5\.5\.5/);
  });

  it('takes over a block an earlier version wrote (its marker above the block) for the same alias', () => {
    const legacy =
      'Host a\n  User x\n\n# Added by Azure Linux Tools\nHost web1.rg\n  HostName 20.1.2.3\n  User azureuser\n\nHost b\n  User y\n';
    const updated = upsertSshHostEntry(legacy, entry);
    assert.equal(updated.alias, 'web1.rg');
    assert.equal(updated.text, `Host a\n  User x\n\n${block}\nHost b\n  User y\n`);
  });

  it('keeps CRLF line endings and quotes paths with spaces', () => {
    const crlf = upsertSshHostEntry('Host a\r\n  User x\r\n', { ...entry, identityFile: 'C:\\Users\\Jo Doe\\.ssh\\id_ed25519' }).text;
    assert.ok(!/[^\r]\n/.test(crlf));
    assert.match(crlf, /IdentityFile "C:\\Users\\Jo Doe\\.ssh\\id_ed25519"/);
  });

  it('makes aliases from VM and group names that SSH reads literally', () => {
    assert.equal(sshHostAlias('Web1', 'My RG(1)'), 'web1.my-rg-1-');
  });
});

describe('ssh config entries are checked like the terminal path', () => {
  const entry = { alias: 'web1.rg', hostName: '20.1.2.3', user: 'azureuser', identityFile: '/home/me/.ssh/id_ed25519', owner: '/sub/vm' };

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
