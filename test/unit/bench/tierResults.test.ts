import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeTestResult, runNodeTests, typecheckResult } from '../../../scripts/lib/tierResults.mjs';

// How npm test (scripts/test-all.mjs) counts a tier: only on evidence from this run.
describe('tier verdicts', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'azl-tiers-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('a tsc that crashed fails the typecheck tier, even though it named no file', () => {
    assert.deepEqual(typecheckResult(120, 134, 'FATAL ERROR: Reached heap limit Allocation failed\n'), {
      passed: 0,
      failed: 1,
      unit: 'files',
      note: 'tsc exited 134 without naming an error',
    });
    assert.equal(typecheckResult(120, 0, '').failed, 0);
    assert.equal(typecheckResult(120, 0, '').passed, 120);
    const errors = 'src/a.ts(1,2): error TS2322: no\nsrc/a.ts(3,4): error TS2322: no\nsrc/b.ts(1,1): error TS1005: no\n';
    assert.deepEqual({ ...typecheckResult(120, 2, errors), note: undefined }, { passed: 118, failed: 2, unit: 'files', note: undefined });
  });

  it('reads this run’s TAP report, never one an earlier run left behind', async () => {
    const tap = join(scratch, 'unit.tap');
    writeFileSync(tap, '# tests 40\n# pass 40\n# fail 0\n');
    // A test runner that crashed before writing its report.
    const crashed = await runNodeTests({ tap, node: 'node', paths: ['out/test/unit/'], run: async () => ({ code: 1, output: '' }) });
    assert.deepEqual(crashed, { passed: 0, failed: 1, note: undefined });
    const silent = await runNodeTests({ tap, node: 'node', paths: ['out/test/unit/'], run: async () => ({ code: 0, output: '' }) });
    assert.equal(silent.passed + silent.failed, 0, 'nothing ran, so the summary says "ran no test" and fails the tier');
    const real = await runNodeTests({
      tap,
      node: 'node',
      paths: ['out/test/unit/'],
      run: async (_command, args) => {
        assert.ok(args.includes(`--test-reporter-destination=${tap}`));
        writeFileSync(tap, '# tests 3\n# pass 3\n# fail 0\n# cancelled 0\n# skipped 0\n# todo 0\n');
        return { code: 0, output: '' };
      },
    });
    assert.deepEqual(real, { passed: 3, failed: 0, note: undefined });
  });

  it('a skipped test fails the tier, and a Docker-only test is counted as one', () => {
    assert.deepEqual(nodeTestResult('# pass 5\n# fail 0\n# skipped 1\n# todo 0\n', 0), {
      passed: 5,
      failed: 1,
      note: '1 skipped or to-do',
    });
    const report = '    # Docker-only: pause is not in rootful cgroupfs Podman\n# pass 5\n# fail 0\n';
    assert.deepEqual(nodeTestResult(report, 0), { passed: 5, failed: 0, note: '1 Docker-only, checked as such' });
  });
});
