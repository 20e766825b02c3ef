import { describe, it } from 'node:test';
import { assertClean, assertOne, EFI_STORAGE, RESET } from './helpers';

const legacy = `storage:
  bootType: legacy
  disks:
  - partitionTableType: gpt
    maxSize: 4G
    partitions:
    - id: boot
      type: bios-grub
      size: 8M
    - id: rootfs
      size: grow
  filesystems:
  - deviceId: rootfs
    type: ext4
    mountPoint: /
${RESET}`;

describe('image storage sections', () => {
  it('accepts the EFI and legacy layouts from the docs', () => {
    assertClean(EFI_STORAGE + RESET);
    assertClean(legacy);
  });

  it('rejects a second disk, on the second disk', () => {
    const text = EFI_STORAGE.replace('  filesystems:', '  - partitionTableType: gpt\n    maxSize: 1G\n  filesystems:') + RESET;
    assertOne(text, 'image/multiple-disks', 'partitionTableType', /Only one disk/, { occurrence: 1 });
  });

  it('needs bootType with disks, on the disks key', () => {
    assertOne(EFI_STORAGE.replace('  bootType: efi\n', '') + RESET, 'image/disks-without-boot-type', 'disks', /needs 'storage.bootType'/);
  });

  it('rejects bootType without disks, on the bootType key', () => {
    assertOne('storage:\n  bootType: efi\n', 'image/boot-type-without-disks', 'bootType', /only applies with 'storage.disks'/);
    assertClean('storage:\n  resetPartitionsUuidsType: reset-all\n' + RESET);
  });

  it('rejects filesystems without disks', () => {
    const text = 'storage:\n  filesystems:\n  - deviceId: rootfs\n    type: ext4\n';
    assertOne(text, 'image/filesystems-without-disks', 'filesystems', /only applies with 'storage.disks'/);
  });

  it('rejects resetPartitionsUuidsType with disks', () => {
    const text = EFI_STORAGE.replace('  bootType: efi\n', '  bootType: efi\n  resetPartitionsUuidsType: reset-all\n') + RESET;
    assertOne(text, 'image/reset-uuids-with-disks', 'resetPartitionsUuidsType', /cannot be used with 'disks'/);
  });

  it('needs an esp partition for efi, on the bootType value', () => {
    const text = EFI_STORAGE.replace('      type: esp\n', '') + RESET;
    assertOne(text, 'image/missing-esp', 'efi', /'type: esp'/);
  });

  it('needs a bios-grub partition for legacy, on the bootType value', () => {
    assertOne(legacy.replace('      type: bios-grub\n', ''), 'image/missing-bios-grub', 'legacy', /'type: bios-grub'/);
  });

  it('needs the ESP to be fat32 or vfat', () => {
    assertClean(EFI_STORAGE.replace('type: fat32', 'type: vfat') + RESET);
    assertOne(EFI_STORAGE.replace('type: fat32', 'type: ext4') + RESET, 'image/esp-filesystem', 'ext4', /'fat32' or 'vfat'/);
  });

  it('needs a file system on the ESP, on the partition type', () => {
    const text = EFI_STORAGE.replace(/ {2}- deviceId: esp\n(.*\n){4}/, '') + RESET;
    assertOne(text, 'image/esp-filesystem', 'esp', /needs a file system/, { occurrence: 1 });
  });

  it('needs the ESP mounted at /boot/efi, on the path', () => {
    assertOne(EFI_STORAGE.replace('path: /boot/efi', 'path: /efi') + RESET, 'image/esp-mount-path', '/efi', /mounted at \/boot\/efi/);
  });

  it('rejects a file system type and mount on the BIOS boot partition', () => {
    const withType = legacy.replace('  filesystems:\n', '  filesystems:\n  - deviceId: boot\n    type: fat32\n');
    assertOne(withType, 'image/bios-grub-filesystem', 'type', /must not have a file system/, { occurrence: 1 });
    assertClean(legacy.replace('  filesystems:\n', '  filesystems:\n  - deviceId: boot\n'));
  });
});
