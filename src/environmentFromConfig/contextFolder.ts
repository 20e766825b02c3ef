import { chmod, lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as tar from 'tar-stream';
import { createBuildContext } from './buildContext';
import { dockerfileHeader, payloadDir } from './dockerfile';
import type { MirrorPlan } from './plan';

/*
 * The build context of a mirror build as a folder (azl-mirror, "Export Local Environment Dockerfile..."): the very tar
 * stream the extension sends to the engine (createBuildContext), unpacked, so `docker build DIR` builds what the
 * extension builds. The folder must be new or empty, or hold an earlier export (a Dockerfile this extension wrote and
 * its payload folder), which is replaced; nothing else in it is ever deleted.
 */

/** A folder that cannot take the export: not empty with something else, or not a folder. */
export class ContextFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContextFolderError';
  }
}

export interface WrittenContext {
  readonly dockerfile: string;
  /** Files written under `payload/` (folders and links not counted). */
  readonly payloadFiles: number;
}

export async function writeContextFolder(plan: MirrorPlan, folder: string, signal?: AbortSignal): Promise<WrittenContext> {
  await prepareFolder(folder);
  const context = createBuildContext(plan, signal);
  const extract = tar.extract();
  context.stream.pipe(extract);
  const directoryModes: [string, number][] = [];
  let payloadFiles = 0;
  for await (const entry of extract) {
    const target = inside(folder, entry.header.name);
    const mode = (entry.header.mode ?? 0o644) & 0o7777;
    if (entry.header.type === 'directory') {
      await mkdir(target, { recursive: true, mode: 0o755 });
      directoryModes.push([target, mode]);
      entry.resume();
    } else if (entry.header.type === 'symlink') {
      await mkdir(path.dirname(target), { recursive: true });
      await symlink(entry.header.linkname ?? '', target);
      entry.resume();
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      const chunks: Buffer[] = [];
      for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
      await writeFile(target, Buffer.concat(chunks), { mode: 0o600 });
      // The mode the image gets (COPY keeps it), whatever the umask.
      await chmod(target, mode);
      if (entry.header.name.startsWith(`${payloadDir}/`)) payloadFiles++;
    }
  }
  await context.done;
  // Folder modes last (deepest first), so a folder without write permission still got its files.
  for (const [target, mode] of directoryModes.reverse()) await chmod(target, mode);
  return { dockerfile: path.join(folder, 'Dockerfile'), payloadFiles };
}

function inside(folder: string, name: string): string {
  const target = path.resolve(folder, name);
  if (target !== folder && !target.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`)) {
    throw new Error(`The build context names a path outside the folder: ${name}`);
  }
  return target;
}

/** Creates the folder, or makes room in one that holds an earlier export; refuses anything else. */
async function prepareFolder(folder: string): Promise<void> {
  const stats = await lstat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!stats) {
    await mkdir(folder, { recursive: true });
    return;
  }
  if (!stats.isDirectory()) throw new ContextFolderError(`${folder} is not a folder.`);
  const entries = await readdir(folder);
  if (!entries.length) return;
  const earlierExport =
    entries.every((entry) => entry === 'Dockerfile' || entry === payloadDir) &&
    entries.includes('Dockerfile') &&
    (await readFile(path.join(folder, 'Dockerfile'), 'utf8').catch(() => '')).startsWith(dockerfileHeader);
  if (!earlierExport) {
    throw new ContextFolderError(
      `${folder} is not empty. Choose a new or empty folder (or one that holds only an earlier export: a Dockerfile written by Azure Linux Tools and its payload folder).`,
    );
  }
  // Folders of an earlier export may have been written without write permission (newDirPermissions): allow removal.
  await makeWritable(path.join(folder, payloadDir));
  await rm(path.join(folder, payloadDir), { recursive: true, force: true });
  await rm(path.join(folder, 'Dockerfile'), { force: true });
}

async function makeWritable(folder: string): Promise<void> {
  const stats = await lstat(folder).catch(() => undefined);
  if (!stats?.isDirectory()) return;
  await chmod(folder, 0o755);
  for (const entry of await readdir(folder)) await makeWritable(path.join(folder, entry));
}
