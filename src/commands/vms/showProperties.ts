import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { signedInFeature, targetVm } from './common';

const scheme = 'azurelinux-vm';

/** Read-only documents with a VM's resource JSON, keyed by URI; the provider is registered on first use. */
class PropertiesDocuments implements vscode.TextDocumentContentProvider {
  readonly contents = new Map<string, string>();
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}

let documents: PropertiesDocuments | undefined;

function propertiesDocuments(ctx: AzlContext): PropertiesDocuments {
  if (!documents) {
    documents = new PropertiesDocuments();
    ctx.extension.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(scheme, documents));
  }
  return documents;
}

export async function showProperties(ctx: AzlContext, node?: unknown): Promise<vscode.TextDocument> {
  const target = await targetVm(ctx, node, 'showProperties', vscode.l10n.t('Virtual machine whose properties to show'));
  const { feature, services } = await signedInFeature(ctx);
  const json = await services.getVmJson(target.vm.id, feature.tree.signal);
  const store = propertiesDocuments(ctx);
  const uri = vscode.Uri.from({ scheme, path: `/${target.vm.resourceGroup}/${target.vm.name}.json` });
  store.contents.set(uri.toString(), JSON.stringify(json, undefined, 2));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
  return document;
}
