import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { buildsFor } from './common';

/** Opens the log a build wrote (the same lines as the output channel, without colours). */
export async function openBuildLog(ctx: AzlContext, node?: unknown): Promise<void> {
  const [build] = await buildsFor(ctx, node, undefined, { filter: () => true, placeHolder: vscode.l10n.t('Build whose log to open') });
  const uri = ctx.imageBuilds.logUri(build.id);
  if (!existsSync(uri.fsPath)) throw new Error(vscode.l10n.t('The log of this build is not there any more ({0}).', uri.fsPath));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
}
