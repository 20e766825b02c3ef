/*
 * The one way the files a config names are looked at and read, by the editor, azl-lint and the local-environment
 * build. A config is untrusted input (a pull request from a fork, a downloaded sample), so the paths in it are too:
 *
 * - they are resolved inside a root folder, one component at a time, and a path that leaves it (`../`, an absolute
 *   path, a symbolic link pointing out) is refused before anything outside is looked at, not even its existence;
 * - only regular files are read: a folder, named pipe, socket or device is refused (a pipe would block the reader
 *   forever, `/dev/zero` would fill memory). Files are opened non-blocking and checked again after the open;
 * - a file larger than the cap is refused, and no more than the cap is ever read.
 *
 * The root is the workspace folder in the editor; for azl-lint `--root`, else the git repository holding the config,
 * else the config's own folder (`configRoot`). No vscode import: the CLIs and the unit tests use it as it is.
 */
import * as fs from 'node:fs';
import { open } from 'node:fs/promises';
import * as path from 'node:path';

const MiB = 1024 * 1024;

/** The most of a file read as text (base configs, package lists): configs are a few kB. */
export const maxReadBytes = 4 * MiB;

/** The most of a file a local-environment build copies into its image (`additionalFiles`, scripts). */
export const maxCopiedBytes = 256 * MiB;

/** The folder paths must stay inside, and how messages name it ("the workspace folder", "the repository"). */
export interface FileRoot {
  readonly path: string;
  readonly name: string;
}

/** Why a path was not used. */
export type FileRefusal =
  | { readonly reason: 'missing' }
  | { readonly reason: 'outside'; readonly root: string }
  | { readonly reason: 'not-regular'; readonly found: string }
  | { readonly reason: 'not-folder' }
  | { readonly reason: 'too-large'; readonly limit: number }
  | { readonly reason: 'unreadable'; readonly detail: string };

export type Bounded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: FileRefusal };

export interface BoundedOptions {
  /** Paths must resolve inside this folder. None only for a file a person named on a command line. */
  readonly root?: FileRoot;
  /** Files larger than this are refused: for reads the default is `maxReadBytes`; a check without it takes any size. */
  readonly maxBytes?: number;
}

/**
 * Completes "The file 'x' …": `does not exist`, `is outside the repository; not read`, … (`action` says what was not
 * done: "not read", or "not copied" in a build).
 */
export function describeRefusal(refusal: FileRefusal, action = 'not read'): string {
  switch (refusal.reason) {
    case 'missing':
      return 'does not exist';
    case 'outside':
      return `is outside ${refusal.root}; ${action}`;
    case 'not-regular':
      return `is ${refusal.found}, not a regular file; ${action}`;
    case 'not-folder':
      return 'is not a folder';
    case 'too-large':
      return `is larger than ${formatBytes(refusal.limit)}; ${action}`;
    case 'unreadable':
      return `cannot be read (${refusal.detail})`;
  }
}

export function formatBytes(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

/** azl-lint's root when `--root` is not given: the git repository holding the config, else the config's folder. */
export function configRoot(configPath: string): FileRoot {
  const folder = path.dirname(path.resolve(configPath));
  for (let dir = folder; ;) {
    if (fs.existsSync(path.join(dir, '.git'))) return { path: dir, name: 'the repository' };
    const parent = path.dirname(dir);
    if (parent === dir) return { path: folder, name: "the config's folder" };
    dir = parent;
  }
}

/**
 * Where `target` really is, when it may be used as `expected` (a regular file, or a folder); the size is checked only
 * when `maxBytes` is given. Looks at nothing outside the root.
 */
export function checkPath(
  target: string,
  expected: 'file' | 'directory',
  options: BoundedOptions = {},
): Bounded<{ realPath: string; stats: fs.Stats }> {
  const resolved = options.root ? resolveBeneath(options.root, target) : realPathOf(target);
  if (!resolved.ok) return resolved;
  let stats: fs.Stats;
  try {
    stats = fs.statSync(resolved.value);
  } catch (error) {
    return refused(refusalOf(error));
  }
  const refusal = classify(stats, expected, options.maxBytes);
  return refusal ? refused(refusal) : { ok: true, value: { realPath: resolved.value, stats } };
}

/** Reads a file as the module's comment says, at most `maxBytes` (default `maxReadBytes`). */
export function readBoundedFile(target: string, options: BoundedOptions = {}): Bounded<Buffer> {
  const maxBytes = options.maxBytes ?? maxReadBytes;
  const checked = checkPath(target, 'file', { ...options, maxBytes });
  if (!checked.ok) return checked;
  let fd: number;
  try {
    fd = fs.openSync(checked.value.realPath, openFlags);
  } catch (error) {
    return refused(refusalOf(error));
  }
  try {
    const again = sameFile(fs.fstatSync(fd), checked.value.stats, maxBytes);
    if (again) return refused(again);
    const content = new CappedContent(maxBytes, 64 * 1024);
    for (let chunk = content.next(); ; chunk = content.next()) {
      const count = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) return content.result();
      if (!content.took(chunk, count)) return refused({ reason: 'too-large', limit: maxBytes });
    }
  } catch (error) {
    return refused(refusalOf(error));
  } finally {
    fs.closeSync(fd);
  }
}

/** `readBoundedFile` as UTF-8 text. */
export function readBoundedText(target: string, options: BoundedOptions = {}): Bounded<string> {
  const read = readBoundedFile(target, options);
  return read.ok ? { ok: true, value: read.value.toString('utf8') } : read;
}

/** `readBoundedFile` without blocking the thread on the read itself (the path checks are a few quick system calls). */
export async function readBoundedFileAsync(target: string, options: BoundedOptions = {}): Promise<Bounded<Buffer>> {
  const maxBytes = options.maxBytes ?? maxReadBytes;
  const checked = checkPath(target, 'file', { ...options, maxBytes });
  if (!checked.ok) return checked;
  let handle;
  try {
    handle = await open(checked.value.realPath, openFlags);
  } catch (error) {
    return refused(refusalOf(error));
  }
  try {
    const again = sameFile(await handle.stat(), checked.value.stats, maxBytes);
    if (again) return refused(again);
    const content = new CappedContent(maxBytes, MiB);
    for (let chunk = content.next(); ; chunk = content.next()) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return content.result();
      if (!content.took(chunk, bytesRead)) return refused({ reason: 'too-large', limit: maxBytes });
    }
  } catch (error) {
    return refused(refusalOf(error));
  } finally {
    await handle.close();
  }
}

/** What a read loop has read so far; it never asks for more than one byte past the cap (to see the file is larger). */
class CappedContent {
  private readonly chunks: Buffer[] = [];
  private total = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly chunkBytes: number,
  ) {}

  /** Where to read next. */
  next(): Buffer {
    return Buffer.allocUnsafe(Math.min(this.chunkBytes, this.maxBytes + 1 - this.total));
  }

  /** Keeps what a read put into `chunk`; false once the file has proved larger than the cap. */
  took(chunk: Buffer, count: number): boolean {
    this.chunks.push(chunk.subarray(0, count));
    this.total += count;
    return this.total <= this.maxBytes;
  }

  result(): Bounded<Buffer> {
    return { ok: true, value: Buffer.concat(this.chunks, this.total) };
  }
}

// Non-blocking, so opening a named pipe that replaced the checked file returns at once; no link at the last step.
const openFlags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

/** After the open: still a regular file within the cap, and the same one that was checked. */
function sameFile(opened: fs.Stats, checked: fs.Stats, maxBytes: number): FileRefusal | undefined {
  const refusal = classify(opened, 'file', maxBytes);
  if (refusal) return refusal;
  if (opened.ino !== checked.ino || opened.dev !== checked.dev) return { reason: 'unreadable', detail: 'it was replaced while being read' };
  return undefined;
}

function classify(stats: fs.Stats, expected: 'file' | 'directory', maxBytes: number | undefined): FileRefusal | undefined {
  if (expected === 'directory') return stats.isDirectory() ? undefined : { reason: 'not-folder' };
  if (!stats.isFile()) return { reason: 'not-regular', found: describeFileType(stats) };
  if (maxBytes !== undefined && stats.size > maxBytes) return { reason: 'too-large', limit: maxBytes };
  return undefined;
}

/** What a file that is not a regular file is, for messages: "a named pipe", "a device", … (Stats or a Dirent). */
export function describeFileType(
  stats: Pick<fs.Stats, 'isDirectory' | 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket'>,
): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'something else';
}

function refused(refusal: FileRefusal): { ok: false; refusal: FileRefusal } {
  return { ok: false, refusal };
}

function refusalOf(error: unknown): FileRefusal {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { reason: 'missing' };
    case 'EACCES':
    case 'EPERM':
      return { reason: 'unreadable', detail: 'permission denied' };
    case 'ELOOP':
      return { reason: 'unreadable', detail: 'too many symbolic links' };
    case 'ENAMETOOLONG':
      return { reason: 'unreadable', detail: 'the name is too long' };
    case 'EISDIR':
      return { reason: 'not-regular', found: 'a folder' };
    default:
      return { reason: 'unreadable', detail: code ?? (error instanceof Error ? error.message : String(error)) };
  }
}

function realPathOf(target: string): Bounded<string> {
  try {
    return { ok: true, value: fs.realpathSync.native(target) };
  } catch (error) {
    return refused(refusalOf(error));
  }
}

/** The most symbolic links followed for one path, as Linux allows (ELOOP past it). */
const maxLinks = 40;

/** `target` relative to `folder`, or undefined when it is not inside it. */
function within(folder: string, target: string): string | undefined {
  const relative = path.relative(folder, target);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  return relative;
}

function parts(relative: string): string[] {
  return relative.split(path.sep === '/' ? '/' : /[\\/]/).filter((part) => part !== '' && part !== '.');
}

/**
 * Resolves `target` from the root one component at a time, following symbolic links by reading them and refusing as
 * soon as a step (a `..`, an absolute or relative link target) leaves the root: so nothing outside it is ever looked
 * at. The root itself is trusted, and taken by its real path.
 */
function resolveBeneath(root: FileRoot, target: string): Bounded<string> {
  const outside = refused({ reason: 'outside', root: root.name });
  let rootReal: string;
  try {
    rootReal = fs.realpathSync.native(root.path);
  } catch {
    rootReal = path.resolve(root.path);
  }
  // A path may name the root as given or by its real path (a workspace under a linked folder).
  const inside = (absolute: string) => within(rootReal, absolute) ?? within(path.resolve(root.path), absolute);
  const start = inside(path.resolve(target));
  if (start === undefined) return outside;
  const pending = parts(start).reverse();
  let current = rootReal;
  let links = 0;
  while (pending.length) {
    const part = pending.pop()!;
    if (part === '..') {
      if (within(rootReal, current) === '') return outside;
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, part);
    let stats: fs.Stats;
    try {
      stats = fs.lstatSync(next);
    } catch (error) {
      return refused(refusalOf(error));
    }
    if (!stats.isSymbolicLink()) {
      current = next;
      continue;
    }
    if (++links > maxLinks) return refused({ reason: 'unreadable', detail: 'too many symbolic links' });
    let link: string;
    try {
      link = fs.readlinkSync(next);
    } catch (error) {
      return refused(refusalOf(error));
    }
    if (path.isAbsolute(link)) {
      const relative = inside(path.resolve(link));
      if (relative === undefined) return outside;
      current = rootReal;
      pending.push(...parts(relative).reverse());
    } else {
      pending.push(...parts(link).reverse());
    }
  }
  return { ok: true, value: current };
}
