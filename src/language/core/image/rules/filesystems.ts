import { valueOf } from '../../syntax';
import type { Range, Rule, RuleContext } from '../../types';
import { error, field, headOf, keyRangeOf, mapAt, mapItems, quote, rootMap, valueRange } from '../model';
import { type Mount, mountOf } from './storage';

/** Upstream's path rule for mount points and overlay directories: absolute, without blanks, colons or commas. */
export function pathProblem(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (/[ \t\n:,]/.test(path)) return 'it contains a space, tab, newline, colon or comma';
  if (!path.startsWith('/')) return 'it must be an absolute path (starting with /)';
  return undefined;
}

function checkMount(context: RuleContext, mount: Mount, btrfs: boolean): void {
  const problem = pathProblem(mount.path);
  if (problem) error(context, 'invalid-mount-path', mount.pathRange, `Invalid mount path ${quote(mount.path)}: ${problem}.`);
  if (/[ \t\n]/.test(mount.options)) {
    error(
      context,
      'invalid-mount-options',
      mount.optionsRange ?? mount.pathRange,
      `Mount options ${quote(mount.options)} contain whitespace: separate options with commas only.`,
    );
  } else if (btrfs && mount.options !== '') {
    for (const option of mount.options.split(',')) {
      if (option.startsWith('subvol=') || option.startsWith('subvolid=')) {
        error(
          context,
          'btrfs-subvolume-option',
          mount.optionsRange ?? mount.pathRange,
          `Remove '${option.split('=')[0]}=' from the mount options: the Image Customizer adds 'subvol=' itself.`,
        );
        break;
      }
    }
  }
}

function subvolumePathProblem(path: string): string | undefined {
  if (path === '') return 'it is empty';
  if (path.startsWith('/')) return "it must not start with '/'";
  if (path.endsWith('/')) return "it must not end with '/'";
  for (const part of path.split('/')) {
    if (part === '') return 'it must not contain //';
    if (part === '..' || part === '.') return `it must not contain '${part}' components`;
  }
  return undefined;
}

/** File system entries: a mount needs a type; mount paths and options; BTRFS subvolumes. */
export const fileSystemEntries: Rule = (context) => {
  for (const { map } of mapItems(valueOf(mapAt(rootMap(context), 'storage'), 'filesystems'))) {
    const type = field(context, map, 'type');
    const mount = mountOf(context, map);
    if (mount) {
      if (type === '')
        error(
          context,
          'mount-without-type',
          keyRangeOf(map, 'mountPoint')!,
          "A file system with a 'mountPoint' needs a 'type' (ext4, xfs, fat32, vfat or btrfs).",
        );
      checkMount(context, mount, type === 'btrfs');
    }
    const subvolumes = mapItems(valueOf(mapAt(map, 'btrfs'), 'subvolumes'));
    const seen = new Set<string>();
    const withMounts: { path: string; mount: Mount; range: Range }[] = [];
    for (const { map: subvolume } of subvolumes) {
      const path = field(context, subvolume, 'path');
      const range = valueRange(subvolume, 'path') ?? headOf(subvolume);
      const problem = subvolumePathProblem(path);
      if (problem && valueRange(subvolume, 'path'))
        error(context, 'invalid-subvolume-path', range, `Invalid subvolume path ${quote(path)}: ${problem}.`);
      if (seen.has(path)) error(context, 'duplicate-subvolume', range, `The subvolume ${quote(path)} is listed twice.`);
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
            `Subvolume ${quote(b.path)} lies inside ${quote(a.path)} but is mounted above it (${quote(b.mount.path)} contains ${quote(a.mount.path)}), which makes the mounts loop.`,
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
