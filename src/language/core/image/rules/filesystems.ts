import { valueOf } from '../../syntax';
import type { L10n, Range, Rule, RuleContext } from '../../types';
import { error, field, headOf, keyRangeOf, mapAt, mapItems, quote, rootMap, valueRange } from '../model';
import { type Mount, mountOf } from './storage';

/** Upstream's path rule for mount points and overlay directories: absolute, without blanks, colons or commas. */
export function pathProblem(l10n: L10n, path: string): string | undefined {
  if (path === '') return l10n.t('The path is empty.');
  if (/[ \t\n:,]/.test(path)) return l10n.t('It contains a space, tab, newline, colon or comma.');
  if (!path.startsWith('/')) return l10n.t('It must be an absolute path (starting with /).');
  return undefined;
}

function checkMount(context: RuleContext, mount: Mount, btrfs: boolean): void {
  const { l10n } = context;
  const problem = pathProblem(l10n, mount.path);
  if (problem) error(context, 'invalid-mount-path', mount.pathRange, l10n.t('Invalid mount path {0}. {1}', quote(mount.path), problem));
  if (/[ \t\n]/.test(mount.options)) {
    error(
      context,
      'invalid-mount-options',
      mount.optionsRange ?? mount.pathRange,
      l10n.t('Mount options {0} contain whitespace: separate options with commas only.', quote(mount.options)),
    );
  } else if (btrfs && mount.options !== '') {
    for (const option of mount.options.split(',')) {
      if (option.startsWith('subvol=') || option.startsWith('subvolid=')) {
        error(
          context,
          'btrfs-subvolume-option',
          mount.optionsRange ?? mount.pathRange,
          l10n.t("Remove '{0}=' from the mount options: the Image Customizer adds 'subvol=' itself.", option.split('=')[0]),
        );
        break;
      }
    }
  }
}

function subvolumePathProblem(l10n: L10n, path: string): string | undefined {
  if (path === '') return l10n.t('The path is empty.');
  if (path.startsWith('/')) return l10n.t("It must not start with '/'.");
  if (path.endsWith('/')) return l10n.t("It must not end with '/'.");
  for (const part of path.split('/')) {
    if (part === '') return l10n.t('It must not contain //.');
    if (part === '..' || part === '.') return l10n.t("It must not contain '{0}' components.", part);
  }
  return undefined;
}

/** File system entries: a mount needs a type; mount paths and options; BTRFS subvolumes. */
export const fileSystemEntries: Rule = (context) => {
  const { l10n } = context;
  for (const { map } of mapItems(valueOf(mapAt(rootMap(context), 'storage'), 'filesystems'))) {
    const type = field(context, map, 'type');
    const mount = mountOf(context, map);
    if (mount) {
      if (type === '')
        error(
          context,
          'mount-without-type',
          keyRangeOf(map, 'mountPoint')!,
          l10n.t("A file system with a 'mountPoint' needs a 'type' (ext4, xfs, fat32, vfat or btrfs)."),
        );
      checkMount(context, mount, type === 'btrfs');
    }
    const subvolumes = mapItems(valueOf(mapAt(map, 'btrfs'), 'subvolumes'));
    const seen = new Set<string>();
    const withMounts: { path: string; mount: Mount; range: Range }[] = [];
    for (const { map: subvolume } of subvolumes) {
      const path = field(context, subvolume, 'path');
      const range = valueRange(subvolume, 'path') ?? headOf(subvolume);
      const problem = subvolumePathProblem(l10n, path);
      if (problem && valueRange(subvolume, 'path'))
        error(context, 'invalid-subvolume-path', range, l10n.t('Invalid subvolume path {0}. {1}', quote(path), problem));
      if (seen.has(path)) error(context, 'duplicate-subvolume', range, l10n.t('The subvolume {0} is listed twice.', quote(path)));
      seen.add(path);
      const subvolumeMount = mountOf(context, subvolume);
      if (subvolumeMount) {
        checkMount(context, subvolumeMount, true);
        withMounts.push({ path, mount: subvolumeMount, range });
      }
    }
    // A subvolume nested in another but mounted above it makes the mounts loop.
    for (const a of withMounts) {
      for (const b of withMounts) {
        if (a === b) continue;
        const aUnderB = normalize(a.mount.path).startsWith(`${normalize(b.mount.path)}/`);
        const bInA = b.path.startsWith(`${a.path}/`);
        if (aUnderB && bInA) {
          error(
            context,
            'subvolume-mount-loop',
            b.mount.pathRange,
            l10n.t(
              'Subvolume {0} lies inside {1} but is mounted above it ({2} contains {3}), which makes the mounts loop.',
              quote(b.path),
              quote(a.path),
              quote(b.mount.path),
              quote(a.mount.path),
            ),
          );
        }
      }
    }
  }
};

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
