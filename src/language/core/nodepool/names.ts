/** AKS node-pool names: `^[a-z][a-z0-9]{0,11}$`, and at most 6 characters for Windows pools. */

export const LINUX_NAME_MAX = 12;
export const WINDOWS_NAME_MAX = 6;

/** Why a name is not a valid node-pool name, as a sentence; undefined when it is valid. */
export function nodePoolNameError(name: string, windows: boolean): string | undefined {
  const max = windows ? WINDOWS_NAME_MAX : LINUX_NAME_MAX;
  const reasons: string[] = [];
  if (name.length === 0) reasons.push('it is empty');
  else if (!/^[a-z]/.test(name)) reasons.push('it must start with a lowercase letter');
  if (/[A-Z]/.test(name)) reasons.push('it has uppercase letters');
  if (/[^A-Za-z0-9]/.test(name)) reasons.push('it may only contain letters and digits');
  if (name.length > max)
    reasons.push(`it has ${name.length} characters, more than ${max}${windows ? ' (the limit for Windows pools)' : ''}`);
  if (reasons.length === 0) return undefined;
  const kind = windows ? 'Windows node pool' : 'Node pool';
  return `${kind} name '${name}' is not valid: ${reasons.join(', ')}. Use 1 to ${max} lowercase letters and digits, starting with a letter.`;
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
