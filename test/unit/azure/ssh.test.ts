import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sshArguments, sshHostAlias, upsertSshHostEntry } from '../../../src/azure/core/ssh';

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
    assert.deepEqual(sshArguments({ user: 'ops', host: 'vm.eastus.cloudapp.azure.com', port: 2222 }), ['-p', '2222', '-l', 'ops', '--', 'vm.eastus.cloudapp.azure.com']);
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
    assert.equal(created, '# Added by Azure Linux Tools\nHost web1.rg\n  HostName 20.1.2.3\n  User azureuser\n  IdentityFile /home/me/.ssh/id_ed25519\n  IdentitiesOnly yes\n');
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
