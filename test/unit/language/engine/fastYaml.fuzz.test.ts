import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseConfig, parseFastYaml, parseYamlComplete, parseYamlRecovering } from '../../../../src/language/core/parse';

/** Random block YAML in (and around) the fast parser's subset. */
const plainWord = fc.constantFrom(
  'a',
  'name',
  'x-y',
  'true',
  'False',
  'null',
  '~',
  '12',
  '-3',
  '0o17',
  '0x1F',
  '1.5',
  '.5',
  '1e3',
  '.inf',
  '-.Inf',
  '.nan',
  'a b',
  'http://x.y/z',
  'a#b',
  'ok:go',
  '-x',
  '007',
  '+1',
  '1_000',
  'é',
  '""',
);
const quoted = fc.constantFrom('"a"', '"12"', "'it''s'", '"tab\\tand\\n"', '"\\u00e9\\x41"', "''", '""', '"a # b"', "'x: y'");
const scalar = fc.oneof(plainWord, quoted);
const comment = fc.constantFrom('', '', ' # note', '  #c');
const flow = fc.oneof(
  fc.array(scalar, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
  fc.array(fc.tuple(plainWord, scalar), { maxLength: 3 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
  fc.constant('[a, [b, {c: d}], ]'),
);
const blockScalar = fc.tuple(
  fc.constantFrom('|', '>', '|-', '>+', '|+', '>-'),
  fc.array(fc.constantFrom('text', 'more text', '  indented', '', 'last'), { minLength: 0, maxLength: 4 }),
  fc.constantFrom('', '\n', '\n\n'),
);

type Gen = (indent: number, depth: number) => fc.Arbitrary<string>;
const pad = (n: number) => ' '.repeat(n);

/** Anchors defined at the top of an anchored document, and aliases and merge keys that use them. */
const anchorDefinitions = [
  'defs:',
  '  m1: &m1',
  '    a: 1',
  '    b: two',
  '  m2: &m2 {b: 3, c: [4, *m1]}',
  '  s1: &s1 hello',
  '  l1: &l1 [x, *s1]',
  '  l2: &l2',
  '  - p',
  '  - q: r',
  '  s2: &s2 "quoted"',
  '  m3: &m3',
  '    <<: *m1',
  '    d: 5',
  '',
].join('\n');
const alias = fc.constantFrom('*m1', '*m2', '*s1', '*l1', '*l2', '*s2', '*m3', '*zz', '*s1 # c');
/** An anchor on a value defined in the body: aliases to it after it resolve, before it do not. */
const anchoredValue = fc.tuple(fc.constantFrom('&v1', '&v2', '&m1'), scalar).map(([anchor, value]) => `${anchor} ${value}`);
const bodyAlias = fc.constantFrom('*v1', '*v2');
const mergeValue = fc.constantFrom('*m1', '*m2', '*m3', '[*m1, *m2]', '[*m2, *m1, *m3]', '*s1', '[*m1]');

let withAnchors = false;
const valueScalar = () =>
  withAnchors
    ? fc.oneof(
        { weight: 3, arbitrary: scalar },
        { weight: 2, arbitrary: alias },
        { weight: 1, arbitrary: anchoredValue },
        { weight: 1, arbitrary: bodyAlias },
      )
    : scalar;

const blockNode: Gen = (indent, depth) =>
  depth > 3
    ? valueScalar().map((s) => ` ${s}`)
    : fc.oneof(
        { weight: 4, arbitrary: fc.tuple(valueScalar(), comment).map(([s, c]) => ` ${s}${c}`) },
        { weight: 1, arbitrary: flow.map((f) => ` ${f}`) },
        {
          weight: withAnchors ? 1 : 0,
          arbitrary: fc.tuple(fc.constantFrom('&b1', '&b2'), blockMap(indent + 2, depth + 1)).map(([anchor, m]) => ` ${anchor}\n${m}`),
        },
        {
          weight: withAnchors ? 1 : 0,
          arbitrary: fc.array(fc.oneof(scalar, alias), { maxLength: 3 }).map((items) => ` [${items.join(', ')}]`),
        },
        {
          weight: 1,
          arbitrary: blockScalar.map(
            ([header, lines, tail]) => ` ${header}\n${lines.map((line) => (line ? pad(indent + 2) + line : '')).join('\n')}${tail}`,
          ),
        },
        { weight: 2, arbitrary: blockMap(indent + 2, depth + 1).map((m) => `\n${m}`) },
        { weight: 1, arbitrary: blockSeq(indent, depth + 1).map((s) => `\n${s}`) },
        { weight: 1, arbitrary: blockSeq(indent + 2, depth + 1).map((s) => `\n${s}`) },
        { weight: 1, arbitrary: fc.constant('') },
      );

const blockMap: Gen = (indent, depth) =>
  fc
    .tuple(
      fc.array(
        fc.tuple(
          fc.oneof(plainWord, quoted),
          fc.constantFrom(':', ':'),
          blockNode(indent, depth),
          fc.constantFrom('', '', '\n', `\n${pad(indent)}# c`),
        ),
        { minLength: 1, maxLength: 4 },
      ),
      withAnchors ? fc.option(fc.tuple(mergeValue, fc.nat({ max: 4 }))) : fc.constant(null),
    )
    .map(([entries, merge]) => {
      const lines = entries.map(([k, colon, v, extra]) => `${pad(indent)}${k}${colon}${v}${extra}`);
      if (merge) lines.splice(merge[1] % (lines.length + 1), 0, `${pad(indent)}<<: ${merge[0]}`);
      return lines.join('\n');
    });

const blockSeq: Gen = (indent, depth) =>
  fc
    .array(blockNode(indent, depth), { minLength: 1, maxLength: 4 })
    .map((items) =>
      items
        .map(
          (item) =>
            `${pad(indent)}-${item.startsWith('\n') ? item.replace(/^\n {2}/, ' ').replace(new RegExp(`^\\n${pad(indent + 2)}`), ' ') : item}`,
        )
        .join('\n'),
    );

const document = fc.oneof(blockMap(0, 0), blockSeq(0, 0), scalar);
const stream = fc
  .tuple(fc.array(document, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '\n', '\n\n', '\r\n'), fc.boolean())
  .map(([docs, end, leadingMarker]) => (leadingMarker ? '---\n' : '') + docs.join('\n---\n') + end);

withAnchors = true;
/** Documents that start with anchor definitions and use them through aliases and merge keys throughout. */
const anchoredStream = fc
  .tuple(fc.array(blockMap(0, 0), { minLength: 1, maxLength: 2 }), fc.constantFrom('', '\n'))
  .map(([docs, end]) => docs.map((doc) => anchorDefinitions + doc).join('\n---\n') + end);
withAnchors = false;

/** Mutations: YAML's significant characters inserted, deleted or replaced at random places. */
const mutate = (source: fc.Arbitrary<string>) =>
  fc
    .tuple(
      source,
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.constantFrom(
            '',
            ' ',
            '\n',
            ':',
            '-',
            '#',
            '"',
            "'",
            '[',
            ']',
            '{',
            '}',
            ',',
            '|',
            '>',
            '&a',
            '*a',
            '!',
            '?',
            '\t',
            '---\n',
            '\\',
            '  ',
          ),
          fc.nat({ max: 3 }),
        ),
        { minLength: 1, maxLength: 4 },
      ),
    )
    .map(([text, edits]) => {
      let result = text;
      for (const [at, insert, remove] of edits) {
        const position = result.length ? at % (result.length + 1) : 0;
        result = result.slice(0, position) + insert + result.slice(position + remove);
      }
      return result;
    });
const mutated = mutate(stream);

/** One line of a generated document replaced by a typical half-typed state. */
const halfTyped = fc
  .tuple(
    fc.oneof(stream, anchoredStream),
    fc.nat(),
    fc.constantFrom(
      'key:value',
      'name: "unclosed',
      "name: 'unclosed",
      '\tkey: 1',
      '- stray',
      ' - stray',
      'half',
      'x: [a, b',
      'x: {a: 1',
      'k:',
      '  - ',
      ':',
    ),
    fc.nat({ max: 6 }),
  )
  .map(([text, at, line, indent]) => {
    const lines = text.split('\n');
    const index = at % lines.length;
    lines.splice(index, 1, ' '.repeat(indent) + line);
    return lines.join('\n');
  });

function checkAgreement(text: string): boolean {
  const fast = parseFastYaml(text);
  const complete = parseYamlComplete(text);
  if (!fast) return false;
  assert.deepStrictEqual(complete.problems, [], `fast path accepted text the complete parser rejects: ${JSON.stringify(text)}`);
  assert.deepStrictEqual(fast.documents, complete.documents, `trees differ for ${JSON.stringify(text)}`);
  return true;
}

/**
 * The recovering parse against the complete one: on a document without errors, the same tree and problems; on a
 * document with errors, errors too (every region handed to the complete parser reports what it reports there).
 */
function checkRecovery(text: string): void {
  const ours = parseYamlRecovering(text);
  const complete = parseYamlComplete(text);
  if (!ours) return;
  const completeErrors = complete.problems.filter((problem) => problem.severity === 'error');
  if (completeErrors.length === 0) {
    assert.deepStrictEqual(ours.problems, complete.problems, `problems differ for ${JSON.stringify(text)}`);
    assert.deepStrictEqual(ours.documents, complete.documents, `trees differ for ${JSON.stringify(text)}`);
  } else {
    assert.ok(
      ours.problems.some((problem) => problem.severity === 'error'),
      `no error for ${JSON.stringify(text)}; the complete parser reports ${JSON.stringify(completeErrors)}`,
    );
  }
  for (const problem of ours.problems) {
    assert.ok(
      ours.reparsed.some((region) => problem.range.start >= region.start && problem.range.start <= region.end),
      `a problem outside every re-parsed region: ${JSON.stringify(problem)}`,
    );
  }
}

describe('fast YAML parser against the complete one', () => {
  it('gives identical trees for anchors, aliases and merge keys whenever it accepts them', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anchoredStream, (text) => {
        if (checkAgreement(text)) accepted++;
      }),
      { numRuns: 2000, seed: 11 },
    );
    assert.ok(accepted > 450, `only ${accepted} of 2000 anchored documents took the fast path`);
  });

  it('recovers locally and agrees with the complete parser on half-typed documents', () => {
    let recovered = 0;
    fc.assert(
      fc.property(halfTyped, (text) => {
        checkRecovery(text);
        if (parseYamlRecovering(text)?.reparsed.length) recovered++;
      }),
      { numRuns: 3000, seed: 5 },
    );
    assert.ok(recovered > 750, `only ${recovered} of 3000 half-typed documents were recovered locally`);
  });

  it('recovers locally and agrees with the complete parser on mutated documents', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, mutate(anchoredStream)), (text) => checkRecovery(text)),
      { numRuns: 4000, seed: 9 },
    );
  });

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
        checkRecovery(text);
        parseConfig(text);
        parseConfig(text, 'x.json');
      }),
      { numRuns: 2000, seed: 3 },
    );
  });
});
