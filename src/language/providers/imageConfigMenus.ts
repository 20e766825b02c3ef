import * as vscode from 'vscode';
import { affectsSetting } from '../../settings';
import { defaultRecognitionPatterns } from '../core';
import type { Log } from '../../util/log';
import { excludeGlob, kindFromPatterns, workspaceGlobs } from './core/recognition';
import type { ConfigLanguageService } from './service';

/**
 * "Open Local Environment from Image Config" in the explorer shows on unopened files too. package.json's `when`
 * clause matches the default patterns of azureLinux.languages.imageFilePatterns by file name (fileNameWhenRegex);
 * patterns a person adds are searched for on disk (a findFiles of those globs, after activation and whenever the
 * setting or the folders change) and the files found join the azureLinux.imageConfigPaths context key.
 */
export function offerImageConfigMenus(service: ConfigLanguageService, log: Log): vscode.Disposable {
  let search: vscode.CancellationTokenSource | undefined;
  const run = async () => {
    search?.cancel();
    const current = new vscode.CancellationTokenSource();
    search = current;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const extra = new Set(
      folders.flatMap((folder) =>
        service.patternsFor(folder.uri).image.filter((pattern) => !defaultRecognitionPatterns.image.includes(pattern)),
      ),
    );
    const paths = new Set<string>();
    try {
      for (const glob of workspaceGlobs([...extra])) {
        if (current.token.isCancellationRequested) return;
        for (const uri of await vscode.workspace.findFiles(glob, excludeGlob(), 1000, current.token)) {
          if (uri.scheme === 'file' && kindFromPatterns(vscode.workspace.asRelativePath(uri, false), service.patternsFor(uri)) === 'image')
            paths.add(uri.fsPath);
        }
      }
      if (!current.token.isCancellationRequested) service.setFoundImageConfigPaths(paths);
    } finally {
      current.dispose();
    }
  };
  const start = () => {
    void run().catch((error: unknown) => log.debug(`Looking for image configs by name: ${String(error)}`));
  };
  // After activation, not during it: the search runs once the extension host is idle again.
  const initial = setTimeout(start, 0);
  return vscode.Disposable.from(
    { dispose: () => clearTimeout(initial) },
    { dispose: () => search?.cancel() },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsSetting(event, 'languages.imageFilePatterns')) start();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(start),
  );
}
