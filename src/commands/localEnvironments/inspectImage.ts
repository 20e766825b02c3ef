import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { imageFor, showInspectDocument } from './common';

/** Shows the engine's inspect document of an image as read-only JSON. */
export async function inspectImage(ctx: AzlContext, node?: unknown): Promise<void> {
  const { summary, tag } = await imageFor(ctx, node, vscode.l10n.t('Image to inspect'));
  const engine = ctx.localEnvironments.engine;
  await showInspectDocument(ctx, tag, `image:${summary.id}`, () => engine.inspectImage(summary.id));
}
