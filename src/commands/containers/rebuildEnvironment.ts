import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { azlLabels } from '../../docker/core/labels';
import { ConfigHashCache, configStateOf } from '../../docker/mirror/configChange';
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
    await buildEnvironment(ctx, { configUri: vscode.Uri.file(configPath), replace: container });
  }
}

/**
 * Marks containers whose image config changed since they were built: "config changed" in the tree and the
 * `configChanged` flag that shows Rebuild (menuPatterns.configChanged in the tree's presentation).
 */
export function trackConfigChanges(ctx: AzlContext): vscode.Disposable {
  const hashes = new ConfigHashCache();
  const annotator = ctx.localEnvironments.addAnnotator((container) => {
    const state = configStateOf(container.labels, hashes.currentHash);
    const configName = path.basename(container.labels[azlLabels.configPath] ?? '');
    switch (state) {
      case undefined:
        return undefined;
      case 'unchanged':
        return undefined;
      case 'changed':
        return {
          description: vscode.l10n.t('config changed'),
          contextFlags: ['configChanged'],
          tooltip: vscode.l10n.t('{0} changed since this environment was built: Rebuild to apply it.', configName),
        };
      case 'missing':
        return { description: vscode.l10n.t('config missing'), tooltip: vscode.l10n.t('The image config {0} no longer exists.', configName) };
    }
  });
  // Saving a config the tree knows about changes its rows: list again so the labels follow.
  const onSave = vscode.workspace.onDidSaveTextDocument((document) => {
    if (document.uri.scheme === 'file' && hashes.has(document.uri.fsPath)) {
      void ctx.localEnvironments.refresh();
    }
  });
  return vscode.Disposable.from(annotator, onSave);
}
