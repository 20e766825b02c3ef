import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { formatSize } from '../../views/localEnvironments/core/presentation';
import { imageFor, requireTrust } from './common';

/**
 * Remove Image: removes the tag the row shows; the image goes with its last tag. An image a container uses is not
 * removed: the message names the containers to remove first.
 */
export async function removeImage(ctx: AzlContext, node?: unknown): Promise<void> {
  requireTrust();
  const { summary, tag } = await imageFor(ctx, node, vscode.l10n.t('Image to remove'));
  const local = ctx.localEnvironments;
  const users = (await local.engine.listContainers()).filter((container) => container.imageId === summary.id);
  if (users.length) {
    throw new Error(
      vscode.l10n.t('{0} is used by {1}: remove the container first.', tag, users.map((container) => container.name).join(', ')),
    );
  }
  const otherTags = summary.repoTags.filter((other) => other !== tag);
  const remove = vscode.l10n.t('Remove');
  const answer = await vscode.window.showWarningMessage(
    otherTags.length
      ? vscode.l10n.t('Remove the tag {0}? The image stays on this machine as {1}.', tag, otherTags.join(', '))
      : vscode.l10n.t('Remove the image {0} ({1}) from this machine? A pull or a build brings it back.', tag, formatSize(summary.size)),
    { modal: true },
    remove,
  );
  if (answer !== remove) throw new UserCancelledError();
  await vscode.window.withProgress(
    { location: { viewId: 'azureLinux.localEnvironments' }, title: vscode.l10n.t('Removing {0}...', tag) },
    async () => {
      try {
        await local.engine.removeImage(summary.repoTags.includes(tag) ? tag : summary.id);
      } finally {
        void local.refresh();
      }
    },
  );
}
