import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chunkRanges,
  formatBytes,
  formatDuration,
  isAllZero,
  markDone,
  mergeRanges,
  newTransferState,
  parseTransferState,
  progressText,
  serializeTransferState,
  splitRanges,
  subtractRanges,
  totalBytes,
  TransferMeter,
} from '../../../src/azure/core/transfer';

const MiB = 1024 * 1024;

describe('transfer ranges', () => {
  it('cuts a file into 4 MiB ranges, the last one shorter', () => {
    const ranges = splitRanges(9 * MiB + 512);
    assert.deepEqual(
      ranges.map((r) => [r.offset / MiB, r.count]),
      [
        [0, 4 * MiB],
        [4, 4 * MiB],
        [8, MiB + 512],
      ],
    );
    assert.equal(totalBytes(ranges), 9 * MiB + 512);
    assert.throws(() => splitRanges(10, 1000), /multiple of 512/);
  });

  it('merges touching ranges and leaves out what is done', () => {
    assert.deepEqual(
      mergeRanges([
        { offset: 1024, count: 512 },
        { offset: 0, count: 1024 },
        { offset: 4096, count: 0 },
      ]),
      [{ offset: 0, count: 1536 }],
    );
    const wanted = splitRanges(12 * MiB);
    const left = subtractRanges(wanted, [
      { offset: 0, count: 4 * MiB },
      { offset: 6 * MiB, count: MiB },
    ]);
    assert.deepEqual(left, [
      { offset: 4 * MiB, count: 2 * MiB },
      { offset: 7 * MiB, count: MiB },
      { offset: 8 * MiB, count: 4 * MiB },
    ]);
    assert.deepEqual(subtractRanges(wanted, [{ offset: 0, count: 12 * MiB }]), []);
  });

  it('cuts page ranges into pieces a single request can carry', () => {
    const pieces = chunkRanges([
      { offset: 512, count: 9 * MiB },
      { offset: 20 * MiB, count: 512 },
    ]);
    assert.deepEqual(
      pieces.map((r) => r.count),
      [4 * MiB, 4 * MiB, MiB, 512],
    );
    assert.equal(pieces[1]!.offset, 512 + 4 * MiB);
  });

  it('sees an all-zero range, whatever its alignment', () => {
    const zeros = Buffer.alloc(4 * MiB);
    assert.equal(isAllZero(zeros), true);
    zeros[4 * MiB - 1] = 1;
    assert.equal(isAllZero(zeros), false);
    assert.equal(isAllZero(zeros.subarray(3, 4 * MiB - 1)), true, 'unaligned view without the last byte');
    assert.equal(isAllZero(zeros.subarray(3)), false);
  });
});

describe('resumable state', () => {
  it('round-trips and picks up only the same transfer', () => {
    let state = newTransferState('MicrosoftCBLMariner:azure-linux-3:azure-linux-3-gen2:3.20250310.01', 30 * MiB + 512);
    state = markDone(state, { offset: 0, count: 4 * MiB });
    state = markDone(state, { offset: 4 * MiB, count: 4 * MiB });
    const text = serializeTransferState(state);
    assert.deepEqual(parseTransferState(text, state.identity, state.size)?.done, [{ offset: 0, count: 8 * MiB }]);
    assert.equal(parseTransferState(text, 'another:image:sku:1.0', state.size), undefined, 'another image');
    assert.equal(parseTransferState(text, state.identity, state.size + 512), undefined, 'another size');
  });

  it('starts afresh from a damaged or tampered state file', () => {
    assert.equal(parseTransferState('{not json', 'x', 1024), undefined);
    assert.equal(parseTransferState(JSON.stringify({ version: 2, identity: 'x', size: 1024, done: [] }), 'x', 1024), undefined);
    const beyond = JSON.stringify({ version: 1, identity: 'x', size: 1024, done: [{ offset: 512, count: 1024 }] });
    assert.equal(parseTransferState(beyond, 'x', 1024), undefined, 'a range past the end');
    const negative = JSON.stringify({ version: 1, identity: 'x', size: 1024, done: [{ offset: -512, count: 512 }] });
    assert.equal(parseTransferState(negative, 'x', 1024), undefined);
  });
});

describe('progress', () => {
  it('measures bytes/s over the network and the time left from the file processed', () => {
    let now = 0;
    const meter = new TransferMeter(100 * MiB, () => now);
    now = 1000;
    meter.add(10 * MiB, 10 * MiB);
    now = 2000;
    meter.add(30 * MiB, 0); // an empty stretch, skipped
    const snapshot = meter.snapshot();
    assert.equal(snapshot.processedBytes, 40 * MiB);
    assert.equal(snapshot.transferredBytes, 10 * MiB);
    assert.equal(snapshot.bytesPerSecond, 5 * MiB);
    assert.equal(snapshot.secondsLeft, 3);
    assert.equal(progressText(snapshot), '40.0 MiB of 100 MiB · 5.0 MiB/s · 3 s left');
  });

  it('forgets samples older than its window', () => {
    let now = 0;
    const meter = new TransferMeter(1000 * MiB, () => now, 5000);
    now = 1000;
    meter.add(100 * MiB, 100 * MiB);
    for (now = 2000; now <= 20_000; now += 1000) meter.add(MiB, MiB);
    assert.equal(Math.round(meter.snapshot().bytesPerSecond! / MiB), 1, 'the early burst no longer counts');
  });

  it('says sizes and durations as people read them', () => {
    assert.equal(formatBytes(17), '17 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(2 * 1024 * MiB), '2.0 GiB');
    assert.equal(formatBytes(300 * MiB), '300 MiB');
    assert.equal(formatDuration(45.4), '45 s');
    assert.equal(formatDuration(200), '3 min 20 s');
    assert.equal(formatDuration(3900), '1 h 5 min');
  });
});
