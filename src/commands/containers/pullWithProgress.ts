import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { describePullProgress } from '../../docker/core/pullProgress';
import { UserCancelledError } from '../../util/errors';
import type { PendingHandle } from '../../views/localEnvironments/core/environmentsModel';

/** The notification reports at most this often; the engine sends a progress line per chunk. */
const reportEveryMs = 150;

/**
 * Pulls with one cancellable notification for the overall figure, and per-layer rows under the pending tree item
 * (`pending` is that item: a new shell's, or a mirror build's while its base image comes down).
 */
export async function pullWithProgress(ctx: AzlContext, image: string, pending: PendingHandle): Promise<void> {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pulling {0}', image), cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      let lastReport = 0;
      try {
        await ctx.localEnvironments.engine.pullImage(
          image,
          (state) => {
            pending.update(`${Math.round(state.percent)}%`, 'pulling', state.layers);
            const now = Date.now();
            if (now - lastReport >= reportEveryMs || state.percent >= 100) {
              lastReport = now;
              progress.report({ increment: state.percent - reported, message: describePullProgress(state) });
              reported = state.percent;
            }
          },
          controller.signal,
        );
      } catch (error) {
        if (token.isCancellationRequested) {
          throw new UserCancelledError();
        }
        throw error;
      } finally {
        subscription.dispose();
      }
    },
  );
}
