import assert from 'node:assert/strict';
import { eventually } from '../../helpers/eventually';
import { describe, it } from 'node:test';
import { EngineError, type ContainerEngine, type ContainerSummary } from '../../../src/docker/engine';
import { EnvironmentsModel } from '../../../src/features/localEnvironments/core/environmentsModel';

const log = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const version = { version: '27.0', apiVersion: '1.46', isPodman: false, os: 'linux' };
const container = (name: string): ContainerSummary => ({
  id: `${name}-id`,
  name,
  image: 'i',
  imageId: 'sha256:1',
  state: 'running',
  status: 'Up',
  labels: {},
  created: 0,
});

function fakeEngine(address: string, overrides: Partial<Record<keyof ContainerEngine, unknown>>): ContainerEngine & { lists: number } {
  const engine = {
    lists: 0,
    endpoint: { kind: 'unix', socketPath: address, source: 'default', address: `unix://${address}` },
    version: async () => version,
    listContainers: async () => {
      engine.lists++;
      return [container('c')];
    },
    listImages: async () => [],
    events: (_onEvent: unknown, signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
    ...overrides,
  };
  return engine as unknown as ContainerEngine & { lists: number };
}

describe('Local Environments recovery', () => {
  it('an event stream that fails at once does not make the tree list in a tight loop: it backs off', async () => {
    let streams = 0;
    const engine = fakeEngine('/x.sock', {
      events: async () => {
        streams++;
        throw new EngineError('Listening to engine events failed: refused.', 'failed');
      },
    });
    const model = new EnvironmentsModel(engine, log, { debounceMs: 1, retryMinMs: 40, retryMaxMs: 1000, streamStableMs: 1000 });
    model.setVisible(true);
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Without backoff this is thousands; with 40, 80, 160 ms waits it is a handful, and the tree stays listed.
    assert.ok(engine.lists <= 5, `listed ${engine.lists} times in 150 ms`);
    assert.ok(streams >= 2, 'the stream is tried again');
    assert.equal(model.status.kind, 'ready');
    assert.deepEqual(
      model.snapshot.containers.map((c) => c.name),
      ['c'],
    );
    model.dispose();
  });

  it('while unreachable, resolves the address again on each retry and switches when the engine moved', async () => {
    const down = fakeEngine('/old.sock', {
      version: async () => Promise.reject(new EngineError('Cannot reach Docker at /old.sock. Is it running?', 'unreachable')),
    });
    const moved = fakeEngine('/new.sock', {});
    let asked = 0;
    const found: { engine?: ContainerEngine } = {};
    const model = new EnvironmentsModel(
      down,
      log,
      { debounceMs: 1, retryMinMs: 10, retryMaxMs: 20 },
      {
        reResolve: (current) => {
          asked++;
          return found.engine && found.engine.endpoint.address !== current.endpoint.address ? found.engine : undefined;
        },
      },
    );
    model.setVisible(true);
    await eventually('unreachable', () => model.status.kind === 'unreachable');
    await eventually('a retry asks again', () => asked >= 2);
    assert.equal(model.engine.endpoint.address, 'unix:///old.sock');
    found.engine = moved;
    await eventually('ready at the new address', () => model.status.kind === 'ready');
    assert.equal(model.engine.endpoint.address, 'unix:///new.sock');
    assert.deepEqual(
      model.snapshot.containers.map((c) => c.name),
      ['c'],
    );
    model.dispose();
  });

  it('pull progress within a phase reaches the tree at most once per throttle period; a phase change at once', async () => {
    const model = new EnvironmentsModel(fakeEngine('/x.sock', {}), log, {
      debounceMs: 1,
      retryMinMs: 10,
      retryMaxMs: 20,
      progressThrottleMs: 60,
    });
    let changes = 0;
    model.onDidChange(() => changes++);
    const pending = model.beginPending({ key: 'k', name: 'n', image: 'i', phase: 'creating' });
    assert.equal(changes, 1);
    pending.update(undefined, 'pulling');
    assert.equal(changes, 2, 'a phase change shows at once');
    for (let i = 0; i < 200; i++) {
      pending.update(`${i}%`, 'pulling', [{ id: 'abc', phase: 'downloading', current: i, total: 200 }]);
    }
    assert.ok(changes <= 3, `${changes} changes for 200 chunks`);
    await eventually('the last figure shows', () => model.pending[0]?.detail === '199%' && changes >= 3);
    const settled = changes;
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(changes, settled, 'nothing more once quiet');
    assert.equal(model.pending[0]!.layers![0]!.current, 199);
    pending.end();
    model.dispose();
  });
  it('a refresh asked for while a listing runs reflects what changed before it was asked; callers meanwhile share one listing', async () => {
    let state: ContainerSummary['state'] = 'created';
    const answers: Array<() => void> = [];
    const engine = fakeEngine('/x.sock', {
      listContainers: async () => {
        engine.lists++;
        const seen = state; // what the engine had when it was asked
        await new Promise<void>((resolve) => answers.push(resolve));
        return [{ ...container('c'), state: seen }];
      },
    });
    const model = new EnvironmentsModel(engine, log);
    const first = model.refresh();
    await eventually('the first listing to be asked', () => answers.length === 1);
    state = 'running'; // the caller starts the container, then refreshes
    const second = model.refresh();
    const third = model.refresh();
    answers.shift()!();
    await first;
    await eventually('the listing after it to be asked', () => answers.length === 1);
    answers.shift()!();
    await Promise.all([second, third]);
    assert.equal(model.snapshot.containers[0].state, 'running');
    assert.equal(engine.lists, 2, 'the two calls made while the first ran share one listing');
    model.dispose();
  });
});
