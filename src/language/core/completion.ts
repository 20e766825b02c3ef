import { getLocation } from 'jsonc-parser';
import { isJson, parseConfig } from './parse';
import { documentAt, schemaForPath, type Path } from './locate';
import { enumValues, objectSchemas } from './schemaCheck';
import type { ConfigFormat, ParseResult, Range, Schema, SyntaxNode } from './types';
import { lineStartOf } from './lineIndex';
import { english, type L10n } from '../../util/l10n';
import { DOCUMENT_SNIPPETS } from './image/snippets';

export interface CompletionEntry {
  label: string;
  /** A snippet's insert text uses VS Code's snippet syntax. */
  kind: 'key' | 'value' | 'snippet';
  insertText: string;
  detail?: string;
  documentation?: string;
  range: Range;
  /** The `previewFeatures` value the key needs. */
  preview?: string;
  /** A value that still works but is deprecated (or that current releases refuse): shown struck through. */
  deprecated?: boolean;
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
  l10n: L10n = english,
): CompletionEntry[] {
  offset = Math.max(0, Math.min(offset, text.length));
  const snippets = format.kind === 'image' && !isJson(text) ? documentSnippets(text, offset, l10n) : [];
  const document = documentAt(parse.documents, offset);
  if (!document) return snippets;
  const context = isJson(text) ? jsonContext(text, offset, document.root) : yamlContext(text, offset);
  if (!context) return snippets;
  const found = schemaForPath(format, document, context.path);
  if (!found?.schema) return snippets;
  if (context.kind === 'value') return valueEntries(found.schema, context, l10n);
  const keys = keyEntries(found.schema, context, l10n).concat(snippets);
  // Right after `- ` the item may be a map (its first key) or a scalar (an allowed value): the schema says which.
  if (!context.itemValues) return keys;
  return keys.concat(valueEntries(found.schema, context, l10n).filter((entry) => !context.itemValues!.has(entry.label)));
}

/**
 * Whole-document snippets, where a document can start: the cursor's line holds at most the word being typed, at
 * column 0, and the rest of the document (to the next `---`) has only blank lines and comments.
 */
function documentSnippets(text: string, offset: number, l10n: L10n): CompletionEntry[] {
  const line = lineAt(text, offset);
  const typed = text.slice(line.start, offset);
  const after = line.text.slice(offset - line.start);
  if (!/^[\w-]*$/.test(typed) || after.trim() !== '') return [];
  const isEmpty = (lineText: string) => lineText.trim() === '' || lineText.trimStart().startsWith('#') || lineText === '---';
  // Walk up line by line (no list of every line above: a long document stops at its first content line).
  for (let end = line.start - 1; end >= 0;) {
    const start = lineStartOf(text, end);
    const lineText = text.slice(start, end).replace(/\r$/, '');
    if (lineText === '---') break;
    if (!isEmpty(lineText)) return [];
    end = start - 1;
  }
  let next = text.indexOf('\n', offset);
  while (next >= 0 && next < text.length) {
    const start = next + 1;
    const end = text.indexOf('\n', start);
    const lineText = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
    if (lineText === '---') break;
    if (!isEmpty(lineText)) return [];
    next = end;
  }
  const range = { start: line.start, end: offset + (/^[\w-]*/.exec(after)?.[0].length ?? 0) };
  return DOCUMENT_SNIPPETS.map((snippet) => ({
    label: snippet.prefix,
    kind: 'snippet' as const,
    insertText: snippet.body,
    detail: l10n.t('Image config starting point'),
    documentation: l10n.t(snippet.description),
    range,
  }));
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

function keyEntries(schema: Schema, context: CompletionContext, l10n: L10n): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  for (const objectSchema of objectSchemas(schema)) {
    for (const [name, property] of Object.entries(objectSchema.properties)) {
      if (context.present.has(name) || entries.some((entry) => entry.label === name)) continue;
      entries.push({
        label: name,
        kind: 'key',
        insertText: keyInsertText(name, property, context),
        detail: propertyDetail(property, objectSchema.required?.includes(name) ?? false, l10n),
        ...(property.doc ? { documentation: l10n.t(property.doc) } : {}),
        ...(property.preview ? { preview: property.preview } : {}),
        range: context.range,
      });
    }
  }
  return entries;
}

function typeName(type: Schema['type'], l10n: L10n): string {
  switch (type) {
    case 'object':
      return l10n.t('map');
    case 'array':
      return l10n.t('list');
    case 'string':
      return l10n.t('string');
    case 'integer':
      return l10n.t('integer');
    case 'number':
      return l10n.t('number');
    case 'boolean':
      return l10n.t('boolean');
    case 'anyOf':
    case 'any':
      return l10n.t('any value');
  }
}

function propertyDetail(schema: Schema, required: boolean, l10n: L10n): string {
  const types =
    schema.type === 'anyOf' ? [...new Set(schema.options.map((option) => typeName(option.type, l10n)))] : [typeName(schema.type, l10n)];
  const type = types.reduce((all, name) => l10n.t('{0} or {1}', all, name));
  return required ? l10n.t('{0} (required)', type) : type;
}

function keyInsertText(name: string, schema: Schema, context: CompletionContext): string {
  if (context.json) return context.jsonKeyOnly ? JSON.stringify(name) : `${JSON.stringify(name)}: `;
  const child = `${context.indent}  `;
  if (schema.type === 'object') return `${name}:\n${child}`;
  if (schema.type === 'array') return schema.items.type === 'object' ? `${name}:\n${child}- ` : `${name}:\n${child}- `;
  return `${name}: `;
}

function valueEntries(schema: Schema, context: CompletionContext, l10n: L10n): CompletionEntry[] {
  const docs = schema.type === 'string' ? schema.enumDocs : schema.type === 'anyOf' ? mergedEnumDocs(schema.options) : undefined;
  const deprecated = deprecatedValues(schema);
  const entry = (value: string, documentation: string | undefined): CompletionEntry => ({
    label: value,
    kind: 'value',
    insertText: context.json && schema.type !== 'boolean' ? JSON.stringify(value) : value,
    ...(documentation ? { documentation: l10n.t(documentation) } : {}),
    ...(deprecated.has(value) ? { deprecated: true } : {}),
    range: context.range,
  });
  const values = enumValues(schema).map((value) => entry(value, docs?.[value]));
  // Old names (`systemd-boot`) stay findable, struck through, with what to use instead.
  for (const [value, old] of deprecatedNames(schema))
    if (!values.some((item) => item.label === value)) values.push(entry(value, old.message));
  return values;
}

/** Values the schema marks deprecated: `deprecatedValues` and the keys of `deprecated`, through `anyOf`. */
function deprecatedValues(schema: Schema): Set<string> {
  const found = new Set<string>();
  const visit = (option: Schema) => {
    if (option.type === 'string') {
      for (const value of option.deprecatedValues ?? []) found.add(value);
      for (const value of Object.keys(option.deprecated ?? {})) found.add(value);
    } else if (option.type === 'anyOf') option.options.forEach(visit);
  };
  visit(schema);
  return found;
}

function deprecatedNames(schema: Schema): [string, { message: string }][] {
  if (schema.type === 'string') return Object.entries(schema.deprecated ?? {});
  if (schema.type === 'anyOf') return schema.options.flatMap(deprecatedNames);
  return [];
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
