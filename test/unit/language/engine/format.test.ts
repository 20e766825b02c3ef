import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { formatConfig, formatYaml } from '../../../../src/language/core/format';
import type { TextEdit } from '../../../../src/language/core/types';

const TWO = { tabSize: 2, insertSpaces: true };

function apply(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.range.start - a.range.start)) {
    result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  }
  return result;
}

describe('Format Document for configs', () => {
  it('re-indents YAML to the tab size, keeping comments, anchors, aliases and key order', () => {
    const text = [
      '# My image',
      'os:',
      '    hostname: build   # the name',
      '    packages:',
      '        install: &tools',
      '        - curl',
      '        - jq',
      '        update: *tools',
      'storage:',
      '    bootType: efi',
      '',
    ].join('\n');
    const formatted = formatYaml(text, TWO)!;
    assert.equal(
      formatted,
      [
        '# My image',
        'os:',
        '  hostname: build # the name',
        '  packages:',
        '    install: &tools',
        '      - curl',
        '      - jq',
        '    update: *tools',
        'storage:',
        '  bootType: efi',
        '',
      ].join('\n'),
    );
    assert.equal(formatYaml(formatted, TWO), formatted, 'idempotent');
    assert.match(
      formatYaml(text, { tabSize: 4, insertSpaces: false })!,
      /^ {4}hostname/m,
      'YAML indents with spaces even with tabs chosen',
    );
  });

  it('indents block sequences under their key, one step in', () => {
    assert.equal(formatYaml('disks:\n    -   id: a\n', TWO), 'disks:\n  - id: a\n');
    assert.equal(formatYaml('disks:\n- id: a\n', TWO), 'disks:\n  - id: a\n');
    assert.equal(formatYaml('disks:\n- id: a\n', { tabSize: 4, insertSpaces: true }), 'disks:\n    - id: a\n');
  });

  it('leaves a document with a syntax error alone', () => {
    assert.deepEqual(formatConfig('os:\n\thostname: x\n', TWO), []);
    assert.deepEqual(formatConfig('{"a": ', TWO, 'pool.nodepool.json'), []);
  });

  it('formats node-pool JSON with jsonc-parser, honouring the indentation settings, and keeps CRLF', () => {
    const text = '{"properties":{"count":3,\n"osSKU":"AzureLinux"}}';
    assert.equal(
      apply(text, formatConfig(text, TWO, 'pool.nodepool.json')),
      '{\n  "properties": {\n    "count": 3,\n    "osSKU": "AzureLinux"\n  }\n}',
    );
    assert.equal(
      apply(text, formatConfig(text, { tabSize: 4, insertSpaces: false }, 'pool.nodepool.json')),
      '{\n\t"properties": {\n\t\t"count": 3,\n\t\t"osSKU": "AzureLinux"\n\t}\n}',
    );
    assert.equal(formatYaml('os:\r\n    hostname: a\r\n', TWO), 'os:\r\n  hostname: a\r\n');
  });

  it("keeps the meaning and every comment of Image Customizer's own test configs and the samples, idempotently", () => {
    const folders = ['test/fixtures/upstream-imagecustomizer', 'samples/images', 'samples/nodepools'];
    const changed: string[] = [];
    for (const folder of folders) {
      for (const name of readdirSync(folder).filter((file) => /\.ya?ml$/.test(file))) {
        const text = readFileSync(join(folder, name), 'utf8');
        for (const options of [TWO, { tabSize: 4, insertSpaces: true }]) {
          const formatted = formatYaml(text, options)!;
          const meaning = (source: string) => parseAllDocuments(source).map((document) => (document as { toJS(): unknown }).toJS());
          if (!isDeepStrictEqual(meaning(text), meaning(formatted))) changed.push(`${name}: meaning`);
          if ((text.match(/#/g) ?? []).length !== (formatted.match(/#/g) ?? []).length) changed.push(`${name}: comments`);
          if (formatYaml(formatted, options) !== formatted) changed.push(`${name}: not idempotent`);
        }
      }
    }
    assert.deepEqual(changed, []);
  });
});
