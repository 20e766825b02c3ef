import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { connectAddress } from '../../views/azure/core/presentation';
import { targetVm } from './common';

export async function copyIp(ctx: AzlContext, node?: unknown): Promise<string> {
  const vm = await targetVm(ctx, node, 'copyIp', vscode.l10n.t('Virtual machine whose IP address to copy'));
  const address = vm.publicIps[0] ?? vm.privateIps[0];
  if (!address) {
    throw new Error(vscode.l10n.t('{0} has no IP address yet. Start it, then refresh.', vm.name));
  }
  await vscode.env.clipboard.writeText(address);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0} ({1}).', address, connectAddress(vm) ?? address));
  return address;
}
