import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from '../../src/api';
import { extensionId } from './helpers';

describe('foundation', () => {
  let api: AzureLinuxToolsApi;

  before(async () => {
    const extension = vscode.extensions.getExtension<AzureLinuxToolsApi>(extensionId);
    assert.ok(extension, `${extensionId} is installed in the extension host`);
    api = await extension.activate();
  });

  it('runs inside a real VS Code extension host', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    // The runner reads this line to name the VS Code version and kind in the tier summary.
    const kind = vscode.env.uiKind === vscode.UIKind.Web ? 'code-server' : 'desktop';
    process.stdout.write(`[vscode] ${vscode.version} ${kind}\n`);
    assert.equal(vscode.extensions.getExtension(extensionId)?.isActive, true);
  });

  it('activates quickly and returns its API', () => {
    assert.equal(api.apiVersion, 1);
    assert.ok(api.activationMs > 0, 'activation time is measured');
    process.stdout.write(`[activation] ${api.activationMs.toFixed(1)} ms\n`);
  });

  it('does not load Docker or Azure packages during activation', () => {
    // The build fails if the main bundle imports them directly; this checks the lazy loaders were not called.
    assert.deepEqual(api.heavyPackagesAtActivation, []);
    const lazyBundles = path.join(vscode.extensions.getExtension(extensionId)!.extensionPath, 'dist', 'lazy');
    assert.deepEqual(
      fs
        .readdirSync(lazyBundles)
        .filter((file) => file.endsWith('.js'))
        .sort(),
      ['azure.js', 'docker.js'],
      'they live in their own bundles',
    );
  });

  it('registers every command it contributes', async () => {
    const contributed: { command: string }[] = vscode.extensions.getExtension(extensionId)!.packageJSON.contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  it('contributes the Azure Linux container with its two views', () => {
    const contributes = vscode.extensions.getExtension(extensionId)!.packageJSON.contributes;
    assert.deepEqual(
      contributes.views.azureLinux.map((view: { id: string }) => view.id),
      ['azureLinux.virtualMachines', 'azureLinux.localEnvironments'],
    );
    assert.equal(api.views.virtualMachines.view.visible !== undefined, true);
  });

  it('shows its log through the Show Logs command', async () => {
    await vscode.commands.executeCommand('azureLinux.showLogs');
    api.context.log.info('log reachable from the tests');
  });
});
