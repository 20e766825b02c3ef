import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { effectiveSettingTarget } from '../../views/localEnvironments/core/settingTarget';

const targets = {
  global: vscode.ConfigurationTarget.Global,
  workspace: vscode.ConfigurationTarget.Workspace,
  workspaceFolder: vscode.ConfigurationTarget.WorkspaceFolder,
} as const;

/** Writes the toggle where its value is effectively set: a workspace that sets it keeps deciding for itself. */
async function setShowAll(value: boolean): Promise<void> {
  const settings = vscode.workspace.getConfiguration('azureLinux.containers');
  await settings.update('showAllContainers', value, targets[effectiveSettingTarget(settings.inspect<boolean>('showAllContainers'))]);
}

export async function showAllContainers(_ctx: AzlContext): Promise<void> {
  await setShowAll(true);
}

export async function hideOtherContainers(_ctx: AzlContext): Promise<void> {
  await setShowAll(false);
}
