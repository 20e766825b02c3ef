import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inlineVerityDataSize } from '../../../../src/language/core/image/rules/partitions';
import { assertClean, assertOne, RESET } from './helpers';

const MiB = 1024 * 1024;

/** The verity root layout from the docs: ESP, boot, root data and hash partitions, and `/` on the verity device. */
function verityConfig(options: { verity?: string; rootMount?: string; extraFileSystems?: string } = {}): string {
  return `storage:
  bootType: efi
  disks:
  - partitionTableType: gpt
    maxSize: 5G
    partitions:
    - id: esp
      type: esp
      size: 8M
    - id: boot
      size: 1G
    - id: root
      size: 2G
    - id: roothash
      size: 100M
    - id: var
      size: grow
  verity:
${options.verity ?? '  - id: verityroot\n    name: root\n    dataDeviceId: root\n    hashDeviceId: roothash\n    corruptionOption: panic\n'}  filesystems:
  - deviceId: esp
    type: fat32
    mountPoint: /boot/efi
  - deviceId: boot
    type: ext4
    mountPoint: /boot
  - deviceId: verityroot
    type: ext4
    mountPoint:
${options.rootMount ?? '      path: /\n      options: ro\n'}  - deviceId: var
    type: ext4
    mountPoint: /var
${options.extraFileSystems ?? ''}${RESET}`;
}

describe('image verity', () => {
  it('accepts the verity root layout', () => {
    assertClean(verityConfig());
  });

  it("sizes inline verity's file system as upstream does (storage_test.go: 0 and 1 MiB too small, 100 MiB leaves 98 MiB)", () => {
    assert.equal(inlineVerityDataSize(0), 0);
    assert.equal(inlineVerityDataSize(MiB), 0);
    assert.equal(inlineVerityDataSize(100 * MiB), 98 * MiB);
    // The smallest that works: 256 data blocks (1 MiB) and 4 blocks of hash tree and superblock.
    assert.equal(inlineVerityDataSize(1040 * 1024), MiB);
    assert.equal(inlineVerityDataSize(1040 * 1024 - 1), 0);
  });

  it('refuses a partition too small for inline verity, on its size, and takes a grow partition to the disk end', () => {
    const inline = '  - id: verityroot\n    name: root\n    dataDeviceId: root\n    hashDeviceId: root\n    corruptionOption: panic\n';
    assertClean(verityConfig({ verity: inline }));
    const small = verityConfig({ verity: inline }).replace('    - id: root\n      size: 2G', '    - id: root\n      size: 1M');
    assertOne(small, 'image/inline-verity-too-small', '1M', /Partition 'root' \(1 MiB\) is too small for inline verity/, {
      after: 'id: root',
    });
    const separate = verityConfig().replace('    - id: root\n      size: 2G', '    - id: root\n      size: 1M');
    assertClean(separate);
  });

  it('needs exactly one form of each device, on the item or the second key', () => {
    assertOne(
      verityConfig({ verity: '  - id: verityroot\n    name: root\n    dataDeviceId: root\n' }),
      'image/verity-device-missing',
      'id',
      /'hashDeviceId'.*'hashDevice'/,
      { after: '  verity:' },
    );
    const both = verityConfig({
      verity:
        '  - id: verityroot\n    name: root\n    dataDeviceId: root\n    hashDeviceId: roothash\n    hashDevice:\n      idType: part-label\n      id: hash\n',
    });
    assertOne(both, 'image/verity-device-ambiguous', 'hashDevice', /either 'hashDeviceId' or 'hashDevice'/, { after: 'hashDeviceId' });
  });

  it('rejects mixing the two device forms', () => {
    const text =
      'storage:\n  verity:\n  - id: v\n    name: root\n    dataDeviceId: root\n    hashDevice:\n      idType: part-label\n      id: hash\n';
    assertOne(text, 'image/verity-mixed-device-forms', 'id', /not one of each/, { after: '  - ' });
  });

  it('needs disks for dataDeviceId, and no disks for dataDevice', () => {
    const ids = 'storage:\n  verity:\n  - id: v\n    name: root\n    dataDeviceId: root\n    hashDeviceId: hash\n';
    assertOne(ids, 'image/verity-without-disks', 'verity', /'storage.disks', which is missing/);
    const devices =
      'storage:\n  verity:\n  - id: v\n    name: root\n    dataDevice:\n      idType: part-label\n      id: root\n    hashDevice:\n      idType: part-label\n      id: hash\n';
    assertClean(devices);
  });

  it('rejects a verity device on a missing partition', () => {
    const text = verityConfig({ verity: '  - id: verityroot\n    name: root\n    dataDeviceId: rot\n    hashDeviceId: roothash\n' });
    assertOne(text, 'image/device-not-found', 'rot', /No partition or verity device has the id 'rot'/);
  });

  it('needs the verity file system at / or /usr, named to match', () => {
    assertOne(
      verityConfig({ rootMount: '      path: /srv\n      options: ro\n' }),
      'image/verity-mount-path',
      '/srv',
      /mounted at '\/' or '\/usr'/,
    );
    assertOne(
      verityConfig({ verity: '  - id: verityroot\n    name: usr\n    dataDeviceId: root\n    hashDeviceId: roothash\n' }),
      'image/verity-name',
      'usr',
      /must be named 'root'/,
    );
  });

  it('needs the verity file system mounted read-only', () => {
    assertOne(verityConfig({ rootMount: '      path: /\n      options: defaults\n' }), 'image/verity-read-only', 'defaults', /add 'ro'/);
    assertClean(verityConfig({ rootMount: '      path: /\n      options: ro,noexec\n' }));
  });

  it('rejects idType on a file system over verity', () => {
    const text = verityConfig({ rootMount: '      path: /\n      idType: part-uuid\n      options: ro\n' });
    assertOne(text, 'image/verity-mount-id-type', 'part-uuid', /remove 'idType'/);
  });

  it('rejects a verity id that repeats a partition id', () => {
    const text = verityConfig({ verity: '  - id: boot\n    name: root\n    dataDeviceId: root\n    hashDeviceId: roothash\n' });
    assertOne(text, 'image/duplicate-id', 'boot', /already used by a partition/, { after: '  verity:' });
  });
});

describe('image verity across items', () => {
  it('rejects one item per form, on the verity key', () => {
    const text =
      'storage:\n  verity:\n  - id: v\n    name: root\n    dataDeviceId: root\n    hashDeviceId: hash\n  - id: u\n    name: usr\n    dataDevice:\n      idType: part-label\n      id: usr\n    hashDevice:\n      idType: part-label\n      id: usrhash\n';
    assertOne(text, 'image/verity-mixed-device-forms', 'verity', /all use 'dataDeviceId'\/'hashDeviceId'/);
  });
});

describe('image verity device tree', () => {
  it('rejects a verity device whose data device is another verity device', () => {
    assertClean(verityConfig());
    const text = verityConfig({
      verity:
        '  - id: verityroot\n    name: root\n    dataDeviceId: root\n    hashDeviceId: roothash\n  - id: veritytwo\n    name: usr\n    dataDeviceId: verityroot\n    hashDeviceId: boot\n',
    });
    assertOne(text, 'image/verity-device-not-partition', 'verityroot', /must name a partition; 'verityroot' is a verity device/, {
      after: 'veritytwo',
    });
  });

  it("rejects the base image's partitions (dataDevice/hashDevice) together with a new disk layout", () => {
    const text = verityConfig({
      verity:
        '  - id: verityroot\n    name: root\n    dataDevice:\n      idType: part-label\n      id: root\n    hashDevice:\n      idType: part-label\n      id: roothash\n',
    });
    assertOne(text, 'image/verity-devices-with-disks', 'verity', /'storage.disks' replaces/);
  });

  it('rejects a verity file system with more than one mount point', () => {
    const btrfs = verityConfig({
      rootMount: '      path: /\n      options: ro\n    btrfs:\n      subvolumes:\n      - path: home\n        mountPoint: /home\n',
    }).replace('  - deviceId: verityroot\n    type: ext4', '  - deviceId: verityroot\n    type: btrfs');
    assertOne(
      'previewFeatures:\n- btrfs\n' + btrfs,
      'image/verity-multiple-mounts',
      'verityroot',
      /several mount points; it supports one/,
      { after: '  verity:' },
    );
    assertClean(
      'previewFeatures:\n- btrfs\n' +
        verityConfig().replace('  - deviceId: verityroot\n    type: ext4', '  - deviceId: verityroot\n    type: btrfs'),
    );
  });

  it('rejects repeated verity ids even without disks, as upstream registers them first', () => {
    const device = (id: string) =>
      `  - id: ${id}\n    name: root\n    dataDevice:\n      idType: part-label\n      id: root\n    hashDevice:\n      idType: part-label\n      id: hash\n`;
    assertOne(`storage:\n  verity:\n${device('v')}${device('v')}`, 'image/duplicate-id', 'v', /already used by another verity device/, {
      after: 'id: hash\n',
    });
    assertClean(`storage:\n  verity:\n${device('v')}`);
  });
});
