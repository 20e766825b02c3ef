import type { OnlineDistribution, WslDistribution } from './output';

/** Names Azure Linux and its predecessor CBL-Mariner use, in the store and in our own imports. */
const azureLinuxName = /azure-?linux|azl|mariner/i;

export function isAzureLinuxName(name: string): boolean {
  return azureLinuxName.test(name);
}

/** Reads `ID` and `ID_LIKE` from an /etc/os-release text: Azure Linux says `azurelinux`, CBL-Mariner `mariner`. */
export function isAzureLinuxOsRelease(osRelease: string): boolean {
  const ids = [...osRelease.matchAll(/^(?:ID|ID_LIKE)=(.*)$/gm)].flatMap((match) => match[1].replace(/["']/g, '').split(/\s+/));
  return ids.some((id) => id === 'azurelinux' || id === 'mariner');
}

export interface ListedDistribution extends WslDistribution {
  readonly isAzureLinux: boolean;
}

/** Azure Linux first, then the default, then by name. */
export function orderDistributions(
  distributions: readonly WslDistribution[],
  azureLinuxByOsRelease: ReadonlySet<string>,
): ListedDistribution[] {
  return distributions
    .map((distribution) => ({
      ...distribution,
      isAzureLinux: isAzureLinuxName(distribution.name) || azureLinuxByOsRelease.has(distribution.name),
    }))
    .sort(
      (a, b) =>
        Number(b.isAzureLinux) - Number(a.isAzureLinux) || Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name),
    );
}

/** The store's Azure Linux entry when WSL's online list offers one (the newest version first). */
export function pickOnlineAzureLinux(online: readonly OnlineDistribution[]): OnlineDistribution | undefined {
  return online
    .filter((entry) => isAzureLinuxName(entry.name) || /azure linux/i.test(entry.friendlyName))
    .sort((a, b) => b.name.localeCompare(a.name, undefined, { numeric: true }))[0];
}

export type DistributionNameProblem = 'empty' | 'characters' | 'tooLong' | 'taken';

/** Validates a name for a new distribution; returns what is wrong (the adapter words it), or undefined. */
export function validateDistributionName(name: string, existing: readonly string[]): DistributionNameProblem | undefined {
  if (!name) return 'empty';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return 'characters';
  if (name.length > 64) return 'tooLong';
  if (isTaken(name, existing)) return 'taken';
  return undefined;
}

/** WSL compares distribution names without regard to case. */
export function isTaken(name: string, existing: readonly string[]): boolean {
  return existing.some((other) => other.toLowerCase() === name.toLowerCase());
}

/** Accounts every Azure Linux image (and most distributions) already has: never made the new login. */
const reservedUserNames = new Set([
  'root',
  'bin',
  'daemon',
  'adm',
  'lp',
  'sync',
  'shutdown',
  'halt',
  'mail',
  'operator',
  'games',
  'ftp',
  'nobody',
  'systemd-network',
  'systemd-resolve',
  'dbus',
  'sshd',
  'wheel',
  'sudo',
  'admin',
  'users',
  'tss',
  'polkitd',
]);

/** Linux user names as useradd accepts them by default: accents transliterated (NFKD), reserved names avoided. */
export function linuxUserNameFor(windowsUser: string): string {
  const cleaned = windowsUser
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z_]+/, '')
    .slice(0, 32);
  if (!cleaned) return 'azureuser';
  return reservedUserNames.has(cleaned) ? `${cleaned.slice(0, 28)}user` : cleaned;
}

/** `wsl.distribution.running.azureLinux`: package.json menus match kind and state with regexes a unit test checks. */
export function distributionContextValue(distribution: Pick<ListedDistribution, 'state' | 'isAzureLinux'>): string {
  return ['wsl.distribution', distribution.state, distribution.isAzureLinux ? 'azureLinux' : 'other'].join('.');
}
