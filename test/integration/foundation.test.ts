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

  it('activates without loading Docker or Azure packages, and returns its API', () => {
    // How long activation takes is measured by `npm run bench` (scripts/bench/activation.mjs), not asserted here.
    assert.equal(api.apiVersion, 1);
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

  it('contributes the Azure Linux container with its two views, and both show when it opens', async () => {
    const contributes = vscode.extensions.getExtension(extensionId)!.packageJSON.contributes;
    assert.deepEqual(
      contributes.views.azureLinux.map((view: { id: string }) => view.id),
      ['azureLinux.virtualMachines', 'azureLinux.localEnvironments'],
    );
    // What a person does: click the container in the activity bar. Both trees become visible.
    const views = [api.views.virtualMachines.view, api.views.localEnvironments.view];
    const shown = views.map(
      (view) =>
        new Promise<void>((resolve) => {
          if (view.visible) resolve();
          const subscription = view.onDidChangeVisibility((event) => {
            if (event.visible) {
              subscription.dispose();
              resolve();
            }
          });
        }),
    );
    await vscode.commands.executeCommand('workbench.view.extension.azureLinux');
    await Promise.all(shown);
    assert.deepEqual(
      views.map((view) => view.visible),
      [true, true],
    );
  });

  it('shows its log through the Show Logs command', async () => {
    // A line only this run writes; once Show Logs has run, the "Azure Linux" output is open with it.
    const marker = `log reachable from the tests ${Date.now()}`;
    api.context.log.info(marker);
    const isOurLog = (document: vscode.TextDocument) => document.uri.scheme === 'output' && document.getText().includes(marker);
    const subscriptions: vscode.Disposable[] = [];
    const shown = new Promise<vscode.TextDocument>((resolve) => {
      subscriptions.push(
        vscode.workspace.onDidOpenTextDocument((document) => isOurLog(document) && resolve(document)),
        vscode.workspace.onDidChangeTextDocument((event) => isOurLog(event.document) && resolve(event.document)),
      );
    });
    try {
      await vscode.commands.executeCommand('azureLinux.showLogs');
      const document = vscode.workspace.textDocuments.find(isOurLog) ?? (await shown);
      assert.match(decodeURIComponent(document.uri.toString()), /Azure Linux/, 'the output shown is the Azure Linux log');
    } finally {
      subscriptions.forEach((subscription) => subscription.dispose());
    }
  });
});
