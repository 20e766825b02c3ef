import { readFileSync, statSync } from 'node:fs';
import type { MirrorFileAccess } from './plan';

/** The planner's view of this machine's disk. */
export const nodeFileAccess: MirrorFileAccess = {
  readText(absolutePath) {
    try {
      return readFileSync(absolutePath, 'utf8');
    } catch {
      return undefined;
    }
  },
  kind(absolutePath) {
    try {
      const stats = statSync(absolutePath);
      return stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  },
};
