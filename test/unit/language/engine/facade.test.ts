import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, completionsAt, hoverAt, linksOf, outlineOf } from '../../../../src/language/core';
import { outlineOfDocuments } from '../../../../src/language/core/outline';
import { parseConfig } from '../../../../src/language/core/parse';
import type { FileAccess } from '../../../../src/language/core/types';

/** One base config on "disk" whose text the test can change between checks. */
function changingBase(initial: string): { files: FileAccess; write(text: string): void } {
  let base = initial;
  return {
    files: {
      filePath: '/work/project/image.azl.yaml',
      check: (path) => (path === '/work/project/base.yaml' ? undefined : { missing: true }),
      readText: (path) => (path === '/work/project/base.yaml' ? base : undefined),
    },
    write: (text) => {
      base = text;
    },
  };
}

const child = 'previewFeatures:\n  - base-configs\nbaseConfigs:\n  - path: base.yaml\nos:\n  hostname: child\n';

describe('the facade reuses one parse per text', () => {
  it('checks base configs as they are now when the same text is checked again', () => {
    const disk = changingBase('os:\n  hostname: fine\n');
    const options = { kind: 'image' as const, fileName: '/work/project/image.azl.yaml', files: disk.files };
    // Outline and hover on the same text before and between the checks, as the editor does.
    outlineOf(child, 'image');
    assert.deepEqual(
      analyze(child, options).problems.map((problem) => problem.code),
      [],
    );
    hoverAt(child, child.indexOf('hostname'), 'image');
    disk.write('os:\n  hostname: bad_name\n');
    const again = analyze(child, options).problems;
    assert.deepEqual(
      again.map((problem) => problem.code),
      ['image/base-config'],
      JSON.stringify(again),
    );
  });

  it('checks a text first parsed for completion like a fresh one', () => {
    const text = 'os:\n  hostname: a\n  hostnme: b\n';
    completionsAt(text, text.indexOf('hostnme'), 'image');
    const problems = analyze(text, { kind: 'image', fileName: 'x.azl.yaml' }).problems;
    assert.deepEqual(
      problems.map((problem) => problem.code),
      ['image/unknown-key'],
    );
  });

  it('reads a text as JSON or YAML as each caller asks, whichever way the last parse read it', () => {
    // As YAML, `// comment` starts a plain key; as JSON with comments it is a comment.
    const text = '{\n  // comment\n  "os": {}\n}\n';
    assert.deepEqual(linksOf(text, 'image', '/w/x.azl.yaml'), []); // parses it as YAML
    assert.deepEqual(
      outlineOf(text, 'image').map((symbol) => symbol.name),
      ['os'],
    ); // reads it as JSON
    const asYaml = analyze(text, { kind: 'image', fileName: 'x.azl.yaml' });
    assert.deepEqual(
      outlineOfDocuments(asYaml.parse.documents).map((symbol) => symbol.name),
      ['// comment "os"'],
    );
  });

  it('gives the same outline and links as a fresh parse after a check', () => {
    const text = 'os:\n  hostname: a\n  additionalFiles:\n  - source: files/a.conf\n    destination: /etc/a.conf\n';
    analyze(text, { kind: 'image', fileName: '/work/project/image.azl.yaml' });
    assert.deepEqual(outlineOf(text, 'image'), outlineOfDocuments(parseConfig(text).documents));
    assert.deepEqual(
      linksOf(text, 'image', '/work/project/image.azl.yaml').map((link) => link.target),
      ['/work/project/files/a.conf'],
    );
  });
});

describe('outline', () => {
  it('shows the first line of a long or multi-line value as the detail, cut at 60 characters', () => {
    const long = 'x'.repeat(70);
    const text = `name: ${long}\nscript: |\n  echo one\n  echo two\nempty:\nlist:\n- a\n- name: n\n- {}\n`;
    const outline = outlineOf(text, 'image');
    assert.deepEqual(
      outline.map((symbol) => [symbol.name, symbol.detail, symbol.kind]),
      [
        ['name', `${'x'.repeat(60)}…`, 'property'],
        ['script', 'echo one', 'property'],
        ['empty', undefined, 'property'],
        ['list', undefined, 'array'],
      ],
    );
    assert.deepEqual(
      outline[3].children.map((symbol) => [symbol.name, symbol.detail, text.slice(symbol.selectionRange.start, symbol.selectionRange.end)]),
      [
        ['a', '[0]', 'a'],
        ['n', '[1]', 'name'],
        ['[2]', undefined, '{'],
      ],
    );
  });
});
