import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { buildStates } from '../../../src/features/imageBuilds/core/buildsModel';
import {
  allowedBuildActions,
  buildActionCommands,
  buildContextValue,
  buildItem,
  type BuildAction,
} from '../../../src/views/imageBuilds/core/presentation';

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

const root = path.join(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuItem[]>; commands: { command: string; enablement?: string }[] };
};

function viewItemRegex(when: string): RegExp | undefined {
  const match = /viewItem =~ \/(.+?)\/(?=\s|$)/.exec(when);
  return match ? new RegExp(match[1]) : undefined;
}

/** Every contextValue a row can have. */
const rows = buildStates.flatMap((state) =>
  [false, true].flatMap((output) =>
    [false, true].flatMap((configChanged) =>
      [false, true].map((vhd) => ({ state, output: output && state !== 'running', configChanged, vhd })),
    ),
  ),
);

describe('Image Builds menus match the contextValues', () => {
  const items = manifest.contributes.menus['view/item/context'].filter((item) => item.when?.includes('imageBuilds\\.build'));

  for (const [action, command] of Object.entries(buildActionCommands) as [BuildAction, string][]) {
    it(`${command} shows exactly on the rows that allow "${action}"`, () => {
      const entries = items.filter((item) => item.command === command && !item.group?.startsWith('inline'));
      assert.equal(entries.length, 1, `${command} has one context menu entry`);
      const regex = viewItemRegex(entries[0].when!)!;
      for (const row of rows) {
        const value = buildContextValue(row.state, row.output, row.configChanged, row.vhd);
        assert.equal(regex.test(value), allowedBuildActions(row.state, row.output, row.vhd).includes(action), `${command} on ${value}`);
      }
    });
  }

  it('inline actions are a subset of the menu: Rebuild only when the config changed, Cancel while running', () => {
    const inline = items.filter((item) => item.group?.startsWith('inline'));
    for (const entry of inline) {
      const regex = viewItemRegex(entry.when!)!;
      const action = (Object.entries(buildActionCommands) as [BuildAction, string][]).find(([, command]) => command === entry.command)![0];
      for (const row of rows) {
        const value = buildContextValue(row.state, row.output, row.configChanged, row.vhd);
        if (regex.test(value))
          assert.ok(allowedBuildActions(row.state, row.output, row.vhd).includes(action), `${entry.command} inline on ${value}`);
      }
    }
    const rebuild = viewItemRegex(inline.find((item) => item.command === buildActionCommands.rebuild)!.when!)!;
    assert.equal(rebuild.test(buildContextValue('succeeded', true, true)), true);
    assert.equal(rebuild.test(buildContextValue('succeeded', true, false)), false);
  });

  it('the rows make the contextValues the menus expect', () => {
    const base = {
      id: 'b',
      configPath: '/w/web.azl.yaml',
      configHash: 'h',
      base: { kind: 'file', path: '/w/base.vhdx' },
      format: 'vhd-fixed',
      tag: 'latest',
      outputPath: '/w/out/web.vhd',
      startedAt: 0,
    } as const;
    const done = buildItem(
      { ...base, state: 'succeeded', endedAt: 95_000, output: { sizeBytes: 3 * 1024 * 1024, modifiedMs: 1 } },
      { outputStatus: 'present', configState: 'changed', now: 0 },
    );
    assert.equal(done.contextValue, 'imageBuilds.build.succeeded.output.vhd.configChanged');
    assert.equal(done.label, 'web.azl.yaml');
    assert.equal(done.description, 'config changed · succeeded · vhd-fixed · 3.0 MB · 1 min 35 s');
    assert.match(done.tooltip, /^Config: \/w\/web\.azl\.yaml\nBase: base\.vhdx\nFormat: vhd-fixed\nOutput: \/w\/out\/web\.vhd\n/);
    const running = buildItem(
      { ...base, state: 'running', stage: 'packages' },
      { outputStatus: 'none', configState: 'unchanged', now: 12_000 },
    );
    assert.equal(running.contextValue, 'imageBuilds.build.running');
    assert.equal(running.description, 'installing and updating packages · vhd-fixed · 12 s');
    const failed = buildItem(
      { ...base, state: 'failed', endedAt: 5000, error: 'image customization failed: bad' },
      { outputStatus: 'none', configState: 'unchanged', now: 0 },
    );
    assert.equal(failed.contextValue, 'imageBuilds.build.failed');
    assert.match(failed.tooltip, /Output: none \(partial output removed\)/);
    assert.match(failed.tooltip, /Error: image customization failed: bad/);
  });

  it('the build command is offered on image configs in the editor title and the explorer, in trusted workspaces', () => {
    const open = manifest.contributes.menus['editor/title'].find((item) => item.command === 'azureLinux.containers.openFromImageConfig')!;
    for (const menu of ['editor/title', 'explorer/context']) {
      const entry = manifest.contributes.menus[menu].find((item) => item.command === 'azureLinux.imageBuilds.build');
      assert.equal(entry?.when, open.when, `${menu} offers Build where it offers the mirror`);
    }
    assert.equal(manifest.contributes.commands.find((c) => c.command === 'azureLinux.imageBuilds.build')?.enablement, 'isWorkspaceTrusted');
  });
});
