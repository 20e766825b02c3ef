import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureEd25519Key, writeSshHostEntry } from '../../../src/azure/sshKeys';

const homes: string[] = [];
function freshHome(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'azl-ssh-'));
  homes.push(home);
  return home;
}
after(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

describe('ssh keys and config on disk', () => {
  it('creates ~/.ssh with 0700 and an ed25519 pair with a 0600 private key, then reuses it', async () => {
    const home = freshHome();
    const made = await ensureEd25519Key(home);
    assert.equal(made.generated, true);
    assert.equal(statSync(path.join(home, '.ssh')).mode & 0o777, 0o700);
    assert.equal(statSync(made.privateKeyPath).mode & 0o777, 0o600);
    assert.match(made.publicKey, /^ssh-ed25519 \S+ azure-linux-tools$/);
    const again = await ensureEd25519Key(home);
    assert.equal(again.generated, false);
    assert.equal(again.publicKey, made.publicKey);
  });

  it('reuses an existing id_ed25519.pub without touching it', async () => {
    const home = freshHome();
    mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
    writeFileSync(path.join(home, '.ssh', 'id_ed25519.pub'), 'ssh-ed25519 AAAAexisting me@host\n');
    const key = await ensureEd25519Key(home);
    assert.deepEqual([key.generated, key.publicKey], [false, 'ssh-ed25519 AAAAexisting me@host']);
  });

  it('writes the Host entry into a new 0600 config once', async () => {
    const home = freshHome();
    const entry = { alias: 'web1.rg', hostName: '20.1.2.3', user: 'azureuser' };
    const file = await writeSshHostEntry(entry, home);
    await writeSshHostEntry(entry, home);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8').match(/Host web1\.rg/g)?.length, 1);
  });
});

describe('ssh config file choice and checks', () => {
  it('writes into the given config file, creating its folder with 0700', async () => {
    const home = freshHome();
    const file = path.join(home, 'custom', 'remote_config');
    assert.equal(await writeSshHostEntry({ alias: 'web1.rg', hostName: '20.1.2.3', user: 'azureuser' }, home, file), file);
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.match(readFileSync(file, 'utf8'), /^Host web1\.rg$/m);
  });

  it('refuses an entry the terminal path would refuse, and writes nothing', async () => {
    const home = freshHome();
    await assert.rejects(
      writeSshHostEntry({ alias: 'web1.rg', hostName: '1.2.3.4\nProxyCommand x', user: 'azureuser' }, home),
      /not a host name/,
    );
    assert.throws(() => statSync(path.join(home, '.ssh', 'config')));
  });
});
