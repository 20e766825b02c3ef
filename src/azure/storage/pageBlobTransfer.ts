import type * as StorageBlobTypes from '@azure/storage-blob';
import { open, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { azurePackages } from '../../util/lazyPackages';
import {
  chunkRanges,
  isAllZero,
  markDone,
  maxPutPageBytes,
  mergeRanges,
  newTransferState,
  pageBytes,
  parseTransferState,
  serializeTransferState,
  splitRanges,
  subtractRanges,
  totalBytes,
  TransferMeter,
  type ByteRange,
  type TransferState,
} from '../core/transfer';
import { parseVhdFooter, vhdFooterBytes } from '../core/vhd';
import {
  TransferError,
  type BlobBytes,
  type DownloadOptions,
  type DownloadResult,
  type ImageTransferService,
  type UploadOptions,
  type UploadResult,
} from '../imageTransfer';

type PageBlobClient = StorageBlobTypes.PageBlobClient;

export interface PageBlobTransferOptions {
  /** Ranges in flight at once (default 4); each holds one 4 MiB buffer. */
  readonly concurrency?: number;
  /** Bytes per request (default 4 MiB, the most one Put Page takes). */
  readonly rangeBytes?: number;
  /** The storage pipeline's first retry delay (its default is 4 s); it retries 500, 503 and dropped connections. */
  readonly retryDelayMs?: number;
  readonly maxTries?: number;
}

function abortError(): Error {
  const error = new Error('Cancelled');
  error.name = 'AbortError';
  return error;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** The storage service's own words for a failed request: "403 AuthenticationFailed: Server failed to ...". */
function storageDetails(error: unknown): { status?: number; code?: string; message: string } {
  const rest = error as { statusCode?: number; code?: string; details?: { errorCode?: string; message?: string }; message?: string };
  const code = rest.details?.errorCode ?? rest.code;
  const message = (rest.details?.message ?? rest.message ?? String(error)).split('\n')[0]!;
  return { status: rest.statusCode, code, message };
}

/**
 * Runs `work` on each range with `concurrency` workers; the first failure stops the others from taking new ranges
 * (and aborts what they have in flight), waits for them, and is rethrown.
 */
async function eachRange(
  ranges: readonly ByteRange[],
  concurrency: number,
  signal: AbortSignal,
  work: (range: ByteRange, signal: AbortSignal, worker: number) => Promise<void>,
): Promise<void> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let failure: unknown;
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, ranges.length) }, async (_, worker) => {
        while (next < ranges.length && !stop.signal.aborted) {
          const range = ranges[next++]!;
          try {
            await work(range, stop.signal, worker);
          } catch (error) {
            failure ??= error;
            stop.abort();
          }
        }
      }),
    );
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) throw abortError();
  if (failure !== undefined) throw failure;
}

/** Image transfers through `@azure/storage-blob`'s PageBlobClient, with the SAS in the URL. */
export class PageBlobTransfer implements ImageTransferService {
  private readonly concurrency: number;
  private readonly rangeBytes: number;

  constructor(private readonly options: PageBlobTransferOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.rangeBytes = options.rangeBytes ?? maxPutPageBytes;
    if (this.rangeBytes % pageBytes !== 0 || this.rangeBytes > maxPutPageBytes) {
      throw new Error(`A range must be a multiple of ${pageBytes} bytes and at most ${maxPutPageBytes}.`);
    }
  }

  private client(sasUrl: string): PageBlobClient {
    const { storageBlob } = azurePackages();
    const pipeline = storageBlob.newPipeline(new storageBlob.AnonymousCredential(), {
      retryOptions: {
        maxTries: this.options.maxTries ?? 5,
        retryDelayInMs: this.options.retryDelayMs ?? 2000,
        maxRetryDelayInMs: Math.max(this.options.retryDelayMs ?? 2000, 30_000),
      },
      userAgentOptions: { userAgentPrefix: 'azure-linux-tools' },
    });
    return new storageBlob.PageBlobClient(sasUrl, pipeline);
  }

  private failure(what: string, error: unknown, done: readonly ByteRange[]): Error {
    if (isAbort(error)) return error as Error;
    const details = storageDetails(error);
    const expired = details.status === 403 && details.code === 'AuthenticationFailed';
    const status = details.status ? `${details.status} ` : '';
    return new TransferError(
      `${what}: ${details.message}${details.code ? ` (${status}${details.code})` : ''}`,
      expired ? 'accessExpired' : 'failed',
      done,
      { cause: error },
    );
  }

  async uploadVhd(filePath: string, sasUrl: string, options: UploadOptions): Promise<UploadResult> {
    const { size } = await stat(filePath);
    if (size % pageBytes !== 0) throw new Error(`${filePath} is ${size} bytes, not a whole number of ${pageBytes}-byte pages.`);
    const blob = this.client(sasUrl);
    const already = options.done ?? [];
    const ranges = subtractRanges(splitRanges(size, this.rangeBytes), already);
    const meter = new TransferMeter(size);
    meter.add(totalBytes(already), 0);
    let done = [...already];
    let sentBytes = 0;
    let rangesSent = 0;
    const file = await open(filePath, 'r');
    const buffers = Array.from({ length: this.concurrency }, () => Buffer.allocUnsafe(this.rangeBytes));
    try {
      await eachRange(ranges, this.concurrency, options.signal, async (range, signal, worker) => {
        const buffer = buffers[worker]!.subarray(0, range.count);
        await readFully(file, buffer, range.offset);
        // A disk made for upload reads as zeros: an all-zero range has nothing to say.
        const empty = isAllZero(buffer);
        if (!empty) {
          await blob.uploadPages(buffer, range.offset, range.count, { abortSignal: signal });
          sentBytes += range.count;
          rangesSent++;
        }
        done = mergeRanges([...done, range]);
        meter.add(range.count, empty ? 0 : range.count);
        options.onProgress?.(meter.snapshot());
      });
    } catch (error) {
      throw this.failure('Uploading the VHD failed', error, done);
    } finally {
      await file.close();
    }
    return { fileBytes: size, sentBytes, skippedBytes: size - totalBytes(already) - sentBytes, rangesSent };
  }

  async downloadVhd(sasUrl: string, targetPath: string, options: DownloadOptions): Promise<DownloadResult> {
    const blob = this.client(sasUrl);
    const partial = `${targetPath}.partial`;
    const statePath = `${partial}.json`;
    let size: number;
    try {
      size = (await blob.getProperties({ abortSignal: options.signal })).contentLength ?? 0;
    } catch (error) {
      throw this.failure('Reading the exported disk failed', error, []);
    }
    if (size < vhdFooterBytes || size % pageBytes !== 0) {
      throw new TransferError(`The exported disk has ${size} bytes, which is not a VHD.`, 'failed', []);
    }
    let state = (await readState(statePath, options.identity, size)) ?? newTransferState(options.identity, size);
    let file = state.done.length > 0 ? await open(partial, 'r+').catch(() => undefined) : undefined;
    if (!file || (await file.stat()).size !== size) {
      // No partial file to go on (or not this one): start afresh.
      await file?.close();
      file = await open(partial, 'w+');
      state = newTransferState(options.identity, size);
    }
    const resumedBytes = totalBytes(state.done);
    let receivedBytes = 0;
    try {
      await file.truncate(size);
      let dataRanges: ByteRange[];
      try {
        dataRanges = [];
        // Only the pages that hold data: a fresh OS disk is mostly empty, and the partial file is sparse.
        for await (const range of blob.listPageRanges(0, size, { abortSignal: options.signal })) {
          dataRanges.push({ offset: range.start, count: range.end - range.start + 1 });
        }
      } catch (error) {
        throw this.failure('Listing the pages of the exported disk failed', error, state.done);
      }
      const wanted = chunkRanges(dataRanges, this.rangeBytes);
      const ranges = subtractRanges(wanted, state.done);
      const meter = new TransferMeter(totalBytes(wanted));
      meter.add(totalBytes(wanted) - totalBytes(ranges), 0);
      const buffers = Array.from({ length: this.concurrency }, () => Buffer.allocUnsafe(this.rangeBytes));
      let saving = Promise.resolve();
      try {
        await eachRange(ranges, this.concurrency, options.signal, async (range, signal, worker) => {
          const buffer = buffers[worker]!.subarray(0, range.count);
          await blob.downloadToBuffer(buffer, range.offset, range.count, {
            abortSignal: signal,
            blockSize: range.count,
            concurrency: 1,
            maxRetryRequestsPerBlock: 3,
          });
          await writeFully(file, buffer, range.offset);
          state = markDone(state, range);
          receivedBytes += range.count;
          meter.add(range.count, range.count);
          options.onProgress?.(meter.snapshot());
          // One write of the state at a time, each with everything done so far.
          const snapshot = state;
          saving = saving.then(() => saveState(statePath, snapshot));
        });
      } catch (error) {
        await saving.catch(() => undefined);
        throw this.failure('Downloading the disk failed', error, state.done);
      }
      await saving;
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await checkVhd(partial, size);
    } catch (error) {
      // Not worth resuming: the next request starts afresh.
      await rm(partial, { force: true });
      await rm(statePath, { force: true });
      throw error;
    }
    await rename(partial, targetPath);
    await rm(statePath, { force: true });
    return { path: targetPath, size, receivedBytes, resumedBytes };
  }

  async readBlob(sasUrl: string, options: { readonly offset?: number; readonly signal: AbortSignal }): Promise<BlobBytes | undefined> {
    const blob = this.client(sasUrl);
    try {
      const size = (await blob.getProperties({ abortSignal: options.signal })).contentLength ?? 0;
      const offset = Math.min(options.offset ?? 0, size);
      if (size - offset > maxSmallBlobBytes)
        throw new Error(`The blob has ${size} bytes; only blobs up to ${maxSmallBlobBytes} are read whole.`);
      if (offset >= size) return { size, bytes: Buffer.alloc(0) };
      return {
        size,
        bytes: await blob.downloadToBuffer(offset, size - offset, { abortSignal: options.signal, maxRetryRequestsPerBlock: 3 }),
      };
    } catch (error) {
      if (storageDetails(error).status === 404) return undefined;
      throw this.failure('Reading boot diagnostics failed', error, []);
    }
  }
}

/** Boot diagnostics' blobs are small (a serial log, a screenshot); a larger one is not what this reads. */
const maxSmallBlobBytes = 64 * 1024 * 1024;

async function readFully(file: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await file.read(buffer, done, buffer.length - done, position + done);
    if (bytesRead === 0)
      throw new Error(`The file ended at ${position + done} bytes, before the VHD footer; it changed during the upload.`);
    done += bytesRead;
  }
}

async function writeFully(file: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesWritten } = await file.write(buffer, done, buffer.length - done, position + done);
    done += bytesWritten;
  }
}

async function readState(path: string, identity: string, size: number): Promise<TransferState | undefined> {
  try {
    return parseTransferState(await readFile(path, 'utf8'), identity, size);
  } catch {
    return undefined;
  }
}

async function saveState(path: string, state: TransferState): Promise<void> {
  await writeFile(`${path}.tmp`, serializeTransferState(state), { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

/** The download ends with a fixed VHD footer that matches its size, or it is not what Azure exported. */
async function checkVhd(path: string, size: number): Promise<void> {
  const file = await open(path, 'r');
  try {
    const footer = Buffer.alloc(vhdFooterBytes);
    await readFully(file, footer, size - vhdFooterBytes);
    const parsed = parseVhdFooter(footer);
    if (!parsed || parsed.diskType !== 'fixed' || !parsed.checksumValid || parsed.currentSize + vhdFooterBytes !== size) {
      throw new TransferError('The downloaded disk does not end with a valid fixed VHD footer; it was not kept.', 'failed', []);
    }
  } finally {
    await file.close();
  }
}
