import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, completionsAt, hoverAt, type Analysis } from '../../../../src/language/core/index';
import type { ConfigKind } from '../../../../src/language/core/types';
import { DOCUMENT_SNIPPETS } from '../../../../src/language/core/image/snippets';

/**
 * Fuzzes the whole check (`analyze`), not just the parser: real configs (the samples and the snippets) mutated the
 * ways people break files, and random documents built from both formats' keys, through both kinds, plus completion
 * and hover at random offsets. Nothing may throw, every range must lie inside the text, and the run is bounded in
 * time. The seeds are fixed; fast-check prints the seed and the shrunk counterexample when a property fails, and
 * FUZZ_SEED replays another seed.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20240611);

function files(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
}

/** Snippet bodies as a person would have them after filling in each placeholder with its default. */
function snippetTexts(): string[] {
  return DOCUMENT_SNIPPETS.map((snippet) =>
    snippet.body
      .replace(/\$\{\d+\|([^,|}]*)[^}]*\}/g, '$1')
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\d+/g, ''),
  );
}

const corpus = [...files('samples').map((path) => readFileSync(path, 'utf8')), ...snippetTexts()];

type Edit = (lines: string[]) => string[];
const line = (lines: string[], at: number) => (lines.length ? at % lines.length : 0);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.nat().map(
    (at): Edit =>
      (lines) =>
        lines.filter((_, i) => i !== line(lines, at)),
  ),
  fc.nat().map(
    (at): Edit =>
      (lines) =>
        lines.flatMap((text, i) => (i === line(lines, at) ? [text, text] : [text])),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(
    ([at, delta]): Edit =>
      (lines) =>
        lines.map((text, i) =>
          i !== line(lines, at) ? text : delta >= 0 ? ' '.repeat(delta) + text : text.replace(new RegExp(`^ {0,${-delta}}`), ''),
        ),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Edit => (lines) => {
    const i = line(lines, a);
    const j = line(lines, b);
    const split = (text: string | undefined) => {
      const colon = text?.indexOf(': ') ?? -1;
      return colon < 0 || text === undefined ? undefined : [text.slice(0, colon + 2), text.slice(colon + 2)];
    };
    const left = split(lines[i]);
    const right = split(lines[j]);
    if (!left || !right) return lines;
    const result = [...lines];
    result[i] = left[0] + right[1];
    result[j] = right[0] + left[1];
    return result;
  }),
  fc
    .tuple(
      fc.nat(),
      fc.nat(),
      fc.oneof(
        fc.constantFrom(
          ':',
          '- ',
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
          '&a ',
          '*a',
          '!',
          '? ',
          '\t',
          '---',
          '\\',
          '  ',
          '\r',
          '\ufeff',
          '\u0000',
          '0x1F',
          '0o17',
          '1_000',
          '010M',
          'grow',
          '~',
        ),
        fc.string({ maxLength: 6 }),
      ),
    )
    .map(([at, column, insert]): Edit => (lines) => {
      const result = [...lines];
      const i = line(lines, at);
      const text = result[i] ?? '';
      const position = column % (text.length + 1);
      result[i] = text.slice(0, position) + insert + text.slice(position);
      return result;
    }),
);

const mutated = fc
  .tuple(fc.nat({ max: corpus.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }))
  .map(([index, edits]) => edits.reduce((lines, apply) => apply(lines), corpus[index].split('\n')).join('\n'));

/** Random documents from both formats' vocabularies, so they reach the rules and not only the schema's unknown keys. */
const key = fc.constantFrom(
  'input',
  'image',
  'path',
  'storage',
  'bootType',
  'disks',
  'partitions',
  'id',
  'size',
  'start',
  'end',
  'type',
  'label',
  'maxSize',
  'filesystems',
  'deviceId',
  'mountPoint',
  'idType',
  'options',
  'verity',
  'dataDeviceId',
  'hashDeviceId',
  'name',
  'os',
  'hostname',
  'packages',
  'install',
  'removePackageManager',
  'users',
  'uid',
  'groups',
  'gid',
  'additionalFiles',
  'source',
  'content',
  'destination',
  'permissions',
  'bootloader',
  'resetType',
  'uki',
  'mode',
  'output',
  'format',
  'artifacts',
  'items',
  'previewFeatures',
  'baseConfigs',
  'scripts',
  'postCustomization',
  'properties',
  'count',
  'vmSize',
  'osType',
  'osSKU',
  'minCount',
  'maxCount',
  'enableAutoScaling',
  'nodeTaints',
  'kubeletConfig',
  'agentPoolProfiles',
  'resources',
  'unknownKey',
);
const value = fc.oneof(
  fc.constantFrom(
    'efi',
    'legacy',
    'gpt',
    'esp',
    'root',
    'ext4',
    'fat32',
    '/',
    '/boot/efi',
    'ro',
    '4G',
    '010M',
    '08M',
    'grow',
    '1M',
    'hard-reset',
    'cosi',
    'iso',
    'vhdx',
    'true',
    'no',
    '0644',
    '0o644',
    '0x1F',
    '1_000',
    '-1',
    '60001',
    'Linux',
    'AzureLinux',
    'System',
    'a=b:NoSchedule',
    '""',
    'null',
    'x',
  ),
  fc.integer().map(String),
  fc.string({ maxLength: 8 }).map((text) => JSON.stringify(text)),
);
const { node } = fc.letrec<{ node: string; map: string; seq: string }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, value, tie('map'), tie('seq')),
  map: fc.array(fc.tuple(key, tie('node')), { maxLength: 5 }).map((entries) => `{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
  seq: fc.array(tie('node'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
}));
/** Block YAML (two-space indented) made from a flow value, so both styles are exercised. */
const randomDocument = fc
  .tuple(fc.array(fc.tuple(key, node), { minLength: 1, maxLength: 6 }), fc.boolean())
  .map(([entries, block]) =>
    block ? entries.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n' : `{${entries.map(([k, v]) => `"${k}": ${v}`).join(', ')}}`,
  );

const kinds: { kind: ConfigKind | 'auto'; fileName: string }[] = [
  { kind: 'image', fileName: 'image.azl.yaml' },
  { kind: 'nodepool', fileName: 'pool.nodepool.yaml' },
  { kind: 'nodepool', fileName: 'pool.nodepool.json' },
  { kind: 'auto', fileName: 'config.yaml' },
];

function assertSound(text: string, analysis: Analysis): void {
  for (const problem of analysis.problems) {
    const { start, end } = problem.range;
    assert.ok(
      Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length,
      `${problem.code} range ${start}-${end} outside 0-${text.length}`,
    );
    assert.ok(['error', 'warning', 'info'].includes(problem.severity), problem.severity);
    assert.ok(typeof problem.message === 'string' && problem.message.length > 0, problem.code);
    for (const fix of problem.fixes ?? [])
      for (const change of fix.edits)
        assert.ok(
          change.range.start >= 0 && change.range.end <= text.length && change.range.start <= change.range.end,
          `${problem.code} fix outside the text`,
        );
  }
}

function exercise(text: string, offsets: number[]): void {
  for (const { kind, fileName } of kinds) assertSound(text, analyze(text, { kind, fileName }));
  for (const offset of offsets) {
    const at = offset % (text.length + 1);
    for (const kind of ['image', 'nodepool'] as const) {
      assert.ok(Array.isArray(completionsAt(text, at, kind)));
      const hover = hoverAt(text, at, kind);
      if (hover) assert.ok(hover.range.start >= 0 && hover.range.end <= text.length && hover.markdown.length > 0);
    }
  }
}

const offsets = fc.array(fc.nat(), { minLength: 1, maxLength: 3 });

describe('analyze() fuzzed', () => {
  it('starts from a corpus of real configs', () => {
    assert.ok(corpus.length >= 8, `${corpus.length} corpus documents`);
    // The unmutated corpus is valid: the fuzzing starts from configs that reach the rules.
    for (const text of snippetTexts())
      assert.deepEqual(
        analyze(text, { kind: 'image', fileName: 'image.azl.yaml' }).problems.filter((problem) => problem.severity === 'error'),
        [],
        text,
      );
  });

  it('never throws on mutated samples and snippets, and keeps every range inside the text', () => {
    fc.assert(
      fc.property(mutated, offsets, (text, at) => exercise(text, at)),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('never throws on random documents built from both formats', () => {
    fc.assert(
      fc.property(randomDocument, offsets, (text, at) => exercise(text, at)),
      { numRuns: 2000, seed: SEED + 1 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), offsets, (text, at) => exercise(text, at)),
      { numRuns: 1500, seed: SEED + 2 },
    );
  });
});
