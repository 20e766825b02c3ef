import { lstat, readdir, readlink } from 'node:fs/promises';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import * as tar from 'tar-stream';
import { payloadDir } from './dockerfile';
import type { ContextEntry, MirrorPlan } from './plan';
import { describeRefusal, maxCopiedBytes, readBoundedFileAsync, type FileRoot } from '../util/boundedFiles';

/*
 * The build context as a tar stream: the Dockerfile at the top, every staged file under `payload/` with the
 * permission bits the image should get (COPY keeps them; `cp -p` in the build keeps them too). Files are owned by
 * root in the archive whatever their owner on the host. Host files are read through the bounded reader, confined to
 * the plan's root again (the disk may have changed since the plan): a file outside it, a pipe or a device stops the
 * build with the reason instead of being copied or waited on.
 */

const directoryMode = 0o755;

export interface BuildContext {
  /** The tar. It never emits 'error' (whoever pipes it may not listen): a failure ends it and rejects `done`. */
  readonly stream: NodeJS.ReadableStream;
  /** Settles when the whole context has been written; rejects with what went wrong (a source file vanished). */
  readonly done: Promise<void>;
}

/** Streams the context; aborting `signal` stops writing it. */
export function createBuildContext(plan: MirrorPlan, signal?: AbortSignal): BuildContext {
  const pack = tar.pack();
  const stream = new PassThrough();
  pack.on('data', (chunk: unknown) => {
    if (!stream.write(chunk as Buffer)) {
      pack.pause();
      stream.once('drain', () => pack.resume());
    }
  });
  pack.on('end', () => stream.end());
  const stop = () => {
    pack.destroy();
    stream.destroy();
  };
  signal?.addEventListener('abort', stop, { once: true });
  const done = writeEntries(pack, plan, signal).then(
    () => {
      signal?.removeEventListener('abort', stop);
      pack.finalize();
    },
    (error: unknown) => {
      signal?.removeEventListener('abort', stop);
      stop();
      throw error instanceof Error ? error : new Error(String(error));
    },
  );
  // Callers that only read the stream must not see an unhandled rejection.
  done.catch(() => undefined);
  return { stream, done };
}

async function writeEntries(pack: tar.Pack, plan: MirrorPlan, signal: AbortSignal | undefined): Promise<void> {
  await addEntry(pack, { name: 'Dockerfile', mode: 0o644 }, Buffer.from(plan.dockerfile, 'utf8'));
  if (!plan.context.length) return;
  const directories = new Set<string>();
  const ensureParents = async (name: string) => {
    const parts = name.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!directories.has(dir)) {
        directories.add(dir);
        await addEntry(pack, { name: `${dir}/`, type: 'directory', mode: directoryMode });
      }
    }
  };
  for (const entry of plan.context) {
    signal?.throwIfAborted();
    const name = `${payloadDir}/${entry.path}`;
    await ensureParents(name);
    await addContextEntry(pack, entry, name, plan.root, signal);
  }
}

async function addContextEntry(
  pack: tar.Pack,
  entry: ContextEntry,
  name: string,
  root: FileRoot,
  signal: AbortSignal | undefined,
): Promise<void> {
  switch (entry.kind) {
    case 'inline':
      await addEntry(pack, { name, mode: entry.mode }, Buffer.from(entry.content, 'utf8'));
      return;
    case 'hostFile':
      await addEntry(pack, { name, mode: entry.mode }, await readHostFile(entry.hostPath, root));
      return;
    case 'hostDirectory':
      await addEntry(pack, { name: `${name}/`, type: 'directory', mode: entry.dirMode });
      await addDirectory(pack, entry.hostPath, name, entry, root, signal);
      return;
  }
}

/** Copies a host folder: folders get `dirMode`, files `fileMode`, symbolic links stay links. */
async function addDirectory(
  pack: tar.Pack,
  hostDir: string,
  name: string,
  modes: { dirMode: number; fileMode: number },
  root: FileRoot,
  signal: AbortSignal | undefined,
): Promise<void> {
  const children = (await readdir(hostDir)).sort();
  for (const child of children) {
    signal?.throwIfAborted();
    const hostPath = path.join(hostDir, child);
    const childName = `${name}/${child}`;
    const stats = await lstat(hostPath);
    if (stats.isDirectory()) {
      await addEntry(pack, { name: `${childName}/`, type: 'directory', mode: modes.dirMode });
      await addDirectory(pack, hostPath, childName, modes, root, signal);
    } else if (stats.isSymbolicLink()) {
      await addEntry(pack, { name: childName, type: 'symlink', linkname: await readlink(hostPath), mode: 0o777 });
    } else if (stats.isFile()) {
      await addEntry(pack, { name: childName, mode: modes.fileMode }, await readHostFile(hostPath, root));
    }
  }
}

async function readHostFile(hostPath: string, root: FileRoot): Promise<Buffer> {
  const read = await readBoundedFileAsync(hostPath, { root, maxBytes: maxCopiedBytes });
  if (read.ok) return read.value;
  const reason = read.refusal.reason === 'missing' ? 'it no longer exists' : `it ${describeRefusal(read.refusal, 'not copied')}`;
  throw new Error(`Cannot read ${hostPath} for the build: ${reason}.`);
}

type EntryHeader = Partial<tar.Header> & { name: string };

function addEntry(pack: tar.Pack, header: EntryHeader, content?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const full: EntryHeader = { uid: 0, gid: 0, mtime: new Date(0), ...header };
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (content) pack.entry({ ...full, size: content.length }, content, done);
    else pack.entry(full, done);
  });
}
