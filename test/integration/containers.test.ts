import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from '../../src/api';
import { buildShellContainerSpec } from '../../src/docker/core/shellSpec';
import type { TreeNode } from '../../src/views/treeNode';

const extensionId = 'azure-linux-tools.azure-linux-tools';
/** The registry-free image scripts/docker-engine.mjs imports into the private engine. */
const testImage = 'azl-test/base:3.0';

async function labelsOf(api: AzureLinuxToolsApi): Promise<string[]> {
  const roots = await api.views.localEnvironments.provider.getChildren();
  return roots.map((node: TreeNode) => String(node.getTreeItem().label));
}

describe('Local Environments', () => {
  let api: AzureLinuxToolsApi;

  before(async () => {
    api = await vscode.extensions.getExtension<AzureLinuxToolsApi>(extensionId)!.activate();
  });

  it('contributes the container commands with workspace trust required for those that run things', () => {
    const commands: { command: string; enablement?: string }[] = vscode.extensions.getExtension(extensionId)!.packageJSON.contributes.commands;
    for (const id of ['newShell', 'openShell', 'start', 'stop', 'restart', 'remove']) {
      const command = commands.find((c) => c.command === `azureLinux.containers.${id}`);
      assert.ok(command, id);
      assert.equal(command.enablement, 'isWorkspaceTrusted', id);
    }
  });

  if (!process.env.DOCKER_HOST) {
    it('without an engine, says so in the view instead of listing', async () => {
      const local = api.context.localEnvironments;
      await local.refresh();
      const status = local.model.status;
      assert.equal(status.kind, 'unreachable', `status: ${JSON.stringify(status)}`);
      assert.match(status.kind === 'unreachable' ? status.message : '', /^Cannot reach Docker at .+\. Is it running\?$/);
      assert.deepEqual(await labelsOf(api), [], 'an empty tree shows the "engine unreachable" welcome with Retry and Open Settings');
    });
    return;
  }

  describe('with the private Docker engine', () => {
    let containerId: string | undefined;
    const name = `azl-it-${process.pid}`;

    after(async () => {
      if (containerId) {
        await api.context.localEnvironments.engine.remove(containerId);
      }
    });

    it('shows the engine as ready and lists a new azl-shell, then its state after Stop', async () => {
      const local = api.context.localEnvironments;
      await local.refresh();
      assert.equal(local.model.status.kind, 'ready', JSON.stringify(local.model.status));
      assert.match(local.engine.endpoint.address, /^unix:\/\//);

      containerId = await local.engine.createContainer(buildShellContainerSpec({ image: testImage, name, networkMode: 'none' }));
      await local.engine.start(containerId);
      await local.refresh();
      assert.ok((await labelsOf(api)).includes(name), `the tree lists ${name}`);
      const roots = await api.views.localEnvironments.provider.getChildren();
      const node = roots.find((n) => n.getTreeItem().label === name)!;
      assert.equal(node.getTreeItem().contextValue, 'azlShell.running');

      const opened = new Promise<vscode.Terminal>((resolve) => {
        const subscription = vscode.window.onDidOpenTerminal((terminal) => {
          if (terminal.name === name) {
            subscription.dispose();
            resolve(terminal);
          }
        });
      });
      await vscode.commands.executeCommand('azureLinux.containers.openShell', node);
      const terminal = await opened;
      terminal.dispose();

      await vscode.commands.executeCommand('azureLinux.containers.stop', node);
      await local.refresh();
      const stopped = (await api.views.localEnvironments.provider.getChildren()).find((n) => n.getTreeItem().label === name)!;
      assert.equal(stopped.getTreeItem().contextValue, 'azlShell.stopped');
    });
  });
});
