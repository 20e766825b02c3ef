import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown; scope?: string; markdownDescription?: string }> } };
};

/** The keys of the `Settings` interface in src/settings.ts, the one module the code reads settings through. */
function typedKeys(): string[] {
  const source = readFileSync(path.join(root, 'src', 'settings.ts'), 'utf8');
  const body = /export interface Settings \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  return [...body.matchAll(/^\s*'([\w.]+)':/gm)].map((match) => `azureLinux.${match[1]}`);
}

describe('settings', () => {
  it('the typed settings module knows exactly the settings package.json contributes', () => {
    assert.deepEqual(typedKeys().sort(), Object.keys(manifest.contributes.configuration.properties).sort());
  });

  it('every setting has a scope, a markdown description and a default', () => {
    for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.ok(schema.scope, `${key} has a scope`);
      assert.ok(schema.markdownDescription, `${key} has a markdownDescription`);
      assert.ok('default' in schema, `${key} has a default`);
    }
  });

  it('no code outside src/settings.ts reads azureLinux settings by string key', () => {
    const offenders: string[] = [];
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (full.endsWith('.ts') && !full.endsWith(path.join('src', 'settings.ts'))) {
          if (/getConfiguration\(\s*['`]azureLinux|affectsConfiguration\(\s*['`]azureLinux/.test(readFileSync(full, 'utf8')))
            offenders.push(path.relative(root, full));
        }
      }
    };
    walk(path.join(root, 'src'));
    assert.deepEqual(offenders, []);
  });
});
