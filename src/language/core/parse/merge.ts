import type { MapEntry, SyntaxNode } from '../types';

/**
 * YAML merge keys (`<<: *base`), which the Go decoders upstream honour: the merged maps' entries are added where
 * the map does not set the key itself. They go first so that "the last entry wins" readers still see explicit keys.
 */
export function applyMergeKeys(entries: MapEntry[]): MapEntry[] {
  let hasMerge = false;
  for (const entry of entries) {
    if (isMergeKey(entry)) {
      hasMerge = true;
      break;
    }
  }
  if (!hasMerge) return entries;
  const explicit = new Set<unknown>();
  for (const entry of entries) if (!isMergeKey(entry)) explicit.add(entry.key.value);
  const merged: MapEntry[] = [];
  const mergedKeys = new Set<unknown>();
  const rest: MapEntry[] = [];
  for (const entry of entries) {
    if (!isMergeKey(entry)) {
      rest.push(entry);
      continue;
    }
    // Earlier maps in a merge list take precedence over later ones, as in YAML's merge-key spec.
    for (const source of mergeSources(entry.value)) {
      for (const sourceEntry of source) {
        if (explicit.has(sourceEntry.key.value) || mergedKeys.has(sourceEntry.key.value)) continue;
        mergedKeys.add(sourceEntry.key.value);
        merged.push(sourceEntry);
      }
    }
  }
  return merged.concat(rest);
}

function isMergeKey(entry: MapEntry): boolean {
  return entry.key.value === '<<' && !entry.key.quoted && (entry.value?.kind === 'map' || entry.value?.kind === 'seq');
}

function mergeSources(value: SyntaxNode | undefined): (readonly MapEntry[])[] {
  if (value?.kind === 'map') return [value.entries];
  if (value?.kind === 'seq')
    return value.items.filter((item) => item.kind === 'map').map((item) => (item.kind === 'map' ? item.entries : []));
  return [];
}
