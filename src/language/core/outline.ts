import { stringValue } from './syntax';
import type { MapNode, Range, SyntaxDocument, SyntaxNode } from './types';

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
  const symbols: OutlineSymbol[] = [];
  if (node.kind === 'map') {
    for (const entry of node.entries) {
      const value = entry.value;
      symbols.push(
        symbolOf(
          String(entry.key.value),
          detailOf(value),
          value?.kind === 'map' ? 'object' : value?.kind === 'seq' ? 'array' : 'property',
          entry.range,
          entry.key.range,
          value ? childrenOf(value) : [],
        ),
      );
    }
  } else if (node.kind === 'seq') {
    node.items.forEach((item, index) => {
      const label = item.kind === 'map' ? itemLabel(item) : undefined;
      const scalarText = item.kind === 'scalar' ? detailOf(item) : undefined;
      const selectionRange =
        item.kind === 'map' && item.entries.length
          ? item.entries[0].key.range
          : { start: item.range.start, end: item.range.start + Math.min(1, item.range.end - item.range.start) };
      symbols.push(
        symbolOf(
          label ?? scalarText ?? `[${index}]`,
          label || scalarText ? `[${index}]` : undefined,
          'item',
          item.range,
          selectionRange,
          childrenOf(item),
        ),
      );
    });
  }
  return symbols;
}

function symbolOf(
  name: string,
  detail: string | undefined,
  kind: OutlineSymbol['kind'],
  range: Range,
  selectionRange: Range,
  children: OutlineSymbol[],
): OutlineSymbol {
  return detail === undefined ? { name, kind, range, selectionRange, children } : { name, detail, kind, range, selectionRange, children };
}

/** The string value of the first of `itemLabelKeys` that the item has as a string (the first entry of that key). */
function itemLabel(item: MapNode): string | undefined {
  for (const key of itemLabelKeys) {
    for (const entry of item.entries) {
      if (entry.key.value !== key) continue;
      const label = stringValue(entry.value);
      if (label !== undefined) return label;
      break;
    }
  }
  return undefined;
}

function detailOf(node: SyntaxNode | undefined): string | undefined {
  if (node?.kind !== 'scalar') return undefined;
  const value = node.value === null ? 'null' : String(node.value);
  const newline = value.indexOf('\n');
  const firstLine = newline < 0 ? value : value.slice(0, newline);
  return firstLine.length > maxDetail ? `${firstLine.slice(0, maxDetail)}…` : firstLine;
}
