import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix, assertClean, assertOne, check, EFI_STORAGE, RESET, withCode } from './helpers';

const UKI = `os:
  bootloader:
    resetType: hard-reset
  uki:
    mode: create
`;

describe('image preview features', () => {
  it('accepts a gated key when its feature is enabled', () => {
    assertClean(`previewFeatures:\n  - uki\n${UKI}`);
  });

  it('reports os.uki without uki, on the key, and the fix appends to the existing list', () => {
    const text = `previewFeatures:\n  - base-configs\n${UKI}`;
    const problem = assertOne(text, 'image/preview-feature-required', 'uki', /add 'uki' to 'previewFeatures'/);
    const fixed = applyFix(text, problem.fixes![0]);
    assert.equal(fixed, `previewFeatures:\n  - base-configs\n  - uki\n${UKI}`);
    assertClean(fixed);
  });

  it('creates previewFeatures at the top level when missing', () => {
    const problem = assertOne(UKI, 'image/preview-feature-required', 'uki', /'os.uki' is a preview feature/);
    const fixed = applyFix(UKI, problem.fixes![0]);
    assert.equal(fixed, `${UKI}previewFeatures:\n  - uki\n`);
    assertClean(fixed);
  });

  it('appends to a flow list and fills an empty key', () => {
    const flow = `previewFeatures: [btrfs]\n${UKI}`;
    assert.equal(applyFix(flow, withCode(flow, 'image/preview-feature-required')[0].fixes![0]), `previewFeatures: [btrfs, "uki"]\n${UKI}`);
    const empty = `previewFeatures:\n${UKI}`;
    const fixed = applyFix(empty, withCode(empty, 'image/preview-feature-required')[0].fixes![0]);
    assert.equal(fixed, `previewFeatures: [uki]\n${UKI}`);
    assertClean(fixed);
  });

  it('adds to JSON configs as JSON', () => {
    const json = '{\n  "os": {"bootloader": {"resetType": "hard-reset"}, "uki": {"mode": "create"}}\n}\n';
    const problem = assertOne(json, 'image/preview-feature-required', '"uki"', /uki/, { fileName: 'image.json' });
    const fixed = applyFix(json, problem.fixes![0]);
    assert.doesNotThrow(() => JSON.parse(fixed));
    assert.deepEqual(JSON.parse(fixed).previewFeatures, ['uki']);
  });

  it('gates each preview key upstream gates', () => {
    const cases: [string, string, string][] = [
      ['os:\n  packages:\n    snapshotTime: 2024-05-20\n', 'package-snapshot-time', 'snapshotTime'],
      ['os:\n  packages:\n    removePackageManager: true\n', 'remove-package-manager', 'removePackageManager'],
      ['output:\n  artifacts:\n    items: [ukis]\n    path: ./out\n', 'output-artifacts', 'artifacts'],
      ['output:\n  selinuxPolicyPath: ./policy\n', 'output-selinux-policy', 'selinuxPolicyPath'],
      ['storage:\n  reinitializeVerity: all\n', 'reinitialize-verity', 'reinitializeVerity'],
      ['baseConfigs:\n  - path: base.yaml\n', 'base-configs', 'baseConfigs'],
      ['input:\n  image:\n    oci: mcr.microsoft.com/azurelinux/3.0/image/minimal-os:latest\n', 'input-image-oci', 'oci'],
      ['iso:\n  kdumpBootFiles: keep\n', 'kdump-boot-files', 'kdumpBootFiles'],
      ['pxe:\n  kdumpBootFiles: none\n', 'kdump-boot-files', 'kdumpBootFiles'],
    ];
    for (const [text, feature, token] of cases) {
      const problem = assertOne(text, 'image/preview-feature-required', token, new RegExp(`add '${feature}'`));
      assertClean(applyFix(text, problem.fixes![0]));
    }
  });

  it('gates btrfs file systems on the type value', () => {
    const text = EFI_STORAGE.replace('type: ext4', 'type: btrfs') + RESET;
    const problem = assertOne(text, 'image/preview-feature-required', 'btrfs', /add 'btrfs'/);
    assertClean(applyFix(text, problem.fixes![0]));
  });

  it('gates hashSignaturePath with output-artifacts', () => {
    const text =
      'storage:\n  verity:\n  - id: v\n    name: root\n    dataDevice:\n      idType: part-label\n      id: root\n    hashDevice:\n      idType: part-label\n      id: hash\n    hashSignaturePath: /boot/root.sig\n';
    assertOne(text, 'image/preview-feature-required', 'hashSignaturePath', /add 'output-artifacts'/);
  });

  it('rejects unknown preview features as upstream does, with the closest known name as the fix', () => {
    const text = 'previewFeatures:\n  - uky\n';
    const [problem] = check(text).filter((found) => found.code === 'image/unknown-preview-feature');
    assert.equal(problem.severity, 'error');
    assert.match(problem.message, /Did you mean 'uki'/);
    assert.equal(applyFix(text, problem.fixes![0]), 'previewFeatures:\n  - uki\n');
    // Names only unmerged upstream branches or older releases knew are refused by the pinned release too.
    for (const name of ['cosi-compression', 'acl-grow-partitions', 'symlink-mode', 'fedora']) {
      assert.equal(withCode(`previewFeatures:\n  - uki\n  - ${name}\n`, 'image/unknown-preview-feature')[0]?.severity, 'error', name);
    }
  });
});

describe('image bootloader reset', () => {
  it('needs resetType with disks, on the disks key, and the fix adds it under os', () => {
    const text = `${EFI_STORAGE}os:\n  hostname: example\n`;
    const problem = assertOne(
      text,
      'image/bootloader-reset-required',
      'disks',
      /'storage.disks' needs 'os.bootloader.resetType: hard-reset'/,
    );
    const fixed = applyFix(text, problem.fixes![0]);
    assert.equal(fixed, `${EFI_STORAGE}os:\n  hostname: example\n  bootloader:\n    resetType: hard-reset\n`);
    assertClean(fixed);
  });

  it('adds the whole os section when missing', () => {
    const problem = assertOne(EFI_STORAGE, 'image/bootloader-reset-required', 'disks', /hard-reset/);
    const fixed = applyFix(EFI_STORAGE, problem.fixes![0]);
    assert.equal(fixed, EFI_STORAGE + RESET);
  });

  it('fills an existing bootloader map', () => {
    const text = `${EFI_STORAGE}os:\n  bootloader:\n`;
    const problem = assertOne(text, 'image/bootloader-reset-required', 'disks', /hard-reset/);
    assertClean(applyFix(text, problem.fixes![0]));
  });

  it('needs resetType with resetPartitionsUuidsType', () => {
    const text = 'storage:\n  resetPartitionsUuidsType: reset-all\n';
    const problem = assertOne(text, 'image/bootloader-reset-required', 'resetPartitionsUuidsType', /new partition UUIDs/);
    assertClean(applyFix(text, problem.fixes![0]));
  });

  it('does not ask for resetType without disks or UUID reset', () => {
    assertClean('storage:\n  disks: []\nos:\n  hostname: example\n');
  });

  it('fixes JSON configs with JSON', () => {
    const json = JSON.stringify({ storage: { resetPartitionsUuidsType: 'reset-all' }, os: { hostname: 'example' } }, null, 2);
    const problem = withCode(json, 'image/bootloader-reset-required', undefined, 'image.json')[0];
    const fixed = applyFix(json, problem.fixes![0]);
    assert.deepEqual(JSON.parse(fixed).os, { bootloader: { resetType: 'hard-reset' }, hostname: 'example' });
  });
});

describe('image UKI modes', () => {
  it('rejects hard-reset, verity and overlays with passthrough, on each key', () => {
    const text = `previewFeatures: [uki]\nos:\n  bootloader:\n    resetType: hard-reset\n  uki:\n    mode: passthrough\n  selinux:\n    mode: enforcing\n`;
    const found = withCode(text, 'image/uki-mode-incompatible');
    assert.equal(found.length, 2);
    assert.equal(text.slice(found[0].range.start, found[0].range.end), 'resetType');
    assert.match(found[0].message, /'passthrough' keeps the existing UKIs/);
    assert.equal(text.slice(found[1].range.start, found[1].range.end), 'mode');
    assert.equal(found[1].range.start, text.indexOf('mode: enforcing'));
  });

  it('allows selinux changes with modify but not overlays', () => {
    const text = `previewFeatures: [uki]\nos:\n  uki:\n    mode: modify\n  selinux:\n    mode: enforcing\n  overlays:\n  - upperDir: /u\n    workDir: /w\n    mountPoint: /m\n`;
    assertOne(text, 'image/uki-mode-incompatible', 'overlays', /overlay driver/);
    assertClean(`previewFeatures: [uki]\nos:\n  uki:\n    mode: modify\n  selinux:\n    mode: enforcing\n`);
  });
});
