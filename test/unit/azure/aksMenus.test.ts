import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  allClusterStates,
  clusterActionCommands,
  clusterActions,
  clusterContextValue,
  poolActionCommands,
  poolActions,
  poolContextValue,
  type ClusterAction,
  type PoolAction,
  type PoolFlags,
  type PoolState,
} from '../../../src/views/azure/core/aksPresentation';

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
  return match ? new RegExp(match[1]!) : undefined;
}

const items = manifest.contributes.menus['view/item/context']!;
const poolStates: PoolState[] = ['ready', 'busy', 'stopped'];
const flagSets: PoolFlags[] = [false, true].flatMap((migratable) => [false, true].map((deletable) => ({ migratable, deletable })));

describe('AKS context menus match the contextValues', () => {
  for (const [action, command] of Object.entries(clusterActionCommands) as [ClusterAction, string][]) {
    it(`${command} shows exactly for the cluster states that allow "${action}"`, () => {
      const entries = items.filter((item) => item.command === command && item.when?.includes('azure\\.cluster\\.'));
      assert.ok(entries.length > 0, `${command} has a context menu entry on clusters`);
      for (const entry of entries) {
        const regex = viewItemRegex(entry.when!);
        assert.ok(regex, `${command} matches viewItem with a regex`);
        for (const state of allClusterStates) {
          for (const cancellable of [false, true]) {
            assert.equal(
              regex.test(clusterContextValue(state, cancellable)),
              clusterActions(state, cancellable).includes(action),
              `${command} on a ${state} cluster${cancellable ? ' (cancellable)' : ''}`,
            );
          }
        }
      }
    });
  }

  for (const [action, command] of Object.entries(poolActionCommands) as [PoolAction, string][]) {
    it(`${command} shows exactly for the node pools that allow "${action}"`, () => {
      const entries = items.filter((item) => item.command === command && item.when?.includes('azure\\.nodePool\\.'));
      assert.ok(entries.length > 0, `${command} has a context menu entry on node pools`);
      for (const entry of entries) {
        const regex = viewItemRegex(entry.when!)!;
        for (const state of poolStates) {
          for (const flags of flagSets) {
            for (const cancellable of [false, true]) {
              assert.equal(
                regex.test(poolContextValue(state, flags, cancellable)),
                poolActions(state, flags, cancellable).includes(action),
                `${command} on a ${state} pool ${JSON.stringify({ ...flags, cancellable })}`,
              );
            }
          }
        }
      }
    });
  }

  it('a pool or cluster with an operation running offers nothing that changes it, and Cancel only for our own abortable one', () => {
    assert.deepEqual(clusterActions('busy'), []);
    assert.deepEqual(clusterActions('busy', true), ['cancelOperation']);
    for (const flags of flagSets) {
      assert.deepEqual(poolActions('busy', flags), ['openAsFile']);
      assert.deepEqual(poolActions('busy', flags, true), ['cancelOperation', 'openAsFile']);
      assert.equal(poolContextValue('ready', flags, true), poolContextValue('ready', flags), 'only a busy pool is cancellable');
    }
  });

  it('every AKS action is a contributed command', () => {
    const contributed = new Set(manifest.contributes.commands.map((command) => command.command));
    for (const command of [
      ...Object.values(clusterActionCommands),
      ...Object.values(poolActionCommands),
      'azureLinux.aks.applyNodePoolFile',
    ]) {
      assert.ok(contributed.has(command), command);
    }
  });
});
