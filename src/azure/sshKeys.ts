import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { english, type L10n } from '../util/l10n';
import { upsertSshHostEntry, validateSshHostEntry, type SshHostEntry } from './core/ssh';

/*
 * The person's SSH key and config. ~/.ssh is created with 0700 when missing; a generated private key is 0600
 * (ssh-keygen's default, enforced again in case of an unusual umask). ssh-keygen runs with an argument array; a
 * passphrase is one of its arguments and never appears in a message or the log.
 */

export interface SshKeyPair {
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
  readonly publicKey: string;
  /** True when this call made the pair. */
  readonly generated: boolean;
}

export function sshDirectory(home = os.homedir()): string {
  return path.join(home, '.ssh');
}

export async function ensureSshDirectory(home = os.homedir()): Promise<string> {
  const directory = sshDirectory(home);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  return directory;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function run(program: string, args: readonly string[], signal: AbortSignal | undefined, l10n: L10n): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { signal, timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new Error(
            missing
              ? l10n.t('{0} was not found; install OpenSSH.', program)
              : l10n.t('{0} failed: {1}', program, stderr.trim() || error.message),
          ),
        );
      } else {
        resolve();
      }
    });
  });
}

/**
 * Reuses ~/.ssh/id_ed25519(.pub) when present, else generates that pair with ssh-keygen. `askPassphrase` is asked only
 * when a key is generated: its answer protects the new private key (empty or undefined: no passphrase, as before).
 */
export async function ensureEd25519Key(
  home = os.homedir(),
  comment = 'azure-linux-tools',
  signal?: AbortSignal,
  l10n: L10n = english,
  askPassphrase?: () => Promise<string | undefined>,
): Promise<SshKeyPair> {
  const directory = await ensureSshDirectory(home);
  const privateKeyPath = path.join(directory, 'id_ed25519');
  const publicKeyPath = `${privateKeyPath}.pub`;
  if (await exists(publicKeyPath)) {
    return { privateKeyPath, publicKeyPath, publicKey: (await readFile(publicKeyPath, 'utf8')).trim(), generated: false };
  }
  if (await exists(privateKeyPath)) {
    throw new Error(l10n.t('{0} exists without {1}; recreate the public key with "ssh-keygen -y -f {0}".', privateKeyPath, publicKeyPath));
  }
  const passphrase = (await askPassphrase?.()) ?? '';
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', comment, '-f', privateKeyPath], signal, l10n);
  await chmod(privateKeyPath, 0o600);
  return { privateKeyPath, publicKeyPath, publicKey: (await readFile(publicKeyPath, 'utf8')).trim(), generated: true };
}

/** Where a config write lands and with which mode: through a symlink to its target; an existing file keeps its mode. */
async function configTarget(file: string): Promise<{ path: string; mode: number; text: string }> {
  let target: string;
  try {
    target = await realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
    // A new file (or a dangling link, whose target is not followed): OpenSSH wants the config private.
    return { path: file, mode: 0o600, text: '' };
  }
  const info = await stat(target);
  return { path: target, mode: info.mode & 0o777, text: await readFile(target, 'utf8') };
}

/**
 * Replaces a file's content all at once: written to a temporary file beside it (same folder, so the same file
 * system), given the mode, then renamed over it. A crash or a full disk leaves the old file whole.
 */
async function replaceFile(file: string, text: string, mode: number): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { mode, flag: 'wx' });
    await chmod(temporary, mode);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Adds or updates this extension's `Host` entry in `configPath` (default ~/.ssh/config), creating its folder (0700)
 * when missing: a new file is 0600, an existing one keeps its mode, and a symlinked one is written at its target.
 * Refuses an entry whose values the terminal path would refuse too. Returns the file and the alias written (see
 * `upsertSshHostEntry`: never a hand-written block's).
 */
export async function writeSshHostEntry(
  entry: SshHostEntry,
  home = os.homedir(),
  configPath?: string,
  l10n: L10n = english,
): Promise<{ file: string; alias: string }> {
  const problem = validateSshHostEntry(entry, l10n);
  if (problem) {
    throw new Error(problem);
  }
  const file = configPath ?? path.join(sshDirectory(home), 'config');
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const target = await configTarget(file);
  const { text, alias } = upsertSshHostEntry(target.text, entry);
  if (text !== target.text || !(await exists(target.path))) {
    await replaceFile(target.path, text, target.mode);
  }
  return { file, alias };
}
