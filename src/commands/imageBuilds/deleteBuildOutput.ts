import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { buildsFor } from './common';

/** Deletes build outputs, each only while it is the file the build wrote (never a file the extension did not write). */
export async function deleteBuildOutput(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  const builds = (
    await buildsFor(ctx, node, nodes, {
      filter: (candidate) => ctx.imageBuilds.outputStatus(candidate) === 'present',
      placeHolder: vscode.l10n.t('Build outputs to delete'),
      canPickMany: true,
    })
  ).filter((build) => ctx.imageBuilds.outputStatus(build) === 'present');
  if (!builds.length) throw new Error(vscode.l10n.t('None of these builds has its output any more.'));
  const remove = vscode.l10n.t('Delete');
  const choice = await vscode.window.showWarningMessage(
    builds.length === 1
      ? vscode.l10n.t('Delete {0}?', path.basename(builds[0].outputPath))
      : vscode.l10n.t('Delete the outputs of {0} builds?', builds.length),
    { modal: true, detail: builds.map((build) => build.outputPath).join('\n') },
    remove,
  );
  if (choice !== remove) throw new UserCancelledError();
  for (const build of builds) await ctx.imageBuilds.deleteOutput(build.id);
}
