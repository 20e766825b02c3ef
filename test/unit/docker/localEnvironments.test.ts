import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { azlLabels } from '../../../src/docker/core/labels';
import { EngineError, type ContainerEngine, type ContainerSummary, type EngineEvent, type ImageSummary } from '../../../src/docker/engine';
import { EnvironmentsModel, isRelevantEvent, retryDelay } from '../../../src/features/localEnvironments/core/environmentsModel';
import { effectiveSettingTarget } from '../../../src/settingTarget';
import {
  containerItem,
  contextValueFor,
  groupEnvironments,
  iconFor,
  itemMenus,
  layerItem,
  menuPatterns,
  notMirroredLines,
  removeContainersQuestion,
  sizeOf,
  textBar,
  unreachableMessage,
  unusedMirrorImages,
  wantsNewShellRow,
} from '../../../src/views/localEnvironments/core/presentation';

function container(name: string, state: ContainerSummary['state'], labels: Record<string, string> = {}): ContainerSummary {
  return {
    id: `${name}-id-0123456789`,
    name,
    image: 'img:1',
    imageId: 'sha256:1',
    state,
    status: state === 'running' ? 'Up 2 minutes' : 'Exited (0) 1 hour ago',
    labels,
    created: 0,
  };
}
const shell = (name: string, state: ContainerSummary['state']) =>
  container(name, state, { [azlLabels.shell]: '1', [azlLabels.image]: 'mcr.microsoft.com/azurelinux/base/core:3.0' });
const image = (tags: string[], labels: Record<string, string> = {}): ImageSummary => ({
  id: `sha256:${tags[0] ?? 'none'}`,
  repoTags: tags,
  labels,
  created: 1_700_000_000,
  size: 80e6,
});

describe('Local Environments presentation', () => {
  it('heads any non-empty tree with "New azl-shell...", also when only Image Builds or WSL rows show', () => {
    assert.equal(wantsNewShellRow(0, 0), false, 'an empty tree shows the welcome content and its button instead');
    assert.equal(wantsNewShellRow(2, 0), true);
    assert.equal(wantsNewShellRow(0, 1), true, 'no container or image, but an image build or a WSL distribution');
  });

  it('groups azl-shells first, then Azure Linux images; other containers only behind the toggle', () => {
    const containers = [container('web', 'running'), shell('zeta', 'exited'), shell('alpha', 'running')];
    const images = [
      image(['ubuntu:24.04']),
      image(['mcr.microsoft.com/azurelinux/base/core:3.0', 'mcr.microsoft.com/azurelinux/base/core:3.0.20250102']),
    ];
    const hidden = groupEnvironments(containers, images, { showAllContainers: false });
    assert.deepEqual(
      hidden.shells.map((s) => s.label),
      ['alpha', 'zeta'],
    );
    assert.deepEqual(
      hidden.images.map((i) => i.label),
      ['mcr.microsoft.com/azurelinux/base/core:3.0', 'mcr.microsoft.com/azurelinux/base/core:3.0.20250102'],
    );
    assert.equal(hidden.others, undefined);
    const shown = groupEnvironments(containers, images, { showAllContainers: true });
    assert.deepEqual(
      shown.others?.map((o) => o.label),
      ['web'],
    );
  });

  it('shows state with icons and contextValues that encode kind and state', () => {
    const running = containerItem(shell('a', 'running'));
    assert.equal(running.contextValue, 'localEnvironments.azlShell.running');
    assert.deepEqual(running.icon, { id: 'vm-running', color: 'testing.iconPassed' });
    const stopped = containerItem(container('b', 'exited'));
    assert.equal(stopped.contextValue, 'localEnvironments.container.stopped');
    assert.equal(stopped.icon.id, 'vm-outline');
    assert.match(stopped.description!, /Exited \(0\)/);
    assert.equal(iconFor('building').id, 'loading~spin');
  });

  it('shows work under way as a pending row with the building icon until the container exists', () => {
    const pending = [{ key: 'k', name: 'mirror', image: 'azl-mirror:1', phase: 'building' as const, detail: 'step 2/5' }];
    const sections = groupEnvironments([], [], { showAllContainers: false, pending });
    assert.equal(sections.shells[0]!.contextValue, 'localEnvironments.pending.building');
    assert.equal(sections.shells[0]!.description, 'building · step 2/5');
    assert.equal(sections.shells[0]!.icon.id, 'loading~spin');
    const done = groupEnvironments([shell('mirror', 'running')], [], { showAllContainers: false, pending: [] });
    assert.deepEqual(
      done.shells.map((s) => s.contextValue),
      ['localEnvironments.azlShell.running'],
      'once the work ends the row shows the container',
    );
  });

  it('shows a pull under way with a row per layer: short id, phase, a text bar and the size', () => {
    assert.equal(textBar(0, 0, 5), '▱▱▱▱▱');
    assert.equal(textBar(12.3, 27, 5), '▰▰▱▱▱');
    assert.equal(textBar(27, 27, 5), '▰▰▰▰▰');
    const mb = 1024 * 1024;
    assert.equal(sizeOf(12.3 * mb, 27 * mb), '12.3 of 27.0 MB');
    const layer = layerItem('k', { id: 'sha256:0123456789abcdef0123', phase: 'downloading', current: 12.3 * mb, total: 27 * mb });
    assert.equal(layer.label, '0123456789ab');
    assert.equal(layer.description, 'downloading ▰▰▱▱▱ 12.3 of 27.0 MB');
    assert.equal(layerItem('k', { id: 'abc', phase: 'done', current: 0, total: 0 }).description, 'done');
    const pending = [
      {
        key: 'k',
        name: 'new',
        image: 'img:1',
        phase: 'pulling' as const,
        detail: '40%',
        layers: [
          { id: 'aaa', phase: 'done' as const, current: 0, total: 0 },
          { id: 'bbb', phase: 'downloading' as const, current: 1 * mb, total: 4 * mb },
        ],
      },
    ];
    const row = groupEnvironments([], [], { showAllContainers: false, pending }).shells[0]!;
    assert.equal(row.description, 'pulling image · 40%');
    assert.deepEqual(
      row.children?.map((c) => `${c.label} ${c.description}`),
      ['aaa done', 'bbb downloading ▰▱▱▱▱ 1.0 of 4.0 MB'],
    );
    const building = groupEnvironments([], [], { showAllContainers: false, pending: [{ ...pending[0]!, phase: 'building' as const }] })
      .shells[0]!;
    assert.equal(building.children, undefined, 'layer rows only while pulling');
  });

  it('a container being rebuilt shows building on its own row, and no container menu matches it', () => {
    const pending = [
      { key: 'mirror:/w/image.yaml', name: 'mirror', image: 'azl-mirror:1', phase: 'building' as const, detail: 'step 2 of 5' },
    ];
    const sections = groupEnvironments([shell('mirror', 'running')], [], { showAllContainers: false, pending });
    assert.equal(sections.shells.length, 1);
    const row = sections.shells[0]!;
    assert.equal(row.label, 'mirror');
    assert.equal(row.contextValue, 'localEnvironments.azlShell.building');
    assert.equal(row.description, 'building · step 2 of 5');
    assert.equal(row.icon.id, 'loading~spin');
    assert.equal(row.state, 'building');
    for (const [name, pattern] of Object.entries(menuPatterns)) {
      assert.equal(pattern.test(row.contextValue), false, `${name} must not match a container being rebuilt`);
    }
  });

  it('lets a feature annotate containers (description and context flags)', () => {
    const c = container('cfg', 'running', {
      [azlLabels.shell]: '1',
      [azlLabels.configPath]: '/w/image.yaml',
      [azlLabels.configHash]: 'old',
    });
    const item = containerItem(c, (x) =>
      x.labels[azlLabels.configHash] === 'old' ? { description: 'config changed', contextFlags: ['configChanged'] } : undefined,
    );
    assert.equal(item.contextValue, 'localEnvironments.azlShell.running.configChanged');
    assert.match(item.description!, /^config changed · /);
    assert.match(item.tooltip, /Image config: \/w\/image\.yaml/);
  });

  it('package.json context menus use exactly the patterns the code defines, and they match the right rows', () => {
    const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    // Rebuild and Reopen in Dev Container belong to the image-config feature and are checked with it.
    const itemEntries = manifest.contributes.menus['view/item/context']!.filter((entry) => entry.command in itemMenus);
    assert.deepEqual([...new Set(itemEntries.map((e) => e.command))].sort(), Object.keys(itemMenus).sort());
    for (const entry of itemEntries) {
      const source = /viewItem =~ \/(.+)\/$/.exec(entry.when ?? '')?.[1];
      assert.equal(source, menuPatterns[itemMenus[entry.command]!].source, entry.command);
    }
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const command of Object.keys(itemMenus)) {
      assert.ok(declared.has(command), `${command} is declared`);
    }
    const match = (pattern: keyof typeof menuPatterns, value: string) => menuPatterns[pattern].test(value);
    assert.equal(match('runningContainer', contextValueFor('azlShell', 'running', ['configChanged'])), true);
    assert.equal(match('runningContainer', contextValueFor('container', 'stopped')), false);
    assert.equal(match('stoppedContainer', contextValueFor('azlShell', 'stopped')), true);
    assert.equal(match('shellTarget', contextValueFor('azlShell', 'stopped')), true);
    assert.equal(match('shellTarget', contextValueFor('container', 'stopped')), false);
    assert.equal(match('anyContainer', contextValueFor('pending', 'building')), false);
    assert.equal(match('image', contextValueFor('image')), true);
    assert.equal(match('pausedContainer', contextValueFor('azlShell', 'paused')), true, 'Unpause shows on a paused row');
    assert.equal(match('pausedContainer', contextValueFor('container', 'running')), false);
    assert.equal(match('stoppableContainer', contextValueFor('container', 'paused')), true, 'Stop shows on a paused row');
    assert.equal(match('stoppableContainer', contextValueFor('azlShell', 'running', ['configChanged'])), true);
    assert.equal(match('stoppableContainer', contextValueFor('azlShell', 'stopped')), false);
    assert.equal(
      match('stoppedContainer', contextValueFor('azlShell', 'paused')),
      false,
      'Start does not show on a paused row (the engine refuses it)',
    );
  });
});

describe('Local Environments: what a person is told', () => {
  it('words the Remove question by state: only a live container is killed', () => {
    assert.match(removeContainersQuestion([shell('a', 'running')]), /^Remove the running container "a"\? It is killed without waiting/);
    const stopped = removeContainersQuestion([shell('a', 'exited')]);
    assert.equal(stopped, 'Remove the stopped container "a"? Files outside the mounted workspace are lost.');
    assert.doesNotMatch(stopped, /kill/);
    assert.equal(
      removeContainersQuestion([shell('a', 'exited'), shell('b', 'created')]),
      'Remove 2 stopped containers (a, b)? Files outside the mounted workspace are lost.',
    );
    assert.match(removeContainersQuestion([shell('a', 'exited'), shell('b', 'paused')]), /The running ones \(b\) are killed/);
  });

  it("names in an environment's tooltip what its container does not mirror of the config", () => {
    const labels = {
      [azlLabels.shell]: '1',
      [azlLabels.configPath]: '/w/image.yaml',
      [azlLabels.configNotMirrored]: JSON.stringify(['storage', 'os.selinux', 'os.bootloader']),
    };
    assert.deepEqual(notMirroredLines(labels), ['Not mirrored in a container (3): storage, os.selinux, os.bootloader']);
    assert.match(containerItem(container('m', 'running', labels)).tooltip, /\nNot mirrored in a container \(3\): storage, /);
    const many = Array.from({ length: 11 }, (_, index) => `os.users[${index}].password`);
    assert.match(notMirroredLines({ [azlLabels.configNotMirrored]: JSON.stringify(many) })[0]!, /\(11\): .* and 3 more$/);
    assert.deepEqual(notMirroredLines({ [azlLabels.configNotMirrored]: 'not json' }), [], 'a damaged label says nothing');
    assert.deepEqual(notMirroredLines({}), []);
  });

  it("says why the engine cannot be used with its whole address, and what to do, in the view's message", () => {
    const message = unreachableMessage(
      'Cannot reach Docker at /home/dev/.local/share/containers/podman/machine/podman.sock. Is it running?',
      'unreachable',
    );
    assert.match(message, /at \/home\/dev\/\.local\/share\/containers\/podman\/machine\/podman\.sock\. Is it running\? Start Docker/);
    assert.equal(
      unreachableMessage('Permission denied on /var/run/docker.sock. Add your user...', 'permission'),
      'Permission denied on /var/run/docker.sock. Add your user...',
    );
    assert.match(unreachableMessage('ssh://host: not supported.', 'unsupported'), /unix:\/\/, npipe:\/\/ or tcp:\/\//);
    assert.match(unreachableMessage('x failed.', 'failed'), /log has the details/);
  });

  it('prunes only the images built from image configs that no container uses', () => {
    const mirror = (tag: string) => image([tag], { [azlLabels.configPath]: `/w/${tag}.yaml` });
    const used = mirror('azl-mirror/used-1:latest');
    const unused = mirror('azl-mirror/old-2:latest');
    const pulled = image(['mcr.microsoft.com/azurelinux/base/core:3.0']);
    const users = [{ ...container('env', 'exited'), imageId: used.id }];
    assert.deepEqual(
      unusedMirrorImages([used, unused, pulled], users).map((candidate) => candidate.repoTags[0]),
      ['azl-mirror/old-2:latest'],
    );
  });
});

describe('Local Environments refresh logic', () => {
  it('reacts to events that change the tree, not to exec noise', () => {
    const event = (type: string, action: string): EngineEvent => ({ type, action, id: 'x', attributes: {}, time: 0 });
    assert.equal(isRelevantEvent(event('container', 'start')), true);
    assert.equal(isRelevantEvent(event('container', 'health_status: healthy')), false);
    assert.equal(isRelevantEvent(event('container', 'exec_start: sh')), false);
    assert.equal(isRelevantEvent(event('image', 'pull')), true);
    assert.equal(isRelevantEvent(event('network', 'connect')), false);
  });

  it('backs off 1, 2, 4 ... seconds up to the cap', () => {
    const timings = { debounceMs: 0, retryMinMs: 1000, retryMaxMs: 30_000 };
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, timings)),
      [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000],
    );
  });

  it('goes unreachable without listing again and again while hidden, and recovers when the engine answers', async () => {
    let up = false;
    let calls = 0;
    const unreachable = () => new EngineError('Cannot reach Docker at /x.sock. Is it running?', 'unreachable');
    const fake = {
      endpoint: { kind: 'unix', socketPath: '/x.sock', source: 'default', address: 'unix:///x.sock' },
      version: async () => {
        calls++;
        if (!up) throw unreachable();
        return { version: '27.0', apiVersion: '1.46', isPodman: false, os: 'linux' };
      },
      listContainers: async () => (up ? [container('c', 'running')] : Promise.reject(unreachable())),
      listImages: async () => [],
      events: (_onEvent: unknown, signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
    } as unknown as ContainerEngine;
    const log = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    const model = new EnvironmentsModel(fake, log, { debounceMs: 5, retryMinMs: 10, retryMaxMs: 20 });
    const changed = () =>
      new Promise<void>((resolve) => {
        const s = model.onDidChange(() => {
          s.dispose();
          resolve();
        });
      });
    model.setVisible(true);
    await changed();
    assert.equal(model.status.kind, 'unreachable');
    assert.match(model.status.kind === 'unreachable' ? model.status.message : '', /Is it running\?/);
    up = true;
    const statusKind = (): string => model.status.kind;
    while (statusKind() !== 'ready') await changed();
    assert.deepEqual(
      model.snapshot.containers.map((c) => c.name),
      ['c'],
    );
    model.setVisible(false);
    up = false;
    const before = calls;
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(calls, before, 'nothing polls while hidden');
    model.dispose();
  });
});

describe('the "other containers" toggle', () => {
  it('writes the scope whose value is in effect, the user settings when no workspace sets one', () => {
    assert.equal(effectiveSettingTarget(undefined), 'global');
    assert.equal(effectiveSettingTarget({ workspaceValue: undefined }), 'global');
    assert.equal(effectiveSettingTarget({ workspaceValue: false }), 'workspace', 'a workspace false is still a value');
    assert.equal(effectiveSettingTarget({ workspaceValue: true, workspaceFolderValue: false }), 'workspaceFolder');
  });
});
