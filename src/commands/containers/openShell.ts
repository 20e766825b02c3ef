import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { containersFor, requireTrust } from './common';
import { openShellTerminal } from './shellTerminal';

/** Opens a shell in each chosen container, starting stopped ones first. */
export async function openShell(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireTrust();
  const containers = await containersFor(ctx, node, nodes, { filter: () => true, placeHolder: vscode.l10n.t('Container to open a shell in') });
  const engine = ctx.localEnvironments.engine;
  for (const container of containers) {
    if (container.state !== 'running') {
      await engine.start(container.id);
      void ctx.localEnvironments.refresh();
    }
    openShellTerminal(engine, container, ctx.log);
  }
}
