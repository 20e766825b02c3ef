import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ArmServer } from '../fakes/arm/server';
import { extensionId } from './helpers';

/** What `useFakeArm` changed, to put back. */
export interface FakeArmSignIn {
  restore(): Promise<void>;
}

const signInSettings = ['authentication', 'tenant', 'cloud', 'customCloud'];

async function configure(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('azureLinux.azure').update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * Points the extension at the fake ARM server as a custom cloud, signed in with AzureCliCredential running the
 * stand-in `az` (test/fakes/az/az), whose own cloud is the fake server as `az cloud register` + `az cloud set` would
 * make it.
 */
export async function useFakeArm(server: ArmServer, tenantId: string): Promise<FakeArmSignIn> {
  const originalPath = process.env.PATH;
  // The stand-in az comes first on PATH; AzureCliCredential's child process inherits this environment.
  const extensionPath = vscode.extensions.getExtension(extensionId)!.extensionPath;
  process.env.PATH = `${path.join(extensionPath, 'test', 'fakes', 'az')}${path.delimiter}${originalPath}`;
  process.env.AZL_FAKE_AZ_TENANT = tenantId;
  process.env.AZL_FAKE_AZ_CLOUD = 'FakeArm';
  process.env.AZL_FAKE_AZ_RESOURCE_MANAGER = `${server.url}/`;
  delete process.env.AZL_FAKE_AZ_EXPIRED;
  await configure('authentication', 'azureCli');
  await configure('tenant', tenantId);
  await configure('cloud', 'custom');
  await configure('customCloud', { resourceManagerEndpoint: server.url, pollIntervalMs: 5 });
  return {
    restore: async () => {
      process.env.PATH = originalPath;
      delete process.env.AZL_FAKE_AZ_CLOUD;
      delete process.env.AZL_FAKE_AZ_RESOURCE_MANAGER;
      delete process.env.AZL_FAKE_AZ_EXPIRED;
      for (const key of signInSettings) await configure(key, undefined);
    },
  };
}
