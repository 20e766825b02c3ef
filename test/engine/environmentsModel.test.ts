import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { buildShellContainerSpec } from '../../src/docker/core/shellSpec';
import { createContainerEngine, type ContainerEngine } from '../../src/docker/engine';
import { resolveMachineEndpoint } from '../../src/docker/machine';
import { EnvironmentsModel } from '../../src/features/localEnvironments/core/environmentsModel';
import { groupEnvironments } from '../../src/views/localEnvironments/core/presentation';
import { eventually, type EventuallyOptions } from '../helpers/eventually';
import { removeTestContainers, testEngine, testEngineKind, testImage, testLog, testRunId, testRunLabel, uniqueName } from './helpers';

const fast = { debounceMs: 100, retryMinMs: 200, retryMaxMs: 1000 };

/** For `eventually`: check again on every change the model announces, and say its status on a time-out. */
function changesOf(model: EnvironmentsModel): EventuallyOptions {
  return { onChange: (listener) => model.onDidChange(listener), describe: () => `status ${JSON.stringify(model.status)}` };
}

describe('Local Environments refresh against a real Docker Engine', () => {
  let engine: ContainerEngine;

  before(() => {
    engine = testEngine();
  });

  after(async () => {
    await removeTestContainers(engine);
  });

  it('lists the engine when shown and follows its events: create, stop and remove show up without asking', async () => {
    const model = new EnvironmentsModel(engine, testLog, fast);
    try {
      model.setVisible(true);
      await eventually('ready', () => model.status.kind === 'ready', changesOf(model));
      const name = uniqueName('events');
      const shellNames = () =>
        groupEnvironments(model.snapshot.containers, model.snapshot.images, { showAllContainers: false }).shells.map((s) => s.label);
      const images = groupEnvironments(model.snapshot.containers, model.snapshot.images, { showAllContainers: false }).images.map(
        (i) => i.label,
      );
      assert.ok(images.includes(testImage), `the Azure Linux test image is listed among ${images.join(', ')}`);

      const id = await engine.createContainer(
        buildShellContainerSpec({ image: testImage, name, networkMode: 'none', extraLabels: { [testRunLabel]: testRunId } }),
      );
      await eventually('the created container', () => shellNames().includes(name), changesOf(model));
      await engine.start(id);
      const stateOf = () =>
        groupEnvironments(model.snapshot.containers, model.snapshot.images, { showAllContainers: false }).shells.find(
          (s) => s.label === name,
        )?.state;
      await eventually('running', () => stateOf() === 'running', changesOf(model));
      await engine.stop(id);
      await eventually('stopped', () => stateOf() === 'stopped', changesOf(model));
      await engine.remove(id);
      await eventually('removed', () => !shellNames().includes(name), changesOf(model));
    } finally {
      model.dispose();
    }
  });

  it('a burst of events is debounced into few listings, and a hidden view stops listening', async () => {
    const model = new EnvironmentsModel(engine, testLog, { ...fast, debounceMs: 300 });
    try {
      model.setVisible(true);
      await eventually('ready', () => model.status.kind === 'ready', changesOf(model));
      const before = model.refreshCount;
      const ids = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          engine.createContainer({
            image: testImage,
            name: uniqueName(`burst${n}`),
            labels: { [testRunLabel]: testRunId },
            cmd: ['true'],
            networkMode: 'none',
          }),
        ),
      );
      await eventually('all four listed', () => ids.every((id) => model.snapshot.containers.some((c) => c.id === id)), changesOf(model));
      assert.ok(model.refreshCount - before <= 3, `four creations caused ${model.refreshCount - before} listings`);

      model.setVisible(false);
      const hiddenCount = model.refreshCount;
      const hiddenId = await engine.createContainer({
        image: testImage,
        name: uniqueName('hidden'),
        labels: { [testRunLabel]: testRunId },
        cmd: ['true'],
        networkMode: 'none',
      });
      // Give a listening model ample time to react; a hidden one must not.
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(model.refreshCount, hiddenCount, 'no listing while hidden');
      assert.equal(
        model.snapshot.containers.some((c) => c.id === hiddenId),
        false,
      );
      model.setVisible(true);
      await eventually('the container made while hidden', () => model.snapshot.containers.some((c) => c.id === hiddenId), changesOf(model));
    } finally {
      model.dispose();
    }
  });

  it('says the engine is unreachable when it stops, and recovers by itself when it is back', async () => {
    // A second private engine of the same kind in its own folder: stopping it never disturbs the shared one other
    // tests use.
    const repoRoot = resolve(__dirname, '..', '..', '..');
    const kind = testEngineKind();
    const script = pathToFileURL(join(repoRoot, 'scripts', `${kind}-engine.mjs`)).href;
    const dockerEngine = (await import(script)) as {
      start(dir: string): Promise<{ host: string; socket: string }>;
      stop(dir: string, options?: { keepData?: boolean }): Promise<void>;
    };
    const dir = join(repoRoot, '.cache', `${kind}-restart-${process.pid}`);
    const started = await dockerEngine.start(dir);
    const own = createContainerEngine(resolveMachineEndpoint(started.host), testLog);
    const model = new EnvironmentsModel(own, testLog, fast);
    try {
      const name = uniqueName('survivor');
      await own.createContainer(buildShellContainerSpec({ image: testImage, name, networkMode: 'none' }));
      model.setVisible(true);
      await eventually(
        'ready',
        () => model.status.kind === 'ready' && model.snapshot.containers.some((c) => c.name === name),
        changesOf(model),
      );

      await dockerEngine.stop(dir, { keepData: true });
      await eventually('unreachable', () => model.status.kind === 'unreachable', changesOf(model));
      assert.equal(model.status.kind === 'unreachable' && model.status.reason, 'unreachable');
      assert.equal(
        model.status.kind === 'unreachable' ? model.status.message : '',
        `Cannot reach Docker at ${started.socket}. Is it running?`,
      );
      assert.deepEqual(model.snapshot.containers, []);

      await dockerEngine.start(dir);
      await eventually(
        'ready again with the container',
        () => model.status.kind === 'ready' && model.snapshot.containers.some((c) => c.name === name),
        changesOf(model),
      );
    } finally {
      model.dispose();
      await dockerEngine.stop(dir);
    }
  });
});
