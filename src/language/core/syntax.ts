import type { MapNode, Range, ScalarNode, SeqNode, SyntaxNode } from './types';

/** Small readers for rules: each returns undefined instead of throwing when the shape is not what it expects. */

export function asMap(node: SyntaxNode | undefined): MapNode | undefined {
  return node?.kind === 'map' ? node : undefined;
}

export function asSeq(node: SyntaxNode | undefined): SeqNode | undefined {
  return node?.kind === 'seq' ? node : undefined;
}

export function asScalar(node: SyntaxNode | undefined): ScalarNode | undefined {
  return node?.kind === 'scalar' ? node : undefined;
}

/** The last entry with this key wins, as in the upstream decoders; duplicates are reported separately. */
export function entryOf(map: MapNode | undefined, key: string) {
  if (!map) return undefined;
  for (let i = map.entries.length - 1; i >= 0; i--) {
    if (map.entries[i].key.value === key) return map.entries[i];
  }
  return undefined;
}

export function valueOf(map: MapNode | undefined, key: string): SyntaxNode | undefined {
  return entryOf(map, key)?.value;
}

/** Follows a path of keys and sequence indexes from `node`. */
export function nodeAt(node: SyntaxNode | undefined, path: ReadonlyArray<string | number>): SyntaxNode | undefined {
  let current = node;
  for (const step of path) {
    if (typeof step === 'number') current = asSeq(current)?.items[step];
    else current = valueOf(asMap(current), step);
    if (!current) return undefined;
  }
  return current;
}

export function stringValue(node: SyntaxNode | undefined): string | undefined {
  const scalar = asScalar(node);
  return typeof scalar?.value === 'string' ? scalar.value : undefined;
}

/** The range to underline for a key: the key itself when present, else the node. */
export function keyRange(map: MapNode | undefined, key: string, fallback: Range): Range {
  return entryOf(map, key)?.key.range ?? fallback;
}
