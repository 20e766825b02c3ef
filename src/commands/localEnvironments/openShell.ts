import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { containersFor, ensureRunning, requireTrust } from './common';
import { openShellTerminal, showExistingShell } from '../../features/localEnvironments/shellTerminal';

export interface OpenShellOptions {
  /** A click on the row: show the container's open shell when there is one instead of opening another. */
  readonly reuseTerminal?: boolean;
}

/** Opens a shell in each chosen container, starting stopped ones (and unpausing paused ones) first. */
export async function openShell(ctx: AzlContext, node?: unknown, nodes?: unknown, options: OpenShellOptions = {}): Promise<void> {
  requireTrust();
  const containers = await containersFor(ctx, node, nodes, {
    filter: () => true,
    placeHolder: vscode.l10n.t('Container to open a shell in'),
  });
  const engine = ctx.localEnvironments.engine;
  for (const container of containers) {
    if (options.reuseTerminal && container.state === 'running' && showExistingShell(container.id)) continue;
    await ensureRunning(ctx, container);
    openShellTerminal(engine, container, ctx.log);
  }
}
