import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { wslArgs, wslProgram } from '../../wsl/core/commandLines';
import { workspacePathIn } from '../../wsl/core/paths';
import { distributionsFor, ownDistribution, requireWsl } from './common';

export async function openWslShell(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  requireWsl(ctx);
  const distributions = await distributionsFor(ctx, node, nodes, { placeHolder: vscode.l10n.t('Open a shell in which WSL distribution?') });
  for (const distribution of distributions) openShellIn(ctx, distribution.name);
}

/**
 * An integrated terminal in `name`, starting in the workspace folder: through `wsl.exe -d NAME --cd PATH` from
 * Windows (wsl.exe translates a Windows path itself), and as a plain terminal when this window already runs in
 * that distribution.
 */
export function openShellIn(ctx: AzlContext, name: string): vscode.Terminal {
  const inside = ownDistribution(ctx);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const terminal =
    inside !== undefined && inside.toLowerCase() === name.toLowerCase()
      ? vscode.window.createTerminal({
          name: vscode.l10n.t('{0} (WSL)', name),
          cwd: folder?.scheme === 'file' ? folder : undefined,
          iconPath: new vscode.ThemeIcon('terminal-linux'),
        })
      : vscode.window.createTerminal({
          name: vscode.l10n.t('{0} (WSL)', name),
          shellPath: wslProgram,
          shellArgs: wslArgs.shell(name, workspacePathIn(folder, name, inside)),
          iconPath: new vscode.ThemeIcon('terminal-linux'),
        });
  terminal.show();
  ctx.wsl.refresh(); // Opening a shell starts a stopped distribution.
  return terminal;
}
