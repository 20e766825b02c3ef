import * as vscode from 'vscode';
import type { RunningActivity } from './activity/core/activityDisplay';

/** One piece of long-running work while it runs: say how it goes, then end it (ending twice does nothing). */
export interface ActivityHandle {
  /** What the work is doing now ("step 3 of 7"); `percent` (0 to 100) when it measures itself. */
  report(text: string, percent?: number): void;
  end(): void;
}

/**
 * Where long-running work says it is running: builds, pulls, uploads, VM operations. The status bar shows the newest
 * with its progress, and a click opens the Azure Linux log; with nothing running it shows nothing. A command calls
 * `begin(title)` when the work starts and `end()` in a `finally`.
 */
export interface Activity {
  begin(title: string): ActivityHandle;
}

/** The owner of what runs now; the status bar item (views/activityStatusBar.ts) draws it. */
export class ActivityFeature implements Activity, vscode.Disposable {
  private readonly items = new Map<number, RunningActivity>();
  private nextId = 1;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Work began, moved or ended. */
  readonly onDidChange = this.changed.event;

  /** What runs now, oldest first. */
  get running(): readonly RunningActivity[] {
    return [...this.items.values()];
  }

  begin(title: string): ActivityHandle {
    const id = this.nextId++;
    this.items.set(id, { id, title });
    this.changed.fire();
    return {
      report: (text, percent) => {
        const current = this.items.get(id);
        if (!current) return;
        this.items.set(id, { id, title, detail: text || undefined, ...(percent !== undefined ? { percent } : {}) });
        this.changed.fire();
      },
      end: () => {
        if (this.items.delete(id)) this.changed.fire();
      },
    };
  }

  dispose(): void {
    this.items.clear();
    this.changed.dispose();
  }
}

/** Runs `work` as one activity: shown from the start until it settles, however it settles. */
export async function withActivity<T>(activity: Activity, title: string, work: (handle: ActivityHandle) => Promise<T>): Promise<T> {
  const handle = activity.begin(title);
  try {
    return await work(handle);
  } finally {
    handle.end();
  }
}

type ProgressStep = { message?: string; increment?: number };

/**
 * `vscode.window.withProgress` whose reports also reach the status bar: the notification (or view) shows the work as
 * before, and the activity shows the same message and, when increments are reported, the percent they add up to.
 */
export function withProgressActivity<T>(
  activity: Activity,
  options: vscode.ProgressOptions & { readonly title: string },
  task: (progress: vscode.Progress<ProgressStep>, token: vscode.CancellationToken) => Promise<T>,
): Promise<T> {
  return withActivity(activity, options.title, (handle) => {
    let percent: number | undefined;
    let message = '';
    return Promise.resolve(
      vscode.window.withProgress(options, (progress, token) =>
        task(
          {
            report: (step) => {
              progress.report(step);
              if (step.increment !== undefined) percent = Math.min(100, (percent ?? 0) + step.increment);
              if (step.message !== undefined) message = step.message;
              handle.report(message, percent);
            },
          },
          token,
        ),
      ),
    );
  });
}
