/*
 * The blob side of the fake: the page blob behind a managed disk's SAS, and the block blobs of boot diagnostics,
 * served on the fake ARM server's own HTTPS port at the URLs its SAS answers name. Requests and answers follow
 * the Azure Storage REST API reference ("Put Page", "Get Blob", "Get Page Ranges", "Get Blob Properties",
 * "Service SAS", "Status and error codes"):
 * - Put Page: `PUT ?comp=page`, `x-ms-page-write: update|clear`, `x-ms-range` (or `Range`) `bytes=start-end`
 *   512-aligned, an update at most 4 MiB with a body exactly that long; 201 with ETag and the sequence number.
 * - Get Blob: the whole blob (200) or one range (206 with Content-Range); `x-ms-blob-type: PageBlob`.
 * - Get Page Ranges: `GET ?comp=pagelist`, optional range, `maxresults` and `marker`; an XML PageList.
 * - Get Blob Properties: `HEAD`, with Content-Length and `x-ms-blob-type`.
 * - Errors: XML `<Error><Code>..</Code><Message>..</Message></Error>` and the `x-ms-error-code` header; an
 *   expired SAS is 403 AuthenticationFailed ("Signed expiry time [...] must be after current time [...]"); a SAS
 *   without write permission is 403 AuthorizationPermissionMismatch.
 * Blob bytes live in sparse files under a temporary folder, so a 30 GiB disk costs only the bytes written.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PAGE = 512;
const MAX_PUT_PAGE = 4 * 1024 * 1024;

export interface PageRange {
  start: number;
  /** Inclusive, as the PageList XML has it. */
  end: number;
}

/** A page blob of fixed size whose bytes are in a sparse file; the written (valid) pages are tracked as ranges. */
export class PageBlob {
  private valid: { offset: number; count: number }[] = [];
  private fd: number | undefined;
  etag = newEtag();
  lastModified = new Date();
  sequenceNumber = 0;
  /** Put Page requests that wrote data, and the bytes they carried (for the tests and the bench). */
  pagesWritten = 0;
  bytesWritten = 0;

  constructor(
    readonly path: string,
    readonly size: number,
  ) {
    this.fd = openSync(path, 'w+');
    ftruncateSync(this.fd, size);
  }

  private handle(): number {
    if (this.fd === undefined) throw new Error('The blob was deleted.');
    return this.fd;
  }

  write(offset: number, data: Buffer): void {
    writeSync(this.handle(), data, 0, data.length, offset);
    this.valid = merge([...this.valid, { offset, count: data.length }]);
    this.touch();
  }

  clear(offset: number, count: number): void {
    // Only pages that hold data need zeros written; the rest read as zeros already.
    for (const range of this.valid) {
      const start = Math.max(range.offset, offset);
      const end = Math.min(range.offset + range.count, offset + count);
      for (let at = start; at < end; at += MAX_PUT_PAGE) {
        const length = Math.min(MAX_PUT_PAGE, end - at);
        writeSync(this.handle(), Buffer.alloc(length), 0, length, at);
      }
    }
    this.valid = subtract(this.valid, offset, count);
    this.touch();
  }

  read(offset: number, count: number): Buffer {
    const buffer = Buffer.alloc(count);
    let done = 0;
    while (done < count) {
      const read = readSync(this.handle(), buffer, done, count - done, offset + done);
      if (read === 0) break;
      done += read;
    }
    return buffer;
  }

  /** The valid ranges within [offset, offset + count), clipped to it. */
  pageRanges(offset = 0, count = this.size - offset): PageRange[] {
    const end = offset + count;
    return this.valid
      .filter((range) => range.offset < end && range.offset + range.count > offset)
      .map((range) => ({ start: Math.max(range.offset, offset), end: Math.min(range.offset + range.count, end) - 1 }));
  }

  /** SHA-256 of the whole blob, read in 4 MiB pieces (holes hash as the zeros they read as). */
  sha256(): string {
    const hash = createHash('sha256');
    for (let offset = 0; offset < this.size; offset += MAX_PUT_PAGE)
      hash.update(this.read(offset, Math.min(MAX_PUT_PAGE, this.size - offset)));
    return hash.digest('hex');
  }

  delete(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.path, { force: true });
  }

  private touch(): void {
    this.etag = newEtag();
    this.lastModified = new Date();
  }
}

function newEtag(): string {
  return `"0x8DC${randomBytes(6).toString('hex').toUpperCase()}"`;
}

function merge(ranges: { offset: number; count: number }[]): { offset: number; count: number }[] {
  const sorted = [...ranges].sort((a, b) => a.offset - b.offset);
  const merged: { offset: number; count: number }[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.offset <= last.offset + last.count) last.count = Math.max(last.count, range.offset + range.count - last.offset);
    else merged.push({ ...range });
  }
  return merged;
}

function subtract(ranges: { offset: number; count: number }[], offset: number, count: number): { offset: number; count: number }[] {
  const end = offset + count;
  return ranges.flatMap((range) => {
    const rangeEnd = range.offset + range.count;
    if (rangeEnd <= offset || range.offset >= end) return [range];
    const pieces: { offset: number; count: number }[] = [];
    if (range.offset < offset) pieces.push({ offset: range.offset, count: offset - range.offset });
    if (rangeEnd > end) pieces.push({ offset: end, count: rangeEnd - end });
    return pieces;
  });
}

/** What a SAS allows on one blob, and until when; revoking it makes every request with it fail. */
export interface SasGrant {
  readonly signature: string;
  readonly permissions: 'r' | 'rw';
  expiresAt: number;
  revoked: boolean;
}

export type BlobContent = { kind: 'page'; blob: PageBlob } | { kind: 'block'; read: () => Buffer | undefined; contentType: string };

interface Entry {
  content: BlobContent;
  sas: SasGrant;
}

/** A storage error as the Blob service answers it. */
export class StorageError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** Paths that are blobs: /<account>/<container>/<blob>, accounts named like managed disks' export accounts. */
export const blobPathPattern = /^\/(md-[a-z0-9]+|bd-[a-z0-9]+)\/[^/]+\/[^/]+$/;

/** The blobs the fake serves, by path; each has exactly one SAS (a new grant replaces the old one). */
export class BlobService {
  private readonly entries = new Map<string, Entry>();
  private folder: string | undefined;
  /** https://127.0.0.1:PORT, set by the server. */
  baseUrl = '';

  newPageBlob(size: number): PageBlob {
    this.folder ??= mkdtempSync(join(tmpdir(), 'azl-fake-blobs-'));
    return new PageBlob(join(this.folder, randomBytes(8).toString('hex')), size);
  }

  /** Publishes content under a new path with a SAS valid for `seconds`; returns the SAS URL. */
  publish(
    content: BlobContent,
    permissions: 'r' | 'rw',
    seconds: number,
    account = `md-${randomBytes(6).toString('hex')}`,
    name = 'abcd',
  ): string {
    const container = randomBytes(6).toString('hex');
    const path = `/${account}/${container}/${name}`;
    const sas: SasGrant = {
      signature: randomBytes(24).toString('base64'),
      permissions,
      expiresAt: Date.now() + seconds * 1000,
      revoked: false,
    };
    this.entries.set(path, { content, sas });
    // The shape of a managed disk's SAS (sv, sr, si, sig); the expiry lives with the stored access policy (si).
    const query = new URLSearchParams({ sv: '2018-03-28', sr: 'b', si: randomBytes(16).toString('hex'), sig: sas.signature });
    return `${this.baseUrl}${path}?${query.toString()}`;
  }

  /** The grant behind a SAS URL this service handed out. */
  grantOf(sasUrl: string): SasGrant | undefined {
    return this.entries.get(new URL(sasUrl).pathname)?.sas;
  }

  /** Revokes every SAS for this content (revoke-access, a deleted disk). */
  revoke(content: PageBlob): void {
    for (const [path, entry] of this.entries) {
      if (entry.content.kind === 'page' && entry.content.blob === content) {
        entry.sas.revoked = true;
        this.entries.delete(path);
      }
    }
  }

  close(): void {
    for (const entry of this.entries.values()) if (entry.content.kind === 'page') entry.content.blob.delete();
    this.entries.clear();
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
    this.folder = undefined;
  }

  /** Answers one blob request; the server calls this for paths matching blobPathPattern. */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL, method: string): Promise<number> {
    let body: Buffer;
    try {
      body = await readBytes(request);
    } catch {
      // The client went away mid-request (a cancelled transfer): nobody is left to answer.
      response.destroy();
      return 499;
    }
    try {
      const reply = this.answer(method, url, request, body);
      const headers = { ...commonHeaders(), ...reply.headers };
      if (reply.stream) {
        await streamRange(response, reply.status, headers, reply.stream);
      } else if (reply.body === undefined || method === 'HEAD') {
        response.writeHead(reply.status, { 'Content-Length': reply.contentLength ?? '0', ...headers });
        response.end();
      } else {
        response.writeHead(reply.status, { ...headers, 'Content-Length': String(reply.body.length) });
        response.end(reply.body);
      }
      return reply.status;
    } catch (error) {
      const failure =
        error instanceof StorageError ? error : new StorageError(500, 'InternalError', `Fake blob service bug: ${String(error)}`);
      writeStorageError(response, failure);
      return failure.status;
    }
  }

  private answer(method: string, url: URL, request: IncomingMessage, body: Buffer): Answer {
    const entry = this.entries.get(url.pathname);
    const signature = url.searchParams.get('sig');
    if (!entry || !signature || signature !== entry.sas.signature) {
      // Azure cannot tell a revoked or unknown SAS from a forged one: the signature does not verify.
      throw new StorageError(
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
        'Signature did not match. String to sign used was r',
      );
    }
    if (entry.sas.revoked || Date.now() > entry.sas.expiresAt) {
      throw new StorageError(
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
        `Signed expiry time [${new Date(entry.sas.expiresAt).toUTCString()}] must be after current time [${new Date().toUTCString()}]`,
      );
    }
    const comp = url.searchParams.get('comp');
    const content = entry.content;
    if (content.kind === 'block') {
      const data = content.read();
      if (!data) throw new StorageError(404, 'BlobNotFound', 'The specified blob does not exist.');
      if (method === 'HEAD') return { status: 200, headers: blockHeaders(data, content.contentType), contentLength: String(data.length) };
      if (method !== 'GET' || comp) throw unsupported(method, comp);
      const range = requestedRange(request, data.length, false);
      if (range) {
        return {
          status: 206,
          headers: { ...blockHeaders(data, content.contentType), 'Content-Range': `bytes ${range.start}-${range.end}/${data.length}` },
          body: data.subarray(range.start, range.end + 1),
        };
      }
      return { status: 200, headers: blockHeaders(data, content.contentType), body: data };
    }
    const blob = content.blob;
    if (method === 'PUT' && comp === 'page') {
      if (entry.sas.permissions !== 'rw') {
        throw new StorageError(
          403,
          'AuthorizationPermissionMismatch',
          'This request is not authorized to perform this operation using this permission.',
        );
      }
      return this.putPage(blob, request, body);
    }
    if (method === 'GET' && comp === 'pagelist') return this.pageList(blob, request, url);
    if (method === 'HEAD' && !comp) return { status: 200, headers: pageHeaders(blob), contentLength: String(blob.size) };
    if (method === 'GET' && !comp) {
      const range = requestedRange(request, blob.size, false);
      if (range) {
        return {
          status: 206,
          headers: { ...pageHeaders(blob), 'Content-Range': `bytes ${range.start}-${range.end}/${blob.size}` },
          stream: { blob, start: range.start, end: range.end },
        };
      }
      return { status: 200, headers: pageHeaders(blob), stream: { blob, start: 0, end: blob.size - 1 } };
    }
    throw unsupported(method, comp);
  }

  private putPage(blob: PageBlob, request: IncomingMessage, body: Buffer) {
    const write = String(request.headers['x-ms-page-write'] ?? '').toLowerCase();
    if (write !== 'update' && write !== 'clear') {
      throw new StorageError(
        400,
        'MissingRequiredHeader',
        'An HTTP header that is mandatory for this request is not specified.',
        'x-ms-page-write',
      );
    }
    const range = requestedRange(request, blob.size, true);
    if (!range)
      throw new StorageError(
        400,
        'MissingRequiredHeader',
        'An HTTP header that is mandatory for this request is not specified.',
        'x-ms-range',
      );
    const count = range.end - range.start + 1;
    if (range.start % PAGE !== 0 || count % PAGE !== 0) {
      throw new StorageError(
        400,
        'InvalidHeaderValue',
        'The value for one of the HTTP headers is not in the correct format.',
        'x-ms-range',
      );
    }
    if (range.end >= blob.size) throw new StorageError(416, 'InvalidPageRange', 'The page range specified is invalid.');
    if (write === 'update') {
      if (count > MAX_PUT_PAGE)
        throw new StorageError(413, 'RequestBodyTooLarge', 'The request body is too large and exceeds the maximum permissible limit.');
      if (body.length !== count) {
        throw new StorageError(
          400,
          'InvalidHeaderValue',
          'The value for one of the HTTP headers is not in the correct format.',
          'Content-Length',
        );
      }
      blob.write(range.start, body);
      blob.pagesWritten++;
      blob.bytesWritten += count;
    } else {
      if (body.length !== 0)
        throw new StorageError(
          400,
          'InvalidHeaderValue',
          'The value for one of the HTTP headers is not in the correct format.',
          'Content-Length',
        );
      blob.clear(range.start, count);
    }
    return {
      status: 201,
      headers: {
        ETag: blob.etag,
        'Last-Modified': blob.lastModified.toUTCString(),
        'x-ms-blob-sequence-number': String(blob.sequenceNumber),
        'x-ms-request-server-encrypted': 'true',
      },
    };
  }

  private pageList(blob: PageBlob, request: IncomingMessage, url: URL) {
    const range = requestedRange(request, blob.size, false);
    const all = range ? blob.pageRanges(range.start, range.end - range.start + 1) : blob.pageRanges();
    const marker = Number(url.searchParams.get('marker') ?? '0') || 0;
    const max = Number(url.searchParams.get('maxresults') ?? '0') || all.length;
    const page = all.slice(marker, marker + max);
    const next = marker + max < all.length ? String(marker + max) : '';
    const xml =
      '<?xml version="1.0" encoding="utf-8"?><PageList>' +
      page.map((r) => `<PageRange><Start>${r.start}</Start><End>${r.end}</End></PageRange>`).join('') +
      (url.searchParams.has('marker') || url.searchParams.has('maxresults') ? `<NextMarker>${next}</NextMarker>` : '') +
      '</PageList>';
    return {
      status: 200,
      headers: {
        ...pageHeaders(blob),
        'Content-Type': 'application/xml',
        'x-ms-blob-content-length': String(blob.size),
      },
      body: Buffer.from(xml, 'utf8'),
    };
  }
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
  /** Page blob bytes, sent 4 MiB at a time as the client takes them (a whole disk never sits in memory). */
  stream?: { blob: PageBlob; start: number; end: number };
  contentLength?: string;
}

async function streamRange(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  range: { blob: PageBlob; start: number; end: number },
): Promise<void> {
  response.writeHead(status, { ...headers, 'Content-Length': String(range.end - range.start + 1) });
  try {
    for (let at = range.start; at <= range.end && !response.destroyed; at += MAX_PUT_PAGE) {
      const chunk = range.blob.read(at, Math.min(MAX_PUT_PAGE, range.end - at + 1));
      if (!response.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            response.off('drain', done);
            response.off('close', done);
            resolve();
          };
          response.on('drain', done);
          response.on('close', done);
        });
      }
    }
    response.end();
  } catch {
    // The blob went away mid-answer (its disk was deleted): the answer is cut off, as a dropped connection.
    response.destroy();
  }
}

function unsupported(method: string, comp: string | null): StorageError {
  return new StorageError(
    400,
    'UnsupportedHttpVerb',
    `The fake blob service does not serve ${method}${comp ? ` ?comp=${comp}` : ''}; add it to test/fakes/arm/blobs.ts.`,
  );
}

function commonHeaders(): Record<string, string> {
  return {
    'x-ms-request-id': randomBytes(16).toString('hex'),
    'x-ms-version': '2025-01-05',
    Date: new Date().toUTCString(),
    Server: 'Windows-Azure-Blob/1.0',
  };
}

function pageHeaders(blob: PageBlob): Record<string, string> {
  return {
    'x-ms-blob-type': 'PageBlob',
    ETag: blob.etag,
    'Last-Modified': blob.lastModified.toUTCString(),
    'x-ms-blob-sequence-number': String(blob.sequenceNumber),
    'Accept-Ranges': 'bytes',
    'Content-Type': 'application/octet-stream',
    'x-ms-lease-status': 'unlocked',
    'x-ms-lease-state': 'available',
    'x-ms-server-encrypted': 'true',
  };
}

function blockHeaders(data: Buffer, contentType: string): Record<string, string> {
  return {
    'x-ms-blob-type': 'BlockBlob',
    ETag: `"0x8DC${createHash('sha1').update(data).digest('hex').slice(0, 12).toUpperCase()}"`,
    'Last-Modified': new Date().toUTCString(),
    'Accept-Ranges': 'bytes',
    'Content-Type': contentType,
  };
}

/** The `x-ms-range` (preferred) or `Range` header as inclusive bounds; an open end runs to the end of the blob. */
function requestedRange(request: IncomingMessage, size: number, required: boolean): PageRange | undefined {
  const header = String(request.headers['x-ms-range'] ?? request.headers.range ?? '');
  if (!header) return undefined;
  const match = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!match)
    throw new StorageError(400, 'InvalidHeaderValue', 'The value for one of the HTTP headers is not in the correct format.', 'Range');
  const start = Number(match[1]);
  const end = match[2] ? Number(match[2]) : size - 1;
  if (end < start)
    throw new StorageError(400, 'InvalidHeaderValue', 'The value for one of the HTTP headers is not in the correct format.', 'Range');
  if (!required && start >= size)
    throw new StorageError(416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.');
  return { start, end: required ? end : Math.min(end, size - 1) };
}

export function writeStorageError(response: ServerResponse, error: StorageError, extraHeaders: Record<string, string> = {}): void {
  const requestId = randomBytes(16).toString('hex');
  const detail = error.detail
    ? error.code === 'AuthenticationFailed'
      ? `<AuthenticationErrorDetail>${escapeXml(error.detail)}</AuthenticationErrorDetail>`
      : `<HeaderName>${escapeXml(error.detail)}</HeaderName>`
    : '';
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${error.code}</Code><Message>${escapeXml(
    `${error.message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}`,
  )}</Message>${detail}</Error>`;
  const body = Buffer.from(xml, 'utf8');
  response.writeHead(error.status, {
    ...commonHeaders(),
    ...extraHeaders,
    'x-ms-request-id': requestId,
    'x-ms-error-code': error.code,
    'Content-Type': 'application/xml',
    'Content-Length': String(body.length),
  });
  response.end(body);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function readBytes(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
