import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { workspacePathIn } from '../../wsl/core/paths';
import { distributionsFor, ownDistribution, requireWsl } from './common';

const wslExtensionId = 'ms-vscode-remote.remote-wsl';

/** Reopens the workspace folder inside the distribution through the WSL extension, or says how to get it. */
export async function openFolderInWsl(ctx: AzlContext, node?: unknown): Promise<void> {
  requireWsl(ctx);
  const [distribution] = await distributionsFor(ctx, node, undefined, {
    placeHolder: vscode.l10n.t('Open the folder in which WSL distribution?'),
  });
  // In a WSL window the WSL extension runs on the Windows side, where getExtension (same side only) cannot see it.
  if (vscode.env.remoteName !== 'wsl' && !vscode.extensions.getExtension(wslExtensionId)) {
    const install = vscode.l10n.t('Install the WSL Extension');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Opening a folder in WSL needs the WSL extension ({0}).', wslExtensionId),
      install,
    );
    if (choice === install) await vscode.commands.executeCommand('workbench.extensions.installExtension', wslExtensionId);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const inside = ownDistribution(ctx);
  let path = workspacePathIn(folder, distribution.name, inside);
  // A Windows path: the distribution's own wslpath knows where it is mounted.
  if (path && !path.startsWith('/')) path = await ctx.wsl.service.linuxPathOf(distribution.name, path).catch(() => undefined);
  const target = vscode.Uri.from({ scheme: 'vscode-remote', authority: `wsl+${distribution.name}`, path: path ?? '/' });
  ctx.log.info(`WSL: opening ${target.toString()}`);
  await vscode.commands.executeCommand('vscode.openFolder', target, { forceNewWindow: true });
}
