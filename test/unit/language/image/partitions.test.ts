import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClean, assertOne, RESET, withCode } from './helpers';

/** An EFI disk whose partition list is `partitions` (YAML items at 4 spaces), with `disk` extra disk keys. */
function layout(partitions: string, disk = '    maxSize: 4G\n', fileSystems = ''): string {
  return `storage:
  bootType: efi
  disks:
  - partitionTableType: gpt
${disk}    partitions:
    - id: esp
      type: esp
${partitions}  filesystems:
  - deviceId: esp
    type: fat32
    mountPoint: /boot/efi
${fileSystems}${RESET}`;
}

describe('image partitions', () => {
  it('accepts explicit starts and ends, sizes, and a growing last partition', () => {
    assertClean(layout('      start: 1M\n      end: 9M\n    - id: rootfs\n      start: 9M\n      size: grow\n'));
    assertClean(layout('      size: 8M\n    - id: rootfs\n      size: 2G\n', ''));
  });

  it('rejects duplicate partition ids, on the second id', () => {
    const text = layout('      size: 8M\n    - id: esp\n      size: grow\n');
    assertOne(text, 'image/duplicate-id', 'esp', /already used/, { occurrence: 2 });
  });

  it('rejects end together with size, on the size key', () => {
    const text = layout('      size: 8M\n    - id: rootfs\n      end: 2G\n      size: 1G\n');
    assertOne(text, 'image/end-and-size', 'size', /both 'end' and 'size'/, { occurrence: 1 });
  });

  it('rejects a zero size and an end before the start', () => {
    assertOne(layout('      size: 0M\n    - id: rootfs\n      size: grow\n'), 'image/partition-size-zero', '0M', /larger than zero/);
    assertOne(
      layout('      start: 9M\n      end: 9M\n    - id: rootfs\n      size: grow\n'),
      'image/partition-size-zero',
      '9M',
      /ends at or before its start/,
      { occurrence: 1 },
    );
  });

  it('allows only the last partition to be open-ended, on its size', () => {
    const text = layout('      size: grow\n    - id: rootfs\n      size: 1G\n');
    assertOne(text, 'image/open-ended-partition', 'grow', /must be the last one/);
    const noSize = layout('      size: 8M\n    - id: data\n    - id: rootfs\n      size: 1G\n');
    const problem = assertOne(noSize, 'image/open-ended-partition', 'id', /'data' has no fixed size/, { occurrence: 1 });
    assert.equal(noSize.indexOf('id: data'), problem.range.start);
  });

  it('rejects overlapping partitions, on the later start', () => {
    const text = layout('      size: 8M\n    - id: rootfs\n      start: 5M\n      size: grow\n');
    const problem = assertOne(text, 'image/partition-overlap', '5M', /overlaps partition 'esp' \[1 MiB, 9 MiB\)/);
    assert.match(problem.message, /'rootfs' \[5 MiB/);
  });

  it('keeps the first MiB for the GPT header', () => {
    assertOne(
      layout('      start: 512K\n      size: 8M\n    - id: rootfs\n      size: grow\n'),
      'image/partition-start-reserved',
      '512K',
      /first 1 MiB/,
    );
  });

  it('puts the BIOS boot partition at 1M', () => {
    const text = `storage:
  bootType: legacy
  disks:
  - partitionTableType: gpt
    maxSize: 4G
    partitions:
    - id: boot
      type: bios-grub
      start: 2M
      size: 8M
    - id: rootfs
      size: grow
${RESET}`;
    assertOne(text, 'image/bios-grub-start', '2M', /must start at 1M/);
    assertClean(text.replace('      start: 2M\n', ''));
  });

  it('needs a disk size: maxSize or a fixed last partition', () => {
    assertOne(layout('      size: 8M\n    - id: rootfs\n      size: grow\n', ''), 'image/disk-size-unknown', 'grow', /no 'maxSize'/);
  });

  it('checks the partitions fit in maxSize, with the GPT footer', () => {
    const text = layout('      size: 8M\n    - id: rootfs\n      size: 4G\n');
    assertOne(text, 'image/disk-too-small', '4G', /need 4106 MiB .* 'maxSize' is 4 GiB/);
    assertClean(layout('      size: 8M\n    - id: rootfs\n      size: 2G\n'));
  });

  it('rejects a zero maxSize', () => {
    assertOne(
      layout('      size: 8M\n    - id: rootfs\n      size: 1G\n', '    maxSize: 0G\n'),
      'image/disk-size-zero',
      '0G',
      /larger than zero/,
    );
  });

  it('checks labels: ASCII, at most 35 characters', () => {
    assertOne(layout('      label: efí\n      size: 8M\n    - id: rootfs\n      size: grow\n'), 'image/partition-label', 'efí', /ASCII/);
    const long = 'a'.repeat(36);
    assertOne(
      layout(`      label: ${long}\n      size: 8M\n    - id: rootfs\n      size: grow\n`),
      'image/partition-label',
      long,
      /36 characters; at most 35/,
    );
    assertClean(layout(`      label: ${'a'.repeat(35)}\n      size: 8M\n    - id: rootfs\n      size: grow\n`));
  });

  it('leaves malformed sizes to the schema without layout errors', () => {
    const text = layout('      size: 8\n    - id: rootfs\n      size: grow\n');
    assert.equal(withCode(text, 'image/open-ended-partition').length, 0);
    assert.equal(withCode(text, 'image/invalid-value').length, 1);
  });
});
