import * as vscode from 'vscode';
import type { CustomCloudSetting } from './azure/core/cloud';
import { effectiveSettingTarget } from './settingTarget';

/**
 * Every setting the extension reads, with its type. The keys are package.json's `contributes.configuration` keys
 * without the `azureLinux.` prefix; a unit test holds the two lists together.
 */
export interface Settings {
  'azure.authentication': 'vscode' | 'azureCli';
  'azure.cloud': string;
  'azure.customCloud': CustomCloudSetting;
  'azure.tenant': string;
  'azure.showAllLinuxVms': boolean;
  'azure.groupByResourceGroup': boolean;
  'containers.host': string;
  'containers.showAllContainers': boolean;
  'imageBuilds.imageCustomizerTag': string;
  'languages.validation.enable': boolean;
  'languages.imageFilePatterns': string[];
  'languages.nodePoolFilePatterns': string[];
}

export type SettingKey = keyof Settings;

const prefix = 'azureLinux.';
/** `publisher.name` from package.json. */
export const extensionId = 'azure-linux-tools.azure-linux-tools';

/** The contributed defaults, read from the manifest once, so no default is written twice. */
let defaults: ReadonlyMap<string, unknown> | undefined;

function contributedDefault(key: SettingKey): unknown {
  if (!defaults) {
    const configuration = vscode.extensions.getExtension(extensionId)?.packageJSON?.contributes?.configuration;
    const properties = (configuration?.properties ?? {}) as Record<string, { default?: unknown }>;
    defaults = new Map(Object.entries(properties).map(([name, schema]) => [name.slice(prefix.length), schema.default]));
  }
  return defaults.get(key);
}

/** The same JSON type as the default: a value of another type (a hand-edited settings.json) reads as the default. */
function sameKind(value: unknown, fallback: unknown): boolean {
  if (Array.isArray(fallback)) return Array.isArray(value);
  if (fallback === null || fallback === undefined) return true;
  return typeof value === typeof fallback && (typeof value !== 'object' || !Array.isArray(value));
}

/** A setting's value in effect (for `scope`, a resource's folder settings count). */
export function setting<K extends SettingKey>(key: K, scope?: vscode.Uri): Settings[K] {
  const fallback = contributedDefault(key);
  const value = vscode.workspace.getConfiguration('azureLinux', scope).get<unknown>(key);
  return (value !== undefined && sameKind(value, fallback) ? value : fallback) as Settings[K];
}

const targets = {
  global: vscode.ConfigurationTarget.Global,
  workspace: vscode.ConfigurationTarget.Workspace,
  workspaceFolder: vscode.ConfigurationTarget.WorkspaceFolder,
} as const;

/** Writes the value where the value in effect is set: a workspace that sets it keeps deciding for itself. */
export async function updateSettingWhereSet<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
  const settings = vscode.workspace.getConfiguration('azureLinux');
  await settings.update(key, value, targets[effectiveSettingTarget(settings.inspect<Settings[K]>(key))]);
}

export async function updateSetting<K extends SettingKey>(
  key: K,
  value: Settings[K] | undefined,
  target: vscode.ConfigurationTarget,
): Promise<void> {
  await vscode.workspace.getConfiguration('azureLinux').update(key, value, target);
}

/** Whether a configuration change touches any of `keys` (a key also covers the settings below it). */
export function affectsSetting(event: vscode.ConfigurationChangeEvent, ...keys: readonly string[]): boolean {
  return keys.some((key) => event.affectsConfiguration(`${prefix}${key}`));
}
