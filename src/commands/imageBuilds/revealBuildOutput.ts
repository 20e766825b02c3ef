import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { buildsFor } from './common';

/** Shows the output file: in the Explorer when it is inside the workspace, else in the system's file manager. */
export async function revealBuildOutput(ctx: AzlContext, node?: unknown): Promise<void> {
  const [build] = await buildsFor(ctx, node, undefined, {
    filter: (candidate) => ctx.imageBuilds.outputStatus(candidate) === 'present',
    placeHolder: vscode.l10n.t('Build whose output to reveal'),
  });
  if (ctx.imageBuilds.outputStatus(build) !== 'present') {
    throw new Error(vscode.l10n.t('{0} is not there any more.', build.outputPath));
  }
  const uri = vscode.Uri.file(build.outputPath);
  await vscode.commands.executeCommand(vscode.workspace.getWorkspaceFolder(uri) ? 'revealInExplorer' : 'revealFileInOS', uri);
}
