import { describe, it } from 'node:test';
import { assertClean, assertOne, EFI_STORAGE, RESET } from './helpers';

/** The EFI layout plus more file systems (YAML items at 2 spaces) and extra partitions before the growing root. */
function withFileSystems(fileSystems: string, partitions = ''): string {
  return EFI_STORAGE.replace('    - id: rootfs\n', `${partitions}    - id: rootfs\n`) + fileSystems + RESET;
}

describe('image file systems and mounts', () => {
  it('accepts a mountPoint as a path or an object, and part-label mounts with unique labels', () => {
    const text = withFileSystems(
      '  - deviceId: data\n    type: xfs\n    mountPoint:\n      idType: part-label\n      path: /data\n      options: defaults,noatime\n',
      '    - id: data\n      label: data\n      size: 1G\n',
    );
    assertClean(text);
  });

  it('needs a type for a mounted file system, on mountPoint', () => {
    assertOne(
      withFileSystems('  - deviceId: data\n    mountPoint: /data\n', '    - id: data\n      size: 1G\n'),
      'image/mount-without-type',
      'mountPoint',
      /needs a 'type'/,
      { after: 'deviceId: data' },
    );
  });

  it('rejects relative or odd mount paths, on the path', () => {
    assertOne(
      withFileSystems('  - deviceId: data\n    type: ext4\n    mountPoint: data\n', '    - id: data\n      size: 1G\n'),
      'image/invalid-mount-path',
      'data',
      /absolute path/,
      { after: 'mountPoint: data' },
    );
    assertOne(
      withFileSystems('  - deviceId: data\n    type: ext4\n    mountPoint: /my data\n', '    - id: data\n      size: 1G\n'),
      'image/invalid-mount-path',
      '/my data',
      /space/,
    );
  });

  it('rejects whitespace in mount options', () => {
    assertOne(
      EFI_STORAGE.replace('umask=0077', '"umask=0077, ro"') + RESET,
      'image/invalid-mount-options',
      '"umask=0077, ro"',
      /whitespace/,
    );
  });

  it('rejects duplicate mount paths, on the second path', () => {
    assertOne(
      withFileSystems('  - deviceId: data\n    type: ext4\n    mountPoint: /\n', '    - id: data\n      size: 1G\n'),
      'image/duplicate-mount-path',
      '/',
      /already mounted at '\/'/,
      { after: 'deviceId: data' },
    );
  });

  it('rejects a deviceId that names no partition', () => {
    assertOne(
      withFileSystems('  - deviceId: dta\n    type: ext4\n    mountPoint: /data\n', '    - id: data\n      size: 1G\n'),
      'image/device-not-found',
      'dta',
      /No partition or verity device has the id 'dta'. Known ids: esp, data, rootfs/,
    );
  });

  it('rejects two file systems on one partition', () => {
    assertOne(
      withFileSystems('  - deviceId: rootfs\n    type: ext4\n    mountPoint: /data\n'),
      'image/device-used-twice',
      'rootfs',
      /already used by another file system/,
      { occurrence: 2 },
    );
  });

  it('needs a label, unique, for part-label mounts', () => {
    const mount = '  - deviceId: data\n    type: ext4\n    mountPoint:\n      idType: part-label\n      path: /data\n';
    assertOne(
      withFileSystems(mount, '    - id: data\n      size: 1G\n'),
      'image/part-label-without-label',
      'part-label',
      /needs a 'label' on partition 'data'/,
    );
    const twice = withFileSystems(
      mount,
      '    - id: data\n      label: same\n      size: 1G\n    - id: other\n      label: same\n      size: 1G\n',
    );
    assertOne(twice, 'image/duplicate-partition-label', 'part-label', /several partitions have the label 'same'/);
  });
});

describe('image btrfs', () => {
  const btrfs = (subvolumes: string, options = '') => `previewFeatures:
  - btrfs
storage:
  bootType: efi
  disks:
  - partitionTableType: gpt
    maxSize: 4G
    partitions:
    - id: esp
      type: esp
      size: 8M
    - id: rootfs
      size: grow
  filesystems:
  - deviceId: esp
    type: fat32
    mountPoint: /boot/efi
  - deviceId: rootfs
    type: btrfs
    mountPoint:
      path: /${options}
    btrfs:
      subvolumes:
${subvolumes}${RESET}`;

  it('accepts subvolumes with mounts and quotas', () => {
    // Upstream (FileSystem.IsValid): with subvolumes, the file system itself has no mountPoint; a subvolume holds /.
    assertClean(
      btrfs(
        '      - path: root\n        mountPoint: /\n      - path: home\n        mountPoint: /home\n        quota:\n          referencedLimit: 10G\n      - path: var/log\n        mountPoint: /var/log\n',
      ).replace('    mountPoint:\n      path: /\n    btrfs:', '    btrfs:'),
    );
  });

  it('rejects bad subvolume paths and duplicates', () => {
    assertOne(
      btrfs('      - path: /home\n        mountPoint: /home\n'),
      'image/invalid-subvolume-path',
      '/home',
      /must not start with '\/'/,
    );
    assertOne(btrfs('      - path: home\n      - path: home\n'), 'image/duplicate-subvolume', 'home', /listed twice/, { occurrence: 1 });
  });

  it('rejects subvol= in mount options', () => {
    assertOne(
      btrfs('      - path: home\n        mountPoint:\n          path: /home\n          options: subvol=home\n'),
      'image/btrfs-subvolume-option',
      'subvol=home',
      /adds 'subvol=' itself/,
    );
  });

  it('rejects subvolume mounts that loop', () => {
    const text = btrfs('      - path: var\n        mountPoint: /var/log\n      - path: var/log\n        mountPoint: /var\n');
    assertOne(text, 'image/subvolume-mount-loop', '/var', /lies inside 'var' but is mounted above it/, { after: 'path: var/log' });
  });
});
