import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { actOnEach, containersFor, requireTrust } from './common';

export async function removeContainer(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireTrust();
  const containers = await containersFor(ctx, node, nodes, {
    filter: () => true,
    placeHolder: vscode.l10n.t('Container to remove'),
    canPickMany: true,
  });
  const remove = vscode.l10n.t('Remove');
  const question =
    containers.length === 1
      ? vscode.l10n.t(
          'Remove the container "{0}"? If it runs, it is killed without waiting for it to stop; files outside the mounted workspace are lost.',
          containers[0]!.name,
        )
      : vscode.l10n.t(
          'Remove {0} containers ({1})? Running ones are killed without waiting for them to stop; files outside the mounted workspace are lost.',
          containers.length,
          containers.map((c) => c.name).join(', '),
        );
  const answer = await vscode.window.showWarningMessage(question, { modal: true }, remove);
  if (answer !== remove) {
    throw new UserCancelledError();
  }
  await actOnEach(
    ctx,
    containers,
    (names) => vscode.l10n.t('Removing {0}...', names),
    (c) => ctx.localEnvironments.engine.remove(c.id),
  );
}
