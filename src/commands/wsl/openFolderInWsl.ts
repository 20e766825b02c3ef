import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { distributionsFor, requireWsl } from './common';
import { workspacePathIn } from './openWslShell';

const wslExtensionId = 'ms-vscode-remote.remote-wsl';

/** Reopens the workspace folder inside the distribution through the WSL extension, or says how to get it. */
export async function openFolderInWsl(ctx: AzlContext, node?: unknown): Promise<void> {
  requireWsl(ctx);
  const [distribution] = await distributionsFor(ctx, node, undefined, { placeHolder: vscode.l10n.t('Open the folder in which WSL distribution?') });
  if (!vscode.extensions.getExtension(wslExtensionId)) {
    const install = vscode.l10n.t('Install the WSL Extension');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Opening a folder in WSL needs the WSL extension ({0}).', wslExtensionId), install);
    if (choice === install) await vscode.commands.executeCommand('workbench.extensions.installExtension', wslExtensionId);
    return;
  }
  const path = workspacePathIn(distribution.name, process.env.WSL_DISTRO_NAME) ?? '/';
  const target = vscode.Uri.from({ scheme: 'vscode-remote', authority: `wsl+${distribution.name}`, path });
  ctx.log.info(`WSL: opening ${target.toString()}`);
  await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: true });
}
