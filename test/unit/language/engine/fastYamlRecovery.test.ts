import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, parseConfig } from '../../../../src/language/core';
import { parseFastYaml, parseYamlComplete, parseYamlRecovering } from '../../../../src/language/core/parse';
import { MAX_ALIAS_EXPANSION } from '../../../../src/language/core/parse/limits';
import { asMap, valueOf } from '../../../../src/language/core/syntax';
import type { MapEntry, Problem } from '../../../../src/language/core/types';

/** The fast parser takes the text, and its tree and (lack of) problems are the complete parser's. */
function assertFastEqualsComplete(text: string): void {
  const fast = parseFastYaml(text);
  assert.ok(fast, `the fast parser declined ${JSON.stringify(text)}`);
  const complete = parseYamlComplete(text);
  assert.deepStrictEqual(complete.problems, []);
  assert.deepStrictEqual(fast.documents, complete.documents);
}

/**
 * What the complete parser reports for `region` (whole lines of `text` starting at `from`, a block at `column`) read
 * on its own, moved to where the region is: the problems a recovered region must give.
 */
function regionProblems(text: string, from: number, end: number, column: number): Problem[] {
  const head = '_:\n';
  const shift = from - column - head.length;
  return parseYamlComplete(head + ' '.repeat(column) + text.slice(from, end)).problems.map((problem) => ({
    ...problem,
    range: { start: Math.max(from, problem.range.start + shift), end: Math.max(from, problem.range.end + shift) },
  }));
}

/** Moves every range in an entry by `by`. */
function moved(entry: MapEntry, by: number): unknown {
  return JSON.parse(JSON.stringify(entry), (key, value: unknown) => (key === 'start' || key === 'end' ? (value as number) + by : value));
}

const clean = [
  'storage:',
  '  bootType: efi',
  '  disks:',
  '  - partitionTableType: gpt',
  '    maxSize: 4G',
  'os:',
  '  hostname: host',
  '  packages:',
  '    install:',
  '    - vim',
  '    - curl',
  '  users:',
  '  - name: alice',
  '    uid: 1000',
  'output:',
  '  image:',
  '    format: vhdx',
  '',
].join('\n');

/** `clean` with line `line` (0-based) replaced. */
function breakLine(line: number, replacement: string): string {
  const lines = clean.split('\n');
  lines[line] = replacement;
  return lines.join('\n');
}

const lineStart = (text: string, line: number) => text.split('\n').slice(0, line).join('\n').length + (line ? 1 : 0);

describe('fast YAML parser: anchors, aliases and merge keys', () => {
  it("gives the complete parser's nodes and ranges for anchored scalars, maps, lists and flow values", () => {
    assertFastEqualsComplete('a: &x 1\nb: *x\nc: &m\n  k: v\nd: *m\ne: [*x, &y two, *y]\nf:\n- &s item\n- *s # again\n');
    assertFastEqualsComplete('base: &l\n- a\n- b\ncopy: *l\n');
    const text = 'a: &x 1\nb: *x\n';
    const b = valueOf(asMap(parseFastYaml(text)!.documents[0].root)!, 'b')!;
    assert.deepEqual([b.range, b.kind === 'scalar' && b.value], [{ start: 11, end: 13 }, 1]);
  });

  it('applies merge keys from one alias and from a list of them, earlier maps first', () => {
    const text = 'one: &a {x: 1, y: 1}\ntwo: &b\n  y: 2\n  z: 2\nm:\n  <<: *a\n  x: 0\nn:\n  <<: [*b, *a]\n';
    assertFastEqualsComplete(text);
    const root = asMap(parseFastYaml(text)!.documents[0].root)!;
    const n = asMap(valueOf(root, 'n'))!;
    assert.deepEqual(
      n.entries.map((entry) => [entry.key.value, entry.value?.kind === 'scalar' && entry.value.value]),
      [
        ['y', 2],
        ['z', 2],
        ['x', 1],
      ],
    );
    assert.deepEqual(
      asMap(valueOf(root, 'm'))!.entries.map((entry) => entry.key.value),
      ['y', 'x'],
    );
  });

  it('leaves unknown and self-referring aliases to the complete parser, which reports them as errors', () => {
    for (const text of ['a: *nowhere\n', 'a: &x [1, *x]\n']) {
      assert.equal(parseFastYaml(text), undefined);
      const parsed = parseConfig(text, 'x.yaml');
      assert.deepStrictEqual(parsed.problems, parseYamlComplete(text).problems);
      assert.ok(
        parsed.problems.some((problem) => problem.severity === 'error' && problem.range.start === text.indexOf('*')),
        text,
      );
    }
  });

  it("keeps the alias expansion limit: an alias bomb gets the complete parser's problem, bounded", () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 8; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const bomb = `${lines.join('\n')}\n`;
    assert.equal(parseFastYaml(bomb), undefined);
    const parsed = parseConfig(bomb, 'x.yaml');
    assert.deepStrictEqual(parsed.problems, parseYamlComplete(bomb).problems);
    assert.ok(parsed.problems.some((problem) => problem.message.includes(String(MAX_ALIAS_EXPANSION))));
    // Below the limit the fast parser expands as the complete one does.
    assertFastEqualsComplete(`${lines.slice(0, 4).join('\n')}\n`);
  });
});

describe('fast YAML parser: local recovery from syntax errors', () => {
  /**
   * Breaks one line of `clean`, and checks: the region re-parsed is `region` (lines), its problems are the complete
   * parser's for that region with exact ranges, and every top-level section the break is not in keeps the nodes a
   * clean parse gives.
   */
  function checkBroken(line: number, replacement: string, region: [number, number], column: number, section: string): Problem[] {
    const text = breakLine(line, replacement);
    const result = parseYamlRecovering(text);
    assert.ok(result, `no local recovery for ${JSON.stringify(replacement)}`);
    const from = lineStart(text, region[0]) + column;
    const end = lineStart(text, region[1]);
    assert.deepStrictEqual(
      result.reparsed,
      [{ start: from, end }],
      `re-parsed ${JSON.stringify(result.reparsed.map((r) => text.slice(r.start, r.end)))}`,
    );
    assert.deepStrictEqual(result.problems, regionProblems(text, from, end, column));
    assert.ok(result.problems.some((problem) => problem.severity === 'error' && problem.code === 'syntax/yaml'));
    assert.deepStrictEqual(parseConfig(text, 'x.yaml').problems, result.problems);
    const delta = text.length - clean.length;
    const cleanRoot = asMap(parseConfig(clean).documents[0].root)!;
    const root = asMap(result.documents[0].root)!;
    const brokenAt = lineStart(text, line);
    for (const entry of cleanRoot.entries) {
      if (entry.key.value === section) continue;
      const ours = root.entries.find((candidate) => candidate.key.value === entry.key.value);
      assert.deepStrictEqual(ours, moved(entry, entry.range.start > brokenAt ? delta : 0), `section ${String(entry.key.value)}`);
    }
    return result.problems;
  }

  it('key:value without a space', () => {
    const problems = checkBroken(6, '  hostname:host', [6, 11], 2, 'os');
    assert.equal(problems[0].message, 'Implicit keys need to be on a single line');
  });

  it('an unclosed quote', () => {
    const problems = checkBroken(6, '  hostname: "host', [6, 7], 2, 'os');
    assert.match(problems[0].message, /Missing closing "quote/);
  });

  it('a tab indent, inside a block or at the start of a line', () => {
    const problems = checkBroken(7, '\t packages:', [6, 11], 2, 'os');
    assert.equal(problems[0].message, 'Tabs are not allowed as indentation');
    assert.equal(problems[0].range.start, lineStart(breakLine(7, '\t packages:'), 7));
    checkBroken(13, '  \t uid: 1000', [12, 14], 4, 'os');
  });

  it('a stray `- ` at a wrong indentation', () => {
    checkBroken(10, '   - curl', [7, 11], 2, 'os');
  });

  it('a half-typed key with no colon', () => {
    const problems = checkBroken(6, '  hostna', [6, 11], 2, 'os');
    assert.equal(problems[0].message, 'Implicit keys need to be on a single line');
  });

  it('an unclosed flow `[`', () => {
    const problems = checkBroken(9, '    - [vim, nano', [9, 10], 4, 'os');
    assert.match(problems[0].message, /Flow sequence/);
  });

  it('a broken first line reads it with the entry after it', () => {
    const text = 'storage:efi\nos:\n  hostname: host\n';
    const result = parseYamlRecovering(text)!;
    assert.deepStrictEqual(result.reparsed, [{ start: 0, end: text.length }]);
    assert.deepStrictEqual(result.problems, regionProblems(text, 0, text.length, 0));
  });

  it('a quote that closes on a later, less indented line reads as the complete parser reads it: no false error', () => {
    const text = "-\n name: 'open\n- ''";
    const result = parseYamlRecovering(text);
    assert.ok(result);
    assert.deepStrictEqual({ documents: result.documents, problems: result.problems }, parseYamlComplete(text));
    // Where the text up to the next quote does not read cleanly either, only the whole text tells.
    assert.equal(parseYamlRecovering("-\n name: 'open\n- '\n"), undefined);
    assert.deepStrictEqual(parseYamlComplete(text).problems, []);
  });

  it("valid YAML outside the fast subset gets the complete parser's exact tree", () => {
    for (const text of ['a: 1\nb: [1,\n  2]\nc: !!str 3\nd:\n  e: "multi\n    line"\n  f: 2\n', 'list:\n- plain\n  continued\n- two\n']) {
      const result = parseYamlRecovering(text)!;
      assert.ok(result.reparsed.length > 0);
      assert.deepStrictEqual(result.problems, []);
      assert.deepStrictEqual(result.documents, parseYamlComplete(text).documents);
    }
  });

  it('a region with an anchor or alias leaves the whole text to the complete parser', () => {
    const text = 'a: &x 1\nb:\n  c: *x\n  d:bad\n  e: 2\n';
    assert.equal(parseYamlRecovering(text), undefined);
    assert.deepStrictEqual(parseConfig(text, 'x.yaml').problems, parseYamlComplete(text).problems);
  });

  it('the checks of the parts that parsed still run beside a syntax error', () => {
    const withUnknownKey = clean.replace('  hostname: host', '  hostnam: host');
    const broken = withUnknownKey.replace('    format: vhdx', '    format: "vhdx');
    const cleanProblems = analyze(withUnknownKey, { kind: 'image', fileName: 'a.azl.yaml' }).problems;
    const unknown = cleanProblems.find((problem) => problem.code === 'image/unknown-key');
    assert.ok(unknown);
    const problems = analyze(broken, { kind: 'image', fileName: 'a.azl.yaml' }).problems;
    assert.ok(problems.some((problem) => problem.code === 'syntax/yaml' && problem.severity === 'error'));
    assert.deepStrictEqual(
      problems.find((problem) => problem.code === 'image/unknown-key'),
      unknown,
    );
  });

  it('never throws: a broken line at every place of a config', () => {
    for (let line = 0; line < clean.split('\n').length; line++) {
      for (const replacement of ['\tx: 1', 'k:v', '  "open', '  - ', '[', ':', '    half']) {
        const text = breakLine(line, replacement);
        const parsed = parseConfig(text, 'x.yaml');
        assert.ok(parsed.documents.length >= 1);
      }
    }
  });
});
