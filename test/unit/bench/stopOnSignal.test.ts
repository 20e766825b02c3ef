import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';

// npm test ended by a signal stops what it started (scripts/lib/stopOnSignal.mjs, scripts/lib/run.mjs): a program
// run through run() in its own process group, and whatever the group started, as code-server and Chromium are.
const repoRoot = resolve(__dirname, '..', '..', '..', '..');
const lib = (file: string) => pathToFileURL(join(repoRoot, 'scripts', 'lib', file)).href;

/** Runs and is not a zombie (a killed process whose parent died waits as one until init reaps it). */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('stopping on a signal', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'azl-signal-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  // A stand-in for test-all.mjs: it runs a shell through run() that starts a long sleep in the background (as
  // launch.mjs starts code-server) and registers a stop of its own that leaves a mark, then waits.
  const script = join(scratch, 'runner.mjs');
  writeFileSync(
    script,
    [
      `import { writeFileSync } from 'node:fs';`,
      `import { run } from ${JSON.stringify(lib('run.mjs'))};`,
      `import { stopOnSignal } from ${JSON.stringify(lib('stopOnSignal.mjs'))};`,
      `stopOnSignal(() => writeFileSync(process.argv[2], 'stopped'));`,
      `await run('sh', ['-c', 'sleep 300 & echo "sleeping $!"; wait']);`,
    ].join('\n'),
  );

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} stops the run's child process group and its own stops, then exits as ${signal} would`, async () => {
      const mark = join(scratch, `${signal}.mark`);
      const child = spawn(process.execPath, [script, mark], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const sleeping = await new Promise<number>((resolvePid, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const pid = /sleeping (\d+)/.exec(output)?.[1];
          if (pid) resolvePid(Number(pid));
        });
        child.once('exit', () => reject(new Error(`the runner exited early: ${output}`)));
      });
      assert.ok(isAlive(sleeping), 'the grandchild runs');
      const exited = new Promise<number | null>((resolveCode) => child.once('exit', (code) => resolveCode(code)));
      child.kill(signal);
      assert.equal(await exited, 128 + constants.signals[signal]);
      assert.equal(isAlive(sleeping), false, 'the background sleep the child started was stopped with its group');
      assert.equal(readFileSync(mark, 'utf8'), 'stopped');
    });
  }
});
