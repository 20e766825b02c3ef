import { checkPath, describeRefusal, maxReadBytes, readBoundedText, type FileRoot } from '../util/boundedFiles';
import type { FileAccess } from './core/types';

/**
 * The language engine's view of the disk for a config at `filePath`, in the editor and in azl-lint alike: every path
 * the config names goes through the bounded reader, confined to `root`. A refused path reads as nothing, so nothing
 * from it reaches a message; `check` says why, for the warning on the reference.
 */
export function boundedFileAccess(filePath: string, root: FileRoot): FileAccess {
  return {
    filePath,
    check(absolutePath, kind, read) {
      const checked = checkPath(absolutePath, kind, { root, ...(read ? { maxBytes: maxReadBytes } : {}) });
      if (checked.ok) return undefined;
      return checked.refusal.reason === 'missing' ? { missing: true } : { missing: false, reason: describeRefusal(checked.refusal) };
    },
    readText(absolutePath) {
      const read = readBoundedText(absolutePath, { root });
      return read.ok ? read.value : undefined;
    },
  };
}
