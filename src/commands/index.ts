import * as vscode from 'vscode';
import type { AzlContext } from '../context';
import { errorMessage, isUserCancelled, NoticeError } from '../util/errors';
import { logError } from '../util/log';
import { validateWorkspaceConfigs } from './language/validateWorkspaceConfigs';
import { showLogs } from './showLogs';
import { addNodePoolFromFile } from './aks/addNodePoolFromFile';
import { applyNodePoolFile } from './aks/applyNodePoolFile';
import { cancelOperation } from './aks/cancelOperation';
import { deleteNodePool } from './aks/deleteNodePool';
import { migrateToAzureLinux } from './aks/migrateToAzureLinux';
import { openNodePoolAsFile } from './aks/openNodePoolAsFile';
import { scaleNodePool } from './aks/scaleNodePool';
import { startCluster } from './aks/startCluster';
import { stopCluster } from './aks/stopCluster';
import { upgradeNodeImage } from './aks/upgradeNodeImage';
import { connectRemoteSsh } from './azure/connectRemoteSsh';
import { copyIp } from './azure/copyIp';
import { createVm } from './azure/createVm';
import { deleteVm } from './azure/deleteVm';
import { handledAsSignInFailure } from './azure/common';
import { filterSubscriptions } from './azure/filterSubscriptions';
import { openInPortal } from './azure/openInPortal';
import { refreshVms } from './azure/refreshVms';
import { restartVm } from './azure/restartVm';
import { selectTenant } from './azure/selectTenant';
import { showProperties } from './azure/showProperties';
import { showScreenshot } from './azure/showScreenshot';
import { showSerialLog } from './azure/showSerialLog';
import { signIn } from './azure/signIn';
import { cancelSignIn } from './azure/cancelSignIn';
import { runAzLogin } from './azure/runAzLogin';
import { signOut } from './azure/signOut';
import { sshIntoVm } from './azure/sshIntoVm';
import { startVm } from './azure/startVm';
import { stopVm } from './azure/stopVm';
import { deployImage } from './imageBuilds/deploy';
import { downloadBase } from './imageBuilds/downloadBase';
import { installAzureLinuxInWsl } from './wsl/installAzureLinuxInWsl';
import { openFolderInWsl } from './wsl/openFolderInWsl';
import { openWslShell } from './wsl/openWslShell';
import { refreshWsl } from './wsl/refreshWsl';
import { terminateWslDistribution } from './wsl/terminateWslDistribution';
import { unregisterWslDistribution } from './wsl/unregisterWslDistribution';
import { copyContainerId } from './localEnvironments/copyContainerId';
import { inspectContainer } from './localEnvironments/inspectContainer';
import { newShell } from './localEnvironments/newShell';
import { openShell } from './localEnvironments/openShell';
import { refreshLocalEnvironments } from './localEnvironments/refreshLocalEnvironments';
import { removeContainer } from './localEnvironments/removeContainer';
import { restartContainer } from './localEnvironments/restartContainer';
import { showContainerLogs } from './localEnvironments/showContainerLogs';
import { startContainer } from './localEnvironments/startContainer';
import { stopContainer } from './localEnvironments/stopContainer';
import { unpauseContainer } from './localEnvironments/unpauseContainer';
import { hideOtherContainers, showAllContainers } from './localEnvironments/toggleAllContainers';
import { openFromImageConfig } from './localEnvironments/openFromImageConfig';
import { exportDockerfile } from './localEnvironments/exportDockerfile';
import { rebuildEnvironment } from './localEnvironments/rebuildEnvironment';
import { reopenInDevContainer } from './localEnvironments/reopenInDevContainer';
import { buildImage } from './imageBuilds/buildImage';
import { cancelImageBuild } from './imageBuilds/cancelImageBuild';
import { deleteBuildOutput } from './imageBuilds/deleteBuildOutput';
import { openBuildLog } from './imageBuilds/openBuildLog';
import { rebuildImage } from './imageBuilds/rebuildImage';
import { removeImageBuild } from './imageBuilds/removeImageBuild';
import { revealBuildOutput } from './imageBuilds/revealBuildOutput';
import { inspectImage } from './localEnvironments/inspectImage';
import { removeImage } from './localEnvironments/removeImage';
import { pruneMirrorImages } from './localEnvironments/pruneMirrorImages';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- command arguments come from VS Code untyped
type CommandHandler = (ctx: AzlContext, ...args: any[]) => unknown;

/** The one table of commands. Every `contributes.commands` entry in package.json has a row here. */
export const commandTable: ReadonlyArray<readonly [id: string, handler: CommandHandler]> = [
  ['azureLinux.azure.signIn', signIn],
  ['azureLinux.azure.cancelSignIn', cancelSignIn],
  ['azureLinux.azure.runAzLogin', runAzLogin],
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
  ['azureLinux.aks.addNodePoolFromFile', addNodePoolFromFile],
  ['azureLinux.aks.migrateToAzureLinux', migrateToAzureLinux],
  ['azureLinux.aks.upgradeNodeImage', upgradeNodeImage],
  ['azureLinux.aks.scaleNodePool', scaleNodePool],
  ['azureLinux.aks.startCluster', startCluster],
  ['azureLinux.aks.stopCluster', stopCluster],
  ['azureLinux.aks.deleteNodePool', deleteNodePool],
  ['azureLinux.aks.openNodePoolAsFile', openNodePoolAsFile],
  ['azureLinux.aks.applyNodePoolFile', applyNodePoolFile],
  ['azureLinux.aks.cancelOperation', cancelOperation],
  ['azureLinux.azure.showSerialLog', showSerialLog],
  ['azureLinux.azure.showScreenshot', showScreenshot],
  ['azureLinux.imageBuilds.downloadBase', downloadBase],
  ['azureLinux.imageBuilds.deploy', deployImage],
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
  ['azureLinux.containers.exportDockerfile', exportDockerfile],
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
  ['azureLinux.containers.removeImage', removeImage],
  ['azureLinux.containers.inspectImage', inspectImage],
  ['azureLinux.containers.pruneMirrorImages', pruneMirrorImages],
  ['azureLinux.containers.refresh', refreshLocalEnvironments],
  ['azureLinux.containers.showAllContainers', showAllContainers],
  ['azureLinux.containers.hideOtherContainers', hideOtherContainers],
  ['azureLinux.imageBuilds.build', buildImage],
  ['azureLinux.imageBuilds.rebuild', rebuildImage],
  ['azureLinux.imageBuilds.openLog', openBuildLog],
  ['azureLinux.imageBuilds.revealOutput', revealBuildOutput],
  ['azureLinux.imageBuilds.deleteOutput', deleteBuildOutput],
  ['azureLinux.imageBuilds.cancel', cancelImageBuild],
  ['azureLinux.imageBuilds.remove', removeImageBuild],
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
    if (
      (id.startsWith('azureLinux.azure.') || id.startsWith('azureLinux.aks.') || id.startsWith('azureLinux.imageBuilds.')) &&
      handledAsSignInFailure(ctx, error)
    ) {
      ctx.log.info(`command ${id}: the Azure sign-in has expired`);
      return undefined;
    }
    if (error instanceof NoticeError) {
      ctx.log.info(`command ${id}: ${error.message}`);
      void ctx.seams.notifications.info(error.message);
      return undefined;
    }
    logError(ctx.log, `command ${id} failed`, error);
    const showLogsAction = vscode.l10n.t('Show Logs');
    void ctx.seams.notifications.error(errorMessage(error), showLogsAction).then((choice) => {
      if (choice === showLogsAction) {
        ctx.log.show(true);
      }
    });
    return undefined;
  }
}
