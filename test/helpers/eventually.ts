/** An event in VS Code's shape: subscribe with a listener, get something to dispose. */
export type ChangeEvent = (listener: () => void) => { dispose(): void };

export interface EventuallyOptions {
  /** Check again whenever this fires; without it (or besides it) every 50 ms. */
  readonly onChange?: ChangeEvent;
  /** Generous on purpose: speed belongs in the bench, not in a test. */
  readonly timeoutMs?: number;
  /** What the state was, for the message when time runs out. */
  readonly describe?: () => string;
}

/**
 * Waits until `check` gives a value that is neither undefined nor false, and returns it. It checks at once, after
 * every `onChange` event and every 50 ms; when time runs out it rejects with `what` and the state `describe` gives.
 */
export function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: EventuallyOptions = {},
): Promise<T> {
  const { onChange, timeoutMs = 20_000, describe } = options;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let checking = false;
    let again = false;
    const finish = (outcome: () => void) => {
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      subscription?.dispose();
      outcome();
    };
    const test = async () => {
      if (settled) return;
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      try {
        do {
          again = false;
          const value = await check();
          if (value !== undefined && value !== false && !settled) {
            finish(() => resolve(value));
            return;
          }
        } while (again && !settled);
      } catch (error) {
        if (!settled) finish(() => reject(error));
      } finally {
        checking = false;
      }
    };
    const timer = setTimeout(() => {
      const state = describe ? `; ${describe()}` : '';
      finish(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${state}`)));
    }, timeoutMs);
    const poll = setInterval(() => void test(), 50);
    const subscription = onChange?.(() => void test());
    void test();
  });
}
