import type { MapEntry, MapNode, Problem, Range, ScalarNode, SeqNode, SyntaxNode } from '../types';

/** Constructors that give every parser the same node shapes, so trees from different parsers compare equal. */

export function scalarNode(start: number, end: number, value: ScalarNode['value'], quoted: boolean): ScalarNode {
  return { kind: 'scalar', range: { start, end }, value, quoted };
}

export function mapNode(start: number, end: number, entries: MapEntry[]): MapNode {
  return { kind: 'map', range: { start, end }, entries };
}

export function seqNode(start: number, end: number, items: SyntaxNode[]): SeqNode {
  return { kind: 'seq', range: { start, end }, items };
}

export function mapEntry(key: ScalarNode, value: SyntaxNode | undefined): MapEntry {
  return { key, value, range: { start: key.range.start, end: (value ?? key).range.end } };
}

export function syntaxProblem(
  code: 'syntax/yaml' | 'syntax/json',
  range: Range,
  message: string,
  severity: Problem['severity'] = 'error',
): Problem {
  return { range, severity, code, message };
}

/** End of `text` before trailing whitespace, not before `start`. */
export function trimEnd(text: string, start: number, end: number): number {
  while (end > start) {
    const code = text.charCodeAt(end - 1);
    if (code === 32 || code === 9 || code === 10 || code === 13) end--;
    else break;
  }
  return end;
}

/** A copy of `node` with every range moved by `by` (for a tree parsed from a slice of the text). */
export function shiftNode(node: SyntaxNode, by: number): SyntaxNode {
  const range = { start: node.range.start + by, end: node.range.end + by };
  if (node.kind === 'scalar') return { kind: 'scalar', range, value: node.value, quoted: node.quoted };
  if (node.kind === 'seq') return { kind: 'seq', range, items: node.items.map((item) => shiftNode(item, by)) };
  return { kind: 'map', range, entries: node.entries.map((entry) => shiftEntry(entry, by)) };
}

export function shiftEntry(entry: MapEntry, by: number): MapEntry {
  return {
    key: shiftNode(entry.key, by) as ScalarNode,
    value: entry.value && shiftNode(entry.value, by),
    range: { start: entry.range.start + by, end: entry.range.end + by },
  };
}
