import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { remoteSshConfigFile, sshHostAlias, type SshHostEntry } from '../../azure/core/ssh';
import { writeSshHostEntry } from '../../azure/sshKeys';
import type { AzlContext } from '../../context';
import { requireTrust, targetVm } from './common';
import { sshTargetFor } from './sshIntoVm';

const remoteSshExtension = 'ms-vscode-remote.remote-ssh';

/**
 * Remote-SSH's own `remote.SSH.configFile` setting wins over ~/.ssh/config, so both tools read the same file; only
 * the user's own value counts, as a workspace must not choose a file for us to write.
 */
function writeEntry(entry: SshHostEntry): Promise<{ file: string; alias: string }> {
  const userValue = vscode.workspace.getConfiguration('remote.SSH').inspect<string>('configFile')?.globalValue;
  const home = os.homedir();
  return writeSshHostEntry(entry, home, remoteSshConfigFile(userValue, home, path.join), vscode.l10n);
}

export interface RemoteSshResult {
  readonly alias: string;
  readonly configFile: string;
  readonly handedOver: boolean;
}

/** Writes a `Host` entry for the VM and opens it with Remote-SSH, or says how to get Remote-SSH. */
export async function connectRemoteSsh(ctx: AzlContext, node?: unknown): Promise<RemoteSshResult> {
  requireTrust();
  const vm = await targetVm(ctx, node, 'remoteSsh', vscode.l10n.t('Virtual machine to open with Remote-SSH'));
  const ssh = sshTargetFor(vm);
  // The alias written may differ from the one wanted: a hand-written block with that name is never replaced.
  const wanted = sshHostAlias(vm.name, vm.resourceGroup);
  const { file: configFile, alias } = await writeEntry({
    alias: wanted,
    hostName: ssh.host,
    user: ssh.user,
    identityFile: ssh.identityFile,
    owner: vm.id,
  });
  ctx.log.info(`Wrote SSH host "${alias}" to ${configFile}`);
  if (alias !== wanted) {
    void ctx.seams.notifications.info(
      vscode.l10n.t('{0} already has a "{1}" entry this extension did not write; {2} is "{3}" there.', configFile, wanted, vm.name, alias),
    );
  }
  if (vscode.extensions.getExtension(remoteSshExtension)) {
    await vscode.commands.executeCommand('opensshremotes.openEmptyWindow', { host: alias });
    return { alias, configFile, handedOver: true };
  }
  const install = vscode.l10n.t('Install Remote - SSH');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t(
        'Added "{0}" to {1}. Install the Remote - SSH extension to open it in VS Code, or run "ssh {0}" in a terminal.',
        alias,
        configFile,
      ),
      install,
    )
    .then((choice) => {
      if (choice === install) {
        void vscode.commands.executeCommand('workbench.extensions.search', `@id:${remoteSshExtension}`);
      }
    });
  return { alias, configFile, handedOver: false };
}
