import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { formatSize, unusedMirrorImages } from '../../views/localEnvironments/core/presentation';
import { runForEach } from '../runForEach';
import { requireTrust } from './common';

/**
 * Prune Mirror Images: removes the images this extension built from image configs (they carry the config's path as
 * a label) that no container uses. Every rebuild makes a new one, so they pile up. Nothing else is touched.
 */
export async function pruneMirrorImages(ctx: AzlContext): Promise<void> {
  requireTrust();
  const local = ctx.localEnvironments;
  const [images, containers] = await Promise.all([local.engine.listImages(), local.engine.listContainers()]);
  const unused = unusedMirrorImages(images, containers);
  if (!unused.length) {
    void ctx.seams.notifications.info(
      vscode.l10n.t('There is nothing to prune: every image built from an image config is used by a local environment.'),
    );
    return;
  }
  const size = formatSize(unused.reduce((sum, image) => sum + image.size, 0));
  const names = unused.map((image) => image.repoTags[0] ?? image.id.replace(/^sha256:/, '').slice(0, 12)).join(', ');
  const prune = vscode.l10n.t('Remove Them');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove {0} images built from image configs that no local environment uses ({1})?', unused.length, size),
    { modal: true, detail: vscode.l10n.t('{0}. Open Local Environment from Image Config builds them again when needed.', names) },
    prune,
  );
  if (answer !== prune) throw new UserCancelledError();
  await vscode.window.withProgress(
    { location: { viewId: 'azureLinux.localEnvironments' }, title: vscode.l10n.t('Removing {0} mirror images...', unused.length) },
    async () => {
      try {
        await runForEach(
          unused,
          (image) => image.repoTags[0] ?? image.id,
          (image) => local.engine.removeImage(image.id),
        );
      } finally {
        void local.refresh();
      }
    },
  );
  ctx.log.info(`Pruned ${unused.length} mirror images (${size}): ${names}`);
}
