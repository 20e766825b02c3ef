import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import type { ContainerSummary } from '../../docker/engine';
import { shellTerminalsOf } from '../../features/localEnvironments/shellTerminal';
import { UserCancelledError } from '../../util/errors';
import { removeContainersQuestion } from '../../views/localEnvironments/core/presentation';
import { actOnEach, containersFor, requireTrust } from './common';

export async function removeContainer(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireTrust();
  const containers = await containersFor(ctx, node, nodes, {
    filter: () => true,
    placeHolder: vscode.l10n.t('Container to remove'),
    canPickMany: true,
  });
  const remove = vscode.l10n.t('Remove');
  const answer = await vscode.window.showWarningMessage(removeContainersQuestion(containers, vscode.l10n), { modal: true }, remove);
  if (answer !== remove) {
    throw new UserCancelledError();
  }
  await removeContainers(ctx, containers);
}

/**
 * Removes the containers, each after closing this extension's shell terminals on it: killed under an open terminal,
 * the shell would end with VS Code's "The terminal process terminated with exit code: 137" for every terminal.
 */
export async function removeContainers(ctx: AzlContext, containers: readonly ContainerSummary[]): Promise<void> {
  await actOnEach(
    ctx,
    containers,
    (names) => vscode.l10n.t('Removing {0}...', names),
    async (container) => {
      for (const terminal of shellTerminalsOf(container.id)) terminal.dispose();
      await ctx.localEnvironments.engine.remove(container.id);
    },
  );
}
