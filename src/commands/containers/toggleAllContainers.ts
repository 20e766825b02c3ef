import * as vscode from 'vscode';
import type { AzlContext } from '../../context';

async function setShowAll(value: boolean): Promise<void> {
  await vscode.workspace.getConfiguration('azureLinux.containers').update('showAllContainers', value, vscode.ConfigurationTarget.Global);
}

export async function showAllContainers(_ctx: AzlContext): Promise<void> {
  await setShowAll(true);
}

export async function hideOtherContainers(_ctx: AzlContext): Promise<void> {
  await setShowAll(false);
}
