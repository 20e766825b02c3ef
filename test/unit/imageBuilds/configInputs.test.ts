import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configBuildInputs } from '../../../src/imageCustomizer/core/configInputs';
import { configStem, extensionOf, outputPathFor, resolveFromConfig, stagingFolderFor } from '../../../src/imageCustomizer/core/outputs';

describe('what a build reads from the config, and where its output goes', () => {
  it('reads input.image and output.image as upstream names them', () => {
    assert.deepEqual(
      configBuildInputs('input:\n  image:\n    path: ./base.vhdx\noutput:\n  image:\n    path: out/web.vhd\n    format: vhd-fixed\n'),
      {
        base: { kind: 'path', path: './base.vhdx' },
        format: 'vhd-fixed',
        otherFormat: undefined,
        outputPath: 'out/web.vhd',
      },
    );
    assert.deepEqual(configBuildInputs('input:\n  image:\n    azureLinux:\n      variant: minimal-os\n      version: "3.0"\n').base, {
      kind: 'download',
      description: 'azurelinux:minimal-os:3.0',
    });
    assert.deepEqual(
      configBuildInputs('input:\n  image:\n    oci:\n      uri: mcr.microsoft.com/azurelinux/3.0/image/minimal-os:latest\n').base,
      {
        kind: 'download',
        description: 'oci:mcr.microsoft.com/azurelinux/3.0/image/minimal-os:latest',
      },
    );
    const iso = configBuildInputs('output:\n  image:\n    format: iso\n');
    assert.equal(iso.format, undefined, 'iso is not a disk image a build writes');
    assert.equal(iso.otherFormat, 'iso');
    assert.deepEqual(configBuildInputs('os:\n  hostname: x\n'), {
      base: undefined,
      format: undefined,
      otherFormat: undefined,
      outputPath: undefined,
    });
    assert.equal(configBuildInputs('{"output": {"image": {"format": "qcow2"}}}', 'c.json').format, 'qcow2');
  });

  it('names the output after the config, beside it, unless the config names a path', () => {
    assert.equal(configStem('/w/web.azl.yaml'), 'web');
    assert.equal(configStem('/w/imagecustomizer-edge.yml'), 'imagecustomizer-edge');
    assert.equal(extensionOf('vhd-fixed'), 'vhd');
    assert.equal(extensionOf('qcow2'), 'qcow2');
    assert.equal(outputPathFor('/w/images/web.azl.yaml', 'vhd-fixed'), '/w/images/out/web.vhd');
    assert.equal(outputPathFor('/w/images/web.azl.yaml', 'raw', '../build/web.img'), '/w/build/web.img');
    assert.equal(outputPathFor('/w/images/web.azl.yaml', 'raw', '/abs/web.img'), '/abs/web.img');
    assert.equal(stagingFolderFor('/w/images/out/web.vhd', 'abc'), '/w/images/out/.azl-build-abc');
    assert.equal(resolveFromConfig('/w/images/web.azl.yaml', './base.vhdx'), '/w/images/base.vhdx');
  });
});
