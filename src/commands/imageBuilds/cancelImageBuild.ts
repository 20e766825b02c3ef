import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { buildsFor } from './common';

/** Cancels a build under way: its container is stopped and removed and its partial output deleted. */
export async function cancelImageBuild(ctx: AzlContext, node?: unknown): Promise<void> {
  const [build] = await buildsFor(ctx, node, undefined, {
    filter: (candidate) => ctx.imageBuilds.isRunning(candidate.id),
    placeHolder: vscode.l10n.t('Build to cancel'),
  });
  ctx.imageBuilds.cancel(build.id);
}
