// How `npm test` (scripts/test-all.mjs) turns a tool's report and exit code into a tier's passed and failed counts.
// A tier passes only on evidence: a tool that crashed, or a report that is missing, never counts as all passed.
import { existsSync, readFileSync, rmSync } from 'node:fs';

/** tsc's verdict: files with errors fail, and so does a tsc that exited non-zero without naming any (a crash). */
export function typecheckResult(projectFileCount, code, output) {
  const filesWithErrors = new Set([...output.matchAll(/^(.+?)\(\d+,\d+\): error TS/gm)].map((match) => match[1]));
  const generalErrors = /^error TS/m.test(output) ? 1 : 0;
  const failed = filesWithErrors.size + generalErrors;
  const crashed = code !== 0 && failed === 0;
  return {
    passed: crashed ? 0 : projectFileCount - filesWithErrors.size,
    failed: crashed ? 1 : failed,
    unit: 'files',
    note: crashed ? `tsc exited ${code} without naming an error` : undefined,
  };
}

/** Docker-only engine tests say so (test/engine/helpers.ts `dockerOnly`) in a diagnostic line, counted here. */
const dockerOnlyMarker = /^\s*# Docker-only: /gm;

/**
 * A node:test run's verdict from its TAP report (empty when the run wrote none) and exit code. A skipped or to-do
 * test is a check that did not run: it fails the tier rather than pass unnoticed.
 */
export function nodeTestResult(report, code) {
  const count = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(report)?.[1] ?? 0);
  const notRun = count('skipped') + count('todo');
  const failed = count('fail') + count('cancelled') + notRun;
  const dockerOnly = [...report.matchAll(dockerOnlyMarker)].length;
  const note = [notRun ? `${notRun} skipped or to-do` : undefined, dockerOnly ? `${dockerOnly} Docker-only, checked as such` : undefined]
    .filter(Boolean)
    .join('; ');
  return { passed: count('pass'), failed: failed || (code === 0 ? 0 : 1), note: note || undefined };
}

/**
 * Runs node's test runner on `paths` with a spec report on stdout and a TAP report in `tap`, and returns its verdict.
 * The TAP file is removed first: a report left from an earlier run is never read as this run's. `run` is
 * scripts/lib/run.mjs's (injected for the unit tests).
 */
export async function runNodeTests({ tap, node, paths, env, run }) {
  rmSync(tap, { force: true });
  const { code } = await run(
    node,
    [
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...paths,
    ],
    { env },
  );
  return nodeTestResult(existsSync(tap) ? readFileSync(tap, 'utf8') : '', code);
}
