import { english, type L10n } from '../../util/l10n';

/*
 * The pure parts of moving a disk image to and from a page blob: which ranges to send or fetch, what is done
 * already (the resumable state, kept beside a partial download), and how fast it goes. Page blobs are written in
 * 512-byte pages, at most 4 MiB per Put Page (Azure Storage REST API, "Put Page"); a new upload disk reads as
 * zeros, so an all-zero range need not be sent.
 */

export const pageBytes = 512;
export const maxPutPageBytes = 4 * 1024 * 1024;

export interface ByteRange {
  readonly offset: number;
  readonly count: number;
}

/** [0, size) cut into ranges of `chunk` bytes (the last one shorter), each starting at a multiple of `chunk`. */
export function splitRanges(size: number, chunk = maxPutPageBytes): ByteRange[] {
  if (chunk <= 0 || chunk % pageBytes !== 0) throw new Error(`A transfer range must be a positive multiple of ${pageBytes} bytes.`);
  const ranges: ByteRange[] = [];
  for (let offset = 0; offset < size; offset += chunk) ranges.push({ offset, count: Math.min(chunk, size - offset) });
  return ranges;
}

/** Sorted, with touching and overlapping ranges joined. */
export function mergeRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = ranges.filter((range) => range.count > 0).sort((a, b) => a.offset - b.offset);
  const merged: { offset: number; count: number }[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.offset <= last.offset + last.count) {
      last.count = Math.max(last.count, range.offset + range.count - last.offset);
    } else {
      merged.push({ offset: range.offset, count: range.count });
    }
  }
  return merged;
}

/** The parts of `wanted` that `done` does not cover. */
export function subtractRanges(wanted: readonly ByteRange[], done: readonly ByteRange[]): ByteRange[] {
  const covered = mergeRanges(done);
  const result: ByteRange[] = [];
  for (const range of wanted) {
    let start = range.offset;
    const end = range.offset + range.count;
    for (const piece of covered) {
      const pieceEnd = piece.offset + piece.count;
      if (pieceEnd <= start || piece.offset >= end) continue;
      if (piece.offset > start) result.push({ offset: start, count: piece.offset - start });
      start = Math.max(start, pieceEnd);
      if (start >= end) break;
    }
    if (start < end) result.push({ offset: start, count: end - start });
  }
  return result;
}

/** Cuts ranges (a blob's page ranges) into pieces of at most `chunk` bytes, for parallel ranged reads. */
export function chunkRanges(ranges: readonly ByteRange[], chunk = maxPutPageBytes): ByteRange[] {
  return ranges.flatMap((range) => {
    const pieces: ByteRange[] = [];
    for (let offset = range.offset; offset < range.offset + range.count; offset += chunk) {
      pieces.push({ offset, count: Math.min(chunk, range.offset + range.count - offset) });
    }
    return pieces;
  });
}

export function totalBytes(ranges: readonly ByteRange[]): number {
  return ranges.reduce((sum, range) => sum + range.count, 0);
}

export function isAllZero(bytes: Uint8Array): boolean {
  // Eight bytes at a time where the buffer allows it; a disk image is mostly zeros, so this is the hot loop.
  const whole = bytes.byteOffset % 8 === 0 ? Math.floor(bytes.length / 8) : 0;
  if (whole > 0) {
    const words = new BigUint64Array(bytes.buffer, bytes.byteOffset, whole);
    for (let index = 0; index < words.length; index++) if (words[index] !== 0n) return false;
  }
  for (let index = whole * 8; index < bytes.length; index++) if (bytes[index] !== 0) return false;
  return true;
}

/**
 * What a transfer has done, kept in a file beside the partial one: the same file (identity and size) picks up
 * where it stopped; anything else starts afresh.
 */
export interface TransferState {
  readonly version: 1;
  /** What is being transferred, e.g. the image URN and version of a base download. */
  readonly identity: string;
  readonly size: number;
  /** Ranges written (downloads) or sent (uploads), merged. */
  readonly done: readonly ByteRange[];
}

export function newTransferState(identity: string, size: number): TransferState {
  return { version: 1, identity, size, done: [] };
}

export function markDone(state: TransferState, range: ByteRange): TransferState {
  return { ...state, done: mergeRanges([...state.done, range]) };
}

/** The saved state when it belongs to this transfer and is well formed; undefined means start afresh. */
export function parseTransferState(text: string, identity: string, size: number): TransferState | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const state = value as Partial<TransferState> | null;
  if (!state || state.version !== 1 || state.identity !== identity || state.size !== size || !Array.isArray(state.done)) {
    return undefined;
  }
  const done = state.done.filter(
    (range): range is ByteRange =>
      typeof range?.offset === 'number' &&
      typeof range.count === 'number' &&
      Number.isSafeInteger(range.offset) &&
      Number.isSafeInteger(range.count) &&
      range.offset >= 0 &&
      range.count > 0 &&
      range.offset + range.count <= size,
  );
  return done.length === state.done.length ? { version: 1, identity, size, done: mergeRanges(done) } : undefined;
}

export function serializeTransferState(state: TransferState): string {
  return JSON.stringify(state);
}

export interface TransferSnapshot {
  /** Bytes of the file dealt with so far: sent or fetched, or skipped as empty. */
  readonly processedBytes: number;
  readonly totalBytes: number;
  /** Bytes that went over the network. */
  readonly transferredBytes: number;
  /** Over the last few seconds; undefined until there is something to measure. */
  readonly bytesPerSecond?: number;
  readonly secondsLeft?: number;
}

/**
 * Progress of a transfer: bytes/s over a sliding window of the network bytes, and the time left from the rate at
 * which the file is being processed (skipped empty ranges count, so a sparse image does not look slow).
 */
export class TransferMeter {
  private processed = 0;
  private transferred = 0;
  private readonly samples: { at: number; processed: number; transferred: number }[] = [];

  constructor(
    readonly total: number,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 5000,
  ) {
    this.samples.push({ at: now(), processed: 0, transferred: 0 });
  }

  /** Records progress: `processed` bytes of the file, of which `transferred` went over the network. */
  add(processed: number, transferred: number): void {
    this.processed += processed;
    this.transferred += transferred;
    const at = this.now();
    this.samples.push({ at, processed: this.processed, transferred: this.transferred });
    while (this.samples.length > 2 && at - this.samples[1]!.at > this.windowMs) this.samples.shift();
  }

  snapshot(): TransferSnapshot {
    const first = this.samples[0]!;
    const last = this.samples[this.samples.length - 1]!;
    const seconds = (last.at - first.at) / 1000;
    const base = { processedBytes: this.processed, totalBytes: this.total, transferredBytes: this.transferred };
    if (seconds <= 0) return base;
    const processRate = (last.processed - first.processed) / seconds;
    return {
      ...base,
      bytesPerSecond: (last.transferred - first.transferred) / seconds,
      secondsLeft: processRate > 0 ? Math.max(0, (this.total - this.processed) / processRate) : undefined,
    };
  }
}

/** "1.5 GiB", "512 KiB", "17 B". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "45 s", "3 min 20 s", "1 h 5 min". */
export function formatDuration(seconds: number, l10n: L10n = english): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return l10n.t('{0} s', whole);
  if (whole < 3600) return l10n.t('{0} min {1} s', Math.floor(whole / 60), whole % 60);
  return l10n.t('{0} h {1} min', Math.floor(whole / 3600), Math.floor((whole % 3600) / 60));
}

/** "1.2 GiB of 2.0 GiB · 85 MiB/s · 12 s left", for a progress notification. */
export function progressText(snapshot: TransferSnapshot, l10n: L10n = english): string {
  const parts = [l10n.t('{0} of {1}', formatBytes(snapshot.processedBytes), formatBytes(snapshot.totalBytes))];
  if (snapshot.bytesPerSecond !== undefined) parts.push(l10n.t('{0}/s', formatBytes(snapshot.bytesPerSecond)));
  if (snapshot.secondsLeft !== undefined) parts.push(l10n.t('{0} left', formatDuration(snapshot.secondsLeft, l10n)));
  return parts.join(' · ');
}
