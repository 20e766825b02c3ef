import { asMap, asScalar, valueOf } from '../../syntax';
import type { L10n, Rule } from '../../types';
import { error, field, headOf, mapAt, mapItems, quote, rootMap, scalarItems, textOf, valueRange } from '../model';
import { pathProblem } from './filesystems';

/** govalidator's DNS name (what upstream uses), which also allows `_`; upstream then rejects `_`. */
const DNS_NAME = /^([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?$/;
const IPV4 = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/;

export function hostnameProblem(l10n: L10n, hostname: string): string | undefined {
  if (hostname.includes('_')) return l10n.t('Underscores are not allowed.');
  if (hostname.replaceAll('.', '').length > 255) return l10n.t('It is longer than 255 characters.');
  // An IPv4 address as Go's net.ParseIP reads one (no leading zeros) is not a host name.
  if (IPV4.test(hostname) && hostname.split('.').every((part) => Number(part) <= 255)) return l10n.t('An IP address is not a host name.');
  if (!DNS_NAME.test(hostname))
    return l10n.t('Use letters, digits and hyphens, in dot-separated labels of at most 63 characters that do not start with a hyphen.');
  return undefined;
}

export const hostname: Rule = (context) => {
  const { l10n } = context;
  const os = mapAt(rootMap(context), 'os');
  const value = field(context, os, 'hostname');
  if (value === '') return;
  const problem = hostnameProblem(l10n, value);
  if (problem)
    error(context, 'invalid-hostname', valueRange(os!, 'hostname')!, l10n.t('Invalid host name {0}. {1}', quote(value), problem));
};

const PASSWORD_TYPES_WITH_VALUE = new Set(['plain-text', 'hashed', 'plain-text-file', 'hashed-file']);

/** `locked` takes no value; every other type needs one. */
export const passwordValue: Rule = (context) => {
  const { l10n } = context;
  for (const { map: user } of mapItems(valueOf(mapAt(rootMap(context), 'os'), 'users'))) {
    const password = mapAt(user, 'password');
    if (!password) continue;
    const type = field(context, password, 'type');
    const value = field(context, password, 'value');
    if (type === 'locked' && value !== '') {
      error(
        context,
        'password-value',
        valueRange(password, 'value')!,
        l10n.t("A 'locked' password takes no value: remove 'value' or choose another type."),
      );
    } else if (PASSWORD_TYPES_WITH_VALUE.has(type) && value === '') {
      error(
        context,
        'password-value',
        valueRange(password, 'value') ?? valueRange(password, 'type')!,
        type.endsWith('-file')
          ? l10n.t("A '{0}' password needs a 'value' (the path of the file).", type)
          : l10n.t("A '{0}' password needs a 'value'.", type),
      );
    }
  }
};

/** Module names are unique; option keys and values are non-empty and without spaces. */
export const kernelModules: Rule = (context) => {
  const { l10n } = context;
  const seen = new Set<string>();
  for (const { map } of mapItems(valueOf(mapAt(rootMap(context), 'os'), 'modules'))) {
    const name = field(context, map, 'name');
    const nameRange = valueRange(map, 'name');
    if (nameRange && name !== '' && seen.has(name)) {
      error(context, 'duplicate-module', nameRange, l10n.t('The module {0} is listed twice; list each module once.', quote(name)));
    }
    seen.add(name);
    const options = asMap(valueOf(map, 'options'));
    for (const option of options?.entries ?? []) {
      const key = textOf(context, option.key) ?? '';
      const value = option.value ? (textOf(context, option.value) ?? '') : '';
      if (key === '' || /[ \n]/.test(key)) {
        error(
          context,
          'module-option',
          option.key.range,
          l10n.t('Module option name {0} must be non-empty and without spaces.', quote(key)),
        );
      } else if (value === '' || /[ \n]/.test(value)) {
        const range = option.value && asScalar(option.value) ? option.value.range : option.key.range;
        error(context, 'module-option', range, l10n.t('The value of module option {0} must be non-empty and without spaces.', quote(key)));
      }
    }
  }
};

/** Overlay paths are absolute and plain; upper and work directories differ and do not nest; no two overlays share them. */
export const overlays: Rule = (context) => {
  const { l10n } = context;
  const seen: Record<'mountPoint' | 'upperDir' | 'workDir', Set<string>> = {
    mountPoint: new Set(),
    upperDir: new Set(),
    workDir: new Set(),
  };
  for (const { map } of mapItems(valueOf(mapAt(rootMap(context), 'os'), 'overlays'))) {
    const checkPath = (range: { start: number; end: number } | undefined, path: string, key: string) => {
      const problem = pathProblem(l10n, path);
      if (problem)
        error(context, 'invalid-overlay-path', range ?? headOf(map), l10n.t("Invalid path {0} in '{1}'. {2}", quote(path), key, problem));
    };
    for (const item of scalarItems(valueOf(map, 'lowerDirs'))) checkPath(item.range, textOf(context, item) ?? '', 'lowerDirs');
    for (const item of scalarItems(valueOf(map, 'mountDependencies')))
      checkPath(item.range, textOf(context, item) ?? '', 'mountDependencies');
    for (const key of ['upperDir', 'workDir', 'mountPoint'] as const) {
      // A missing key is the schema's (required) to report.
      if (valueRange(map, key)) checkPath(valueRange(map, key), field(context, map, key), key);
    }
    const mountOptions = field(context, map, 'mountOptions');
    if (/[ \t\n]/.test(mountOptions)) {
      error(
        context,
        'invalid-mount-options',
        valueRange(map, 'mountOptions')!,
        l10n.t('Mount options {0} contain whitespace: separate options with commas only.', quote(mountOptions)),
      );
    }
    const upper = field(context, map, 'upperDir');
    const work = field(context, map, 'workDir');
    const workRange = valueRange(map, 'workDir');
    if (workRange && upper !== '' && upper === work) {
      error(
        context,
        'overlay-dirs',
        workRange,
        l10n.t("'upperDir' and 'workDir' must be different directories (both are {0}).", quote(upper)),
      );
    } else if (workRange && upper !== '' && isSubdirectory(upper, work)) {
      error(context, 'overlay-dirs', workRange, l10n.t("'workDir' {0} must not be inside 'upperDir' {1}.", quote(work), quote(upper)));
    } else if (workRange && work !== '' && isSubdirectory(work, upper)) {
      error(
        context,
        'overlay-dirs',
        valueRange(map, 'upperDir')!,
        l10n.t("'upperDir' {0} must not be inside 'workDir' {1}.", quote(upper), quote(work)),
      );
    }
    for (const key of ['mountPoint', 'upperDir', 'workDir'] as const) {
      const value = field(context, map, key);
      const range = valueRange(map, key);
      if (!range) continue;
      if (seen[key].has(value))
        error(
          context,
          'duplicate-overlay',
          range,
          l10n.t('Another overlay already uses {0} as its {1}; each overlay needs its own.', quote(value), key),
        );
      seen[key].add(value);
    }
  }
};

/** True when `child` lies below `parent` (textually, as upstream compares). */
function isSubdirectory(parent: string, child: string): boolean {
  const a = `${parent.replace(/\/$/, '')}/`;
  const b = `${child.replace(/\/$/, '')}/`;
  return a !== b && b.startsWith(a);
}
