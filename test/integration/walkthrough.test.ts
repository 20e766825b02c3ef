import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from '../../src/api';
import { openWalkthroughOnFirstRun, walkthroughId } from '../../src/features/walkthrough';
import { eventually } from '../helpers/eventually';
import { activateExtension, extensionId } from './helpers';

interface Step {
  id: string;
  description: string;
  when?: string;
  completionEvents: string[];
}

/** The tabs the workbench shows now, by label. */
function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
}

describe('Getting Started walkthrough', () => {
  let api: AzureLinuxToolsApi;

  before(async () => {
    api = await activateExtension();
  });

  it('is contributed with steps whose commands are registered, the build step only once its command exists', async () => {
    const manifest = vscode.extensions.getExtension(extensionId)!.packageJSON as {
      contributes: { walkthroughs: { id: string; steps: Step[] }[] };
    };
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough?.id, walkthroughId);
    const registered = new Set(await vscode.commands.getCommands(true));
    const stepIds = walkthrough!.steps.map((step) => step.id);
    assert.deepEqual(stepIds, ['signIn', 'createVm', 'azlShell', 'fixConfig', 'mirror', 'build']);
    for (const step of walkthrough!.steps) {
      // The host hands the manifest over with its %keys% replaced: the description is the text a person reads.
      const commands = [
        ...[...step.description.matchAll(/\(command:([\w.]+)/g)].map((match) => match[1]!),
        ...step.completionEvents.flatMap((event) => /^onCommand:(.+)$/.exec(event)?.[1] ?? []),
      ];
      assert.ok(commands.length > 0 || step.completionEvents.length > 0, `${step.id} has a way to complete`);
      for (const command of commands) {
        assert.ok(registered.has(command), `${step.id}: ${command} is registered`);
      }
    }
  });

  it('opened on the first activation with a fresh global state, and a later run does not open it again', async () => {
    // This run's user data is fresh (a new user data folder per run), so activation was the first run. The test
    // workbench opens no Welcome page of its own (workbench.startupEditor is none), so the one open is the
    // walkthrough: VS Code names its tab "Welcome" (code-server 1.139) or after the walkthrough's page title.
    const walkthroughTabs = () => tabLabels().filter((label) => label === 'Welcome' || label.includes('Azure Linux Tools'));
    await eventually('the walkthrough to be open', () => walkthroughTabs().length > 0, {
      describe: () => `tabs: ${JSON.stringify(tabLabels())}`,
    });
    assert.equal(walkthroughTabs().length, 1, 'opened once');
    assert.equal(api.context.extension.globalState.get('azureLinux.walkthrough.firstRunDone'), true, 'the first run is remembered');
    const opened: string[] = [];
    const outcome = await openWalkthroughOnFirstRun(api.context.extension, api.context.log, async (id) => {
      opened.push(id);
    });
    assert.equal(outcome, 'alreadyDone');
    assert.deepEqual(opened, [], 'the next activation leaves it closed');
  });
});
