import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import type { ImageBuildRecord } from '../../features/imageBuilds/core/buildsModel';
import { buildImage } from './buildImage';
import { buildsFor } from './common';

/** Builds again from the config as it is now, with the same base and format (the row says when the config changed). */
export async function rebuildImage(ctx: AzlContext, node?: unknown): Promise<ImageBuildRecord | undefined> {
  const [build] = await buildsFor(ctx, node, undefined, {
    filter: (candidate) => !ctx.imageBuilds.isRunning(candidate.id),
    placeHolder: vscode.l10n.t('Build to run again'),
  });
  return buildImage(ctx, vscode.Uri.file(build.configPath), {
    base: build.base.kind === 'file' ? build.base.path : 'config',
    format: build.format,
  });
}
