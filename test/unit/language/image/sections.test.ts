import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSnapshotTime } from '../../../../src/language/core/image/rules/sections';
import { assertClean, assertOne } from './helpers';

describe('image input, pxe, output, packages', () => {
  it('takes one input image source, flagging the extra ones', () => {
    assertClean('input:\n  image:\n    azureLinux:\n      version: 3.0\n      variant: minimal-os\n');
    const text =
      'previewFeatures: [input-image-oci]\ninput:\n  image:\n    path: base.vhdx\n    oci:\n      uri: mcr.microsoft.com/azurelinux/3.0/image/minimal-os:latest\n';
    assertOne(text, 'image/input-image-sources', 'oci', /keep only one of 'path', 'oci' and 'azureLinux'/, { after: 'vhdx' });
  });

  it('checks the azureLinux version and variant through the schema', () => {
    assertClean('input:\n  image:\n    azureLinux:\n      version: "3.0.20250101"\n      variant: minimal-os\n');
    assertOne(
      'input:\n  image:\n    azureLinux:\n      version: "3"\n      variant: minimal-os\n',
      'image/invalid-value',
      '"3"',
      /MAJOR.MINOR/,
    );
    assertOne(
      'input:\n  image:\n    azureLinux:\n      version: "3.0"\n      variant: Minimal\n',
      'image/invalid-value',
      'Minimal',
      /lower-case/,
    );
  });

  it('takes one PXE bootstrap URL, and none with full-os', () => {
    assertClean('pxe:\n  bootstrapBaseUrl: http://192.168.0.1/images\n');
    assertOne(
      'pxe:\n  bootstrapBaseUrl: http://a/b\n  bootstrapFileUrl: http://a/b/image.iso\n',
      'image/pxe-bootstrap-url',
      'bootstrapFileUrl',
      /either 'bootstrapBaseUrl' or 'bootstrapFileUrl'/,
    );
    assertOne(
      'pxe:\n  initramfsType: full-os\n  bootstrapFileUrl: http://a/b/image.iso\n',
      'image/pxe-bootstrap-url',
      'bootstrapFileUrl',
      /does not apply with 'initramfsType: full-os'/,
    );
    assertOne('pxe:\n  bootstrapBaseUrl: smb://a/b\n', 'image/invalid-value', 'smb://a/b', /http:\/\//);
  });

  it('needs artifacts items and path to be non-empty', () => {
    assertClean('previewFeatures: [output-artifacts]\noutput:\n  artifacts:\n    items: [ukis, shim]\n    path: ./artifacts\n');
    assertOne(
      'previewFeatures: [output-artifacts]\noutput:\n  artifacts:\n    items: []\n    path: ./artifacts\n',
      'image/artifacts-incomplete',
      '[]',
      /at least one artifact/,
    );
    assertOne(
      'previewFeatures: [output-artifacts]\noutput:\n  artifacts:\n    items: [ukis]\n',
      'image/missing-required',
      'artifacts',
      /'path'/,
      { after: 'output:' },
    );
  });

  it('checks the snapshot time format', () => {
    assertClean('previewFeatures: [package-snapshot-time]\nos:\n  packages:\n    snapshotTime: 2024-05-20\n');
    assertClean('previewFeatures: [package-snapshot-time]\nos:\n  packages:\n    snapshotTime: "2024-05-20T15:04:05+02:00"\n');
    assertOne(
      'previewFeatures: [package-snapshot-time]\nos:\n  packages:\n    snapshotTime: 2024-13-01\n',
      'image/invalid-snapshot-time',
      '2024-13-01',
      /YYYY-MM-DD|2024-05-20/,
    );
    assert.equal(isSnapshotTime('2024-02-30'), false);
    assert.equal(isSnapshotTime('2024-02-29'), true);
    assert.equal(isSnapshotTime('2024-05-20T15:04:05.123Z'), true);
    assert.equal(isSnapshotTime('2024-05-20 15:04:05'), false);
  });

  it('checks the COSI compression level range', () => {
    assertClean('output:\n  image:\n    format: cosi\n    cosi:\n      compression:\n        level: 22\n');
    assertOne('output:\n  image:\n    format: cosi\n    cosi:\n      compression:\n        level: 23\n', 'image/invalid-value', '23', /22/);
  });
});
