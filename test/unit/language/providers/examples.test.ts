import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { DOCUMENT_SNIPPETS } from '../../../../src/language/core/image/snippets';
import { analyze, LineIndex } from '../../../../src/language/core';
import { boundedFileAccess } from '../../../../src/language/fileAccess';

/** Snippets and samples are what people start from: each must be a valid config with no problem at all. */

function describeProblems(text: string, problems: ReturnType<typeof analyze>['problems']): string {
  const index = new LineIndex(text);
  return problems.map((p) => `${index.position(p.range.start).line + 1}: ${p.code} ${p.message}`).join('\n');
}

/** Expands a snippet body: each placeholder takes its default, or the given choice option. */
function expand(body: string[], choice: (options: string[]) => string): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^}]*)\|\}/g, (_, options: string) => choice(options.split(',')))
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

describe('snippets', () => {
  const snippets = Object.fromEntries(DOCUMENT_SNIPPETS.map((snippet) => [snippet.prefix, { body: snippet.body.split('\n') }]));

  it('cover the common starting points', () => {
    assert.deepEqual(Object.keys(snippets), ['azl-efi-disk', 'azl-verity-root', 'azl-iso', 'azl-minimal-vm']);
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`"${name}" expands to a valid image config with every choice`, () => {
      const choiceCount = Math.max(
        1,
        ...(snippet.body
          .join('\n')
          .match(/\$\{\d+\|[^}]*\|\}/g)
          ?.map((c) => c.split(',').length) ?? [1]),
      );
      for (let pick = 0; pick < choiceCount; pick++) {
        const text = expand(snippet.body, (options) => options[Math.min(pick, options.length - 1)]);
        const analysis = analyze(text, { kind: 'image' });
        assert.equal(analysis.problems.length, 0, `${name} (choice ${pick}):\n${describeProblems(text, analysis.problems)}`);
      }
    });
  }
});

describe('the sample workspace', () => {
  const root = resolve('samples');
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));

  it('has image configs, node-pool configs, an ARM template and a cloud-init file', () => {
    const names = files.map((file) => file.slice(root.length + 1)).sort();
    assert.ok(names.filter((name) => name.endsWith('.azl.yaml') || /imagecustomizer[^/]*\.yaml$/.test(name)).length >= 3);
    assert.ok(names.some((name) => name.endsWith('.nodepool.json')));
    assert.ok(names.some((name) => name.endsWith('.nodepool.yaml')));
    assert.ok(names.includes('nodepools/aks-cluster.json'));
    assert.ok(names.includes('cloud-init/user-data.yaml'));
  });

  for (const file of files) {
    const name = file.slice(root.length + 1);
    it(`${name} is ${name.startsWith('cloud-init/') ? 'not claimed' : 'valid'}`, () => {
      const text = readFileSync(file, 'utf8');
      // As the editor checks it with samples/ as the workspace folder.
      const access = boundedFileAccess(file, { path: root, name: 'the workspace folder' });
      const analysis = analyze(text, { fileName: file, files: access });
      if (name.startsWith('cloud-init/')) {
        assert.equal(analysis.kind, undefined, 'cloud-init user data is not an Azure Linux config');
        return;
      }
      assert.equal(analysis.kind, name.startsWith('images/') ? 'image' : 'nodepool');
      assert.equal(analysis.problems.length, 0, describeProblems(text, analysis.problems));
    });
  }
});
