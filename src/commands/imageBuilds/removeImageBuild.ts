import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { buildsFor } from './common';

/** Takes finished builds off the list (their output files stay where they are) and deletes their logs. */
export async function removeImageBuild(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  const builds = await buildsFor(ctx, node, nodes, {
    filter: (candidate) => !ctx.imageBuilds.isRunning(candidate.id),
    placeHolder: vscode.l10n.t('Builds to remove from the list'),
    canPickMany: true,
  });
  for (const build of builds) await ctx.imageBuilds.remove(build.id);
}
