import { getLocation } from 'jsonc-parser';
import { isJson, parseConfig } from './parse';
import { documentAt, schemaForPath, type Path } from './locate';
import { enumValues, objectSchemas } from './schemaCheck';
import type { ConfigFormat, ParseResult, Range, Schema, SyntaxNode } from './types';
import { lineStartOf } from './lineIndex';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value';
  insertText: string;
  detail?: string;
  documentation?: string;
  range: Range;
  /** The `previewFeatures` value the key needs. */
  preview?: string;
}

interface Line {
  readonly start: number;
  readonly text: string;
}

/** Key completion where a key may go, value completion after `key: `; works on half-typed, unparseable text. */
export function completionsFor(
  format: ConfigFormat,
  text: string,
  offset: number,
  parse: ParseResult = parseConfig(text),
): CompletionEntry[] {
  offset = Math.max(0, Math.min(offset, text.length));
  const document = documentAt(parse.documents, offset);
  if (!document) return [];
  const context = isJson(text) ? jsonContext(text, offset, document.root) : yamlContext(text, offset);
  if (!context) return [];
  const found = schemaForPath(format, document, context.path);
  if (!found?.schema) return [];
  if (context.kind === 'value') return valueEntries(found.schema, context);
  const keys = keyEntries(found.schema, context);
  // Right after `- ` the item may be a map (its first key) or a scalar (an allowed value): the schema says which.
  if (!context.itemValues) return keys;
  return keys.concat(valueEntries(found.schema, context).filter((entry) => !context.itemValues!.has(entry.label)));
}

interface CompletionContext {
  kind: 'key' | 'value';
  /** The path of the map whose keys complete, or of the value that completes. */
  path: Path;
  range: Range;
  present: Set<string>;
  /** Indentation of the key being typed (YAML), for nested insert texts. */
  indent: string;
  json: boolean;
  /** A JSON key already followed by its colon (renaming it): insert the key alone. */
  jsonKeyOnly?: boolean;
  /** At the start of a YAML list item: the scalar items the list already has (not offered again). */
  itemValues?: Set<string>;
}

function keyEntries(schema: Schema, context: CompletionContext): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  for (const objectSchema of objectSchemas(schema)) {
    for (const [name, property] of Object.entries(objectSchema.properties)) {
      if (context.present.has(name) || entries.some((entry) => entry.label === name)) continue;
      entries.push({
        label: name,
        kind: 'key',
        insertText: keyInsertText(name, property, context),
        detail: propertyDetail(property, objectSchema.required?.includes(name) ?? false),
        ...(property.doc ? { documentation: property.doc } : {}),
        ...(property.preview ? { preview: property.preview } : {}),
        range: context.range,
      });
    }
  }
  return entries;
}

function propertyDetail(schema: Schema, required: boolean): string {
  const type = schema.type === 'anyOf' ? schema.options.map((option) => option.type).join(' | ') : schema.type;
  return `${type}${required ? ' (required)' : ''}${schema.preview ? ` (preview: ${schema.preview})` : ''}`;
}

function keyInsertText(name: string, schema: Schema, context: CompletionContext): string {
  if (context.json) return context.jsonKeyOnly ? JSON.stringify(name) : `${JSON.stringify(name)}: `;
  const child = `${context.indent}  `;
  if (schema.type === 'object') return `${name}:\n${child}`;
  if (schema.type === 'array') return schema.items.type === 'object' ? `${name}:\n${child}- ` : `${name}:\n${child}- `;
  return `${name}: `;
}

function valueEntries(schema: Schema, context: CompletionContext): CompletionEntry[] {
  const docs = schema.type === 'string' ? schema.enumDocs : schema.type === 'anyOf' ? mergedEnumDocs(schema.options) : undefined;
  return enumValues(schema).map((value) => ({
    label: value,
    kind: 'value' as const,
    insertText: context.json && schema.type !== 'boolean' ? JSON.stringify(value) : value,
    ...(docs?.[value] ? { documentation: docs[value] } : {}),
    range: context.range,
  }));
}

function mergedEnumDocs(options: readonly Schema[]): Record<string, string> {
  const docs: Record<string, string> = {};
  for (const option of options) if (option.type === 'string' && option.enumDocs) Object.assign(docs, option.enumDocs);
  return docs;
}

// ---- YAML: read the structure from indentation, so half-typed text still completes ----

const keyLine = /^(\s*)((?:-\s+)*)([^\s#'"{[\]}:,-][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

function lineAt(text: string, offset: number): Line {
  const start = lineStartOf(text, offset);
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return { start, text: text.slice(start, end).replace(/\r$/, '') };
}

function previousLines(text: string, line: Line): Line[] {
  const lines: Line[] = [];
  let end = line.start - 1;
  while (end >= 0) {
    const start = lineStartOf(text, end);
    lines.push({ start, text: text.slice(start, end).replace(/\r$/, '') });
    if (text.slice(start, end).replace(/\r$/, '') === '---') break;
    end = start - 1;
  }
  return lines;
}

/** Column where a line's content starts after its indentation and any `- ` markers. */
function contentColumn(lineText: string): { indent: number; dashes: number[]; column: number } {
  let i = 0;
  while (lineText[i] === ' ') i++;
  const indent = i;
  const dashes: number[] = [];
  while (lineText[i] === '-' && (lineText[i + 1] === ' ' || i + 1 === lineText.length)) {
    dashes.push(i);
    i++;
    while (lineText[i] === ' ') i++;
  }
  return { indent, dashes, column: i };
}

function unquote(key: string): string {
  if ((key.startsWith('"') && key.endsWith('"')) || (key.startsWith("'") && key.endsWith("'"))) return key.slice(1, -1);
  return key.trim();
}

function isBlankOrComment(lineText: string): boolean {
  const trimmed = lineText.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

function yamlContext(text: string, offset: number): CompletionContext | undefined {
  const line = lineAt(text, offset);
  const before = line.text.slice(0, offset - line.start);
  const { column, dashes } = contentColumn(before);
  const typed = before.slice(column);
  const valueMatch = /^([^\s#'"{[\]}:,][^:#]*?|"[^"]*"|'[^']*')\s*:\s+(\S*)$/.exec(typed);
  let kind: 'key' | 'value';
  let wordStart: number;
  let valueKey: string | undefined;
  if (valueMatch) {
    kind = 'value';
    valueKey = unquote(valueMatch[1]);
    wordStart = offset - valueMatch[2].length;
  } else if (/^[\w.-]*$/.test(typed)) {
    kind = 'key';
    wordStart = offset - typed.length;
  } else {
    return undefined;
  }
  const after = line.text.slice(offset - line.start);
  const wordEnd = kind === 'key' ? offset + (/^[\w.-]*/.exec(after)?.[0].length ?? 0) : offset + (/^\S*/.exec(after)?.[0].length ?? 0);
  const range = { start: wordStart, end: wordEnd };
  const ancestors = ancestorPath(text, line, column, dashes.length > 0);
  if (!ancestors) return undefined;
  const present = kind === 'key' ? siblingKeys(text, line, column, dashes.length > 0) : new Set<string>();
  const path = kind === 'value' ? [...ancestors, valueKey!] : ancestors;
  const itemValues = kind === 'key' && dashes.length > 0 ? siblingItems(text, line, dashes[dashes.length - 1]) : undefined;
  return { kind, path, range, present, indent: ' '.repeat(column), json: false, ...(itemValues ? { itemValues } : {}) };
}

/**
 * The keys and indexes above a key at `column` on `line`, found by walking up to less-indented lines.
 * `startsItem` says the line itself begins a list item, so the key is inside that item.
 */
function ancestorPath(text: string, line: Line, column: number, startsItem: boolean): Path | undefined {
  const path: Path = [];
  let target = column;
  let inItem = startsItem;
  if (inItem) {
    path.unshift(0);
    target = contentColumn(line.text).dashes.at(-1) ?? column;
  }
  for (const previous of previousLines(text, line)) {
    if (isBlankOrComment(previous.text)) continue;
    if (previous.text === '---') break;
    const info = contentColumn(previous.text);
    const match = keyLine.exec(previous.text);
    // A list item whose content starts at the target column holds the key (`- name: a` then `  uid: 1`).
    if (!inItem && info.dashes.length && info.column === target) {
      for (let i = info.dashes.length - 1; i >= 0; i--) path.unshift(0);
      target = info.dashes[0];
      inItem = true;
      continue;
    }
    if (match && info.column < target) {
      path.unshift(unquote(match[3]));
      target = info.column;
      inItem = false;
      if (info.dashes.length) {
        for (let i = 0; i < info.dashes.length; i++) path.unshift(0);
        target = info.dashes[0];
        inItem = true;
      }
      if (target === 0) break;
      continue;
    }
    // `key:` followed by `- item` at the same indentation: the list belongs to the key. The key may itself start
    // an item of an outer list (`- partitions:` then `  - id: esp`), which then holds it.
    if (inItem && match && info.column === target) {
      path.unshift(unquote(match[3]));
      inItem = info.dashes.length > 0;
      if (inItem) {
        for (let i = 0; i < info.dashes.length; i++) path.unshift(0);
        target = info.dashes[0];
      }
      if (target === 0) break;
      continue;
    }
    if (info.indent < target && !info.dashes.length && !match) return undefined;
  }
  return path;
}

/** Keys already present in the map that a key at `column` on `line` belongs to. */
function siblingKeys(text: string, line: Line, column: number, startsItem: boolean): Set<string> {
  const keys = new Set<string>();
  const collect = (lineText: string): boolean => {
    if (isBlankOrComment(lineText)) return true;
    const info = contentColumn(lineText);
    if (info.column < column && !(info.dashes.length && info.column === column)) return false;
    if (info.dashes.length && info.column === column) {
      const match = keyLine.exec(lineText);
      if (match) keys.add(unquote(match[3]));
      return false; // the start of an item ends the map above it
    }
    if (info.column === column) {
      const match = keyLine.exec(lineText);
      if (match) keys.add(unquote(match[3]));
    }
    return true;
  };
  if (!startsItem) {
    for (const previous of previousLines(text, line)) {
      const info = contentColumn(previous.text);
      if (!isBlankOrComment(previous.text) && info.dashes.length && info.column === column) {
        const match = keyLine.exec(previous.text);
        if (match) keys.add(unquote(match[3]));
        break;
      }
      if (!collect(previous.text)) break;
    }
  }
  let next = text.indexOf('\n', line.start);
  while (next >= 0) {
    const start = next + 1;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineText = text.slice(start, end).replace(/\r$/, '');
    const info = contentColumn(lineText);
    if (!isBlankOrComment(lineText) && info.dashes.length && info.column === column) break;
    if (!collect(lineText)) break;
    next = end < text.length ? end : -1;
  }
  return keys;
}

/**
 * The plain scalar items of the list whose item starts with a dash at `dashColumn` on `line`, other than that item
 * itself: a list of allowed values (`previewFeatures`) rarely wants one twice.
 */
function siblingItems(text: string, line: Line, dashColumn: number): Set<string> {
  const values = new Set<string>();
  /** False at the first line outside the list. */
  const visit = (lineText: string): boolean => {
    if (isBlankOrComment(lineText)) return true;
    const info = contentColumn(lineText);
    if (info.indent > dashColumn) return true;
    if (info.indent < dashColumn || info.dashes.length === 0) return false;
    const item = lineText
      .slice(info.column)
      .replace(/\s+#.*$/, '')
      .trim();
    if (info.dashes.length === 1 && item && !keyLine.test(lineText)) values.add(unquote(item));
    return true;
  };
  for (const previous of previousLines(text, line)) if (!visit(previous.text)) break;
  let newline = text.indexOf('\n', line.start);
  while (newline >= 0) {
    const start = newline + 1;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (!visit(text.slice(start, end).replace(/\r$/, ''))) break;
    newline = end < text.length ? end : -1;
  }
  return values;
}

// ---- JSON: jsonc-parser knows where the cursor is ----

function jsonContext(text: string, offset: number, root: SyntaxNode | undefined): CompletionContext | undefined {
  const location = getLocation(text, offset);
  const path = location.path.map((step) => step) as Path;
  const node = location.previousNode;
  if (location.isAtPropertyKey) {
    // A half-typed key (`"os` or `"os"`) is the previous node, of type `property`: the completion replaces it quotes and all.
    const typed =
      node && (node.type === 'property' || node.type === 'string') && offset >= node.offset && offset <= node.offset + node.length
        ? node
        : undefined;
    const range = typed ? { start: typed.offset, end: typed.offset + typed.length } : { start: offset, end: offset };
    const parentPath = path.slice(0, -1);
    const present = new Set<string>();
    const currentKey = typed ? String(typed.value) : undefined;
    for (const key of jsonSiblingKeys(root, offset)) if (key !== currentKey) present.add(key);
    const renaming = /^[ \t]*:/.test(text.slice(range.end, range.end + 200));
    return { kind: 'key', path: parentPath, range, present, indent: '', json: true, ...(renaming ? { jsonKeyOnly: true } : {}) };
  }
  const range =
    node && offset >= node.offset && offset <= node.offset + node.length
      ? { start: node.offset, end: node.offset + node.length }
      : { start: offset, end: offset };
  return { kind: 'value', path, range, present: new Set(), indent: '', json: true };
}

/** Keys of the innermost map around `offset`, in the JSON tree of the text. */
function jsonSiblingKeys(root: SyntaxNode | undefined, offset: number): string[] {
  const keys: string[] = [];
  let best: { start: number; entries: string[] } | undefined;
  const pending = root ? [root] : [];
  while (pending.length) {
    const node = pending.pop()!;
    if (offset <= node.range.start || offset >= node.range.end) continue;
    if (node.kind === 'map') {
      if (!best || node.range.start > best.start)
        best = { start: node.range.start, entries: node.entries.map((entry) => String(entry.key.value)) };
      for (const entry of node.entries) if (entry.value) pending.push(entry.value);
    } else if (node.kind === 'seq') pending.push(...node.items);
  }
  if (best) keys.push(...best.entries);
  return keys;
}
