import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { actOnEach, containersFor, requireTrust } from './common';

/** Starts stopped containers; a paused one in the selection is unpaused (the engine cannot start it). */
export async function startContainer(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireTrust();
  const containers = await containersFor(ctx, node, nodes, {
    filter: (c) => c.state !== 'running',
    placeHolder: vscode.l10n.t('Container to start'),
    canPickMany: true,
  });
  const engine = ctx.localEnvironments.engine;
  await actOnEach(
    ctx,
    containers,
    (names) => vscode.l10n.t('Starting {0}...', names),
    (c) => (c.state === 'paused' ? engine.unpause(c.id) : engine.start(c.id)),
  );
}
