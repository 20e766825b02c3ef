import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from '../../src/api';
import { installAzureLinuxInWsl } from '../../src/commands/wsl/installAzureLinuxInWsl';
import { openWslShell } from '../../src/commands/wsl/openWslShell';
import { unregisterWslDistribution } from '../../src/commands/wsl/unregisterWslDistribution';
import { NoticeError } from '../../src/util/errors';
import { activateExtension, recordSeams } from './helpers';

describe('WSL on a machine that is not Windows', () => {
  let api: AzureLinuxToolsApi;

  before(async function () {
    if (process.platform === 'win32' || process.env.WSL_DISTRO_NAME) this.skip(); // These checks are for Linux and macOS hosts.
    api = await activateExtension();
  });

  it('shows no WSL section in Local Environments', async () => {
    assert.equal(api.context.wsl.service.available, false);
    const roots = await api.views.localEnvironments.provider.getChildren();
    assert.deepEqual(
      roots.filter((node) => node.id === 'group:wsl'),
      [],
    );
    assert.equal(api.context.wsl.available, false);
  });

  it('says the WSL commands are for Windows instead of running wsl.exe', async () => {
    const terminalsBefore = vscode.window.terminals.length;
    const notice = `WSL commands are for Windows: this VS Code runs on ${process.platform}.`;
    // The command's own answer, with the extension's context: the notice a person sees, not a failure.
    for (const command of [installAzureLinuxInWsl, openWslShell, unregisterWslDistribution]) {
      await assert.rejects(
        Promise.resolve().then(() => command(api.context)),
        (error: unknown) => error instanceof NoticeError && error.message === notice,
        command.name,
      );
    }
    // Through the command table, the wrapper shows that notice and the command resolves without opening anything.
    const shown = recordSeams(api);
    try {
      for (const command of ['azureLinux.wsl.openShell', 'azureLinux.wsl.install', 'azureLinux.wsl.unregister']) {
        assert.equal(await vscode.commands.executeCommand(command), undefined, command);
      }
    } finally {
      shown.restore();
    }
    assert.deepEqual(
      shown.notifications.map(({ kind, message }) => [kind, message]),
      [
        ['info', notice],
        ['info', notice],
        ['info', notice],
      ],
    );
    assert.equal(vscode.window.terminals.length, terminalsBefore, 'no terminal was opened');
    assert.equal((await api.context.wsl.currentStatus()).kind, 'notWindows');
  });
});
