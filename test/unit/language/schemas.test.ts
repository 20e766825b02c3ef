import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { imageJsonSchema, kindFromName, nodePoolJsonSchema } from '../../../src/language/core/index';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

function samples(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function validator(path: string) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
}

describe('the published JSON Schemas (schemas/)', () => {
  it('are what the engine generates today', () => {
    assert.deepEqual(JSON.parse(readFileSync('schemas/azurelinux-image.schema.json', 'utf8')), imageJsonSchema());
    assert.deepEqual(JSON.parse(readFileSync('schemas/aks-nodepool.schema.json', 'utf8')), nodePoolJsonSchema());
  });

  it('accept every sample image config and node-pool body', () => {
    const image = validator('schemas/azurelinux-image.schema.json');
    const nodePool = validator('schemas/aks-nodepool.schema.json');
    let checked = 0;
    for (const file of samples('samples')) {
      const kind = kindFromName(file);
      if (!kind) continue;
      const validate = kind === 'image' ? image : nodePool;
      const ok = validate(parse(readFileSync(file, 'utf8')));
      assert.ok(ok, `${file}: ${JSON.stringify(validate.errors)}`);
      checked++;
    }
    assert.ok(checked >= 5, `${checked} samples`);
  });

  it("accept Image Customizer's own test configs (test/fixtures/upstream-imagecustomizer)", () => {
    const image = validator('schemas/azurelinux-image.schema.json');
    const folder = 'test/fixtures/upstream-imagecustomizer';
    const refused: string[] = [];
    for (const name of readdirSync(folder).filter((file) => file.endsWith('.yaml'))) {
      // Not image configs (osmodifier's format, package lists), or refused upstream for reasons a schema cannot see.
      if (/^(osmodifier-.*|create-.*-packages|empty-config)\.yaml$/.test(name)) continue;
      const value = parse(readFileSync(join(folder, name), 'utf8')) ?? {};
      if (!image(value)) refused.push(`${name}: ${JSON.stringify(image.errors?.slice(0, 2))}`);
    }
    assert.deepEqual(refused, []);
  });

  it('refuse what the schema knows is wrong: an unknown key, a value outside an enum, a missing required key', () => {
    const image = validator('schemas/azurelinux-image.schema.json');
    assert.equal(image({ os: { hostnme: 'x' } }), false);
    assert.equal(image({ storage: { bootType: 'bios' } }), false);
    assert.equal(image({ os: { users: [{ uid: 1 }] } }), false);
    assert.equal(image({ output: { artifacts: { items: ['uki-addons'], path: 'out' } } }), false);
    // yaml.v3 reads numbers into string fields: so does the schema.
    assert.equal(image({ input: { image: { azureLinux: { version: 3.0, variant: 'minimal-os' } } } }), true);
    const nodePool = validator('schemas/aks-nodepool.schema.json');
    assert.equal(nodePool({ properties: { osSKU: 'AzureLinux', count: 3 } }), true);
    assert.equal(nodePool({ properties: { osSKU: 'Plan9' } }), false);
    assert.equal(nodePool({ properties: { kubeletConfig: { cpuManagerPolicy: 'dynamic' } } }), false);
  });

  it('are registered for the files that stay in the yaml and json languages, and shipped', () => {
    const yaml = manifest.contributes.yamlValidation as { fileMatch: string[]; url: string }[];
    const json = manifest.contributes.jsonValidation as { fileMatch: string; url: string }[];
    const byUrl = (url: string) => [...yaml, ...json].filter((entry) => entry.url === url).flatMap((entry) => [entry.fileMatch].flat());
    assert.deepEqual(byUrl('./schemas/azurelinux-image.schema.json').sort(), [
      '*.azl.yaml',
      '*.azl.yml',
      'imagecustomizer*.yaml',
      'imagecustomizer*.yml',
    ]);
    assert.deepEqual(byUrl('./schemas/aks-nodepool.schema.json').sort(), ['*.nodepool.json', '*.nodepool.yaml', '*.nodepool.yml']);
    const ignore = readFileSync('.vscodeignore', 'utf8').split('\n');
    assert.ok(ignore.includes('!schemas/*.json') && ignore.includes('!l10n/*.json'));
    assert.equal(manifest.l10n, './l10n');
  });
});
