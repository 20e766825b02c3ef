import * as vscode from 'vscode';
import type { AzlContext } from '../context';
import { errorMessage, isUserCancelled, NoticeError } from '../util/errors';
import { logError } from '../util/log';
import { validateWorkspaceConfigs } from './language/validateWorkspaceConfigs';
import { showLogs } from './showLogs';
import { connectRemoteSsh } from './vms/connectRemoteSsh';
import { copyIp } from './vms/copyIp';
import { createVm } from './vms/createVm';
import { deleteVm } from './vms/deleteVm';
import { handledAsSignInFailure } from './vms/common';
import { filterSubscriptions } from './vms/filterSubscriptions';
import { openInPortal } from './vms/openInPortal';
import { refreshVms } from './vms/refreshVms';
import { restartVm } from './vms/restartVm';
import { selectTenant } from './vms/selectTenant';
import { showProperties } from './vms/showProperties';
import { signIn } from './vms/signIn';
import { signOut } from './vms/signOut';
import { sshIntoVm } from './vms/sshIntoVm';
import { startVm } from './vms/startVm';
import { stopVm } from './vms/stopVm';
import { installAzureLinuxInWsl } from './wsl/installAzureLinuxInWsl';
import { openFolderInWsl } from './wsl/openFolderInWsl';
import { openWslShell } from './wsl/openWslShell';
import { refreshWsl } from './wsl/refreshWsl';
import { terminateWslDistribution } from './wsl/terminateWslDistribution';
import { unregisterWslDistribution } from './wsl/unregisterWslDistribution';
import { copyContainerId } from './containers/copyContainerId';
import { inspectContainer } from './containers/inspectContainer';
import { newShell } from './containers/newShell';
import { openShell } from './containers/openShell';
import { refreshLocalEnvironments } from './containers/refreshLocalEnvironments';
import { removeContainer } from './containers/removeContainer';
import { restartContainer } from './containers/restartContainer';
import { showContainerLogs } from './containers/showContainerLogs';
import { startContainer } from './containers/startContainer';
import { stopContainer } from './containers/stopContainer';
import { unpauseContainer } from './containers/unpauseContainer';
import { hideOtherContainers, showAllContainers } from './containers/toggleAllContainers';
import { openFromImageConfig } from './containers/openFromImageConfig';
import { rebuildEnvironment } from './containers/rebuildEnvironment';
import { reopenInDevContainer } from './containers/reopenInDevContainer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- command arguments come from VS Code untyped
type CommandHandler = (ctx: AzlContext, ...args: any[]) => unknown;

/** The one table of commands. Every `contributes.commands` entry in package.json has a row here. */
export const commandTable: ReadonlyArray<readonly [id: string, handler: CommandHandler]> = [
  ['azureLinux.azure.signIn', signIn],
  ['azureLinux.azure.signOut', signOut],
  ['azureLinux.azure.selectTenant', selectTenant],
  ['azureLinux.azure.filterSubscriptions', filterSubscriptions],
  ['azureLinux.azure.refresh', refreshVms],
  ['azureLinux.azure.startVm', startVm],
  ['azureLinux.azure.stopVm', stopVm],
  ['azureLinux.azure.restartVm', restartVm],
  ['azureLinux.azure.deleteVm', deleteVm],
  ['azureLinux.azure.copyIp', copyIp],
  ['azureLinux.azure.openInPortal', openInPortal],
  ['azureLinux.azure.showProperties', showProperties],
  ['azureLinux.azure.sshIntoVm', sshIntoVm],
  ['azureLinux.azure.connectRemoteSsh', connectRemoteSsh],
  ['azureLinux.azure.createVm', createVm],
  ['azureLinux.validateWorkspaceConfigs', validateWorkspaceConfigs],
  ['azureLinux.showLogs', showLogs],
  ['azureLinux.wsl.openShell', openWslShell],
  ['azureLinux.wsl.openFolder', openFolderInWsl],
  ['azureLinux.wsl.install', installAzureLinuxInWsl],
  ['azureLinux.wsl.terminate', terminateWslDistribution],
  ['azureLinux.wsl.unregister', unregisterWslDistribution],
  ['azureLinux.wsl.refresh', refreshWsl],
  ['azureLinux.containers.newShell', newShell],
  ['azureLinux.containers.openFromImageConfig', openFromImageConfig],
  ['azureLinux.containers.rebuild', rebuildEnvironment],
  ['azureLinux.containers.reopenInDevContainer', reopenInDevContainer],
  ['azureLinux.containers.openShell', openShell],
  ['azureLinux.containers.start', startContainer],
  ['azureLinux.containers.stop', stopContainer],
  ['azureLinux.containers.unpause', unpauseContainer],
  ['azureLinux.containers.restart', restartContainer],
  ['azureLinux.containers.remove', removeContainer],
  ['azureLinux.containers.showLogs', showContainerLogs],
  ['azureLinux.containers.inspect', inspectContainer],
  ['azureLinux.containers.copyId', copyContainerId],
  ['azureLinux.containers.refresh', refreshLocalEnvironments],
  ['azureLinux.containers.showAllContainers', showAllContainers],
  ['azureLinux.containers.hideOtherContainers', hideOtherContainers],
];

export function registerCommands(ctx: AzlContext): void {
  for (const [id, handler] of commandTable) {
    ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(ctx, id, handler, args)));
  }
}

/** Logs each run, shows failures with a way to the log, and keeps a person's cancel silent. */
async function runCommand(ctx: AzlContext, id: string, handler: CommandHandler, args: unknown[]): Promise<unknown> {
  ctx.log.trace(`command ${id}`);
  try {
    return await handler(ctx, ...args);
  } catch (error) {
    if (isUserCancelled(error)) {
      ctx.log.info(`command ${id} cancelled`);
      return undefined;
    }
    if (id.startsWith('azureLinux.azure.') && handledAsSignInFailure(ctx, error)) {
      ctx.log.info(`command ${id}: the Azure sign-in has expired`);
      return undefined;
    }
    if (error instanceof NoticeError) {
      ctx.log.info(`command ${id}: ${error.message}`);
      void vscode.window.showInformationMessage(error.message);
      return undefined;
    }
    logError(ctx.log, `command ${id} failed`, error);
    const showLogsAction = vscode.l10n.t('Show Logs');
    void vscode.window.showErrorMessage(errorMessage(error), showLogsAction).then((choice) => {
      if (choice === showLogsAction) {
        ctx.log.show(true);
      }
    });
    return undefined;
  }
}
