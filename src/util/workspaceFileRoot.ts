import * as vscode from 'vscode';
import { configRoot, type FileRoot } from './boundedFiles';

/**
 * The folder the files a config names must stay inside, in the editor: the workspace folder holding the config; for
 * a file outside every workspace folder, as azl-lint decides (the git repository holding it, else its own folder).
 */
export function workspaceFileRoot(uri: vscode.Uri): FileRoot {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder?.uri.scheme === 'file') return { path: folder.uri.fsPath, name: 'the workspace folder' };
  return configRoot(uri.fsPath);
}
