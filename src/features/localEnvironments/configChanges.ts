import { watch as watchFolder } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { azlLabels } from '../../docker/core/labels';
import { ConfigHashCache, configStateOf } from '../../environmentFromConfig/configChange';
import type { LocalEnvironmentsFeature } from '../localEnvironments';

/**
 * Marks containers whose image config changed since they were built: "config changed" in the tree and the
 * `configChanged` flag that shows Rebuild (menuPatterns.configChanged in the tree's presentation).
 */
export function trackConfigChanges(feature: LocalEnvironmentsFeature): vscode.Disposable {
  const hashes = new ConfigHashCache();
  const annotator = feature.addAnnotator((container) => {
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
        return {
          description: vscode.l10n.t('config missing'),
          tooltip: vscode.l10n.t('The image config {0} no longer exists.', configName),
        };
    }
  });
  // Saving a config the tree knows about changes its rows: list again so the labels follow.
  const onSave = vscode.workspace.onDidSaveTextDocument((document) => {
    if (document.uri.scheme === 'file' && hashes.has(document.uri.fsPath)) {
      void feature.refresh();
    }
  });
  const watchers = new ConfigFileWatchers(() => feature.redraw());
  const followContainers = feature.model.onDidChange(() =>
    watchers.watch(feature.model.snapshot.containers.flatMap((c) => c.labels[azlLabels.configPath] ?? [])),
  );
  return vscode.Disposable.from(annotator, onSave, followContainers, watchers);
}

/**
 * One file watcher per image config that a listed container was built from, so an edit made outside VS Code (another
 * editor, git checkout) shows as "config changed" at once rather than at the next engine event. A config inside a
 * workspace folder is watched with a FileSystemWatcher (VS Code's workspace watcher carries its events); one outside
 * every folder with Node's watcher on its folder, since out-of-workspace FileSystemWatchers delivered no events under
 * code-server (the config is always a local file: the build reads it from disk).
 */
export class ConfigFileWatchers implements vscode.Disposable {
  private readonly watchers = new Map<string, vscode.Disposable>();

  constructor(private readonly onChange: () => void) {}

  /** Watches exactly these paths: new ones are added, ones no container needs any more are dropped. */
  watch(configPaths: readonly string[]): void {
    const wanted = new Set(configPaths);
    for (const [configPath, watcher] of this.watchers) {
      if (!wanted.has(configPath)) {
        watcher.dispose();
        this.watchers.delete(configPath);
      }
    }
    for (const configPath of wanted) {
      if (this.watchers.has(configPath)) continue;
      const watcher = this.watchOne(configPath);
      if (watcher) this.watchers.set(configPath, watcher);
    }
  }

  private watchOne(configPath: string): vscode.Disposable | undefined {
    const folder = path.dirname(configPath);
    const name = path.basename(configPath);
    if (vscode.workspace.getWorkspaceFolder(vscode.Uri.file(configPath))) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), name));
      return vscode.Disposable.from(
        watcher,
        watcher.onDidChange(this.onChange),
        watcher.onDidCreate(this.onChange),
        watcher.onDidDelete(this.onChange),
      );
    }
    try {
      // The folder, not the file: an editor that saves by replacing the file (or a delete and re-create) is seen too.
      const watcher = watchFolder(folder, { persistent: false }, (_event, changed) => {
        if (!changed || changed.toString() === name) this.onChange();
      });
      watcher.on('error', () => watcher.close());
      return { dispose: () => watcher.close() };
    } catch {
      // The folder is gone: the row already says "config missing", and the next listing tries again.
      return undefined;
    }
  }

  dispose(): void {
    for (const watcher of this.watchers.values()) watcher.dispose();
    this.watchers.clear();
  }
}
