import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, completionsAt, hoverAt, linksOf, outlineOf, type Analysis } from '../../../../src/language/core/index';
import type { ConfigKind, Problem } from '../../../../src/language/core/types';

/**
 * Hostile inputs through every entry point of the engine (not only the parser): the check, completion and hover at
 * several places, the outline and the links. None may throw and every problem must lie inside the text; how long it
 * takes is the benchmark's business (npm run bench), not a test's.
 */
function throughEveryEntryPoint(
  text: string,
  kind: ConfigKind,
  fileName = kind === 'image' ? 'image.azl.yaml' : 'pool.nodepool.yaml',
): { analysis: Analysis } {
  const analysis = analyze(text, { kind, fileName });
  const auto = analyze(text, { fileName: fileName.replace(/^.*\./, 'other.') });
  for (const problem of [...analysis.problems, ...auto.problems]) assertInside(text, problem);
  for (const offset of [0, 1, text.length >> 2, text.length >> 1, text.length - 1, text.length]) {
    const at = Math.max(0, Math.min(text.length, offset));
    assert.ok(Array.isArray(completionsAt(text, at, kind)));
    const hover = hoverAt(text, at, kind);
    if (hover) assertInside(text, { range: hover.range } as Problem);
  }
  assert.ok(Array.isArray(outlineOf(text, kind)));
  for (const link of linksOf(text, kind, `/work/project/${fileName}`)) assertInside(text, { range: link.range } as Problem);
  return { analysis };
}

function assertInside(text: string, problem: Pick<Problem, 'range'>): void {
  const { start, end } = problem.range;
  assert.ok(
    Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length,
    `range ${start}-${end} outside 0-${text.length}`,
  );
}

const codes = (analysis: Analysis) => analysis.problems.map((problem) => problem.code);

describe('hostile input through every entry point', () => {
  it('stops an alias bomb (billion laughs) and says so', () => {
    const lines = ['os:', '  hostname: h', '  packages:', '    install: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `    remove${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const { analysis } = throughEveryEntryPoint(lines.join('\n'), 'image');
    assert.ok(
      analysis.problems.some((problem) => /Aliases expand to more than/.test(problem.message)),
      JSON.stringify(codes(analysis)),
    );
    const { analysis: pool } = throughEveryEntryPoint(
      lines.join('\n').replace(/^os:\n {2}hostname: h\n {2}packages:/, 'properties:\n  tags:'),
      'nodepool',
    );
    assert.ok(pool.problems.some((problem) => /Aliases expand to more than/.test(problem.message)));
  });

  it('checks a valid 10 MB config without a problem, in bounded time', () => {
    const big = 'os:\n  packages:\n    install:\n' + '    - package-name-abcdefgh\n'.repeat(400_000);
    assert.ok(big.length > 10_000_000);
    const { analysis } = throughEveryEntryPoint(big, 'image');
    assert.deepEqual(analysis.problems, []);
  });

  it('refuses 10,000-deep JSON nesting with a problem that says so', () => {
    for (const [text, kind, fileName] of [
      ['['.repeat(10_000) + ']'.repeat(10_000), 'image', 'image.json'],
      ['{"a": '.repeat(10_000) + '1' + '}'.repeat(10_000), 'nodepool', 'pool.nodepool.json'],
    ] as const) {
      const { analysis } = throughEveryEntryPoint(text, kind, fileName);
      assert.ok(
        analysis.problems.some((problem) => problem.severity === 'error' && /nested more than 1000 levels/.test(problem.message)),
        JSON.stringify(analysis.problems.map((p) => p.message)),
      );
    }
  });

  it('survives 10,000-deep YAML nesting, flow and block, with a syntax error, not an exception', () => {
    const flowSeq = '['.repeat(10_000) + ']'.repeat(10_000);
    const flowMap = '{a: '.repeat(10_000) + '}'.repeat(10_000);
    const oneLine = '- '.repeat(10_000) + 'x\n';
    const indented = Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    for (const [text, kind] of [
      [flowSeq, 'image'],
      [flowMap, 'nodepool'],
      [oneLine, 'image'],
      [indented, 'image'],
    ] as const) {
      const { analysis } = throughEveryEntryPoint(text, kind);
      assert.ok(
        analysis.problems.some((problem) => problem.code === 'syntax/yaml' && problem.severity === 'error'),
        JSON.stringify(codes(analysis)),
      );
    }
  });

  it('leaves binary garbage unclaimed, and reports it when the kind is forced', () => {
    let garbage = '';
    for (let i = 0; i < 200_000; i++) garbage += String.fromCharCode((i * 7919) % 65536);
    const unclaimed = analyze(garbage, { fileName: 'blob.yaml' });
    assert.equal(unclaimed.kind, undefined);
    const image = throughEveryEntryPoint(garbage, 'image').analysis;
    assert.ok(image.problems.some((problem) => problem.severity === 'error'));
    const pool = throughEveryEntryPoint(garbage, 'nodepool', 'pool.nodepool.json').analysis;
    assert.ok(pool.problems.some((problem) => problem.code === 'syntax/json'));
  });

  it('handles a huge single line: reports the bad value, in bounded time', () => {
    const hostname = 'os:\n  hostname: ' + 'a'.repeat(5_000_000) + '\n';
    const { analysis } = throughEveryEntryPoint(hostname, 'image');
    assert.deepEqual(codes(analysis), ['image/invalid-hostname']);
    const flow = '{"properties": {"count": [' + '1,'.repeat(300_000) + '1]}}';
    const pool = throughEveryEntryPoint(flow, 'nodepool', 'pool.nodepool.json');
    assert.ok(
      pool.analysis.problems.some((problem) => problem.code === 'nodepool/invalid-type' && /properties\.count/.test(problem.message)),
    );
  });

  it('reads CRLF line ends and a byte-order mark with exact ranges', () => {
    const text = '\ufeffos:\r\n  hostname: bad_name\r\n  users:\r\n  - name: a\r\n    uid: 0x10\r\n';
    const { analysis } = throughEveryEntryPoint(text, 'image');
    assert.deepEqual(
      analysis.problems.map((problem) => [problem.code, text.slice(problem.range.start, problem.range.end)]),
      [['image/invalid-hostname', 'bad_name']],
    );
    assert.deepEqual(throughEveryEntryPoint(text.replace('bad_name', 'good'), 'image').analysis.problems, []);
  });

  it('reports a NUL character instead of failing', () => {
    const yaml = throughEveryEntryPoint('os:\n  hostname: a\u0000b\n', 'image').analysis;
    assert.deepEqual(codes(yaml), ['image/invalid-hostname']);
    const json = throughEveryEntryPoint('{"properties": {"count": 3\u0000}}', 'nodepool', 'pool.nodepool.json').analysis;
    assert.ok(json.problems.some((problem) => problem.code === 'syntax/json'));
  });
});
