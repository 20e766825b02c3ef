import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  keptBuilds,
  mayReplace,
  outputStatus,
  parseStoredBuilds,
  takeOverOutput,
  trimBuilds,
  type ImageBuildRecord,
} from '../../../src/features/imageBuilds/core/buildsModel';

const record = (overrides: Partial<ImageBuildRecord> = {}): ImageBuildRecord => ({
  id: 'b1',
  configPath: '/w/web.azl.yaml',
  configHash: 'sha256:aa',
  base: { kind: 'file', path: '/w/base.vhdx' },
  format: 'vhd-fixed',
  tag: 'latest',
  outputPath: '/w/out/web.vhd',
  state: 'succeeded',
  startedAt: 1000,
  endedAt: 61_000,
  output: { sizeBytes: 4096, modifiedMs: 60_000 },
  ...overrides,
});

describe('the Image Builds list', () => {
  it('reads back what it stored, and a build stored as running as failed, with the reason', () => {
    const stored = JSON.parse(JSON.stringify([record(), record({ id: 'b2', state: 'running', output: undefined, endedAt: undefined })]));
    const [done, interrupted] = parseStoredBuilds(stored, 'VS Code closed while it ran.');
    assert.deepEqual(done, record());
    assert.equal(interrupted.state, 'failed');
    assert.equal(interrupted.error, 'VS Code closed while it ran.');
  });

  it('drops stored entries with missing or wrong fields instead of failing', () => {
    assert.deepEqual(parseStoredBuilds('nonsense', 'x'), []);
    const rows = parseStoredBuilds(
      [null, 3, { id: 'x' }, { ...record(), format: 'iso' }, { ...record(), base: { kind: 'url' } }, record({ id: 'ok' })],
      'x',
    );
    assert.deepEqual(
      rows.map((row) => row.id),
      ['ok'],
    );
  });

  it('calls an output its own only while size and time are the ones it wrote', () => {
    assert.equal(outputStatus(record(), { sizeBytes: 4096, modifiedMs: 60_000 }), 'present');
    assert.equal(outputStatus(record(), undefined), 'missing');
    assert.equal(outputStatus(record(), { sizeBytes: 4097, modifiedMs: 60_000 }), 'changed');
    assert.equal(outputStatus(record(), { sizeBytes: 4096, modifiedMs: 70_000 }), 'changed');
    assert.equal(outputStatus(record({ output: undefined, state: 'failed' }), { sizeBytes: 1, modifiedMs: 1 }), 'none');
  });

  it('a later build to the same path takes the output over; other paths keep theirs', () => {
    const older = record({ id: 'old' });
    const other = record({ id: 'other', outputPath: '/w/out/other.vhd' });
    const newer = record({ id: 'new', startedAt: 100_000, output: { sizeBytes: 8192, modifiedMs: 200_000 } });
    const after = takeOverOutput([newer, older, other], newer);
    assert.equal(after.find((row) => row.id === 'old')!.output, undefined);
    assert.deepEqual(after.find((row) => row.id === 'other')!.output, other.output);
    assert.deepEqual(after.find((row) => row.id === 'new')!.output, newer.output);
  });

  it('replaces without asking only nothing, or an output one of its builds wrote', () => {
    const rows = [record()];
    assert.equal(mayReplace(rows, '/w/out/new.vhd', undefined), true);
    assert.equal(mayReplace(rows, '/w/out/web.vhd', { sizeBytes: 4096, modifiedMs: 60_000 }), true);
    assert.equal(mayReplace(rows, '/w/out/web.vhd', { sizeBytes: 1, modifiedMs: 60_000 }), false, 'changed since: ask');
    assert.equal(mayReplace(rows, '/w/out/someone-elses.vhd', { sizeBytes: 1, modifiedMs: 1 }), false);
  });

  it('keeps the newest builds, and every running one', () => {
    const many = Array.from({ length: keptBuilds + 5 }, (_, index) => record({ id: `b${index}`, startedAt: index }));
    const running = record({ id: 'oldest-running', startedAt: -1, state: 'running' });
    const kept = trimBuilds([...many, running]);
    assert.equal(kept.length, keptBuilds);
    assert.equal(kept[0].id, `b${keptBuilds + 4}`, 'newest first');
    assert.ok(kept.some((row) => row.id === 'oldest-running'));
  });
});
