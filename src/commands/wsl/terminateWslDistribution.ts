import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { distributionsFor, requireWsl } from './common';

export async function terminateWslDistribution(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireWsl(ctx);
  const distributions = await distributionsFor(ctx, node, nodes, { filter: (d) => d.state === 'running', placeHolder: vscode.l10n.t('Terminate which running WSL distribution?') });
  await vscode.window.withProgress({ location: { viewId: 'azureLinux.localEnvironments' }, title: vscode.l10n.t('Terminating {0}', distributions.map((d) => d.name).join(', ')) }, async () => {
    for (const distribution of distributions) await ctx.wsl.service.terminate(distribution.name);
  });
  ctx.wsl.refresh();
}
