import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { english, type L10n } from '../util/l10n';
import { upsertSshHostEntry, validateSshHostEntry, type SshHostEntry } from './core/ssh';

/*
 * The person's SSH key and config. ~/.ssh is created with 0700 when missing; a generated private key is 0600
 * (ssh-keygen's default, enforced again in case of an unusual umask). ssh-keygen runs with an argument array.
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

/** Reuses ~/.ssh/id_ed25519(.pub) when present, else generates that pair with ssh-keygen (no passphrase). */
export async function ensureEd25519Key(
  home = os.homedir(),
  comment = 'azure-linux-tools',
  signal?: AbortSignal,
  l10n: L10n = english,
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
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', privateKeyPath], signal, l10n);
  await chmod(privateKeyPath, 0o600);
  return { privateKeyPath, publicKeyPath, publicKey: (await readFile(publicKeyPath, 'utf8')).trim(), generated: true };
}

/**
 * Adds or updates the `Host` entry in `configPath` (default ~/.ssh/config; 0600), creating its folder (0700) when
 * missing. Refuses an entry whose values the terminal path would refuse too. Returns the file.
 */
export async function writeSshHostEntry(
  entry: SshHostEntry,
  home = os.homedir(),
  configPath?: string,
  l10n: L10n = english,
): Promise<string> {
  const problem = validateSshHostEntry(entry, l10n);
  if (problem) {
    throw new Error(problem);
  }
  const file = configPath ?? path.join(sshDirectory(home), 'config');
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const current = (await exists(file)) ? await readFile(file, 'utf8') : '';
  const updated = upsertSshHostEntry(current, entry);
  if (updated !== current) {
    await writeFile(file, updated, { mode: 0o600 });
  }
  return file;
}
