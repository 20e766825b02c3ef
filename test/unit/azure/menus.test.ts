import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { allPowerStates } from '../../../src/azure/core/model';
import {
  allowedActions,
  busyActions,
  vmActionCommands,
  vmBusyContextValue,
  vmContextValue,
  type VmAction,
} from '../../../src/views/azure/core/presentation';

interface MenuItem {
  command: string;
  when?: string;
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuItem[]>; commands: { command: string }[] };
};

/** The `viewItem =~ /.../` regex of a when clause, as VS Code evaluates it. */
function viewItemRegex(when: string): RegExp | undefined {
  const match = /viewItem =~ \/(.+?)\/(?=\s|$)/.exec(when);
  return match ? new RegExp(match[1]) : undefined;
}

describe('VM context menus match the contextValues', () => {
  const vmItems = manifest.contributes.menus['view/item/context'].filter((item) => item.when?.includes('azure\\.vm\\.'));

  for (const [action, command] of Object.entries(vmActionCommands) as [VmAction, string][]) {
    it(`${command} shows exactly for the states that allow "${action}"`, () => {
      const entries = vmItems.filter((item) => item.command === command);
      assert.ok(entries.length > 0, `${command} has a context menu entry`);
      for (const entry of entries) {
        const regex = viewItemRegex(entry.when!);
        assert.ok(regex, `${command} matches viewItem with a regex`);
        for (const state of allPowerStates) {
          assert.equal(regex.test(vmContextValue(state)), allowedActions(state).includes(action), `${command} for ${state}`);
        }
        assert.equal(regex.test(vmBusyContextValue), busyActions.includes(action), `${command} while an action runs on the VM`);
      }
    });
  }

  it('a VM with an action running offers neither start nor stop nor restart nor delete', () => {
    for (const action of ['start', 'stop', 'restart', 'delete', 'ssh', 'remoteSsh'] as const) {
      assert.ok(!busyActions.includes(action), action);
    }
  });

  it('every VM action is a contributed command', () => {
    const contributed = new Set(manifest.contributes.commands.map((command) => command.command));
    for (const command of Object.values(vmActionCommands)) {
      assert.ok(contributed.has(command), command);
    }
  });
});
