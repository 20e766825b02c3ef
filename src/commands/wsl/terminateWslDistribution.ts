import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { distributionsFor, ownDistribution, requireWsl } from './common';

export async function terminateWslDistribution(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireWsl(ctx);
  const distributions = await distributionsFor(ctx, node, nodes, {
    filter: (d) => d.state === 'running',
    placeHolder: vscode.l10n.t('Terminate which running WSL distribution?'),
  });
  const own = ownDistribution(ctx);
  if (own && distributions.some((d) => d.name.toLowerCase() === own.toLowerCase())) {
    const terminate = vscode.l10n.t('Terminate');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Terminate {0}, the distribution this VS Code window runs in?', own),
      {
        modal: true,
        detail: vscode.l10n.t(
          'This window’s distribution will be stopped: the window loses its connection and its terminals and running programs end.',
        ),
      },
      terminate,
    );
    if (choice !== terminate) throw new UserCancelledError();
  }
  await vscode.window.withProgress(
    {
      location: { viewId: 'azureLinux.localEnvironments' },
      title: vscode.l10n.t('Terminating {0}', distributions.map((d) => d.name).join(', ')),
    },
    async () => {
      for (const distribution of distributions) await ctx.wsl.service.terminate(distribution.name);
    },
  );
  ctx.wsl.refresh();
}
