import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describePullProgress, formatBytes, JsonLineSplitter, PullProgressTracker } from '../../../src/docker/core/pullProgress';

describe('pull progress', () => {
  it('follows each layer through download and extraction, never going backwards', () => {
    const tracker = new PullProgressTracker();
    tracker.apply({ status: 'Pulling from azurelinux/base/core', id: '3.0' });
    tracker.apply({ status: 'Pulling fs layer', id: 'a' });
    let state = tracker.apply({ status: 'Pulling fs layer', id: 'b' });
    assert.equal(state.percent, 0);
    assert.deepEqual(
      state.layers.map((l) => l.phase),
      ['waiting', 'waiting'],
    );
    state = tracker.apply({ status: 'Downloading', id: 'a', progressDetail: { current: 50, total: 100 } });
    assert.equal(state.percent, 20); // (0.8 * 0.5 + 0) / 2
    state = tracker.apply({ status: 'Download complete', id: 'a' });
    assert.equal(state.percent, 40);
    state = tracker.apply({ status: 'Extracting', id: 'a', progressDetail: { current: 10, total: 20 } });
    assert.equal(state.percent, 45);
    state = tracker.apply({ status: 'Pull complete', id: 'a' });
    assert.equal(state.percent, 50);
    state = tracker.apply({ status: 'Already exists', id: 'b' });
    assert.equal(state.percent, 100);
    state = tracker.apply({ status: 'Digest: sha256:abc' });
    assert.equal(state.status, 'Digest: sha256:abc');
    assert.equal(describePullProgress(state), '2 of 2 layers done');
  });

  it('a newly announced layer does not make the bar go back', () => {
    const tracker = new PullProgressTracker();
    tracker.apply({ status: 'Pulling fs layer', id: 'a' });
    assert.equal(tracker.apply({ status: 'Pull complete', id: 'a' }).percent, 100);
    assert.equal(tracker.apply({ status: 'Pulling fs layer', id: 'b' }).percent, 100);
  });

  it('leaves layers that already exist out of the bar, so it moves with the download', () => {
    const tracker = new PullProgressTracker();
    assert.equal(tracker.apply({ status: 'Already exists', id: 'base' }).percent, 0);
    tracker.apply({ status: 'Pulling fs layer', id: 'big' });
    const halfway = tracker.apply({ status: 'Downloading', id: 'big', progressDetail: { current: 5, total: 10 } });
    assert.equal(halfway.percent, 40, 'half the download is 80% x 0.5 of the only layer with work');
    assert.equal(halfway.layers.length, 2, 'the present layer is still listed');
    assert.equal(tracker.apply({ status: 'Pull complete', id: 'big' }).percent, 100);
  });

  it('describes downloads in bytes', () => {
    const tracker = new PullProgressTracker();
    tracker.apply({ status: 'Downloading', id: 'a', progressDetail: { current: 3 * 1024 * 1024, total: 10 * 1024 * 1024 } });
    const state = tracker.apply({ status: 'Pulling fs layer', id: 'b' });
    assert.equal(describePullProgress(state), '0 of 2 layers done, downloading 3.0 MB of 10.0 MB');
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 kB');
  });

  it("throws the engine's error", () => {
    const tracker = new PullProgressTracker();
    assert.throws(() => tracker.apply({ errorDetail: { message: 'manifest unknown' }, error: 'manifest unknown' }), /manifest unknown/);
  });

  it('splits JSON lines across chunk boundaries', () => {
    const splitter = new JsonLineSplitter();
    assert.deepEqual(splitter.push('{"status":"Pul'), []);
    assert.deepEqual(splitter.push('ling"}\r\n{"id":"a","status":"Waiting"}\n{"stream":"St'), [
      { status: 'Pulling' },
      { id: 'a', status: 'Waiting' },
    ]);
    assert.deepEqual(splitter.end(), [{ stream: '{"stream":"St' }]);
  });
});
