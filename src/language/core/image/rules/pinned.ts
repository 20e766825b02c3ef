import { asScalar, valueOf } from '../../syntax';
import type { MapNode, Rule, RuleContext, SyntaxNode } from '../../types';
import {
  error,
  field,
  has,
  hasItems,
  info,
  keyRangeOf,
  mapAt,
  mapItems,
  MIB,
  parseDiskSize,
  quote,
  rootMap,
  textOf,
  valueRange,
} from '../model';
import { pathProblem } from './filesystems';

/*
 * Checks of the pinned upstream commit (see UPSTREAM.md) that the older rules did not make: disk sizes in whole MiB,
 * the btrfs settings of a file system, verity signature paths, OCI references, debug-only password types, and the
 * mount paths each partition type is meant for.
 */

/** Every field upstream decodes as a DiskSize (partition `size` too, unless it is `grow`). */
function diskSizeNodes(root: MapNode | undefined): SyntaxNode[] {
  const nodes: SyntaxNode[] = [];
  const storage = mapAt(root, 'storage');
  const push = (node: SyntaxNode | undefined) => {
    if (node) nodes.push(node);
  };
  for (const { map: disk } of mapItems(valueOf(storage, 'disks'))) {
    push(valueOf(disk, 'maxSize'));
    for (const { map } of mapItems(valueOf(disk, 'partitions'))) {
      push(valueOf(map, 'start'));
      push(valueOf(map, 'end'));
      push(valueOf(map, 'size'));
    }
  }
  for (const { map } of mapItems(valueOf(storage, 'filesystems'))) {
    for (const { map: subvolume } of mapItems(valueOf(mapAt(map, 'btrfs'), 'subvolumes'))) {
      const quota = mapAt(subvolume, 'quota');
      push(valueOf(quota, 'referencedLimit'));
      push(valueOf(quota, 'exclusiveLimit'));
    }
  }
  return nodes;
}

/** parseDiskSize (disksize.go): a size that is not a whole number of MiB is refused, e.g. `512K` or `1536K`. */
export const diskSizeAlignment: Rule = (context) => {
  const { l10n } = context;
  for (const node of diskSizeNodes(rootMap(context))) {
    const scalar = asScalar(node);
    const written = textOf(context, scalar);
    if (!scalar || written === undefined || written === 'grow') continue;
    const bytes = parseDiskSize(written);
    if (bytes === undefined || bytes % MIB === 0) continue;
    error(
      context,
      'disk-size-alignment',
      scalar.range,
      l10n.t(
        'The size {0} is not a whole number of MiB: Image Customizer aligns partitions to 1 MiB, so use M, G or T, or a multiple of 1024K.',
        quote(written),
      ),
    );
  }
};

/** FileSystem.IsValid and BtrfsQuotaConfig.IsValid: btrfs settings belong to btrfs file systems. */
export const btrfsSettings: Rule = (context) => {
  const { l10n } = context;
  for (const { map } of mapItems(valueOf(mapAt(rootMap(context), 'storage'), 'filesystems'))) {
    const btrfs = mapAt(map, 'btrfs');
    if (!btrfs) continue;
    if (field(context, map, 'type') !== 'btrfs') {
      error(
        context,
        'btrfs-settings-type',
        keyRangeOf(map, 'btrfs')!,
        l10n.t("'btrfs' settings apply only to a file system with 'type: btrfs'."),
      );
      continue;
    }
    if (hasItems(btrfs, 'subvolumes') && has(map, 'mountPoint')) {
      error(
        context,
        'btrfs-mount-with-subvolumes',
        keyRangeOf(map, 'mountPoint')!,
        l10n.t(
          "A btrfs file system with subvolumes is mounted through its subvolumes: remove 'mountPoint' or give each subvolume its own.",
        ),
      );
    }
    for (const { map: subvolume } of mapItems(valueOf(btrfs, 'subvolumes'))) {
      const quota = mapAt(subvolume, 'quota');
      for (const key of ['referencedLimit', 'exclusiveLimit']) {
        const written = field(context, quota, key);
        if (written !== '' && parseDiskSize(written) === 0) {
          error(context, 'btrfs-quota-zero', valueRange(quota!, key)!, l10n.t("The quota '{0}' must be larger than zero.", key));
        }
      }
    }
  }
};

/** Go's path.Clean, for the textual comparisons upstream makes. */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
    } else parts.push(part);
  }
  const joined = parts.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

/** Verity.IsValid: `hashSignaturePath` is an absolute, clean path under /boot. */
export const verityHashSignaturePath: Rule = (context) => {
  const { l10n } = context;
  for (const { map } of mapItems(valueOf(mapAt(rootMap(context), 'storage'), 'verity'))) {
    const path = field(context, map, 'hashSignaturePath');
    const range = valueRange(map, 'hashSignaturePath');
    if (path === '' || !range) continue;
    const problem = pathProblem(l10n, path);
    if (problem) {
      error(context, 'verity-signature-path', range, l10n.t('Invalid hashSignaturePath {0}. {1}', quote(path), problem));
    } else if (cleanPath(path) !== path) {
      error(
        context,
        'verity-signature-path',
        range,
        l10n.t('The hashSignaturePath {0} is not in its plain form: write it as {1}.', quote(path), quote(cleanPath(path))),
        [{ title: l10n.t("Change to '{0}'", cleanPath(path)), edits: [{ range, newText: cleanPath(path) }], preferred: true }],
      );
    } else if (!path.startsWith('/boot/')) {
      error(context, 'verity-signature-path', range, l10n.t('The hashSignaturePath {0} must be inside /boot.', quote(path)));
    }
  }
};

/** oras-go's reference grammar: `registry/repository[:tag|@digest]`. */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const REGISTRY = /^(?:[a-zA-Z0-9.-]+|\[[0-9a-fA-F:]+\])(?::\d+)?$/;

/** Why an OCI reference is not one oras-go's registry.ParseReference accepts (a sentence), or undefined. */
export function ociReferenceProblem(l10n: RuleContext['l10n'], uri: string): string | undefined {
  const slash = uri.indexOf('/');
  if (slash <= 0) return l10n.t('It needs a registry and a repository, e.g. mcr.microsoft.com/azurelinux/3.0/image/minimal-os:latest.');
  const registry = uri.slice(0, slash);
  let rest = uri.slice(slash + 1);
  if (!REGISTRY.test(registry)) return l10n.t("The registry '{0}' is not a host name with an optional port.", registry);
  let digest: string | undefined;
  let tag: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!REPOSITORY.test(rest)) {
    return l10n.t("The repository '{0}' must be lower-case letters and digits, separated by '.', '_', '__', '-' or '/'.", rest);
  }
  if (digest !== undefined && !DIGEST.test(digest)) return l10n.t("The digest '{0}' is not of the form algorithm:hex.", digest);
  if (tag !== undefined && !TAG.test(tag)) return l10n.t("The tag '{0}' must be letters, digits, '_', '.' and '-', at most 128.", tag);
  return undefined;
}

/** OciImage.IsValid: the `uri` (or the string form of `oci`) parses as an OCI reference. */
export const ociReference: Rule = (context) => {
  const { l10n } = context;
  const image = mapAt(rootMap(context), 'input', 'image');
  const oci = valueOf(image, 'oci');
  const node = oci?.kind === 'map' ? valueOf(oci, 'uri') : oci;
  const scalar = asScalar(node);
  const uri = textOf(context, scalar);
  if (!scalar || uri === undefined) return;
  const problem = ociReferenceProblem(l10n, uri);
  if (problem) error(context, 'invalid-oci-uri', scalar.range, l10n.t('Invalid OCI reference {0}. {1}', quote(uri), problem));
};

const DEBUG_PASSWORD_TYPES = new Set(['plain-text', 'hashed', 'plain-text-file', 'hashed-file']);

/**
 * passwordtype_prod.go: official builds (built with `-tags prod`) accept only `locked`; the other types exist in
 * builds made for debugging. An error, as the released tool refuses the config.
 */
export const debugPasswordTypes: Rule = (context) => {
  const { l10n } = context;
  for (const { map: user } of mapItems(valueOf(mapAt(rootMap(context), 'os'), 'users'))) {
    const password = mapAt(user, 'password');
    const type = field(context, password, 'type');
    if (!password || !DEBUG_PASSWORD_TYPES.has(type)) continue;
    error(
      context,
      'password-debug-only',
      valueRange(password, 'type')!,
      l10n.t(
        "Official builds of Image Customizer refuse password type '{0}': only 'locked' is accepted, and passwords work only in builds made for debugging. Use SSH keys ('sshPublicKeys') instead.",
        type,
      ),
    );
  }
};

/** PartitionTypeSupportedMountPaths (partitiontype.go): where each partition type is meant to be mounted. */
const TYPE_MOUNT_PATHS: Readonly<Record<string, readonly string[]>> = {
  home: ['/home'],
  root: ['/'],
  srv: ['/srv'],
  tmp: ['/var/tmp'],
  usr: ['/usr'],
  var: ['/var'],
  xbootldr: ['/boot'],
};

/**
 * Storage.IsValid only logs these (at info level) and builds anyway: a partition type whose file system is mounted
 * elsewhere than the type is meant for. Information, not a warning.
 */
export const partitionTypeMountPath: Rule = (context) => {
  const { l10n } = context;
  const storage = mapAt(rootMap(context), 'storage');
  const types = new Map<string, string>();
  for (const { map: disk } of mapItems(valueOf(storage, 'disks'))) {
    for (const { map } of mapItems(valueOf(disk, 'partitions'))) types.set(field(context, map, 'id'), field(context, map, 'type'));
  }
  for (const { map } of mapItems(valueOf(storage, 'filesystems'))) {
    const type = types.get(field(context, map, 'deviceId'));
    const expected = type ? TYPE_MOUNT_PATHS[type] : undefined;
    const mountPoint = valueOf(map, 'mountPoint');
    const pathNode = mountPoint?.kind === 'map' ? valueOf(mountPoint, 'path') : mountPoint;
    const path = textOf(context, pathNode);
    if (!expected || path === undefined || path === '' || expected.includes(path) || !pathNode) continue;
    info(
      context,
      'partition-type-mount-path',
      pathNode.range,
      l10n.t("A partition of type '{0}' is meant to be mounted at {1}, not {2}.", type!, expected.join(', '), path),
    );
  }
};
