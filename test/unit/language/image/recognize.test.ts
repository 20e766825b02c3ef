import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageFormat } from '../../../../src/language/core/image';
import { parseConfig } from '../../../../src/language/core/index';

function recognized(text: string, fileName = 'config.yaml'): boolean {
  const document = parseConfig(text, fileName).documents[0];
  return imageFormat.recognizes(document);
}

describe('image config recognition', () => {
  it('recognises image configs by their sections', () => {
    assert.equal(recognized('os:\n  hostname: example\n'), true);
    assert.equal(recognized('storage:\n  bootType: efi\n  disks: []\nos:\n  bootloader:\n    resetType: hard-reset\n'), true);
    assert.equal(recognized('previewFeatures:\n  - uki\n'), true);
    assert.equal(recognized('{"os": {"hostname": "a"}, "output": {"image": {"format": "vhdx"}}}', 'config.json'), true);
    assert.equal(recognized('input:\n  image:\n    path: a.vhdx\noutput:\n  image:\n    format: vhdx\n'), true);
  });

  it('does not claim other YAML and JSON files', () => {
    assert.equal(recognized('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  os:\n    name: linux\n'), false);
    assert.equal(recognized('services:\n  web:\n    image: nginx\n'), false);
    assert.equal(recognized('version: "3"\nservices:\n  web:\n    image: nginx\n'), false);
    assert.equal(recognized('language: go\nos: linux\n'), false);
    assert.equal(recognized('os: linux\n'), false);
    assert.equal(
      recognized(
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}',
        'a.json',
      ),
      false,
    );
    assert.equal(recognized('{"count": 3, "vmSize": "Standard_D2s_v3", "osType": "Linux", "osSKU": "AzureLinux"}', 'pool.json'), false);
    assert.equal(recognized('baseConfigs:\n  - path: a.yaml\n'), false);
    assert.equal(recognized(''), false);
    assert.equal(recognized('- a\n- b\n'), false);
  });
});
