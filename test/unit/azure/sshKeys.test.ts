import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
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
    const entry = { alias: 'web1.rg', hostName: '20.1.2.3', user: 'azureuser', owner: '/sub/vm/web1' };
    const { file } = await writeSshHostEntry(entry, home);
    await writeSshHostEntry(entry, home);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8').match(/Host web1\.rg/g)?.length, 1);
  });
});

describe('ssh config writes keep the file whole and its mode', () => {
  const entry = { alias: 'web1.rg', hostName: '20.1.2.3', user: 'azureuser', owner: '/sub/vm/web1' };

  it('keeps the mode of an existing config, replaces it by rename, and leaves no temporary file', async () => {
    const home = freshHome();
    mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
    const file = path.join(home, '.ssh', 'config');
    writeFileSync(file, 'Host github.com\n  User git\n');
    chmodSync(file, 0o644);
    const inode = statSync(file).ino;
    await writeSshHostEntry(entry, home);
    assert.equal(statSync(file).mode & 0o777, 0o644, 'an existing file keeps its mode');
    assert.notEqual(statSync(file).ino, inode, 'written to a new file and renamed over the old one, not in place');
    assert.match(readFileSync(file, 'utf8'), /^Host github\.com\n {2}User git\n\nHost web1\.rg\n/);
    assert.deepEqual(readdirSync(path.join(home, '.ssh')), ['config']);
  });

  it('writes a symlinked config at its target and keeps the link', async () => {
    const home = freshHome();
    mkdirSync(path.join(home, 'dotfiles'));
    mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
    const target = path.join(home, 'dotfiles', 'ssh_config');
    writeFileSync(target, 'Host a\n  User x\n', { mode: 0o600 });
    symlinkSync(target, path.join(home, '.ssh', 'config'));
    await writeSshHostEntry(entry, home);
    assert.ok(lstatSync(path.join(home, '.ssh', 'config')).isSymbolicLink(), 'still a link');
    assert.match(readFileSync(target, 'utf8'), /Host web1\.rg/);
  });

  it('leaves the old config whole when the new one cannot be written', async () => {
    // A name of 240 bytes is a legal file, but the temporary file beside it (".<name>.<random>.tmp") is longer than
    // a file name may be: writing it fails, for root too, and the config must stay as it was.
    const home = freshHome();
    const file = path.join(home, `${'c'.repeat(240)}`);
    writeFileSync(file, 'Host a\n  User x\n');
    await assert.rejects(writeSshHostEntry(entry, home, file), /ENAMETOOLONG|name too long/i);
    assert.equal(readFileSync(file, 'utf8'), 'Host a\n  User x\n');
    assert.deepEqual(readdirSync(home), [path.basename(file)], 'no temporary file left');
  });

  it('never replaces a hand-written block with the same alias, and says which alias it wrote', async () => {
    const home = freshHome();
    mkdirSync(path.join(home, '.ssh'), { mode: 0o700 });
    const file = path.join(home, '.ssh', 'config');
    writeFileSync(file, 'Host web1.rg\n  HostName 10.0.0.5\n');
    const { alias } = await writeSshHostEntry(entry, home);
    assert.equal(alias, 'web1.rg-2');
    assert.ok(readFileSync(file, 'utf8').startsWith('Host web1.rg\n  HostName 10.0.0.5\n'));
  });
});

describe('ssh key passphrase', () => {
  it('protects a generated key with the passphrase given, asked only when a key is generated', async () => {
    const home = freshHome();
    let asked = 0;
    const key = await ensureEd25519Key(home, 'test', undefined, undefined, async () => {
      asked++;
      return 'correct horse battery';
    });
    assert.equal(asked, 1);
    const wrong = spawnSync('ssh-keygen', ['-y', '-P', 'wrong one', '-f', key.privateKeyPath], { encoding: 'utf8' });
    assert.notEqual(wrong.status, 0, 'a wrong passphrase does not open the key');
    const right = spawnSync('ssh-keygen', ['-y', '-P', 'correct horse battery', '-f', key.privateKeyPath], { encoding: 'utf8' });
    assert.equal(right.status, 0, right.stderr);
    assert.equal(right.stdout.trim().split(' ').slice(0, 2).join(' '), key.publicKey.split(' ').slice(0, 2).join(' '));
    await ensureEd25519Key(home, 'test', undefined, undefined, async () => {
      asked++;
      return 'x';
    });
    assert.equal(asked, 1, 'not asked when the key exists');
  });

  it('without a passphrase the key opens with an empty one', async () => {
    const home = freshHome();
    const key = await ensureEd25519Key(home, 'test', undefined, undefined, async () => '');
    assert.equal(spawnSync('ssh-keygen', ['-y', '-P', '', '-f', key.privateKeyPath]).status, 0);
  });
});

describe('ssh config file choice and checks', () => {
  it('writes into the given config file, creating its folder with 0700', async () => {
    const home = freshHome();
    const file = path.join(home, 'custom', 'remote_config');
    assert.equal(
      (await writeSshHostEntry({ alias: 'web1.rg', hostName: '20.1.2.3', user: 'azureuser', owner: '/sub/vm' }, home, file)).file,
      file,
    );
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.match(readFileSync(file, 'utf8'), /^Host web1\.rg$/m);
  });

  it('refuses an entry the terminal path would refuse, and writes nothing', async () => {
    const home = freshHome();
    await assert.rejects(
      writeSshHostEntry({ alias: 'web1.rg', hostName: '1.2.3.4\nProxyCommand x', user: 'azureuser', owner: '/sub/vm' }, home),
      /not a host name/,
    );
    assert.throws(() => statSync(path.join(home, '.ssh', 'config')));
  });
});
