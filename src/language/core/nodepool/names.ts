import { english, type L10n } from '../../../util/l10n';

/** AKS node-pool names: `^[a-z][a-z0-9]{0,11}$`, and at most 6 characters for Windows pools. */

export const LINUX_NAME_MAX = 12;
export const WINDOWS_NAME_MAX = 6;

/** Why a name is not a valid node-pool name, in whole sentences; undefined when it is valid. */
export function nodePoolNameError(name: string, windows: boolean, l10n: L10n = english): string | undefined {
  const max = windows ? WINDOWS_NAME_MAX : LINUX_NAME_MAX;
  const reasons: string[] = [];
  if (name.length === 0) reasons.push(l10n.t('It is empty.'));
  else if (!/^[a-z]/.test(name)) reasons.push(l10n.t('It must start with a lowercase letter.'));
  if (/[A-Z]/.test(name)) reasons.push(l10n.t('It has uppercase letters.'));
  if (/[^A-Za-z0-9]/.test(name)) reasons.push(l10n.t('It may only contain letters and digits.'));
  if (name.length > max) {
    reasons.push(
      windows
        ? l10n.t('It has {0} characters, more than {1} (the limit for Windows pools).', name.length, max)
        : l10n.t('It has {0} characters, more than {1}.', name.length, max),
    );
  }
  if (reasons.length === 0) return undefined;
  return windows
    ? l10n.t(
        "Windows node pool name '{0}' is not valid. {1} Use 1 to {2} lowercase letters and digits, starting with a letter.",
        name,
        reasons.join(' '),
        max,
      )
    : l10n.t(
        "Node pool name '{0}' is not valid. {1} Use 1 to {2} lowercase letters and digits, starting with a letter.",
        name,
        reasons.join(' '),
        max,
      );
}

/** The closest valid name: lowercase, letters and digits only, starting with a letter, cut to the limit. */
export function suggestNodePoolName(name: string, windows: boolean): string {
  const max = windows ? WINDOWS_NAME_MAX : LINUX_NAME_MAX;
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/^[0-9]+/, '');
  const base = cleaned || (windows ? 'npwin' : 'nodepool');
  return base.slice(0, max);
}
