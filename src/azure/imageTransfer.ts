import type { ByteRange, TransferSnapshot } from './core/transfer';

/*
 * Moving a disk image between this machine and a managed disk's page blob (the SAS Azure grants). One real
 * implementation (storage/pageBlobTransfer.ts, `@azure/storage-blob`); both directions take an AbortSignal, report
 * progress, and stop with a TransferError that says what is done, so the caller can resume or clean up.
 */

export interface UploadOptions {
  readonly signal: AbortSignal;
  readonly onProgress?: (snapshot: TransferSnapshot) => void;
  /** Ranges a previous attempt sent already (a resumed upload): neither read nor sent again. */
  readonly done?: readonly ByteRange[];
}

export interface UploadResult {
  readonly fileBytes: number;
  /** Bytes that went over the network; the rest were empty ranges a new disk has already. */
  readonly sentBytes: number;
  readonly skippedBytes: number;
  readonly rangesSent: number;
}

export interface DownloadOptions {
  readonly signal: AbortSignal;
  readonly onProgress?: (snapshot: TransferSnapshot) => void;
  /** What is downloaded (e.g. the image URN and version): a partial file of the same identity and size is resumed. */
  readonly identity: string;
}

export interface DownloadResult {
  readonly path: string;
  readonly size: number;
  /** Bytes fetched in this run (only the ranges that hold data). */
  readonly receivedBytes: number;
  /** Bytes a previous, interrupted run had fetched already. */
  readonly resumedBytes: number;
}

export type TransferFailureKind = 'accessExpired' | 'failed';

/** A transfer stopped (not cancelled): why, in a sentence, and what had been done, to resume from. */
export class TransferError extends Error {
  constructor(
    message: string,
    readonly kind: TransferFailureKind,
    readonly done: readonly ByteRange[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransferError';
  }
}

export interface ImageTransferService {
  /** Writes a fixed VHD into the page blob of a disk made for upload (write SAS), skipping all-zero ranges. */
  uploadVhd(filePath: string, sasUrl: string, options: UploadOptions): Promise<UploadResult>;
  /**
   * Reads an exported disk (read SAS) into `targetPath`: only the ranges that hold data, into a sparse
   * `<target>.partial` with the done ranges in `<target>.partial.json`, renamed to `targetPath` once complete.
   */
  downloadVhd(sasUrl: string, targetPath: string, options: DownloadOptions): Promise<DownloadResult>;
  /**
   * A small blob behind a read SAS (boot diagnostics' serial log or screenshot), from `offset` to its end;
   * undefined when Azure has no such blob (yet).
   */
  readBlob(sasUrl: string, options: { readonly offset?: number; readonly signal: AbortSignal }): Promise<BlobBytes | undefined>;
}

export interface BlobBytes {
  /** The blob's whole size now. */
  readonly size: number;
  /** Its bytes from the requested offset on (empty when it has not grown past it). */
  readonly bytes: Buffer;
}
