import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { connectAddress } from '../../views/azure/core/presentation';
import { targetVm } from './common';

export async function copyIp(ctx: AzlContext, node?: unknown): Promise<string> {
  const target = await targetVm(ctx, node, 'copyIp', vscode.l10n.t('Virtual machine whose IP address to copy'));
  const address = target.vm.publicIps[0] ?? target.vm.privateIps[0];
  if (!address) {
    throw new Error(vscode.l10n.t('{0} has no IP address yet. Start it, then refresh.', target.vm.name));
  }
  await vscode.env.clipboard.writeText(address);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} ({1}).', address, connectAddress(target.vm) ?? address));
  return address;
}
