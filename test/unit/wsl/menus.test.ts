import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { distributionContextValue } from '../../../src/wsl/core/distributions';
import type { WslState } from '../../../src/wsl/core/output';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
const itemMenus: { command: string; when: string }[] = manifest.contributes.menus['view/item/context'];

/** Evaluates the `viewItem =~ /.../` or `viewItem == x` clause of a menu's `when` for one contextValue. */
function menuShows(command: string, contextValue: string): boolean {
  return itemMenus
    .filter((menu) => menu.command === command)
    .some((menu) => {
      const regex = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(menu.when);
      if (regex) return new RegExp(regex[1]).test(contextValue);
      const equals = /viewItem == (\S+)/.exec(menu.when);
      return equals ? equals[1] === contextValue : false;
    });
}

describe('WSL menus and contextValues', () => {
  const states: WslState[] = ['running', 'stopped', 'unknown'];

  it('offers shell, folder and unregister on every distribution at rest', () => {
    for (const state of states) {
      for (const isAzureLinux of [true, false]) {
        const value = distributionContextValue({ state, isAzureLinux });
        for (const command of ['azureLinux.wsl.openShell', 'azureLinux.wsl.openFolder', 'azureLinux.wsl.unregister']) {
          assert.equal(menuShows(command, value), true, `${command} on ${value}`);
        }
      }
    }
  });

  it('offers nothing that starts or removes a distribution WSL is installing, converting, exporting or removing', () => {
    const underWay: WslState[] = ['installing', 'uninstalling', 'converting', 'exporting'];
    for (const state of underWay) {
      const value = distributionContextValue({ state, isAzureLinux: true });
      for (const command of [
        'azureLinux.wsl.openShell',
        'azureLinux.wsl.openFolder',
        'azureLinux.wsl.unregister',
        'azureLinux.wsl.terminate',
      ]) {
        assert.equal(menuShows(command, value), false, `${command} on ${value}`);
      }
    }
  });

  it('offers terminate on running distributions only', () => {
    assert.equal(menuShows('azureLinux.wsl.terminate', distributionContextValue({ state: 'running', isAzureLinux: true })), true);
    assert.equal(menuShows('azureLinux.wsl.terminate', distributionContextValue({ state: 'stopped', isAzureLinux: true })), false);
  });

  it('offers install and refresh on the WSL group', () => {
    assert.equal(menuShows('azureLinux.wsl.install', 'wsl.group'), true);
    assert.equal(menuShows('azureLinux.wsl.refresh', 'wsl.group'), true);
    assert.equal(menuShows('azureLinux.wsl.openShell', 'wsl.group'), false);
  });
});
