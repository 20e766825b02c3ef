import { LineType, parse, stringify, type Line, type Section } from 'ssh-config';
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
  if (!/^[\x21-\x7e]+$/.test(entry.owner)) {
    return l10n.t('"{0}" cannot be written as the owner of an SSH config entry.', entry.owner);
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
  /** The `Host` alias Remote-SSH shows and connects to: the one wanted; the one written may differ (see upsert). */
  readonly alias: string;
  readonly hostName: string;
  readonly user: string;
  readonly identityFile?: string;
  readonly port?: number;
  /** What the entry is for (the VM's Azure id): written in the block's marker, so only that block is ever replaced. */
  readonly owner: string;
}

/** An alias made only of characters an SSH config pattern reads literally; `upsertSshHostEntry` makes it unique. */
export function sshHostAlias(vmName: string, resourceGroup: string): string {
  const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
  return `${clean(vmName)}.${clean(resourceGroup)}`;
}

const markerText = 'Added by Azure Linux Tools';
/** The marker inside each block this extension writes: `# Added by Azure Linux Tools for <owner>`. */
const markerPattern = /^#\s*Added by Azure Linux Tools for (\S+)\s*$/;

export interface SshConfigUpdate {
  /** The new text of the file (the same text when nothing changed). */
  readonly text: string;
  /** The alias the entry has in it. */
  readonly alias: string;
}

function isHostSection(line: Line): line is Section {
  return line.type === LineType.DIRECTIVE && 'config' in line && line.param.toLowerCase() === 'host';
}

/** The patterns of a `Host` line, lower-cased (OpenSSH matches host names case-blind). */
function hostPatterns(section: Section): string[] {
  const value = section.value;
  return (typeof value === 'string' ? value.split(/\s+/) : value.map((part) => part.val)).filter(Boolean).map((p) => p.toLowerCase());
}

/** The owner named by the marker inside a block this extension wrote, if any. */
function markedOwner(section: Section): string | undefined {
  for (const line of section.config) {
    if (line.type === LineType.COMMENT) {
      const match = markerPattern.exec(line.content.trim());
      if (match) {
        return match[1];
      }
    }
  }
  return undefined;
}

/** The line right before `index` in the file: the last line of the previous section, or the previous top-level line. */
function lineBefore(lines: Line[], index: number): { list: Line[]; at: number } | undefined {
  const previous = lines[index - 1];
  if (!previous) {
    return undefined;
  }
  if ('config' in previous && previous.config.length > 0) {
    return { list: previous.config, at: previous.config.length - 1 };
  }
  return { list: lines, at: index - 1 };
}

/** The block as ssh-config text, marker first, values quoted where ssh needs it (done by the library). */
function entryBlock(entry: SshHostEntry, alias: string): Section {
  const block: Record<string, string> = { Host: alias, HostName: entry.hostName, User: entry.user };
  if (entry.port !== undefined && entry.port !== 22) {
    block.Port = String(entry.port);
  }
  if (entry.identityFile) {
    block.IdentityFile = entry.identityFile;
    block.IdentitiesOnly = 'yes';
  }
  const section = parse('').append(block)[0] as Section;
  section.config.unshift({ type: LineType.COMMENT, content: `# ${markerText} for ${entry.owner}`, before: '  ', after: '\n' });
  return section;
}

/** The last line in the file, inside the last section when there is one. */
function lastLine(lines: Line[]): Line | undefined {
  const last = lines[lines.length - 1];
  return last && 'config' in last && last.config.length > 0 ? lastLine(last.config) : last;
}

/**
 * Adds the entry to the text of an SSH config, or replaces the one block this extension wrote for the same owner
 * (marked inside the block). A block written by hand is never replaced: when one already uses the wanted alias (or a
 * block of ours for something else does), the entry gets the next free alias (`alias-2`, `alias-3`, ...). Parsed and
 * written back with the `ssh-config` library, so comments, other blocks and their layout stay as they were; line
 * endings stay CRLF when the file had them; applying the same entry twice gives the same text. Blocks written by
 * earlier versions (marker comment above the block, no owner) are taken over when they have the wanted alias.
 */
export function upsertSshHostEntry(configText: string, entry: SshHostEntry): SshConfigUpdate {
  const eol = configText.includes('\r\n') ? '\r\n' : '\n';
  const config = parse(configText);
  const sections = config.filter(isHostSection);
  const wanted = entry.alias.toLowerCase();
  const legacyIndex = config.findIndex((line, index) => {
    if (!isHostSection(line) || markedOwner(line) !== undefined || hostPatterns(line).join(' ') !== wanted) {
      return false;
    }
    const before = lineBefore(config, index);
    const previous = before?.list[before.at];
    return previous?.type === LineType.COMMENT && previous.content.trim() === `# ${markerText}`;
  });
  const ours = sections.find((section) => markedOwner(section)?.toLowerCase() === entry.owner.toLowerCase());
  let alias: string;
  let index: number;
  if (ours) {
    index = config.indexOf(ours);
    alias = hostPatterns(ours).length === 1 ? String(ours.value) : entry.alias;
  } else if (legacyIndex >= 0) {
    const legacy = config[legacyIndex];
    const before = lineBefore(config, legacyIndex)!;
    before.list.splice(before.at, 1);
    index = config.indexOf(legacy);
    alias = entry.alias;
  } else {
    index = -1;
    const taken = new Set(sections.flatMap(hostPatterns));
    alias = entry.alias;
    for (let n = 2; taken.has(alias.toLowerCase()); n++) {
      alias = `${entry.alias}-${n}`;
    }
  }
  const block = entryBlock(entry, alias);
  if (index >= 0) {
    const old = config[index] as Section;
    // Comments after the old block's last directive belong to what follows it in the file: they stay, and so does
    // whatever separated the block from them (a blank line, usually).
    const lastDirective = old.config.map((line) => line.type).lastIndexOf(LineType.DIRECTIVE);
    const trailing = old.config.slice(lastDirective + 1);
    const oldLast = old.config[lastDirective];
    const newLast = block.config[block.config.length - 1];
    if (oldLast && newLast && /\n\s*\n/.test(oldLast.after)) {
      newLast.after = oldLast.after;
    }
    block.config.push(...trailing);
    block.before = old.before;
    config.splice(index, 1, block);
  } else {
    const last = lastLine(config);
    if (last) {
      if (!last.after.endsWith('\n')) {
        last.after += '\n';
      }
      if (!/\n\s*\n$/.test(last.after) && !(last.type === LineType.EMPTY)) {
        last.after += '\n';
      }
    }
    config.push(block);
  }
  const text = keepOriginalLines(configText, stringify(parse(configText)), stringify(config)).replace(/\r?\n/g, eol);
  return { text: text === configText.replace(/\r?\n/g, eol) ? configText : text, alias };
}

/**
 * The library writes a few unrelated lines back with different spacing (trailing blanks, the space before an inline
 * `# comment`; ssh-config 5.3). The edit is one run of lines, so every line before and after it is taken from the
 * original text exactly: `roundTrip` is the original as the library writes it, line for line.
 */
function keepOriginalLines(original: string, roundTrip: string, output: string): string {
  const before = original.split(/\r?\n/);
  const normalized = roundTrip.split(/\r?\n/);
  const after = output.split(/\r?\n/);
  if (before.length !== normalized.length) {
    return output;
  }
  let prefix = 0;
  while (prefix < after.length && prefix < normalized.length && after[prefix] === normalized[prefix]) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < after.length - prefix &&
    suffix < normalized.length - prefix &&
    after[after.length - 1 - suffix] === normalized[normalized.length - 1 - suffix]
  ) {
    suffix++;
  }
  return [...before.slice(0, prefix), ...after.slice(prefix, after.length - suffix), ...before.slice(before.length - suffix)].join('\n');
}
