import { checkPath, describeRefusal, maxCopiedBytes, readBoundedText, type FileRoot } from '../util/boundedFiles';
import type { MirrorFileAccess } from './plan';

/**
 * The planner's view of this machine's disk: the bounded reader confined to `root` (the workspace folder holding the
 * config, or its repository), so nothing from outside it is read or copied into a build context.
 */
export function nodeFileAccess(root: FileRoot): MirrorFileAccess {
  return {
    root,
    readText(absolutePath) {
      const read = readBoundedText(absolutePath, { root });
      return read.ok ? { text: read.value } : { problem: describeRefusal(read.refusal) };
    },
    check(absolutePath, kind) {
      const checked = checkPath(absolutePath, kind, { root, ...(kind === 'file' ? { maxBytes: maxCopiedBytes } : {}) });
      return checked.ok ? undefined : describeRefusal(checked.refusal, 'not copied');
    },
  };
}
