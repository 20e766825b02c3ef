import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { wslArgs, wslProgram } from '../../wsl/core/commandLines';
import { windowsPathToWsl } from '../../wsl/core/paths';
import { distributionsFor, requireWsl } from './common';

/** The workspace folder as the distribution sees it, so the shell starts where the person works. */
export function workspacePathIn(distribution: string, inside: string | undefined): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) return undefined;
  if (folder.scheme === 'vscode-remote' && folder.authority.toLowerCase() === `wsl+${distribution.toLowerCase()}`) return folder.path;
  if (folder.scheme !== 'file') return undefined;
  // Inside a distribution the folder is already a Linux path of this one.
  if (inside) return inside.toLowerCase() === distribution.toLowerCase() ? folder.fsPath : undefined;
  return windowsPathToWsl(folder.fsPath, distribution);
}

export async function openWslShell(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireWsl(ctx);
  const distributions = await distributionsFor(ctx, node, nodes, { placeHolder: vscode.l10n.t('Open a shell in which WSL distribution?') });
  const inside = process.env.WSL_DISTRO_NAME;
  for (const distribution of distributions) {
    const terminal = vscode.window.createTerminal({
      name: vscode.l10n.t('{0} (WSL)', distribution.name),
      shellPath: wslProgram,
      shellArgs: wslArgs.shell(distribution.name, workspacePathIn(distribution.name, inside)),
      iconPath: new vscode.ThemeIcon('terminal-linux'),
    });
    terminal.show();
  }
  ctx.wsl.refresh(); // Opening a shell starts a stopped distribution.
}
