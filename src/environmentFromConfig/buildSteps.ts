import type { MirrorPlan } from './plan';

/*
 * Follows a mirror build's output to know which Dockerfile step runs and what it printed, so a failure can name the
 * step, the config key the step carries out and the step's last words, not only the engine's "returned a non-zero
 * code". Understands the classic Docker builder's `Step 3/7 : ...` and Podman's `STEP 3/7: ...`.
 */

const stepLine = /^\s*(?:Step|STEP)\s+(\d+)\/(\d+)\b/;
/** The builder's own lines inside a step, which say nothing about why it failed. */
const builderLine = /^\s*(?:-+>|Removing intermediate container\b|Running in\b)/;
/** How many of a step's last output lines a failure keeps. */
const keptLines = 5;

/** A Dockerfile step of a mirror build failed. */
export class MirrorStepError extends Error {
  constructor(
    /** 1-based, counted as the builder counts (FROM is step 1). */
    readonly step: number,
    readonly stepCount: number,
    /** The config key the step carries out (`os.users[1]`); undefined for the build's own steps (copying files in). */
    readonly key: string | undefined,
    /** The step's last output lines, oldest first (often the real reason: "useradd: group 'admins' does not exist"). */
    readonly output: readonly string[],
    /** What the engine said ("The command ... returned a non-zero code: 6"). */
    readonly engineMessage: string,
    options?: ErrorOptions,
  ) {
    super(
      `Step ${step} of ${stepCount}${key ? ` (${key})` : ''} failed${output.length ? `: ${output.at(-1)}` : ''}. ${engineMessage}`,
      options,
    );
    this.name = 'MirrorStepError';
  }
}

export class BuildStepTracker {
  private current: { index: number; count: number } | undefined;
  private lines: string[] = [];

  /** Feeds one line of build output (plain text). */
  observe(line: string): void {
    const step = stepLine.exec(line);
    if (step) {
      this.current = { index: Number(step[1]), count: Number(step[2]) };
      this.lines = [];
      return;
    }
    if (!line.trim() || builderLine.test(line)) return;
    this.lines.push(line.trim());
    if (this.lines.length > keptLines) this.lines.shift();
  }

  /** The step the build was in when `error` stopped it, with the key of the plan's step; undefined before any step. */
  failure(plan: MirrorPlan, error: unknown): MirrorStepError | undefined {
    if (!this.current) return undefined;
    // The Dockerfile is FROM and then one instruction per plan step (renderDockerfile), so step N is plan.steps[N - 2].
    const planStep = plan.steps[this.current.index - 2];
    const key = planStep?.kind === 'run' ? planStep.key : undefined;
    const message = error instanceof Error ? error.message : String(error);
    return new MirrorStepError(this.current.index, this.current.count, key, [...this.lines], message, { cause: error });
  }
}
