import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { azlLabels } from '../../docker/core/labels';
import { containersFor, requireTrust } from './common';
import { buildEnvironment, confirmReplace } from './openFromImageConfig';

/** Rebuild: builds each chosen environment again from its image config as it is now and replaces the container. */
export async function rebuildEnvironment(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireTrust();
  const containers = await containersFor(ctx, node, nodes, {
    filter: (container) => Boolean(container.labels[azlLabels.configPath]),
    placeHolder: vscode.l10n.t('Environment to rebuild from its image config'),
  });
  for (const container of containers) {
    const configPath = container.labels[azlLabels.configPath];
    if (!configPath) {
      throw new Error(vscode.l10n.t('{0} was not built from an image config, so there is nothing to rebuild it from.', container.name));
    }
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(configPath));
    } catch {
      throw new Error(vscode.l10n.t('{0} was built from {1}, which no longer exists.', container.name, configPath));
    }
    await confirmReplace(container, { offerOpen: false });
    await buildEnvironment(ctx, { configUri: vscode.Uri.file(configPath), replace: container, askRelease: true });
  }
}
