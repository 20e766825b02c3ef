import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex, parseConfig } from '../../../../src/language/core';
import { checkSchema, schemaAtPath } from '../../../../src/language/core/schemaCheck';
import { completionsFor } from '../../../../src/language/core/completion';
import { hoverFor } from '../../../../src/language/core/hover';
import { outlineOfDocuments } from '../../../../src/language/core/outline';
import { kindFromName } from '../../../../src/language/core/detect';
import { globToRegExp, globBase } from '../../../../src/language/core/glob';
import { asMap, valueOf } from '../../../../src/language/core/syntax';
import type { Problem } from '../../../../src/language/core/types';
import { testFormat, testSchema } from './testFormat';

function check(text: string, fileName = 'x.yaml'): Problem[] {
  const parse = parseConfig(text, fileName);
  const problems: Problem[] = [...parse.problems];
  for (const document of parse.documents) {
    for (const anchor of testFormat.anchors(document))
      checkSchema(text, anchor, 'image', { lenientScalars: !fileName.endsWith('.json') }, (p) => problems.push(p));
  }
  return problems;
}

const at = (text: string, problem: Problem) => text.slice(problem.range.start, problem.range.end);

describe('parseConfig', () => {
  it('keeps exact ranges and YAML 1.2 typing, quoted or not', () => {
    const text = 'name: abc\nsize: 12\nquoted: "12"\noctal: 0o17\nempty:\nnothing: ~\n';
    const root = asMap(parseConfig(text).documents[0].root)!;
    const size = valueOf(root, 'size')!;
    assert.deepEqual([size.kind === 'scalar' && size.value, text.slice(size.range.start, size.range.end)], [12, '12']);
    const quoted = valueOf(root, 'quoted');
    assert.deepEqual(quoted?.kind === 'scalar' && [quoted.value, quoted.quoted], ['12', true]);
    assert.equal(valueOf(root, 'octal')?.kind === 'scalar' && (valueOf(root, 'octal') as { value: unknown }).value, 15);
    assert.equal(root.entries.find((e) => e.key.value === 'empty')!.value, undefined);
    assert.deepEqual(valueOf(root, 'nothing')?.kind === 'scalar' && (valueOf(root, 'nothing') as { value: unknown }).value, null);
  });

  it('resolves aliases with the alias range and applies merge keys', () => {
    const text = 'base: &b {mode: fast}\ncopy: *b\nmerged:\n  <<: *b\n  size: 2\n';
    const root = asMap(parseConfig(text).documents[0].root)!;
    const copy = valueOf(root, 'copy')!;
    assert.equal(text.slice(copy.range.start, copy.range.end), '*b');
    assert.equal(copy.kind, 'map');
    const merged = asMap(valueOf(root, 'merged'))!;
    assert.deepEqual(
      merged.entries.map((e) => e.key.value),
      ['mode', 'size'],
    );
  });

  it('reads multi-document YAML and JSON with comments', () => {
    assert.equal(parseConfig('a: 1\n---\nb: 2\n').documents.length, 2);
    const json = parseConfig('// c\n{"a": [1, 2], /* x */ "b": "s"}', 'x.jsonc');
    assert.deepEqual(json.problems, []);
    assert.equal(asMap(json.documents[0].root)?.entries.length, 2);
    assert.equal(parseConfig('{"a": 1,}').problems[0]?.code, 'syntax/json');
  });

  it('reports YAML syntax errors at their place and still returns what it can', () => {
    const text = 'name: abc\nbad: [1, 2\nsize: 3\n';
    const result = parseConfig(text);
    assert.ok(result.problems.some((p) => p.code === 'syntax/yaml' && p.severity === 'error'));
    assert.ok(asMap(result.documents[0].root));
  });
});

describe('hostile input', () => {
  it('does not expand an alias bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const started = Date.now();
    const result = parseConfig(lines.join('\n'));
    assert.ok(Date.now() - started < 5000);
    assert.ok(result.problems.some((p) => /alias/i.test(p.message)));
  });

  it('survives 10,000-deep nesting in YAML and JSON', () => {
    for (const [text, name] of [
      ['['.repeat(10000) + ']'.repeat(10000), 'x.json'],
      ['['.repeat(10000) + ']'.repeat(10000), 'x.yaml'],
      [Array.from({ length: 10000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), 'x.yaml'],
    ] as const) {
      const result = parseConfig(text, name);
      assert.ok(result.problems.length > 0 || result.documents.length > 0);
    }
    const deep = parseConfig('['.repeat(10000) + ']'.repeat(10000), 'x.json');
    assert.ok(deep.problems.some((p) => /nested/.test(p.message)));
  });

  it('handles a 10 MB file and binary garbage without throwing', () => {
    const big = 'items:\n' + '  - name: abcdefghij\n    value: "0123456789012345678901234567890123456789"\n'.repeat(150_000);
    assert.ok(big.length > 10_000_000);
    assert.equal(parseConfig(big).problems.length, 0);
    let garbage = '';
    for (let i = 0; i < 20000; i++) garbage += String.fromCharCode((i * 7919) % 65536);
    parseConfig(garbage);
    parseConfig(garbage, 'x.json');
  });
});

describe('schema checker', () => {
  it('accepts a valid document', () => {
    assert.deepEqual(check('name: abc\nsize: 3\nenabled: yes\nmode: fast\npermissions: "0644"\nlabels: {a: b}\nfiles:\n- path: /x\n'), []);
  });

  it('reports an unknown key with a rename fix', () => {
    const text = 'name: abc\nmdoe: fast\n';
    const [problem] = check(text);
    assert.equal(problem.code, 'image/unknown-key');
    assert.equal(at(text, problem), 'mdoe');
    assert.match(problem.message, /Did you mean 'mode'/);
    assert.deepEqual(problem.fixes?.[0].edits, [{ range: problem.range, newText: 'mode' }]);
  });

  it('reports wrong types naming the expected type; a quoted number is not an integer', () => {
    const text = 'name: abc\nsize: "3"\nfiles: {path: x}\n';
    const problems = check(text);
    assert.deepEqual(
      problems.map((p) => [p.code, at(text, p)]),
      [
        ['image/invalid-type', '"3"'],
        ['image/invalid-type', '{path: x}'],
      ],
    );
    assert.match(problems[0].message, /integer/);
  });

  it('accepts a plain number for a string field in YAML but not in JSON', () => {
    assert.deepEqual(check('name: abc\nlabels: {a: 12}\n'), []);
    assert.equal(check('{"name": "abc", "labels": {"a": 12}}', 'x.json')[0]?.code, 'image/invalid-type');
  });

  it('reports a bad enum value with the allowed values and the closest as a fix', () => {
    const text = 'name: abc\nmode: "fats"\n';
    const [problem] = check(text);
    assert.equal(problem.code, 'image/invalid-value');
    assert.match(problem.message, /'fast', 'slow', 'careful'/);
    assert.equal(problem.fixes?.[0].edits[0].newText, '"fast"');
  });

  it('reports missing required keys on the parent key, patterns, bounds and duplicates', () => {
    const text = 'name: ABC\nsize: 11\nfiles:\n- id: a\nsize: 2\n';
    const problems = check(text);
    assert.deepEqual(
      problems.map((p) => [p.code, at(text, p)]),
      [
        ['image/invalid-value', 'ABC'],
        ['image/invalid-value', '11'],
        ['image/missing-required', 'id'],
        ['image/duplicate-key', 'size'],
      ],
    );
  });

  it('finds the schema at a path', () => {
    assert.equal(schemaAtPath(testSchema, ['files', 0, 'mode'])?.type, 'string');
    assert.equal(schemaAtPath(testSchema, ['labels', 'anything'])?.type, 'string');
    assert.equal(schemaAtPath(testSchema, ['nope']), undefined);
  });
});

describe('completion, hover, outline', () => {
  it('completes keys not yet present, on an empty line inside a map', () => {
    const text = 'name: abc\nnested:\n  inner:\n    leaf: a\n    \nmode: fast\n';
    const offset = text.indexOf('    \n') + 4;
    const labels = completionsFor(testFormat, text, offset).map((e) => e.label);
    assert.deepEqual(labels, ['other']);
    const top = completionsFor(testFormat, 'name: abc\n', 10).map((e) => e.label);
    assert.ok(top.includes('size') && !top.includes('name'));
  });

  it('completes keys inside list items and allowed values after `key: `', () => {
    const text = 'name: abc\nfiles:\n- path: /x\n  \n';
    const labels = completionsFor(testFormat, text, text.indexOf('  \n') + 2).map((e) => e.label);
    assert.deepEqual(labels.sort(), ['id', 'mode']);
    const values = completionsFor(testFormat, 'name: abc\nmode: ', 16);
    assert.deepEqual(
      values.map((e) => e.label),
      ['fast', 'slow', 'careful'],
    );
    assert.equal(values[0].documentation, 'Goes fast.');
  });

  it('hovers a key with its doc and allowed values', () => {
    const text = 'name: abc\nmode: fast\n';
    const hover = hoverFor(testFormat, text, text.indexOf('mode') + 1);
    assert.ok(hover);
    assert.match(hover.markdown, /How it runs/);
    assert.match(hover.markdown, /`careful`/);
    assert.equal(at(text, { range: hover.range } as Problem), 'mode');
  });

  it('outlines keys and labels list items by id, name, destination or path', () => {
    const text = 'name: abc\nfiles:\n- path: /etc/x\n- id: second\n';
    const outline = outlineOfDocuments(parseConfig(text).documents);
    assert.deepEqual(
      outline.map((s) => s.name),
      ['name', 'files'],
    );
    assert.deepEqual(
      outline[1].children.map((s) => s.name),
      ['/etc/x', 'second'],
    );
  });
});

describe('names, globs, lines', () => {
  it('recognises configs by name', () => {
    assert.equal(kindFromName('/a/b/base.azl.yaml'), 'image');
    assert.equal(kindFromName('ImageCustomizer-efi.yml'), 'image');
    assert.equal(kindFromName('pool.nodepool.json'), 'nodepool');
    assert.equal(kindFromName('docker-compose.yaml'), undefined);
  });

  it('matches *, ** and ?', () => {
    assert.ok(globToRegExp('**/*.yaml').test('a/b/c.yaml'));
    assert.ok(globToRegExp('**/*.yaml').test('c.yaml'));
    assert.ok(!globToRegExp('*.yaml').test('a/c.yaml'));
    assert.ok(globToRegExp('a/?.yml').test('a/x.yml'));
    assert.ok(!globToRegExp('a/?.yml').test('a/xy.yml'));
    assert.ok(globToRegExp('src/**').test('src/a/b'));
    assert.equal(globBase('configs/**/*.yaml'), 'configs');
    assert.equal(globBase('*.yaml'), '.');
  });

  it('maps offsets to lines and back, with CRLF', () => {
    const lines = new LineIndex('ab\r\ncd\nef');
    assert.deepEqual(lines.position(5), { line: 1, character: 1 });
    assert.equal(lines.offsetAt(2, 1), 8);
  });
});
