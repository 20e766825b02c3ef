import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { containersFor } from './common';

const scheme = 'azl-container-inspect';
let registered = false;

/** Shows the engine's inspect document as read-only JSON (a virtual document nobody can save over). */
export async function inspectContainer(ctx: AzlContext, node?: unknown): Promise<void> {
  // With several selected, the one right-clicked is shown.
  const [container] = await containersFor(ctx, node, undefined, {
    filter: () => true,
    placeHolder: vscode.l10n.t('Container to inspect'),
  });
  if (!registered) {
    registered = true;
    ctx.extension.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(scheme, {
        provideTextDocumentContent: async (uri) => {
          const details = await ctx.localEnvironments.engine.inspect(uri.query);
          return `${JSON.stringify(details.raw, undefined, 2)}\n`;
        },
      }),
    );
  }
  const uri = vscode.Uri.from({ scheme, path: `/${container!.name}.json`, query: container!.id });
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
}
