import { readFileSync, statSync } from 'node:fs';
import { azlLabels } from '../docker/core/labels';
import { configHash } from './hash';

/*
 * Whether a container built from an image config still matches the config: the hash in its labels against the
 * config file's current text. The tree asks for every container row on every refresh, so file hashes are cached
 * and re-read only when the file's size or modification time moves.
 */

export type ConfigState = 'unchanged' | 'changed' | 'missing';

/** The current hash of a config file, or undefined when it cannot be read. */
export type CurrentHash = (configPath: string) => string | undefined;

export function configStateOf(labels: Readonly<Record<string, string>>, currentHash: CurrentHash): ConfigState | undefined {
  const configPath = labels[azlLabels.configPath];
  const builtHash = labels[azlLabels.configHash];
  if (!configPath || !builtHash) return undefined;
  const current = currentHash(configPath);
  if (current === undefined) return 'missing';
  return current === builtHash ? 'unchanged' : 'changed';
}

/** Reads and hashes config files, remembering each by size and modification time. */
export class ConfigHashCache {
  private readonly entries = new Map<string, { readonly size: number; readonly mtimeMs: number; readonly hash: string }>();

  readonly currentHash: CurrentHash = (configPath) => {
    try {
      const stats = statSync(configPath);
      const cached = this.entries.get(configPath);
      if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) return cached.hash;
      const hash = configHash(readFileSync(configPath, 'utf8'));
      this.entries.set(configPath, { size: stats.size, mtimeMs: stats.mtimeMs, hash });
      return hash;
    } catch {
      this.entries.delete(configPath);
      return undefined;
    }
  };

  /** Paths of configs seen so far (to know which saved files concern the tree). */
  has(configPath: string): boolean {
    return this.entries.has(configPath);
  }
}
