import { asMap, stringValue } from './syntax';
import type { Range, SyntaxDocument, SyntaxNode } from './types';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: 'object' | 'array' | 'property' | 'item';
  range: Range;
  selectionRange: Range;
  children: OutlineSymbol[];
}

const itemLabelKeys = ['id', 'name', 'destination', 'path'];
/** Scalar details longer than this are cut, so a script's content does not fill the outline. */
const maxDetail = 60;

export function outlineOfDocuments(documents: readonly SyntaxDocument[]): OutlineSymbol[] {
  const symbols: OutlineSymbol[] = [];
  for (const document of documents) if (document.root) symbols.push(...childrenOf(document.root));
  return symbols;
}

function childrenOf(node: SyntaxNode): OutlineSymbol[] {
  if (node.kind === 'map') {
    return node.entries.map((entry) => ({
      name: String(entry.key.value),
      ...(detailOf(entry.value) !== undefined ? { detail: detailOf(entry.value) } : {}),
      kind: entry.value?.kind === 'map' ? 'object' : entry.value?.kind === 'seq' ? 'array' : 'property',
      range: entry.range,
      selectionRange: entry.key.range,
      children: entry.value ? childrenOf(entry.value) : [],
    }));
  }
  if (node.kind === 'seq') {
    return node.items.map((item, index) => {
      const map = asMap(item);
      const labelKey = itemLabelKeys.find((key) => stringValue(map?.entries.find((entry) => entry.key.value === key)?.value) !== undefined);
      const label = labelKey ? stringValue(map!.entries.find((entry) => entry.key.value === labelKey)!.value) : undefined;
      const scalarText = item.kind === 'scalar' ? detailOf(item) : undefined;
      return {
        name: label ?? scalarText ?? `[${index}]`,
        ...(label || scalarText ? { detail: `[${index}]` } : {}),
        kind: 'item' as const,
        range: item.range,
        selectionRange: item.kind === 'map' && item.entries.length ? item.entries[0].key.range : { start: item.range.start, end: item.range.start + Math.min(1, item.range.end - item.range.start) },
        children: childrenOf(item),
      };
    });
  }
  return [];
}

function detailOf(node: SyntaxNode | undefined): string | undefined {
  if (node?.kind !== 'scalar') return undefined;
  const value = node.value === null ? 'null' : String(node.value);
  const firstLine = value.split('\n')[0];
  return firstLine.length > maxDetail ? `${firstLine.slice(0, maxDetail)}…` : firstLine;
}
