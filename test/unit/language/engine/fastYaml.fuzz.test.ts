import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseConfig, parseFastYaml, parseYamlComplete } from '../../../../src/language/core/parse';

/** Random block YAML in (and around) the fast parser's subset. */
const plainWord = fc.constantFrom('a', 'name', 'x-y', 'true', 'False', 'null', '~', '12', '-3', '0o17', '0x1F', '1.5', '.5', '1e3', '.inf', '-.Inf', '.nan', 'a b', 'http://x.y/z', 'a#b', 'ok:go', '-x', '007', '+1', '1_000', 'é', '""');
const quoted = fc.constantFrom('"a"', '"12"', "'it''s'", '"tab\\tand\\n"', '"\\u00e9\\x41"', "''", '""', '"a # b"', "'x: y'");
const scalar = fc.oneof(plainWord, quoted);
const comment = fc.constantFrom('', '', ' # note', '  #c');
const flow = fc.oneof(
  fc.array(scalar, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
  fc.array(fc.tuple(plainWord, scalar), { maxLength: 3 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
  fc.constant('[a, [b, {c: d}], ]'),
);
const blockScalar = fc.tuple(fc.constantFrom('|', '>', '|-', '>+', '|+', '>-'), fc.array(fc.constantFrom('text', 'more text', '  indented', '', 'last'), { minLength: 0, maxLength: 4 }), fc.constantFrom('', '\n', '\n\n'));

type Gen = (indent: number, depth: number) => fc.Arbitrary<string>;
const pad = (n: number) => ' '.repeat(n);

const blockNode: Gen = (indent, depth) =>
  depth > 3
    ? scalar.map((s) => ` ${s}`)
    : fc.oneof(
        { weight: 4, arbitrary: fc.tuple(scalar, comment).map(([s, c]) => ` ${s}${c}`) },
        { weight: 1, arbitrary: flow.map((f) => ` ${f}`) },
        {
          weight: 1,
          arbitrary: blockScalar.map(([header, lines, tail]) => ` ${header}\n${lines.map((line) => (line ? pad(indent + 2) + line : '')).join('\n')}${tail}`),
        },
        { weight: 2, arbitrary: blockMap(indent + 2, depth + 1).map((m) => `\n${m}`) },
        { weight: 1, arbitrary: blockSeq(indent, depth + 1).map((s) => `\n${s}`) },
        { weight: 1, arbitrary: blockSeq(indent + 2, depth + 1).map((s) => `\n${s}`) },
        { weight: 1, arbitrary: fc.constant('') },
      );

const blockMap: Gen = (indent, depth) =>
  fc
    .array(fc.tuple(fc.oneof(plainWord, quoted), fc.constantFrom(':', ':'), blockNode(indent, depth), fc.constantFrom('', '', '\n', `\n${pad(indent)}# c`)), { minLength: 1, maxLength: 4 })
    .map((entries) => entries.map(([k, colon, v, extra]) => `${pad(indent)}${k}${colon}${v}${extra}`).join('\n'));

const blockSeq: Gen = (indent, depth) =>
  fc
    .array(blockNode(indent, depth), { minLength: 1, maxLength: 4 })
    .map((items) => items.map((item) => `${pad(indent)}-${item.startsWith('\n') ? item.replace(/^\n {2}/, ' ').replace(new RegExp(`^\\n${pad(indent + 2)}`), ' ') : item}`).join('\n'));

const document = fc.oneof(blockMap(0, 0), blockSeq(0, 0), scalar);
const stream = fc
  .tuple(fc.array(document, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '\n', '\n\n', '\r\n'), fc.boolean())
  .map(([docs, end, leadingMarker]) => (leadingMarker ? '---\n' : '') + docs.join('\n---\n') + end);

/** Mutations: YAML's significant characters inserted, deleted or replaced at random places. */
const mutated = fc
  .tuple(stream, fc.array(fc.tuple(fc.nat(), fc.constantFrom('', ' ', '\n', ':', '-', '#', '"', "'", '[', ']', '{', '}', ',', '|', '>', '&a', '*a', '!', '?', '\t', '---\n', '\\', '  '), fc.nat({ max: 3 })), { minLength: 1, maxLength: 4 }))
  .map(([text, edits]) => {
    let result = text;
    for (const [at, insert, remove] of edits) {
      const position = result.length ? at % (result.length + 1) : 0;
      result = result.slice(0, position) + insert + result.slice(position + remove);
    }
    return result;
  });

function checkAgreement(text: string): boolean {
  const fast = parseFastYaml(text);
  const complete = parseYamlComplete(text);
  if (!fast) return false;
  assert.deepStrictEqual(complete.problems, [], `fast path accepted text the complete parser rejects: ${JSON.stringify(text)}`);
  assert.deepStrictEqual(fast.documents, complete.documents, `trees differ for ${JSON.stringify(text)}`);
  return true;
}

describe('fast YAML parser against the complete one', () => {
  it('gives identical trees for generated block YAML whenever it accepts it', () => {
    let accepted = 0;
    fc.assert(
      fc.property(stream, (text) => {
        if (checkAgreement(text)) accepted++;
      }),
      { numRuns: 3000, seed: 42 },
    );
    // The generator aims at the subset: most documents must take the fast path, or the test proves little.
    assert.ok(accepted > 1500, `only ${accepted} of 3000 generated documents took the fast path`);
  });

  it('never throws and agrees on mutated documents', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        checkAgreement(text);
        const parsed = parseConfig(text, 'x.yaml');
        assert.ok(parsed.documents.length >= 1);
      }),
      { numRuns: 4000, seed: 7 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        checkAgreement(text);
        parseConfig(text);
        parseConfig(text, 'x.json');
      }),
      { numRuns: 2000, seed: 3 },
    );
  });
});
