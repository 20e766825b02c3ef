/*
 * Azure Linux releases as the extension knows them, and what an image says about itself in /etc/os-release. Pure:
 * the mirror builds, the WSL install, the VM images and the trees read the same table. The table names what is
 * published and whether it is a preview; which package manager an image has is always found inside the image
 * (packageManager.ts), never taken from here.
 */
import { english, type L10n } from '../util/l10n';

export interface AzureLinuxRelease {
  /** `VERSION_ID` in /etc/os-release: "3.0", "4.0". */
  readonly version: string;
  /** Public preview (evaluation, not production). */
  readonly preview: boolean;
  /** The core container image (`mcr.microsoft.com/...:<version>`). */
  readonly containerImage: string;
}

/**
 * 3.0: generally available, `mcr.microsoft.com/azurelinux/base/core:3.0`. 4.0: public preview, published under
 * `azurelinux-beta` until it is generally available. Newest first.
 */
export const azureLinuxReleases: readonly AzureLinuxRelease[] = [
  { version: '4.0', preview: true, containerImage: 'mcr.microsoft.com/azurelinux-beta/base/core:4.0' },
  { version: '3.0', preview: false, containerImage: 'mcr.microsoft.com/azurelinux/base/core:3.0' },
];

/** The release a config that names none used to get silently; now only the default answer of the question. */
export const defaultRelease = azureLinuxReleases.find((release) => release.version === '3.0')!;

export function knownRelease(version: string | undefined): AzureLinuxRelease | undefined {
  return azureLinuxReleases.find((release) => release.version === version);
}

/** The fields of an os-release file (os-release(5)) the extension reads. */
export interface OsRelease {
  readonly id?: string;
  readonly idLike: readonly string[];
  readonly versionId?: string;
  readonly name?: string;
  readonly prettyName?: string;
}

/**
 * Reads an os-release file as os-release(5) describes it: `KEY=VALUE` lines, values optionally in single or double
 * quotes with backslash escapes inside double quotes, `#` comments and blank lines ignored.
 */
export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (!match) continue;
    values.set(match[1], unquote(match[2]));
  }
  return {
    ...(values.get('ID') ? { id: values.get('ID')!.toLowerCase() } : {}),
    idLike: (values.get('ID_LIKE') ?? '').split(/\s+/).filter(Boolean),
    ...(values.get('VERSION_ID') ? { versionId: values.get('VERSION_ID')! } : {}),
    ...(values.get('NAME') ? { name: values.get('NAME')! } : {}),
    ...(values.get('PRETTY_NAME') ? { prettyName: values.get('PRETTY_NAME')! } : {}),
  };
}

function unquote(value: string): string {
  const double = /^"(.*)"$/.exec(value);
  if (double) return double[1].replace(/\\(["\\`$])/g, '$1');
  const single = /^'(.*)'$/.exec(value);
  return single ? single[1] : value;
}

/** The family an os-release names: Azure Linux says `azurelinux`, CBL-Mariner `mariner`. */
export function azureLinuxFamilyOf(osRelease: OsRelease): 'azurelinux' | 'mariner' | undefined {
  for (const id of [osRelease.id, ...osRelease.idLike]) {
    if (id === 'azurelinux') return 'azurelinux';
    if (id === 'mariner') return 'mariner';
  }
  return undefined;
}

/** "3.0" from "3.0", "3.0.20250102" or "3"; undefined for anything else. */
export function majorMinor(version: string | undefined): string | undefined {
  const match = /^(\d+)(?:\.(\d+))?(?:\.\d+)*$/.exec(version?.trim() ?? '');
  return match ? `${match[1]}.${match[2] ?? '0'}` : undefined;
}

/** The Azure Linux release an os-release describes ("4.0"), or undefined when it is not Azure Linux. */
export function azureLinuxVersionOf(osRelease: OsRelease): string | undefined {
  return azureLinuxFamilyOf(osRelease) === 'azurelinux' ? majorMinor(osRelease.versionId) : undefined;
}

/**
 * How a release is shown: "Azure Linux 4.0 (preview)", "Azure Linux 3.0", "CBL-Mariner 2.0". Preview comes from the
 * release table; a release the table does not know is shown without a status.
 */
export function describeRelease(version: string, l10n: L10n = english, family: 'azurelinux' | 'mariner' = 'azurelinux'): string {
  if (family === 'mariner') return l10n.t('CBL-Mariner {0}', version);
  return knownRelease(version)?.preview ? l10n.t('Azure Linux {0} (preview)', version) : l10n.t('Azure Linux {0}', version);
}

/** What an os-release shows as: the Azure Linux wording for Azure Linux and CBL-Mariner, else its PRETTY_NAME or NAME. */
export function describeOsRelease(osRelease: OsRelease, l10n: L10n = english): string | undefined {
  const family = azureLinuxFamilyOf(osRelease);
  const version = majorMinor(osRelease.versionId);
  if (family && version) return describeRelease(version, l10n, family);
  return osRelease.prettyName ?? osRelease.name;
}
