import { english, type L10n } from '../../util/l10n';

/*
 * Input rules for the create flow, from Azure's naming rules for Microsoft.Compute and Microsoft.Resources.
 * Each returns a sentence for the input box (worded by `l10n`: the adapter passes vscode.l10n), or undefined when
 * the value is fine.
 */

/*
 * The VM name is also its computer (host) name, so it follows both rules: Azure's VM resource names refuse `_` and
 * most punctuation and may not end in "." or "-"; a Linux host name has only letters, digits, "-" and ".".
 */
const vmNameCharacters = /^[A-Za-z0-9.-]+$/;

/** A Linux VM name, which we also use as its computer (host) name. */
export function validateVmName(name: string, existingNames: readonly string[] = [], l10n: L10n = english): string | undefined {
  if (name.length === 0) {
    return l10n.t('Enter a name for the virtual machine.');
  }
  if (name.length > 64) {
    return l10n.t('The name is {0} characters long; a Linux VM name can have at most 64.', name.length);
  }
  if (name.includes('_')) {
    return l10n.t(
      "The name cannot contain an underscore (_): it is also the VM's host name, which allows only letters, digits, hyphens (-) and periods (.).",
    );
  }
  if (!vmNameCharacters.test(name)) {
    return l10n.t('Use only letters, digits, hyphens (-) and periods (.).');
  }
  if (!/^[A-Za-z0-9]/.test(name)) {
    return l10n.t('The name must start with a letter or a digit.');
  }
  if (name.endsWith('.') || name.endsWith('-')) {
    return l10n.t('The name cannot end with a period or a hyphen.');
  }
  if (/^\d+$/.test(name)) {
    return l10n.t('The name cannot be only digits.');
  }
  if (existingNames.some((existing) => existing.toLowerCase() === name.toLowerCase())) {
    return l10n.t('A virtual machine named "{0}" already exists in this resource group.', name);
  }
  return undefined;
}

export function validateResourceGroupName(name: string, l10n: L10n = english): string | undefined {
  if (name.length === 0) {
    return l10n.t('Enter a name for the resource group.');
  }
  if (name.length > 90) {
    return l10n.t('The name is {0} characters long; a resource group name can have at most 90.', name.length);
  }
  if (!/^[-\w.()]+$/u.test(name)) {
    return l10n.t('Use only letters, digits, hyphens, underscores, periods and parentheses.');
  }
  if (name.endsWith('.')) {
    return l10n.t('The name cannot end with a period.');
  }
  return undefined;
}

/** Names Azure refuses as the admin user of a Linux VM. */
const reservedAdminNames = new Set([
  '1',
  '123',
  'a',
  'actuser',
  'adm',
  'admin',
  'admin1',
  'admin2',
  'administrator',
  'aspnet',
  'backup',
  'console',
  'david',
  'guest',
  'john',
  'owner',
  'root',
  'server',
  'sql',
  'support',
  'support_388945a0',
  'sys',
  'test',
  'test1',
  'test2',
  'test3',
  'user',
  'user1',
  'user2',
  'user3',
  'user4',
  'user5',
]);

export function validateAdminUsername(name: string, l10n: L10n = english): string | undefined {
  if (name.length === 0) {
    return l10n.t('Enter the admin user name.');
  }
  if (name.length > 32) {
    return l10n.t('The user name is {0} characters long; it can have at most 32.', name.length);
  }
  if (!/^[a-z_][a-z0-9_-]*$/.test(name)) {
    return l10n.t('Start with a lowercase letter or underscore; then use lowercase letters, digits, hyphens and underscores.');
  }
  if (reservedAdminNames.has(name)) {
    return l10n.t('"{0}" is reserved by Azure; choose another user name.', name);
  }
  return undefined;
}

/** An IPv4 address, optionally with a prefix length, for the NSG rule that admits SSH. */
export function validateSourceAddress(value: string, l10n: L10n = english): string | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value.trim());
  if (!match) {
    return l10n.t('Enter an IPv4 address such as 203.0.113.7 (optionally with a prefix such as /32).');
  }
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) {
    return l10n.t('Each part of the address must be between 0 and 255.');
  }
  const prefix = match[5] === undefined ? 32 : Number(match[5]);
  if (prefix < 8 || prefix > 32) {
    return l10n.t('The prefix must be between /8 and /32; SSH should not be open to the whole internet.');
  }
  return undefined;
}

/** The NSG source prefix for an address the person typed: a bare address becomes a /32. */
export function sourcePrefixFor(value: string): string {
  const trimmed = value.trim();
  return trimmed.includes('/') ? trimmed : `${trimmed}/32`;
}
