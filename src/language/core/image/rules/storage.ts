import { asMap, asScalar, asSeq, valueOf } from '../../syntax';
import type { MapNode, Range, Rule, RuleContext, ScalarNode, SyntaxNode } from '../../types';
import { error, field, has, hasItems, headOf, keyRangeOf, mapAt, mapItems, quote, rootMap, textOf, valueRange } from '../model';

/** A file system's mount point, in either form upstream accepts: `mountPoint: /` or `mountPoint: {path, options, idType}`. */
export interface Mount {
  readonly node: SyntaxNode;
  readonly path: string;
  readonly pathRange: Range;
  readonly options: string;
  readonly optionsRange: Range | undefined;
  readonly idType: string;
  readonly idTypeRange: Range | undefined;
}

export function mountOf(context: RuleContext, owner: MapNode | undefined): Mount | undefined {
  const node = valueOf(owner, 'mountPoint');
  if (!node || (node.kind === 'scalar' && node.value === null)) return undefined;
  if (node.kind === 'scalar') {
    return {
      node,
      path: textOf(context, node) ?? '',
      pathRange: node.range,
      options: '',
      optionsRange: undefined,
      idType: '',
      idTypeRange: undefined,
    };
  }
  const map = asMap(node);
  if (!map) return undefined;
  return {
    node,
    path: field(context, map, 'path'),
    pathRange: valueRange(map, 'path') ?? headOf(map),
    options: field(context, map, 'options'),
    optionsRange: valueRange(map, 'options'),
    idType: field(context, map, 'idType'),
    idTypeRange: valueRange(map, 'idType'),
  };
}

/** Partitions, verity devices and file systems of `storage`, as the device-tree checks need them. */
interface Partition {
  readonly map: MapNode;
  readonly id: string;
  readonly idNode: ScalarNode | undefined;
  readonly label: string;
  readonly type: string;
}

interface Verity {
  readonly map: MapNode;
  readonly id: string;
  readonly dataDeviceId: string;
  readonly hashDeviceId: string;
  readonly usesIds: boolean;
  readonly usesDevices: boolean;
}

interface FileSystem {
  readonly map: MapNode;
  readonly deviceId: string;
  readonly type: string;
  readonly mount: Mount | undefined;
  readonly subvolumeMounts: { path: string; mount: Mount }[];
}

function partitionsOf(context: RuleContext, storage: MapNode): Partition[] {
  const result: Partition[] = [];
  for (const { map: disk } of mapItems(valueOf(storage, 'disks'))) {
    for (const { map } of mapItems(valueOf(disk, 'partitions'))) {
      result.push({
        map,
        id: field(context, map, 'id'),
        idNode: asScalar(valueOf(map, 'id')),
        label: field(context, map, 'label'),
        type: field(context, map, 'type'),
      });
    }
  }
  return result;
}

function veritiesOf(context: RuleContext, storage: MapNode): Verity[] {
  return mapItems(valueOf(storage, 'verity')).map(({ map }) => {
    const dataDeviceId = field(context, map, 'dataDeviceId');
    const hashDeviceId = field(context, map, 'hashDeviceId');
    return {
      map,
      id: field(context, map, 'id'),
      dataDeviceId,
      hashDeviceId,
      usesIds: dataDeviceId !== '' || hashDeviceId !== '',
      usesDevices: has(map, 'dataDevice') || has(map, 'hashDevice'),
    };
  });
}

function fileSystemsOf(context: RuleContext, storage: MapNode): FileSystem[] {
  return mapItems(valueOf(storage, 'filesystems')).map(({ map }) => ({
    map,
    deviceId: field(context, map, 'deviceId'),
    type: field(context, map, 'type'),
    mount: mountOf(context, map),
    subvolumeMounts: mapItems(valueOf(mapAt(map, 'btrfs'), 'subvolumes')).flatMap(({ map: subvolume }) => {
      const mount = mountOf(context, subvolume);
      return mount ? [{ path: field(context, subvolume, 'path'), mount }] : [];
    }),
  }));
}

function storageOf(context: RuleContext): MapNode | undefined {
  return mapAt(rootMap(context), 'storage');
}

/** Which sections go together: `bootType` with `disks`, `filesystems` need `disks`, and the two verity forms. */
export const storageSections: Rule = (context) => {
  const { l10n } = context;
  const storage = storageOf(context);
  if (!storage) return;
  const disks = asSeq(valueOf(storage, 'disks'));
  const hasDisks = hasItems(storage, 'disks');
  const bootType = field(context, storage, 'bootType');

  if (disks && disks.items.length > 1) {
    for (const item of disks.items.slice(1)) {
      error(
        context,
        'multiple-disks',
        item.kind === 'map' ? headOf(item) : item.range,
        l10n.t("Only one disk is supported: remove the extra entries from 'storage.disks'."),
      );
    }
  }
  if (field(context, storage, 'resetPartitionsUuidsType') !== '' && hasDisks) {
    error(
      context,
      'reset-uuids-with-disks',
      keyRangeOf(storage, 'resetPartitionsUuidsType')!,
      l10n.t("'resetPartitionsUuidsType' cannot be used with 'disks': a new partition layout gets new UUIDs anyway. Remove one of them."),
    );
  }
  if (bootType === '' && hasDisks) {
    error(
      context,
      'disks-without-boot-type',
      keyRangeOf(storage, 'disks')!,
      l10n.t("'storage.disks' needs 'storage.bootType' ('efi' or 'legacy')."),
    );
  }
  if (bootType !== '' && !hasDisks) {
    error(
      context,
      'boot-type-without-disks',
      keyRangeOf(storage, 'bootType')!,
      l10n.t("'storage.bootType' only applies with 'storage.disks': add the disk layout or remove 'bootType'."),
    );
  }
  if (hasItems(storage, 'filesystems') && !hasDisks) {
    error(
      context,
      'filesystems-without-disks',
      keyRangeOf(storage, 'filesystems')!,
      l10n.t("'storage.filesystems' only applies with 'storage.disks': add the disk layout or remove 'filesystems'."),
    );
  }

  const verities = veritiesOf(context, storage);
  const usesIds = verities.some((verity) => verity.usesIds);
  const usesDevices = verities.some((verity) => verity.usesDevices);
  const verityKey = keyRangeOf(storage, 'verity');
  // An item that mixes the forms itself is reported on the item (verityItems).
  const mixedWithinItem = verities.some((verity) => verity.usesIds && verity.usesDevices);
  if (verityKey && usesIds && usesDevices) {
    if (!mixedWithinItem) {
      error(
        context,
        'verity-mixed-device-forms',
        verityKey,
        l10n.t(
          "Verity devices must all use 'dataDeviceId'/'hashDeviceId' (new partitions) or all use 'dataDevice'/'hashDevice' (the base image's partitions), not both.",
        ),
      );
    }
  } else if (verityKey && usesIds && !hasDisks) {
    error(
      context,
      'verity-without-disks',
      verityKey,
      l10n.t(
        "Verity with 'dataDeviceId'/'hashDeviceId' refers to partitions in 'storage.disks', which is missing. For the base image's partitions use 'dataDevice'/'hashDevice'.",
      ),
    );
  } else if (verityKey && usesDevices && hasDisks) {
    error(
      context,
      'verity-devices-with-disks',
      verityKey,
      l10n.t(
        "Verity with 'dataDevice'/'hashDevice' refers to the base image's partitions, which 'storage.disks' replaces. Use 'dataDeviceId'/'hashDeviceId' instead.",
      ),
    );
  }
};

/** One verity item: name, exactly one form of each device. */
export const verityItems: Rule = (context) => {
  const { l10n } = context;
  const storage = storageOf(context);
  for (const { map } of mapItems(valueOf(storage, 'verity'))) {
    for (const device of ['data', 'hash']) {
      const idKey = `${device}DeviceId`;
      const deviceKey = `${device}Device`;
      const hasId = field(context, map, idKey) !== '';
      const hasDevice = has(map, deviceKey);
      if (!hasId && !hasDevice) {
        error(
          context,
          'verity-device-missing',
          headOf(map),
          l10n.t(
            "A verity device needs '{0}' (a partition in 'storage.disks') or '{1}' (a partition of the base image).",
            idKey,
            deviceKey,
          ),
        );
      } else if (hasId && hasDevice) {
        error(
          context,
          'verity-device-ambiguous',
          keyRangeOf(map, deviceKey)!,
          l10n.t("Give either '{0}' or '{1}', not both.", idKey, deviceKey),
        );
      }
    }
    if (
      (field(context, map, 'dataDeviceId') !== '' || field(context, map, 'hashDeviceId') !== '') &&
      (has(map, 'dataDevice') || has(map, 'hashDevice'))
    ) {
      error(
        context,
        'verity-mixed-device-forms',
        headOf(map),
        l10n.t("A verity device must use the '...DeviceId' form for both devices or the '...Device' form for both, not one of each."),
      );
    }
  }
};

/** Ids are unique across partitions and verity devices; every reference names an existing device used once. */
export const deviceTree: Rule = (context) => {
  const { l10n } = context;
  const storage = storageOf(context);
  if (!storage) return;
  const verities = veritiesOf(context, storage);
  if (!hasItems(storage, 'disks')) {
    // Upstream registers every verity id before it looks at disks, so duplicates are refused either way.
    const seen = new Set<string>();
    for (const verity of verities) {
      const range = valueRange(verity.map, 'id');
      if (seen.has(verity.id) && range)
        error(
          context,
          'duplicate-id',
          range,
          l10n.t('The id {0} is already used by another verity device; ids must be unique.', quote(verity.id)),
        );
      seen.add(verity.id);
    }
    return;
  }
  const partitions = partitionsOf(context, storage);
  const fileSystems = fileSystemsOf(context, storage);

  const devices = new Map<string, Partition | Verity>();
  for (const partition of partitions) {
    if (devices.has(partition.id) && partition.idNode) {
      error(
        context,
        'duplicate-id',
        partition.idNode.range,
        l10n.t('The id {0} is already used by another partition; ids must be unique.', quote(partition.id)),
      );
    }
    if (!devices.has(partition.id)) devices.set(partition.id, partition);
  }
  for (const verity of verities) {
    const range = valueRange(verity.map, 'id');
    if (devices.has(verity.id) && range) {
      error(
        context,
        'duplicate-id',
        range,
        l10n.t('The id {0} is already used by a partition or another verity device; ids must be unique.', quote(verity.id)),
      );
    }
    if (!devices.has(verity.id)) devices.set(verity.id, verity);
  }

  /** Who uses each device: a verity device (by its id) or, for undefined, a file system. */
  const users = new Map<string, { verity: string | undefined }>();
  const use = (id: string, range: Range, user: { verity: string | undefined }): Partition | Verity | undefined => {
    const device = devices.get(id);
    if (!device) {
      const known = [...devices.keys()].filter(Boolean);
      error(
        context,
        'device-not-found',
        range,
        known.length
          ? l10n.t('No partition or verity device has the id {0}. Known ids: {1}.', quote(id), known.join(', '))
          : l10n.t('No partition or verity device has the id {0}.', quote(id)),
      );
      return undefined;
    }
    const previous = users.get(id);
    if (previous) {
      error(
        context,
        'device-used-twice',
        range,
        previous.verity === undefined
          ? l10n.t('The device {0} is already used by another file system; each device can hold one file system or verity role.', quote(id))
          : l10n.t(
              'The device {0} is already used by verity device {1}; each device can hold one file system or verity role.',
              quote(id),
              quote(previous.verity),
            ),
      );
      return undefined;
    }
    users.set(id, user);
    return device;
  };

  for (const verity of verities) {
    if (!verity.usesIds) continue;
    for (const key of ['dataDeviceId', 'hashDeviceId'] as const) {
      const id = verity[key];
      // Inline verity keeps data and hash on one partition: upstream registers it once.
      if (id === '' || (key === 'hashDeviceId' && id === verity.dataDeviceId)) continue;
      const range = valueRange(verity.map, key)!;
      const device = use(id, range, { verity: verity.id });
      if (device && 'usesIds' in device)
        error(
          context,
          'verity-device-not-partition',
          range,
          l10n.t('The verity {0} must name a partition; {1} is a verity device.', key, quote(id)),
        );
    }
  }

  const labelCounts = new Map<string, number>();
  for (const partition of partitions) labelCounts.set(partition.label, (labelCounts.get(partition.label) ?? 0) + 1);

  const mountPaths = new Set<string>();
  for (const fileSystem of fileSystems) {
    const idRange = valueRange(fileSystem.map, 'deviceId');
    const device = fileSystem.deviceId !== '' && idRange ? use(fileSystem.deviceId, idRange, { verity: undefined }) : undefined;
    const mounts = [
      ...(fileSystem.mount ? [{ mount: fileSystem.mount, subvolume: undefined as string | undefined }] : []),
      ...fileSystem.subvolumeMounts.map((entry) => ({ mount: entry.mount, subvolume: entry.path })),
    ];
    for (const { mount, subvolume } of mounts) {
      if (mount.path === '') continue;
      if (mountPaths.has(mount.path)) {
        error(
          context,
          'duplicate-mount-path',
          mount.pathRange,
          subvolume === undefined
            ? l10n.t('Another file system is already mounted at {0}; mount paths must be unique.', quote(mount.path))
            : l10n.t('Another file system or subvolume is already mounted at {0}; mount paths must be unique.', quote(mount.path)),
        );
      }
      mountPaths.add(mount.path);
    }
    if (!device) continue;
    if ('usesIds' in device) {
      for (const { mount } of mounts) {
        if (mount.idType !== '' && mount.idTypeRange) {
          error(
            context,
            'verity-mount-id-type',
            mount.idTypeRange,
            l10n.t("A file system on a verity device is mounted through the verity mapper device: remove 'idType'."),
          );
        }
      }
      continue;
    }
    const usesPartLabel = mounts.some(({ mount }) => mount.idType === 'part-label');
    if (!usesPartLabel) continue;
    const range = mounts.find(({ mount }) => mount.idType === 'part-label')!.mount.idTypeRange ?? idRange!;
    if (device.label === '') {
      error(context, 'part-label-without-label', range, l10n.t("'idType: part-label' needs a 'label' on partition {0}.", quote(device.id)));
    } else if ((labelCounts.get(device.label) ?? 0) > 1) {
      error(
        context,
        'duplicate-partition-label',
        range,
        l10n.t("'idType: part-label' needs a unique label, but several partitions have the label {0}.", quote(device.label)),
      );
    }
  }
};

/** The ESP and BIOS boot partitions, and the partition the boot type needs. */
export const bootPartitions: Rule = (context) => {
  const { l10n } = context;
  const storage = storageOf(context);
  if (!storage || !hasItems(storage, 'disks')) return;
  const partitions = partitionsOf(context, storage);
  const fileSystems = fileSystemsOf(context, storage);
  const fileSystemOn = new Map<string, FileSystem>();
  for (const fileSystem of fileSystems) if (!fileSystemOn.has(fileSystem.deviceId)) fileSystemOn.set(fileSystem.deviceId, fileSystem);

  for (const partition of partitions) {
    const fileSystem = fileSystemOn.get(partition.id);
    const typeRange = valueRange(partition.map, 'type') ?? headOf(partition.map);
    if (partition.type === 'esp') {
      if (!fileSystem) {
        error(
          context,
          'esp-filesystem',
          typeRange,
          l10n.t("The ESP partition {0} needs a file system entry with type 'fat32' or 'vfat', mounted at /boot/efi.", quote(partition.id)),
        );
        continue;
      }
      if (fileSystem.type !== 'fat32' && fileSystem.type !== 'vfat') {
        error(
          context,
          'esp-filesystem',
          valueRange(fileSystem.map, 'type') ?? headOf(fileSystem.map),
          l10n.t("The ESP partition {0} must have file system type 'fat32' or 'vfat'.", quote(partition.id)),
        );
      }
      if (fileSystem.mount?.path !== '/boot/efi') {
        const range = fileSystem.mount ? fileSystem.mount.pathRange : headOf(fileSystem.map);
        error(context, 'esp-mount-path', range, l10n.t('The ESP partition {0} must be mounted at /boot/efi.', quote(partition.id)));
      }
    } else if (partition.type === 'bios-grub' && fileSystem) {
      if (fileSystem.type !== '') {
        error(
          context,
          'bios-grub-filesystem',
          keyRangeOf(fileSystem.map, 'type')!,
          l10n.t("The BIOS boot partition {0} must not have a file system: remove 'type'.", quote(partition.id)),
        );
      }
      if (fileSystem.mount) {
        error(
          context,
          'bios-grub-filesystem',
          keyRangeOf(fileSystem.map, 'mountPoint')!,
          l10n.t("The BIOS boot partition {0} must not be mounted: remove 'mountPoint'.", quote(partition.id)),
        );
      }
    }
  }

  const bootType = field(context, storage, 'bootType');
  const bootTypeRange = valueRange(storage, 'bootType');
  if (bootType === 'efi' && bootTypeRange && !partitions.some((partition) => partition.type === 'esp')) {
    error(context, 'missing-esp', bootTypeRange, l10n.t("'bootType: efi' needs a partition with 'type: esp' (the EFI system partition)."));
  }
  if (bootType === 'legacy' && bootTypeRange && !partitions.some((partition) => partition.type === 'bios-grub')) {
    error(
      context,
      'missing-bios-grub',
      bootTypeRange,
      l10n.t("'bootType: legacy' needs a partition with 'type: bios-grub' (the BIOS boot partition)."),
    );
  }
};

const VERITY_NAMES: Record<string, string> = { '/': 'root', '/usr': 'usr' };

/** A verity device holds `/` (name `root`) or `/usr` (name `usr`), mounted read-only, with one mount. */
export const verityMounts: Rule = (context) => {
  const { l10n } = context;
  const storage = storageOf(context);
  if (!storage || !hasItems(storage, 'disks')) return;
  const verities = veritiesOf(context, storage);
  if (!verities.some((verity) => verity.usesIds) || verities.some((verity) => verity.usesDevices)) return;
  const fileSystems = fileSystemsOf(context, storage);
  for (const verity of verities) {
    const fileSystem = fileSystems.find((candidate) => candidate.deviceId === verity.id && verity.id !== '');
    const mounts = fileSystem
      ? [...(fileSystem.mount ? [fileSystem.mount] : []), ...fileSystem.subvolumeMounts.map((entry) => entry.mount)]
      : [];
    const idRange = valueRange(verity.map, 'id') ?? headOf(verity.map);
    if (mounts.length > 1) {
      error(
        context,
        'verity-multiple-mounts',
        idRange,
        l10n.t('The verity device {0} has several mount points; it supports one.', quote(verity.id)),
      );
      continue;
    }
    const mount = mounts[0];
    if (!mount || !Object.hasOwn(VERITY_NAMES, mount.path)) {
      const range = mount ? mount.pathRange : idRange;
      error(
        context,
        'verity-mount-path',
        range,
        l10n.t("The verity device {0} must hold a file system mounted at '/' or '/usr'.", quote(verity.id)),
      );
      continue;
    }
    const expected = VERITY_NAMES[mount.path];
    const name = field(context, verity.map, 'name');
    if (name !== expected) {
      error(
        context,
        'verity-name',
        valueRange(verity.map, 'name') ?? idRange,
        l10n.t("The verity device mounted at '{0}' must be named '{1}'.", mount.path, expected),
      );
    }
    if (!mount.options.split(',').includes('ro')) {
      error(
        context,
        'verity-read-only',
        mount.optionsRange ?? mount.pathRange,
        l10n.t("The file system on verity device {0} must be mounted read-only: add 'ro' to its mount options.", quote(verity.id)),
      );
    }
  }
};
