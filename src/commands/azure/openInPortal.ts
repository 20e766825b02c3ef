import * as vscode from 'vscode';
import { portalUrlFor } from '../../azure/core/cloud';
import type { AzlContext } from '../../context';
import { targetVm } from './common';

export async function openInPortal(ctx: AzlContext, node?: unknown): Promise<string> {
  const vm = await targetVm(ctx, node, 'openInPortal', vscode.l10n.t('Virtual machine to open in the Azure portal'));
  const session = ctx.azure().session;
  const url = portalUrlFor(session.cloud, vm.id, session.tenantId);
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
  return url;
}
