import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sshArguments, validateSshTarget } from '../../azure/core/ssh';
import { sshDirectory } from '../../azure/sshKeys';
import type { AzlContext } from '../../context';
import type { VmInfo } from '../../azure/core/model';
import { connectAddress } from '../../views/azure/core/presentation';
import { requireTrust, targetVm } from './common';

/** The key this extension generates or reuses; when it is missing ssh falls back to its own defaults. */
export function defaultIdentityFile(): string | undefined {
  const file = path.join(sshDirectory(), 'id_ed25519');
  return existsSync(file) ? file : undefined;
}

export function sshTargetFor(vm: VmInfo): { user: string; host: string; identityFile?: string } {
  const host = connectAddress(vm);
  if (!host) {
    throw new Error(vscode.l10n.t('{0} has no IP address to connect to. Start it, then refresh.', vm.name));
  }
  return { user: vm.adminUsername ?? 'azureuser', host, identityFile: defaultIdentityFile() };
}

/** Opens a terminal running `ssh` directly (no shell in between), with the VM's admin user, key and address. */
export async function sshIntoVm(ctx: AzlContext, node?: unknown): Promise<vscode.TerminalOptions> {
  requireTrust();
  const vm = await targetVm(ctx, node, 'ssh', vscode.l10n.t('Virtual machine to connect to'));
  const ssh = sshTargetFor(vm);
  const problem = validateSshTarget(ssh, vscode.l10n);
  if (problem) {
    throw new Error(problem);
  }
  const options: vscode.TerminalOptions = {
    name: vscode.l10n.t('SSH: {0}', vm.name),
    shellPath: 'ssh',
    shellArgs: sshArguments(ssh),
    iconPath: new vscode.ThemeIcon('remote'),
  };
  ctx.seams.terminals.open(options).show();
  return options;
}
