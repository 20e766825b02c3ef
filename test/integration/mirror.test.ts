import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from '../../src/api';
import { azlLabels } from '../../src/docker/core/labels';
import { buildShellContainerSpec } from '../../src/docker/core/shellSpec';
import { configHash } from '../../src/environmentFromConfig/hash';
import type { TreeNode } from '../../src/views/treeNode';
import { hasDockerHost } from './dockerHost';
import { extensionId, recordSeams } from './helpers';
import { eventually } from '../helpers/eventually';

const testImage = 'azl-test/base:3.0';

interface Manifest {
  contributes: { commands: { command: string; enablement?: string }[]; menus: Record<string, { command: string; when?: string }[]> };
}

describe('Local environments from image configs', () => {
  let api: AzureLinuxToolsApi;

  before(async () => {
    api = await vscode.extensions.getExtension<AzureLinuxToolsApi>(extensionId)!.activate();
  });

  it('offers "Open Local Environment from Image Config" on image configs in the editor title and the explorer, trusted only', async () => {
    const manifest = vscode.extensions.getExtension(extensionId)!.packageJSON as Manifest;
    for (const id of ['openFromImageConfig', 'rebuild', 'reopenInDevContainer']) {
      assert.equal(
        manifest.contributes.commands.find((c) => c.command === `azureLinux.containers.${id}`)?.enablement,
        'isWorkspaceTrusted',
        id,
      );
    }
    for (const menu of ['editor/title', 'explorer/context']) {
      const entry = manifest.contributes.menus[menu]?.find((e) => e.command === 'azureLinux.containers.openFromImageConfig');
      // A remote host (code-server) hands the extension its `when` clauses normalised: values quoted, schemes mapped.
      assert.match(
        entry?.when ?? '',
        /resourceLangId == '?azurelinux-image'?/,
        `${menu} in ${JSON.stringify(manifest.contributes.menus[menu])}`,
      );
      assert.match(
        entry?.when ?? '',
        /resourcePath in '?azureLinux\.imageConfigPaths'?/,
        `${menu} also offers it on configs recognised by name pattern or content`,
      );
      assert.match(
        entry?.when ?? '',
        /resourceFilename =~ \/\^\(\?:\.\*\\\.azl\\\.yaml\|/,
        `${menu} offers it on unopened files named by the default patterns`,
      );
    }
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('azureLinux.containers.openFromImageConfig'));
  });

  it('"Export Local Environment Dockerfile..." writes what azl-mirror writes, and remembers the release chosen for a config that names none', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'azl-it-export-'));
    try {
      const configPath = join(folder, 'disk.azl.yaml');
      writeFileSync(configPath, 'input:\n  image:\n    path: ./base.vhdx\nos:\n  hostname: exported\n  packages:\n    install: [vim]\n');
      const first = await vscode.commands.executeCommand<string>(
        'azureLinux.containers.exportDockerfile',
        vscode.Uri.file(configPath),
        undefined,
        {
          folder: join(folder, 'first'),
          release: { kind: 'release', version: '4.0' },
        },
      );
      assert.equal(first, join(folder, 'first', 'Dockerfile'));
      const dockerfile = readFileSync(first, 'utf8');
      assert.match(dockerfile, /^FROM mcr\.microsoft\.com\/azurelinux-beta\/base\/core:4\.0$/m);
      // No answer this time: the release chosen for this config is used, not asked again and not 3.0.
      const second = await vscode.commands.executeCommand<string>(
        'azureLinux.containers.exportDockerfile',
        vscode.Uri.file(configPath),
        undefined,
        {
          folder: join(folder, 'second'),
        },
      );
      assert.equal(readFileSync(second, 'utf8'), dockerfile);
      // azl-mirror with the same base writes the same Dockerfile.
      const { run } = await import('../../src/cli/azlMirror');
      const code = await run(
        [configPath, '--out', join(folder, 'cli'), '--base', 'mcr.microsoft.com/azurelinux-beta/base/core:4.0'],
        folder,
        () => undefined,
        () => undefined,
      );
      assert.equal(code, 0);
      assert.equal(readFileSync(join(folder, 'cli', 'Dockerfile'), 'utf8'), dockerfile);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  if (!hasDockerHost()) {
    return;
  }

  describe('with the private Docker engine', () => {
    let folder: string;
    let containerId: string | undefined;
    const name = `azl-it-mirror-${process.pid}`;
    const devcontainerFolder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.devcontainer');

    before(() => {
      folder = mkdtempSync(join(tmpdir(), 'azl-it-mirror-'));
    });

    after(async () => {
      if (containerId) await api.context.localEnvironments.engine.remove(containerId);
      rmSync(folder, { recursive: true, force: true });
      await vscode.workspace.fs.delete(devcontainerFolder, { recursive: true }).then(undefined, () => undefined);
    });

    async function row(): Promise<TreeNode | undefined> {
      await api.context.localEnvironments.refresh();
      const roots = await api.views.localEnvironments.provider.getChildren();
      return roots.find((node) => node.getTreeItem().label === name);
    }

    it('marks a container whose config changed since its build, offers Rebuild, and clears the mark when they match again', async () => {
      const configPath = join(folder, 'image.azl.yaml');
      const builtFrom = 'os:\n  hostname: before\n';
      writeFileSync(configPath, 'os:\n  hostname: after\n');
      const local = api.context.localEnvironments;
      const spec = buildShellContainerSpec({
        image: testImage,
        name,
        workspaceFolder: vscode.workspace.workspaceFolders![0].uri.fsPath,
        networkMode: 'none',
        extraLabels: { [azlLabels.configPath]: configPath, [azlLabels.configHash]: configHash(builtFrom) },
      });
      containerId = await local.engine.createContainer({ ...spec, hostname: 'mirror-it' });
      await local.engine.start(containerId);

      const changed = (await row())!.getTreeItem();
      assert.match(String(changed.description), /^config changed · /);
      assert.equal(changed.contextValue, 'localEnvironments.azlShell.running.configChanged');

      writeFileSync(configPath, builtFrom);
      const unchanged = (await row())!.getTreeItem();
      assert.doesNotMatch(String(unchanged.description), /config changed/);
      assert.equal(unchanged.contextValue, 'localEnvironments.azlShell.running');
    });

    /** Edits the file as another program would (no save in VS Code, no container event) and waits for the row to say so. */
    async function editedElsewhere(rowName: string, configPath: string, text: string): Promise<void> {
      const provider = api.views.localEnvironments.provider;
      let listings = 0;
      const counting = api.context.localEnvironments.model.onDidChange(() => listings++);
      try {
        writeFileSync(configPath, text);
        const item = await eventually(
          `${rowName} to show "config changed"`,
          async () => {
            const row = (await provider.getChildren()).find((node) => node.getTreeItem().label === rowName)?.getTreeItem();
            return row && /^config changed · /.test(String(row.description)) && row;
          },
          { onChange: (listener) => provider.onDidChangeTreeData(listener) },
        );
        assert.equal(item.contextValue, 'localEnvironments.azlShell.running.configChanged', 'Rebuild is offered');
        assert.equal(listings, 0, 'the tree was redrawn by the file watcher, not by a new listing from the engine');
      } finally {
        counting.dispose();
      }
    }

    it('notices a config edited on disk outside VS Code at once, without waiting for an engine event', async () => {
      // The model stops following engine events (as when nobody looks at the view), so only the file watchers can
      // redraw the rows; explicit listings still work.
      const model = api.context.localEnvironments.model;
      model.setVisible(false);
      try {
        await configEditsShow();
      } finally {
        model.setVisible(api.views.localEnvironments.view.visible);
      }
    });

    async function configEditsShow(): Promise<void> {
      const before = (await row())!.getTreeItem();
      assert.doesNotMatch(String(before.description), /config changed/, 'the config matches the build to begin with');
      // A config outside the workspace folders.
      await editedElsewhere(name, join(folder, 'image.azl.yaml'), 'os:\n  hostname: edited-elsewhere\n');

      // A config inside the workspace.
      const inside = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `azl-it-watch-${process.pid}`);
      const insideName = `${name}-ws`;
      const configPath = join(inside.fsPath, 'image.azl.yaml');
      const builtFrom = 'os:\n  hostname: inside\n';
      await vscode.workspace.fs.createDirectory(inside);
      writeFileSync(configPath, builtFrom);
      const local = api.context.localEnvironments;
      const spec = buildShellContainerSpec({
        image: testImage,
        name: insideName,
        networkMode: 'none',
        extraLabels: { [azlLabels.configPath]: configPath, [azlLabels.configHash]: configHash(builtFrom) },
      });
      const id = await local.engine.createContainer(spec);
      try {
        await local.engine.start(id);
        await local.refresh();
        const listed = (await api.views.localEnvironments.provider.getChildren())
          .find((node) => node.getTreeItem().label === insideName)
          ?.getTreeItem();
        assert.equal(listed?.contextValue, 'localEnvironments.azlShell.running', 'unchanged to begin with');
        await editedElsewhere(insideName, configPath, 'os:\n  hostname: inside-edited\n');
      } finally {
        await local.engine.remove(id);
        await vscode.workspace.fs.delete(inside, { recursive: true });
      }
    }

    it('without the Dev Containers extension, asks before writing anything, and writes nothing when dismissed', async () => {
      const node = await row();
      assert.ok(node, 'the container is listed');
      assert.equal(vscode.extensions.getExtension('ms-vscode-remote.remote-containers'), undefined, 'the test host has no Dev Containers');
      const shown = recordSeams(api);
      try {
        await vscode.commands.executeCommand('azureLinux.containers.reopenInDevContainer', node);
        assert.match(shown.last('info')?.message ?? '', /needs the Dev Containers extension \(ms-vscode-remote\.remote-containers\)/);
        assert.deepEqual(shown.last('info')?.actions, ['Show Dev Containers Extension', 'Write devcontainer.json Only']);
      } finally {
        shown.restore();
      }
      assert.equal(existsSync(vscode.Uri.joinPath(devcontainerFolder, 'devcontainer.json').fsPath), false, 'nothing was written');
    });

    it('writes .devcontainer/devcontainer.json pinned to the same image, mounts and hostname', async () => {
      const node = await row();
      assert.ok(node, 'the container is listed');
      const shown = recordSeams(api, { answer: (notification) => notification.actions.find((action) => /Only$/.test(action)) });
      try {
        await vscode.commands.executeCommand('azureLinux.containers.reopenInDevContainer', node);
      } finally {
        shown.restore();
      }
      const written = JSON.parse(readFileSync(vscode.Uri.joinPath(devcontainerFolder, 'devcontainer.json').fsPath, 'utf8')) as Record<
        string,
        unknown
      >;
      assert.deepEqual(written, {
        name,
        image: testImage,
        workspaceFolder: '/workspace',
        workspaceMount: 'source=${localWorkspaceFolder},target=/workspace,type=bind',
        runArgs: ['--hostname', 'mirror-it'],
      });
    });
  });
});
