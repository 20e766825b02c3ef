import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ContainerShellTerminal, openShellTerminal } from '../../src/features/localEnvironments/shellTerminal';
import type { AzureLinuxToolsApi } from '../../src/api';
import { buildShellContainerSpec } from '../../src/docker/core/shellSpec';
import type { ContainerEngine } from '../../src/docker/engine';
import { dockerPackages } from '../../src/util/lazyPackages';
import type { TreeNode } from '../../src/views/treeNode';
import { eventually, type EventuallyOptions } from '../helpers/eventually';
import { hasDockerHost } from './dockerHost';
import { removeContainers } from '../../src/commands/localEnvironments/removeContainer';
import { activateExtension, extensionId, recordSeams } from './helpers';

/** The registry-free image scripts/docker-engine.mjs imports into the private engine. */
const testImage = 'azl-test/base:3.0';

async function labelsOf(api: AzureLinuxToolsApi): Promise<string[]> {
  const roots = await api.views.localEnvironments.provider.getChildren();
  return roots.map((node: TreeNode) => String(node.getTreeItem().label));
}

/** For `eventually`: check again on every change the Local Environments model announces. */
function modelChanges(api: AzureLinuxToolsApi, timeoutMs?: number): EventuallyOptions {
  const model = api.context.localEnvironments.model;
  return { onChange: (listener) => model.onDidChange(listener), timeoutMs, describe: () => `status ${JSON.stringify(model.status)}` };
}

async function setHost(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('azureLinux.containers').update('host', value, vscode.ConfigurationTarget.Global);
}

describe('Local Environments', () => {
  let api: AzureLinuxToolsApi;

  before(async () => {
    api = await activateExtension();
    // The view follows the engine only while visible, as for a person looking at it.
    await vscode.commands.executeCommand('azureLinux.localEnvironments.focus');
  });

  it('contributes the container commands with workspace trust required for those that run things', () => {
    const commands: { command: string; enablement?: string }[] =
      vscode.extensions.getExtension(extensionId)!.packageJSON.contributes.commands;
    for (const id of ['newShell', 'openShell', 'start', 'stop', 'restart', 'remove']) {
      const command = commands.find((c) => c.command === `azureLinux.containers.${id}`);
      assert.ok(command, id);
      assert.equal(command.enablement, 'isWorkspaceTrusted', id);
    }
  });

  it('the "other containers" toggle changes the value in effect: the workspace\'s when the workspace sets one', async () => {
    const settings = () => vscode.workspace.getConfiguration('azureLinux.containers');
    const changed = () =>
      new Promise<void>((resolve) => {
        const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
          if (event.affectsConfiguration('azureLinux.containers.showAllContainers')) {
            subscription.dispose();
            resolve();
          }
        });
      });
    // Workspace settings land in the sample folder's .vscode/settings.json: removed again if this test made it.
    const dotVscode = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode');
    const hadDotVscode = await vscode.workspace.fs.stat(dotVscode).then(
      () => true,
      () => false,
    );
    try {
      await settings().update('showAllContainers', true, vscode.ConfigurationTarget.Workspace);
      assert.equal(settings().get('showAllContainers'), true);
      const hidden = changed();
      await vscode.commands.executeCommand('azureLinux.containers.hideOtherContainers');
      await hidden;
      assert.equal(settings().get('showAllContainers'), false, 'Hide Other Containers hides them');
      assert.equal(settings().inspect('showAllContainers')?.workspaceValue, false, 'by changing the workspace value');
      assert.equal(settings().inspect('showAllContainers')?.globalValue, undefined, 'the user settings are left alone');
      await settings().update('showAllContainers', undefined, vscode.ConfigurationTarget.Workspace);
      const shown = changed();
      await vscode.commands.executeCommand('azureLinux.containers.showAllContainers');
      await shown;
      assert.equal(settings().inspect('showAllContainers')?.globalValue, true, 'with no workspace value, the user settings');
    } finally {
      await settings().update('showAllContainers', undefined, vscode.ConfigurationTarget.Workspace);
      await settings().update('showAllContainers', undefined, vscode.ConfigurationTarget.Global);
      if (!hadDotVscode) await vscode.workspace.fs.delete(dotVscode, { recursive: true }).then(undefined, () => undefined);
    }
  });

  it('without an engine (a socket that does not exist), says so in the view instead of listing', async () => {
    const local = api.context.localEnvironments;
    const folder = mkdtempSync(join(tmpdir(), 'azl-no-engine-'));
    try {
      await setHost(`unix://${folder}/missing.sock`);
      await eventually(
        'unreachable',
        () => local.model.status.kind === 'unreachable' && local.engine.endpoint.socketPath === `${folder}/missing.sock`,
        modelChanges(api),
      );
      const status = local.model.status;
      assert.match(
        status.kind === 'unreachable' ? status.message : '',
        new RegExp(`^Cannot reach Docker at ${folder}/missing\\.sock\\. Is it running\\?$`),
      );
      assert.deepEqual(local.contextState, { state: 'unreachable', problem: 'unreachable' });
      assert.equal(api.views.localEnvironments.view.description, `unix://${folder}/missing.sock`, 'the view names the address it tried');
      // The title's description is cut in a narrow sidebar: the message (which wraps) names the whole address.
      await eventually('the message', () => api.views.localEnvironments.view.message?.includes(`${folder}/missing.sock`));
      assert.match(api.views.localEnvironments.view.message!, /Is it running\? Start Docker \(or Podman\)/);
      assert.deepEqual(await labelsOf(api), ['Retry', 'Open Settings']);
    } finally {
      await setHost(undefined);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('an engine reached over plain tcp:// says so in the view, as the docker CLI would connect (no TLS without DOCKER_TLS_VERIFY)', async () => {
    const local = api.context.localEnvironments;
    try {
      // Port 2376 is Docker's TLS port, but without DOCKER_TLS_VERIFY the docker CLI speaks plain HTTP to it: so do we.
      await setHost('tcp://127.0.0.1:2376');
      await eventually(
        'the tcp engine',
        () => local.engine.endpoint.address === 'tcp://127.0.0.1:2376' && local.model.status.kind !== 'connecting',
        modelChanges(api),
      );
      assert.equal(local.engine.endpoint.tls, undefined);
      assert.equal(api.views.localEnvironments.view.description, 'tcp://127.0.0.1:2376 · not encrypted');
    } finally {
      await setHost(undefined);
    }
  });

  it("an ssh:// setting neither throws nor breaks the view: the setting is blamed, the environment's engine is used", async () => {
    const local = api.context.localEnvironments;
    const before = local.engine.endpoint.address;
    try {
      await setHost('ssh://me@box');
      await eventually('the engine answers or not', () => local.model.status.kind !== 'connecting', modelChanges(api));
      assert.equal(local.engine.endpoint.address, before, 'falls back to DOCKER_HOST, the context or the default');
    } finally {
      await setHost(undefined);
    }
  });

  it('resizes reach the exec one at a time and end at the last size, however slow the engine answers', async () => {
    const sent: string[] = [];
    const answers: Array<() => void> = [];
    const session = {
      id: 'exec-1',
      write: () => undefined,
      resize(columns: number, rows: number) {
        assert.equal(answers.length, 0, 'a second resize was sent before the first was answered');
        sent.push(`${columns}x${rows}`);
        return new Promise<void>((resolve) => answers.push(resolve));
      },
      onData: () => ({ dispose: () => undefined }),
      onExit: () => ({ dispose: () => undefined }),
      close: () => undefined,
    };
    const answerResize = () => answers.shift()!();
    // Only exec is reached on this path: the seam under test is the terminal's side of it.
    const engine = { exec: async () => session } as unknown as ContainerEngine;
    const pty = new ContainerShellTerminal(engine, 'c0ffee', {}, api.context.log);
    pty.open({ columns: 80, rows: 24 });
    pty.setDimensions({ columns: 90, rows: 30 }); // before the exec exists: sent once it does
    await eventually('the size given while the exec started is sent', () => sent.length === 1);
    assert.equal(sent[0], '90x30');
    for (const columns of [100, 110, 120]) {
      pty.setDimensions({ columns, rows: 40 });
    }
    assert.equal(sent.length, 1, 'nothing more is sent while a resize is unanswered');
    answerResize();
    await eventually('the last size is sent once the engine answers', () => sent.length === 2);
    assert.equal(sent[1], '120x40', 'the sizes given meanwhile collapse into the last one');
    answerResize();
    pty.setDimensions({ columns: 120, rows: 40 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(sent, ['90x30', '120x40'], 'the size the exec has already is not sent again');
    pty.close();
  });

  if (!hasDockerHost()) {
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
      const [first] = await api.views.localEnvironments.provider.getChildren();
      assert.equal(first?.getTreeItem().label, 'New azl-shell...', 'an always-visible way to a new azl-shell heads the tree');
      assert.equal(first?.getTreeItem().command?.command, 'azureLinux.containers.newShell');
      const roots = await api.views.localEnvironments.provider.getChildren();
      const node = roots.find((n) => n.getTreeItem().label === name)!;
      assert.equal(node.getTreeItem().contextValue, 'localEnvironments.azlShell.running');

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
      assert.equal(stopped.getTreeItem().contextValue, 'localEnvironments.azlShell.stopped');
    });

    it('a shell terminal round trip through ContainerShellTerminal: type, read, resize, exit', async () => {
      const local = api.context.localEnvironments;
      await local.engine.start(containerId!);
      const { terminal, pty } = openShellTerminal(local.engine, { id: containerId!, name, labels: {} }, api.context.log);
      let output = '';
      /** Waits until the output passes the check; `resend` types again now and then (a resize reaches the engine on its own path). */
      const seen = (what: string, check: (text: string) => boolean, resend?: () => void) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no ${what} in ${JSON.stringify(output)}`)), 15_000);
          const again = resend ? setInterval(resend, 500) : undefined;
          const settle = () => {
            if (check(output)) {
              clearTimeout(timer);
              clearInterval(again);
              subscription.dispose();
              resolve();
            }
          };
          const subscription = pty.onDidWrite((data) => {
            output += data;
            settle();
          });
          settle();
        });
      const closed = new Promise<number | void>((resolve) => pty.onDidClose(resolve));
      await pty.firstOutput;
      pty.handleInput('echo "answer-$((6 * 7))"\r');
      await seen('answer-42', (text) => text.includes('answer-42'));
      // The workbench resizes its terminal on its own too (the panel's layout), so the size to expect is the last one given.
      let lastSize: vscode.TerminalDimensions = { columns: 101, rows: 33 };
      const setDimensions = pty.setDimensions.bind(pty);
      pty.setDimensions = (size) => {
        lastSize = size;
        setDimensions(size);
      };
      pty.setDimensions(lastSize);
      const latestSttySize = (text: string) => [...text.matchAll(/\r\n(\d+) (\d+)\r\n/g)].at(-1)?.slice(1).join(' ');
      pty.handleInput('stty size\r');
      await seen(
        'the size last given',
        (text) => latestSttySize(text) === `${lastSize.rows} ${lastSize.columns}`,
        () => pty.handleInput('stty size\r'),
      );
      pty.handleInput('exit 0\r');
      assert.equal(await closed, 0, "the shell's exit closes the terminal with its code");
      terminal.dispose();
    });

    it('a container without /bin/sh gets a terminal that says so, closed by any key', async () => {
      const local = api.context.localEnvironments;
      const id = await local.engine.createContainer(
        buildShellContainerSpec({ image: testImage, name: `${name}-nosh`, networkMode: 'none' }),
      );
      try {
        await local.engine.start(id);
        assert.equal((await local.engine.run(id, ['/bin/busybox', 'rm', '/bin/sh'])).exitCode, 0);
        const { terminal, pty } = openShellTerminal(local.engine, { id, name: `${name}-nosh`, labels: {} }, api.context.log);
        let output = '';
        const closed = new Promise<number | void>((resolve) => pty.onDidClose(resolve));
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no message in ${JSON.stringify(output)}`)), 15_000);
          pty.onDidWrite((data) => {
            output += data;
            if (/Press any key/.test(output)) {
              clearTimeout(timer);
              resolve();
            }
          });
        });
        assert.match(output, /This container has no \/bin\/sh, so no shell can open in it/);
        pty.handleInput('x');
        assert.equal(await closed, 1);
        terminal.dispose();
      } finally {
        await local.engine.remove(id);
      }
    });

    it('a click on a running azl-shell row shows its open shell; Open Shell from the menu opens another', async () => {
      const local = api.context.localEnvironments;
      await local.engine.start(containerId!);
      await local.refresh();
      const node = (await api.views.localEnvironments.provider.getChildren()).find((n) => n.getTreeItem().label === name)!;
      const click = node.getTreeItem().command!;
      assert.equal(click.command, 'azureLinux.containers.openShell');
      const shells = () => vscode.window.terminals.filter((terminal) => terminal.name === name && terminal.exitStatus === undefined);
      const opened: vscode.Terminal[] = [];
      const subscription = vscode.window.onDidOpenTerminal((terminal) => terminal.name === name && opened.push(terminal));
      try {
        await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
        const afterFirst = shells().length;
        assert.ok(afterFirst >= 1, 'the first click leaves a shell open');
        await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
        await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
        assert.equal(shells().length, afterFirst, 'clicking again shows the open shell instead of opening more');
        await vscode.commands.executeCommand('azureLinux.containers.openShell', node);
        assert.equal(shells().length, afterFirst + 1, 'Open Shell from the context menu opens another');
      } finally {
        subscription.dispose();
        for (const terminal of shells()) terminal.dispose();
      }
    });

    it('a paused container shows as paused with Unpause; Unpause runs it again', async () => {
      const local = api.context.localEnvironments;
      const docker = new (dockerPackages().Dockerode)({ socketPath: process.env.DOCKER_HOST!.replace(/^unix:\/\//, '') });
      await local.engine.start(containerId!);
      await docker.getContainer(containerId!).pause();
      try {
        await eventually(
          'the paused row (from the engine event)',
          async () =>
            (await api.views.localEnvironments.provider.getChildren()).some(
              (n) => n.getTreeItem().label === name && n.getTreeItem().contextValue === 'localEnvironments.azlShell.paused',
            ),
          modelChanges(api),
        );
        const node = (await api.views.localEnvironments.provider.getChildren()).find((n) => n.getTreeItem().label === name)!;
        await vscode.commands.executeCommand('azureLinux.containers.unpause', node);
        assert.equal((await local.engine.inspect(containerId!)).state, 'running');
        await eventually(
          'the row running again',
          async () =>
            (await api.views.localEnvironments.provider.getChildren()).some(
              (n) => n.getTreeItem().label === name && n.getTreeItem().contextValue === 'localEnvironments.azlShell.running',
            ),
          modelChanges(api),
        );
      } finally {
        if ((await local.engine.inspect(containerId!)).state === 'paused') await local.engine.unpause(containerId!);
      }
    });

    it('New azl-shell from an image node, end to end: the tree shows it running and a terminal opens in it', async () => {
      const local = api.context.localEnvironments;
      await local.refresh();
      const images = (await api.views.localEnvironments.provider.getChildren()).find((n) => n.id === 'group:images');
      assert.ok(images, 'the Azure Linux images group is listed');
      const imageNode = (await api.views.localEnvironments.provider.getChildren(images)).find((n) => n.getTreeItem().label === testImage);
      assert.ok(imageNode, `${testImage} is listed under the images`);
      assert.match(String(imageNode.getTreeItem().description), /^Azure Linux 3\.0 · /, 'with its release');
      const shellName = `azl-it-new-${process.pid}`;
      const opened = new Promise<vscode.Terminal>((resolve) => {
        const subscription = vscode.window.onDidOpenTerminal((terminal) => {
          if (terminal.name === shellName) {
            subscription.dispose();
            resolve(terminal);
          }
        });
      });
      await vscode.commands.executeCommand('azureLinux.containers.newShell', imageNode, undefined, { name: shellName });
      const terminal = await opened;
      const created = (await local.engine.listContainers()).find((c) => c.name === shellName);
      assert.ok(created, 'the container exists');
      try {
        const row = (await api.views.localEnvironments.provider.getChildren()).find((n) => n.getTreeItem().label === shellName);
        assert.equal(row?.getTreeItem().contextValue, 'localEnvironments.azlShell.running');
        // The image's release shows beside it (the test image is labelled 3.0, as the extension labels what it builds).
        assert.equal(row?.getTreeItem().description, `${testImage} · Azure Linux 3.0`);
      } finally {
        terminal.dispose();
        await local.engine.remove(created.id);
      }
    });

    it("Remove closes this extension's shells on the container first, so no terminal reports the kill (exit code 137)", async () => {
      const local = api.context.localEnvironments;
      const id = await local.engine.createContainer(buildShellContainerSpec({ image: testImage, name: `${name}-rm`, networkMode: 'none' }));
      await local.engine.start(id);
      const { terminal, pty } = openShellTerminal(local.engine, { id, name: `${name}-rm`, labels: {} }, api.context.log);
      await pty.firstOutput;
      const closed = new Promise<vscode.Terminal>((resolve) => {
        const subscription = vscode.window.onDidCloseTerminal((ended) => {
          if (ended === terminal) {
            subscription.dispose();
            resolve(ended);
          }
        });
      });
      await removeContainers(api.context, [(await local.engine.listContainers()).find((c) => c.id === id)!]);
      const ended = await closed;
      assert.equal(ended.exitStatus?.reason, vscode.TerminalExitReason.Extension, 'closed by the extension, not by the shell dying');
      assert.equal(ended.exitStatus?.code, undefined, 'no exit code for VS Code to report');
      assert.equal(
        (await local.engine.listContainers()).some((c) => c.id === id),
        false,
        'the container is gone',
      );
    });

    it("Inspect Image shows the engine's document of the image as read-only JSON", async () => {
      const local = api.context.localEnvironments;
      await local.refresh();
      const images = (await api.views.localEnvironments.provider.getChildren()).find((n) => n.id === 'group:images')!;
      const imageNode = (await api.views.localEnvironments.provider.getChildren(images)).find((n) => n.getTreeItem().label === testImage)!;
      assert.equal(imageNode.getTreeItem().contextValue, 'localEnvironments.image', 'the image menu (Inspect, Remove) applies');
      await vscode.commands.executeCommand('azureLinux.containers.inspectImage', imageNode);
      const document = vscode.window.activeTextEditor?.document;
      assert.equal(document?.languageId, 'json');
      const inspected = JSON.parse(document!.getText()) as { Id: string; RepoTags: string[] };
      assert.ok(inspected.RepoTags.includes(testImage));
      assert.equal(inspected.Id, (await local.engine.listImages()).find((i) => i.repoTags.includes(testImage))?.id);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('a pull that cannot reach its registry says "offline?" and offers a local image, in the status bar while it runs', async () => {
      const local = api.context.localEnvironments;
      // .invalid never resolves (RFC 6761): the engine fails the pull the way an offline machine does, a DNS error.
      const image = `registry.invalid/azurelinux/base/core:${process.pid}`;
      const titles: string[] = [];
      const watching = api.context.activity.onDidChange(() => titles.push(...api.context.activity.running.map((a) => a.title)));
      const shown = recordSeams(api);
      try {
        await vscode.commands.executeCommand('azureLinux.containers.newShell', undefined, undefined, { name: `${name}-offline`, image });
        const error = shown.last('error');
        assert.match(error?.message ?? '', /^Cannot reach the registry of registry\.invalid\/.*: is this machine offline\? Pick an image/);
        assert.doesNotMatch(error?.message ?? '', /dial tcp|no such host/, 'not the raw DNS error');
        assert.deepEqual(error?.actions, ['Pick a Local Image']);
        assert.ok(titles.includes(`Pulling ${image}`), `the status bar showed the pull: ${JSON.stringify(titles)}`);
        assert.deepEqual(api.context.activity.running, [], 'and shows nothing once it ended');
        assert.equal(
          (await local.engine.listContainers()).some((c) => c.name === `${name}-offline`),
          false,
        );
      } finally {
        shown.restore();
        watching.dispose();
      }
    });

    it('the engine going away mid-test shows on the view, and the view recovers when it is back', async () => {
      const local = api.context.localEnvironments;
      const target = process.env.DOCKER_HOST!.replace(/^unix:\/\//, '');
      const folder = mkdtempSync(join(tmpdir(), 'azl-proxy-'));
      const proxyPath = join(folder, 'docker.sock');
      const sockets = new Set<Socket>();
      const listen = () =>
        new Promise<Server>((resolve) => {
          const server = createServer((client) => {
            const upstream = createConnection(target);
            sockets.add(client).add(upstream);
            client.pipe(upstream).pipe(client);
            const drop = () => {
              client.destroy();
              upstream.destroy();
            };
            client.on('error', drop).on('close', drop);
            upstream.on('error', drop).on('close', drop);
          });
          server.listen(proxyPath, () => resolve(server));
        });
      const stop = async (server: Server) => {
        await new Promise((resolve) => {
          server.close(resolve);
          for (const socket of sockets) socket.destroy();
          sockets.clear();
        });
      };
      let server = await listen();
      try {
        await setHost(`unix://${proxyPath}`);
        await eventually(
          'ready through the proxy',
          () => local.model.status.kind === 'ready' && local.engine.endpoint.socketPath === proxyPath,
          modelChanges(api),
        );
        assert.equal(local.contextState.state, 'ready');
        // The engine stops: its socket goes away and open connections (the event stream) drop.
        await stop(server);
        await eventually('the view says the engine is unreachable', () => local.contextState.state === 'unreachable', modelChanges(api));
        assert.equal(local.contextState.problem, 'unreachable');
        assert.deepEqual(await labelsOf(api), ['Retry', 'Open Settings'], 'no stale rows');
        // It starts again: the view recovers by itself (retry with backoff), no Retry needed.
        server = await listen();
        await eventually('the view recovers', () => local.contextState.state === 'ready', modelChanges(api, 30_000));
        assert.equal(local.contextState.problem, undefined);
        assert.equal(api.views.localEnvironments.view.message, undefined, 'the message goes with the problem');
        assert.ok((await labelsOf(api)).includes(name), 'the azl-shell is listed again');
      } finally {
        await setHost(undefined);
        await stop(server);
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });
});
