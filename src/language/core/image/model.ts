import { asMap, asScalar, asSeq, entryOf, valueOf } from '../syntax';
import type { MapEntry, MapNode, Problem, Range, RuleContext, ScalarNode, SyntaxNode } from '../types';
import { lineStartOf } from '../lineIndex';

/** Small readers shared by the image rules. Every one tolerates odd shapes: the schema checker reports those. */

export function rootMap(context: RuleContext): MapNode | undefined {
  return asMap(context.document.root);
}

/** A map at a path of keys, or undefined. */
export function mapAt(node: SyntaxNode | undefined, ...keys: string[]): MapNode | undefined {
  let current: SyntaxNode | undefined = node;
  for (const key of keys) current = valueOf(asMap(current), key);
  return asMap(current);
}

/** The map items of a sequence with their index (other items are the schema checker's business). */
export function mapItems(node: SyntaxNode | undefined): { map: MapNode; index: number }[] {
  const seq = asSeq(node);
  if (!seq) return [];
  const result: { map: MapNode; index: number }[] = [];
  seq.items.forEach((item, index) => {
    if (item.kind === 'map') result.push({ map: item, index });
  });
  return result;
}

/** The scalar items of a sequence. */
export function scalarItems(node: SyntaxNode | undefined): ScalarNode[] {
  const seq = asSeq(node);
  return seq ? seq.items.filter((item): item is ScalarNode => item.kind === 'scalar') : [];
}

/**
 * A scalar as upstream's yaml.v3 decoder reads it into a string field: quoted text as is, a number or boolean as
 * written in the source (`3.0` stays `3.0`), null as absent.
 */
export function textOf(context: { text: string }, node: SyntaxNode | undefined): string | undefined {
  const scalar = asScalar(node);
  if (!scalar || scalar.value === null) return undefined;
  if (typeof scalar.value === 'string') return scalar.value;
  return context.text.slice(scalar.range.start, scalar.range.end).trim();
}

/** The string value at `key`, as upstream would read it; '' when absent (Go's zero value). */
export function field(context: { text: string }, map: MapNode | undefined, key: string): string {
  return textOf(context, valueOf(map, key)) ?? '';
}

/** True when the key is present with a value that is not null (upstream's nil pointer). */
export function has(map: MapNode | undefined, key: string): boolean {
  const value = valueOf(map, key);
  return value !== undefined && !(value.kind === 'scalar' && value.value === null);
}

/** True when the key holds a non-empty sequence (Go's `len(x) > 0`). */
export function hasItems(map: MapNode | undefined, key: string): boolean {
  const seq = asSeq(valueOf(map, key));
  return !!seq && seq.items.length > 0;
}

/** Where to underline a key's value: the value when present, else the key. */
export function valueRange(map: MapNode, key: string): Range | undefined {
  const entry = entryOf(map, key);
  if (!entry) return undefined;
  return (entry.value ?? entry.key).range;
}

export function keyRangeOf(map: MapNode, key: string): Range | undefined {
  return entryOf(map, key)?.key.range;
}

export function entry(map: MapNode | undefined, key: string): MapEntry | undefined {
  return entryOf(map, key);
}

/** Reports an error (most image rules are errors: upstream refuses to build). */
export function error(context: RuleContext, code: string, range: Range, message: string, fixes?: Problem['fixes']): void {
  context.report({ range, severity: 'error', code: `image/${code}`, message, ...(fixes ? { fixes } : {}) });
}

export function warning(context: RuleContext, code: string, range: Range, message: string, fixes?: Problem['fixes']): void {
  context.report({ range, severity: 'warning', code: `image/${code}`, message, ...(fixes ? { fixes } : {}) });
}

/** Column of an offset (0-based), for indenting inserted text to match its neighbours. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** Offset of the end of the line holding `offset` (before the newline). */
export function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

export function isFlow(text: string, node: SyntaxNode): boolean {
  const first = text[node.range.start];
  return first === '{' || first === '[';
}

/** True when the document is JSON (or flow YAML at the root), where inserted text must be JSON. */
export function isJsonLike(context: RuleContext): boolean {
  const root = context.document.root;
  return !!root && isFlow(context.text, root);
}

/** 'ab' → "'ab'": how messages quote values. */
export function quote(value: string): string {
  return `'${value}'`;
}

/** Where to underline a list item as a whole: its first key, so the squiggle stays on one line. */
export function headOf(map: MapNode): Range {
  return map.entries.length ? map.entries[0].key.range : map.range;
}

const UNITS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
export const MIB = 1024 ** 2;

/**
 * A disk size as upstream parses it (`<NUM>(K|M|G|T)`), in bytes; undefined when malformed (the schema says so).
 * The number is read as Go's `strconv.ParseUint(s, 0, 64)` reads it: a leading 0 means octal (`010M` is 8 MiB).
 */
export function parseDiskSize(value: string): number | undefined {
  const match = /^(?:(0[0-7]*)|([1-9][0-9]*))([KMGT])$/.exec(value);
  if (!match) return undefined;
  const number = match[1] !== undefined ? parseInt(match[1], 8) : Number(match[2]);
  return number * UNITS[match[3]];
}

/** Bytes in the largest binary unit that divides them evenly, e.g. `512 MiB`, `1 GiB`, `1536 KiB`. */
export function formatSize(bytes: number): string {
  for (const [unit, name] of [
    ['T', 'TiB'],
    ['G', 'GiB'],
    ['M', 'MiB'],
    ['K', 'KiB'],
  ] as const) {
    const size = UNITS[unit];
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${name}`;
  }
  return `${bytes} bytes`;
}

/** Reports information: something upstream only logs and builds anyway. */
export function info(context: RuleContext, code: string, range: Range, message: string, fixes?: Problem['fixes']): void {
  context.report({ range, severity: 'info', code: `image/${code}`, message, ...(fixes ? { fixes } : {}) });
}
