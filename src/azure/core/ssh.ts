import { english, type L10n } from '../../util/l10n';

/*
 * SSH command lines and ~/.ssh/config entries. Everything here is an argument array or plain text; nothing is
 * ever handed to a shell, so names that came from Azure cannot inject commands.
 */

export interface SshTarget {
  readonly user: string;
  readonly host: string;
  readonly identityFile?: string;
  readonly port?: number;
}

const safeUser = /^[A-Za-z_][A-Za-z0-9._-]*$/;
const safeHost = /^[A-Za-z0-9][A-Za-z0-9.:-]*$/;

export function validateSshTarget(target: SshTarget, l10n: L10n = english): string | undefined {
  if (!safeUser.test(target.user)) {
    return l10n.t('"{0}" is not a user name ssh can use.', target.user);
  }
  if (!safeHost.test(target.host)) {
    return l10n.t('"{0}" is not a host name or address ssh can use.', target.host);
  }
  if (target.port !== undefined && !(Number.isInteger(target.port) && target.port > 0 && target.port < 65536)) {
    return l10n.t('{0} is not a port ssh can use.', String(target.port));
  }
  return undefined;
}

const safeAlias = /^[A-Za-z0-9._-]+$/;

/**
 * The checks the terminal path makes, for a `Host` entry: one value per line, none that ssh would read as more
 * than one word or as a pattern, so nothing that came from Azure can add directives to the person's config.
 */
export function validateSshHostEntry(entry: SshHostEntry, l10n: L10n = english): string | undefined {
  const problem = validateSshTarget({ user: entry.user, host: entry.hostName, port: entry.port }, l10n);
  if (problem) {
    return problem;
  }
  if (!safeAlias.test(entry.alias)) {
    return l10n.t('"{0}" is not a host alias ssh reads literally.', entry.alias);
  }
  // eslint-disable-next-line no-control-regex
  if (entry.identityFile !== undefined && (entry.identityFile.length === 0 || /[\u0000-\u001f\u007f"]/.test(entry.identityFile))) {
    return l10n.t('"{0}" is not a key file path an SSH config can hold.', entry.identityFile);
  }
  return undefined;
}

/**
 * Where Remote-SSH reads hosts from, from the `remote.SSH.configFile` value in the person's user settings only (a
 * workspace must not redirect where we write); undefined means ~/.ssh/config. A leading `~` is the home folder.
 */
export function remoteSshConfigFile(userValue: unknown, home: string, join: (...parts: string[]) => string): string | undefined {
  if (typeof userValue !== 'string' || userValue.trim() === '') {
    return undefined;
  }
  const value = userValue.trim();
  return value === '~' || value.startsWith('~/') || value.startsWith('~\\') ? join(home, value.slice(1)) : value;
}

/** Arguments for `ssh` (without the program itself). Throws when the target would not be safe to pass. */
export function sshArguments(target: SshTarget): string[] {
  const problem = validateSshTarget(target);
  if (problem) {
    throw new Error(problem);
  }
  const args: string[] = [];
  if (target.identityFile) {
    args.push('-i', target.identityFile);
  }
  if (target.port !== undefined && target.port !== 22) {
    args.push('-p', String(target.port));
  }
  // `-l` keeps the user apart from the host; `--` ends options so a host can never be read as one.
  args.push('-l', target.user, '--', target.host);
  return args;
}

export interface SshHostEntry {
  /** The `Host` alias Remote-SSH shows and connects to. */
  readonly alias: string;
  readonly hostName: string;
  readonly user: string;
  readonly identityFile?: string;
  readonly port?: number;
}

/** An alias made only of characters an SSH config pattern reads literally. */
export function sshHostAlias(vmName: string, resourceGroup: string): string {
  const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
  return `${clean(vmName)}.${clean(resourceGroup)}`;
}

const entryComment = '# Added by Azure Linux Tools';

function quoteIfNeeded(value: string): string {
  return /\s/.test(value) ? `"${value.replace(/"/g, '\\"')}"` : value;
}

export function formatSshHostEntry(entry: SshHostEntry): string[] {
  const lines = [entryComment, `Host ${entry.alias}`, `  HostName ${entry.hostName}`, `  User ${entry.user}`];
  if (entry.port !== undefined && entry.port !== 22) {
    lines.push(`  Port ${entry.port}`);
  }
  if (entry.identityFile) {
    lines.push(`  IdentityFile ${quoteIfNeeded(entry.identityFile)}`, '  IdentitiesOnly yes');
  }
  return lines;
}

const blockStart = /^\s*(Host|Match)\b/i;

/**
 * Adds the entry to the text of an SSH config, or replaces the existing `Host` block with the same single alias
 * (and our comment right above it). Other entries, comments and line endings are left as they were, and applying
 * the same entry twice gives the same text.
 */
export function upsertSshHostEntry(configText: string, entry: SshHostEntry): string {
  const eol = configText.includes('\r\n') ? '\r\n' : '\n';
  const lines = configText.length > 0 ? configText.split(/\r?\n/) : [];
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  const newBlock = formatSshHostEntry(entry);
  const start = lines.findIndex((line) => {
    const match = /^\s*Host\s+(.+?)\s*$/i.exec(line);
    return match !== null && match[1] === entry.alias;
  });
  if (start < 0) {
    const separator = lines.length > 0 && lines[lines.length - 1].trim() !== '' ? [''] : [];
    return [...lines, ...separator, ...newBlock].join(eol) + eol;
  }
  let end = start + 1;
  while (end < lines.length && !blockStart.test(lines[end])) {
    end++;
  }
  // Keep the blank lines and unrelated comments that precede the next block.
  while (end > start + 1 && (lines[end - 1].trim() === '' || lines[end - 1].trim().startsWith('#'))) {
    end--;
  }
  const blockFrom = start > 0 && lines[start - 1].trim() === entryComment ? start - 1 : start;
  return [...lines.slice(0, blockFrom), ...newBlock, ...lines.slice(end)].join(eol) + eol;
}
