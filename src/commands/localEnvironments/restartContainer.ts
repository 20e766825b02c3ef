import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { actOnEach, containersFor, requireTrust } from './common';

export async function restartContainer(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireTrust();
  const containers = await containersFor(ctx, node, nodes, {
    filter: (c) => c.state === 'running',
    placeHolder: vscode.l10n.t('Container to restart'),
    canPickMany: true,
  });
  await actOnEach(
    ctx,
    containers,
    (names) => vscode.l10n.t('Restarting {0}...', names),
    (c) => ctx.localEnvironments.engine.restart(c.id),
  );
}
