import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { actOnEach, containersFor, requireTrust } from './common';

export async function unpauseContainer(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireTrust();
  const containers = await containersFor(ctx, node, nodes, {
    filter: (c) => c.state === 'paused',
    placeHolder: vscode.l10n.t('Container to unpause'),
    canPickMany: true,
  });
  await actOnEach(
    ctx,
    containers,
    (names) => vscode.l10n.t('Unpausing {0}...', names),
    (c) => ctx.localEnvironments.engine.unpause(c.id),
  );
}
