import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitForBoot, type BootCheck } from '../../../src/azure/core/bootWait';

/** A clock that moves only when the wait sleeps, so the tests never wait. */
function virtualTime() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

function check(signal: BootCheck['signal'], answers: (time: number) => boolean | Promise<boolean>, clock: { now(): number }): BootCheck {
  return { signal, check: async () => answers(clock.now()) };
}

describe('waiting for a VM to boot', () => {
  it('stops at the first check that answers, saying which', async () => {
    const clock = virtualTime();
    const rounds: number[] = [];
    const outcome = await waitForBoot([check('vmAgent', (t) => t >= 30_000, clock), check('ssh', () => false, clock)], {
      timeoutMs: 300_000,
      intervalMs: 10_000,
      signal: new AbortController().signal,
      ...clock,
      onRound: (t) => rounds.push(t),
    });
    assert.deepEqual(outcome, { booted: true, by: 'vmAgent' });
    assert.deepEqual(rounds, [0, 10_000, 20_000, 30_000]);
  });

  it('gives up at the time limit, and a failing check counts as "not yet"', async () => {
    const clock = virtualTime();
    const outcome = await waitForBoot(
      [check('vmAgent', () => false, clock), check('ssh', () => Promise.reject(new Error('ECONNREFUSED')), clock)],
      { timeoutMs: 25_000, intervalMs: 10_000, signal: new AbortController().signal, ...clock },
    );
    assert.deepEqual(outcome, { booted: false, waitedMs: 25_000 });
  });

  it('does not wait for a slow check once another says yes', async () => {
    const clock = virtualTime();
    let probeSettled = false;
    const never = new Promise<boolean>(() => undefined);
    const outcome = await waitForBoot(
      [{ signal: 'ssh', check: () => never.finally(() => (probeSettled = true)) }, check('vmAgent', () => true, clock)],
      { timeoutMs: 300_000, intervalMs: 10_000, signal: new AbortController().signal, ...clock },
    );
    assert.deepEqual(outcome, { booted: true, by: 'vmAgent' });
    assert.equal(probeSettled, false, 'the SSH probe was still under way');
  });

  it('rejects as cancelled when the signal aborts', async () => {
    const clock = virtualTime();
    const controller = new AbortController();
    const waiting = waitForBoot([check('ssh', (t) => (t >= 20_000 ? (controller.abort(), false) : false), clock)], {
      timeoutMs: 300_000,
      intervalMs: 10_000,
      signal: controller.signal,
      ...clock,
    });
    await assert.rejects(waiting, { name: 'AbortError' });
  });
});
