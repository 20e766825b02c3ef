import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { containersFor, showInspectDocument } from './common';

/** Shows the engine's inspect document of a container as read-only JSON. */
export async function inspectContainer(ctx: AzlContext, node?: unknown): Promise<void> {
  // With several selected, the one right-clicked is shown.
  const [container] = await containersFor(ctx, node, undefined, {
    filter: () => true,
    placeHolder: vscode.l10n.t('Container to inspect'),
  });
  const engine = ctx.localEnvironments.engine;
  await showInspectDocument(ctx, container!.name, `container:${container!.id}`, async () => (await engine.inspect(container!.id)).raw);
}
