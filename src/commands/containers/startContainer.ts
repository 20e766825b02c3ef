import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { actOnEach, containersFor, requireTrust } from './common';

export async function startContainer(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireTrust();
  const containers = await containersFor(ctx, node, nodes, { filter: (c) => c.state !== 'running', placeHolder: vscode.l10n.t('Container to start'), canPickMany: true });
  await actOnEach(ctx, containers, (names) => vscode.l10n.t('Starting {0}...', names), (c, signal) => ctx.localEnvironments.engine.start(c.id, signal));
}
