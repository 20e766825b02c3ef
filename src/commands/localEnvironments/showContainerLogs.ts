import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { containersFor } from './common';
import { ContainerLogsTerminal } from '../../features/localEnvironments/shellTerminal';

/** Follows each chosen container's output in its own terminal; closing the terminal stops following. */
export async function showContainerLogs(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  const containers = await containersFor(ctx, node, nodes, {
    filter: () => true,
    placeHolder: vscode.l10n.t('Container whose logs to show'),
  });
  for (const container of containers) {
    const pty = new ContainerLogsTerminal(ctx.localEnvironments.engine, container.id);
    vscode.window
      .createTerminal({ name: vscode.l10n.t('Logs: {0}', container.name), pty, iconPath: new vscode.ThemeIcon('output') })
      .show();
  }
}
