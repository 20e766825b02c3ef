import * as vscode from 'vscode';
import { abortOn } from '../../util/cancellation';
import type { AzlContext } from '../../context';
import { describePullProgress, type PullProgress } from '../../docker/core/pullProgress';
import { UserCancelledError } from '../../util/errors';
import type { PendingHandle } from '../../features/localEnvironments/core/environmentsModel';
import { withActivity } from '../../features/activity';

/** The notification reports at most this often; the engine sends a progress line per chunk. */
const reportEveryMs = 150;

/**
 * One notification's bar, fed with the overall percent (0 to 100) and a message: turns them into the increments
 * `withProgress` wants, and reports at most every `reportEveryMs` unless told the moment matters (a new step).
 */
export class NotificationBar {
  private reported = 0;
  private lastReport = 0;

  constructor(private readonly progress: vscode.Progress<{ message?: string; increment?: number }>) {}

  report(percent: number, message: string, options: { readonly now?: boolean } = {}): void {
    const time = Date.now();
    if (!options.now && percent < 100 && time - this.lastReport < reportEveryMs) return;
    this.lastReport = time;
    const increment = Math.max(0, percent - this.reported);
    this.reported = Math.max(this.reported, percent);
    this.progress.report({ increment, message });
  }
}

/** The pull's words for a notification: "2 of 5 layers done, downloading 41.2 MB of 80.0 MB". */
export function pullMessage(state: PullProgress): string {
  return describePullProgress(state, vscode.l10n);
}

/**
 * Pulls with one cancellable notification for the overall figure, and per-layer rows under the pending tree item
 * (`pending` is a new shell's). A mirror build pulls its base inside its own notification instead (pullBaseAndBuild).
 */
export async function pullWithProgress(ctx: AzlContext, image: string, pending: PendingHandle): Promise<void> {
  const title = vscode.l10n.t('Pulling {0}', image);
  await withActivity(ctx.activity, title, (activity) =>
    Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        const cancel = abortOn(token);
        const bar = new NotificationBar(progress);
        try {
          await ctx.localEnvironments.engine.pullImage(
            image,
            (state) => {
              pending.update(`${Math.round(state.percent)}%`, 'pulling', state.layers);
              bar.report(state.percent, pullMessage(state));
              activity.report(pullMessage(state), state.percent);
            },
            cancel.signal,
          );
        } catch (error) {
          if (token.isCancellationRequested) {
            throw new UserCancelledError();
          }
          throw error;
        } finally {
          cancel.dispose();
        }
      }),
    ),
  );
}
