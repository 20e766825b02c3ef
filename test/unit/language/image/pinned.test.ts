import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../src/language/core/index';
import { cleanPath, ociReferenceProblem } from '../../../../src/language/core/image/rules/pinned';
import { english } from '../../../../src/util/l10n';
import { applyFix, assertClean, assertOne, withCode } from './helpers';

const EFI = `storage:
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
    type: ext4
    mountPoint: /
os:
  bootloader:
    resetType: hard-reset
`;

describe('image checks of the pinned upstream commit', () => {
  it('refuses disk sizes that are not whole MiB (disksize.go parseDiskSize)', () => {
    assertClean(EFI);
    assertOne(EFI.replace('size: 8M', 'size: 8200K'), 'image/disk-size-alignment', '8200K', /not a whole number of MiB/);
    assertOne(EFI.replace('maxSize: 4G', 'maxSize: 4100K'), 'image/disk-size-alignment', '4100K', /1024K/);
    assertClean(EFI.replace('size: 8M', 'size: 8192K'));
  });

  it('keeps btrfs settings to btrfs file systems, without a mount point beside subvolumes, quotas above zero', () => {
    const btrfs = EFI.replace(
      '    type: ext4\n    mountPoint: /\n',
      '    type: btrfs\n    btrfs:\n      subvolumes:\n      - path: root\n        mountPoint: /\n',
    );
    const text = `previewFeatures: [btrfs]\n${btrfs}`;
    assertClean(text);
    assertOne(text.replace('type: btrfs', 'type: ext4'), 'image/btrfs-settings-type', 'btrfs', /only to a file system with 'type: btrfs'/, {
      after: 'type: ext4',
    });
    assertOne(
      text.replace('    btrfs:\n', '    mountPoint: /data\n    btrfs:\n'),
      'image/btrfs-mount-with-subvolumes',
      'mountPoint',
      /remove 'mountPoint'/,
      { after: 'type: btrfs' },
    );
    assertOne(
      text.replace('        mountPoint: /\n', '        mountPoint: /\n        quota:\n          referencedLimit: 0M\n'),
      'image/btrfs-quota-zero',
      '0M',
      /'referencedLimit' must be larger than zero/,
    );
  });

  it('wants verity signature paths absolute, plain, and under /boot', () => {
    const verity = (path: string) =>
      `previewFeatures: [output-artifacts]\nstorage:\n  verity:\n  - id: v\n    name: root\n    dataDevice:\n      idType: part-label\n      id: root\n    hashDevice:\n      idType: part-label\n      id: hash\n    hashSignaturePath: ${path}\n`;
    assertClean(verity('/boot/root.hash.sig'));
    assertOne(verity('/etc/root.sig'), 'image/verity-signature-path', '/etc/root.sig', /inside \/boot/);
    const unclean = assertOne(verity('/boot//x/../root.sig'), 'image/verity-signature-path', '/boot//x/../root.sig', /'\/boot\/root.sig'/);
    assert.equal(applyFix(verity('/boot//x/../root.sig'), unclean.fixes![0]), verity('/boot/root.sig'));
    assertOne(verity('boot/root.sig'), 'image/verity-signature-path', 'boot/root.sig', /absolute path/);
    assert.equal(cleanPath('/a/./b/../c/'), '/a/c');
  });

  it('parses OCI references as oras-go does', () => {
    const oci = (uri: string) => `previewFeatures: [input-image-oci]\ninput:\n  image:\n    oci:\n      uri: ${uri}\n`;
    assertClean(oci('mcr.microsoft.com/azurelinux/3.0/image/minimal-os:latest'));
    assertClean(oci('localhost:5000/img@sha256:0123abcd'));
    assertOne(oci('minimal-os'), 'image/invalid-oci-uri', 'minimal-os', /registry and a repository/);
    assertOne(
      oci('mcr.microsoft.com/AzureLinux:3.0'),
      'image/invalid-oci-uri',
      'mcr.microsoft.com/AzureLinux:3.0',
      /repository 'AzureLinux'/,
    );
    assert.equal(
      ociReferenceProblem(english, 'mcr.microsoft.com/a/b:bad tag'),
      "The tag 'bad tag' must be letters, digits, '_', '.' and '-', at most 128.",
    );
  });

  it('refuses password types that only debugging builds accept', () => {
    const user = (type: string, value = '') =>
      `os:\n  users:\n  - name: test\n    password:\n      type: ${type}\n${value ? `      value: ${value}\n` : ''}`;
    assertClean(user('locked'));
    const problem = assertOne(user('plain-text', 'secret'), 'image/password-debug-only', 'plain-text', /Official builds/);
    assert.equal(problem.severity, 'error');
  });

  it('refuses an empty image config, as yaml.v3 returns EOF for it', () => {
    for (const text of ['', '# only a comment\n']) {
      const problems = analyze(text, { fileName: 'image.azl.yaml' }).problems;
      assert.deepEqual(
        problems.map((problem) => problem.code),
        ['image/empty-config'],
      );
    }
    // A file nobody named an image config stays unclaimed.
    assert.deepEqual(analyze('', { fileName: 'notes.yaml' }).problems, []);
    assert.equal(withCode('os:\n  hostname: a\n', 'image/empty-config').length, 0);
  });
});
