import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { distributionsFor, ownDistribution, requireWsl } from './common';

/** Unregisters after a confirmation that names what will be deleted: the distribution and every file in it. */
export async function unregisterWslDistribution(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireWsl(ctx);
  const distributions = await distributionsFor(ctx, node, nodes, { placeHolder: vscode.l10n.t('Unregister which WSL distribution?') });
  const names = distributions.map((d) => d.name).join(', ');
  const own = ownDistribution(ctx);
  const deletesOwn = own !== undefined && distributions.some((d) => d.name.toLowerCase() === own.toLowerCase());
  const unregister = vscode.l10n.t('Unregister');
  const folders = await ctx.wsl.service.diskFolders();
  const located = distributions.filter((d) => folders.has(d.name));
  const detail = [
    vscode.l10n.t('This deletes the distribution {0} and every file in it (its virtual disk). It cannot be undone.', names),
    ...located.map((d) => vscode.l10n.t('The disk of {0} is in {1}.', d.name, folders.get(d.name)!)),
    deletesOwn
      ? vscode.l10n.t(
          '{0} is the distribution this VS Code window runs in: this window’s distribution will be deleted and the window disconnected.',
          own,
        )
      : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Unregister {0}?', names), { modal: true, detail }, unregister);
  if (choice !== unregister) throw new UserCancelledError();
  await vscode.window.withProgress(
    { location: { viewId: 'azureLinux.localEnvironments' }, title: vscode.l10n.t('Unregistering {0}', names) },
    async () => {
      for (const distribution of distributions) await ctx.wsl.service.unregister(distribution.name);
    },
  );
  ctx.log.info(`WSL: unregistered ${names}`);
  ctx.wsl.refresh();
}
