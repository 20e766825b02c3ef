import { english, type L10n } from '../../util/l10n';

/*
 * Input rules for publishing to an Azure Compute Gallery, from Azure's naming rules for Microsoft.Compute
 * ("galleries": 1-80 letters, digits, underscores and periods; "galleries/images": also hyphens; both start and end
 * with a letter or digit; "galleries/images/versions": Major.Minor.Patch, each a 32-bit integer).
 */

export function validateGalleryName(name: string, l10n: L10n = english): string | undefined {
  if (name.length === 0) return l10n.t('Enter a name for the gallery.');
  if (name.length > 80) return l10n.t('The name is {0} characters long; a gallery name can have at most 80.', name.length);
  if (name.includes('-')) return l10n.t('A gallery name cannot contain hyphens (-); use underscores (_) or periods (.).');
  if (!/^[A-Za-z0-9_.]+$/.test(name)) return l10n.t('Use only letters, digits, underscores (_) and periods (.).');
  if (!/^[A-Za-z0-9].*[A-Za-z0-9]$|^[A-Za-z0-9]$/.test(name)) return l10n.t('The name must start and end with a letter or a digit.');
  return undefined;
}

export function validateImageDefinitionName(name: string, l10n: L10n = english): string | undefined {
  if (name.length === 0) return l10n.t('Enter a name for the image definition.');
  if (name.length > 80) return l10n.t('The name is {0} characters long; an image definition name can have at most 80.', name.length);
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return l10n.t('Use only letters, digits, hyphens (-), underscores (_) and periods (.).');
  if (!/^[A-Za-z0-9].*[A-Za-z0-9]$|^[A-Za-z0-9]$/.test(name)) return l10n.t('The name must start and end with a letter or a digit.');
  return undefined;
}

const maxPart = 2 ** 31 - 1;

export function validateImageVersion(version: string, existing: readonly string[] = [], l10n: L10n = english): string | undefined {
  const parts = version.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^\d+$/.test(part) || Number(part) > maxPart)) {
    return l10n.t('An image version is Major.Minor.Patch, three whole numbers such as 1.0.0.');
  }
  if (existing.includes(version)) return l10n.t('Version {0} exists already; choose a higher one.', version);
  return undefined;
}

/** The next patch after the highest existing version (1.0.0 for none). */
export function nextImageVersion(existing: readonly string[]): string {
  const valid = existing.filter((version) => validateImageVersion(version) === undefined).map((version) => version.split('.').map(Number));
  if (valid.length === 0) return '1.0.0';
  valid.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
  const [major, minor, patch] = valid[valid.length - 1]!;
  return `${major}.${minor}.${patch! + 1}`;
}
