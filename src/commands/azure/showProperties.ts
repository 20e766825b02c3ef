import * as vscode from 'vscode';
import { VmPropertiesDocuments } from '../../azure/propertiesDocuments';
import type { AzlContext } from '../../context';
import { signedInFeature, targetVm } from './common';

/** Opens the VM's resource JSON read-only; showing it again refreshes an open document with what Azure says now. */
export async function showProperties(ctx: AzlContext, node?: unknown): Promise<vscode.TextDocument> {
  const vm = await targetVm(ctx, node, 'showProperties', vscode.l10n.t('Virtual machine whose properties to show'));
  const { feature, services } = await signedInFeature(ctx);
  const json = await services.getVmJson(vm.id, feature.listing.signal);
  const uri = VmPropertiesDocuments.uriFor(vm.resourceGroup, vm.name);
  await feature.properties.set(uri, JSON.stringify(json, undefined, 2));
  const opened = await vscode.workspace.openTextDocument(uri);
  const document = opened.languageId === 'json' ? opened : await vscode.languages.setTextDocumentLanguage(opened, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
  return document;
}
