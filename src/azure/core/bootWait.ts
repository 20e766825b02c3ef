/*
 * "Did it boot?": a new VM counts as booted when any check answers yes (the VM agent reports Ready in the instance
 * view, or SSH's port 22 accepts a connection), and as not booted when none has within the time limit. Pure: the
 * checks, the clock and the pause are given, so the unit tests run it without waiting.
 */

export type BootSignal = 'vmAgent' | 'ssh';

export interface BootCheck {
  readonly signal: BootSignal;
  /** True once the VM answers this way; a failure counts as "not yet". */
  check(signal: AbortSignal): Promise<boolean>;
}

export type BootOutcome = { readonly booted: true; readonly by: BootSignal } | { readonly booted: false; readonly waitedMs: number };

export interface BootWaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  readonly now?: () => number;
  /** Pauses for `ms` or until `signal` aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called with the elapsed time before each round of checks. */
  readonly onRound?: (elapsedMs: number) => void;
}

function abortError(): Error {
  const error = new Error('Cancelled');
  error.name = 'AbortError';
  return error;
}

export function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** One round: the first check to say yes ends it (a slow SSH probe does not hold up a Ready agent); else all said no. */
function firstYes(checks: readonly BootCheck[], signal: AbortSignal): Promise<BootSignal | undefined> {
  return new Promise((resolve) => {
    let pending = checks.length;
    if (pending === 0) return resolve(undefined);
    for (const check of checks) {
      check.check(signal).then(
        (yes) => {
          pending--;
          if (yes) resolve(check.signal);
          else if (pending === 0) resolve(undefined);
        },
        () => {
          pending--;
          if (pending === 0) resolve(undefined);
        },
      );
    }
  });
}

/** Checks every `intervalMs` until a check says yes, the time is up, or `signal` aborts (then it rejects). */
export async function waitForBoot(checks: readonly BootCheck[], options: BootWaitOptions): Promise<BootOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  const started = now();
  for (;;) {
    if (options.signal.aborted) throw abortError();
    const elapsed = now() - started;
    options.onRound?.(elapsed);
    const by = await firstYes(checks, options.signal);
    if (options.signal.aborted) throw abortError();
    if (by) return { booted: true, by };
    const waited = now() - started;
    if (waited >= options.timeoutMs) return { booted: false, waitedMs: waited };
    await sleep(Math.min(options.intervalMs, options.timeoutMs - waited), options.signal);
  }
}
