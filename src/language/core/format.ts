import { format as formatJsonText, parse as parseJsonText, type ParseError } from 'jsonc-parser';
import { parseAllDocuments } from 'yaml';
import { isJson } from './parse';
import type { TextEdit } from './types';

export interface FormatOptions {
  /** Spaces per indentation level (the editor's tabSize). */
  readonly tabSize: number;
  /** The editor's insertSpaces. YAML forbids tabs in indentation, so YAML is indented with spaces either way. */
  readonly insertSpaces: boolean;
}

/**
 * Format Document for configs: YAML through the `yaml` library's document API, which keeps comments, anchors,
 * aliases, key order and the quoting of scalars, re-indenting with the editor's tab size; JSON through jsonc-parser's
 * formatter. Idempotent: formatting a formatted document changes nothing. A document with a syntax error is left
 * alone (no edits), so formatting never rewrites what it could not read.
 */
export function formatConfig(text: string, options: FormatOptions, fileName?: string): TextEdit[] {
  if (isJson(text, fileName)) return formatJson(text, options);
  const formatted = formatYaml(text, options);
  return formatted === undefined || formatted === text ? [] : [{ range: { start: 0, end: text.length }, newText: formatted }];
}

function formatJson(text: string, options: FormatOptions): TextEdit[] {
  // jsonc-parser would format around an error too: a file it cannot read is left as it is.
  const errors: ParseError[] = [];
  parseJsonText(text, errors, { allowTrailingComma: true });
  if (errors.length) return [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits = formatJsonText(text, undefined, { tabSize: options.tabSize, insertSpaces: options.insertSpaces, eol });
  return edits.map((edit) => ({ range: { start: edit.offset, end: edit.offset + edit.length }, newText: edit.content }));
}

/**
 * The formatted YAML, or undefined when the text has a syntax error. The `yaml` library lays some nodes out from
 * their source position on the first pass (a sequence under a key indented by the source's step), so the result is
 * formatted again until it no longer changes: the output is a fixed point, which is what makes Format idempotent.
 */
export function formatYaml(text: string, options: FormatOptions): string | undefined {
  let current = formatYamlOnce(text, options);
  for (let pass = 0; pass < 3 && current !== undefined; pass++) {
    const next = formatYamlOnce(current, options);
    if (next === undefined || next === current) break;
    current = next;
  }
  return current;
}

/**
 * One pass of the `yaml` library's printer. Block sequences are indented under their key (`key:\n  - item`), the
 * library's default: its indentless layout depends on where the source put the dashes, so it has no fixed point.
 */
function formatYamlOnce(text: string, options: FormatOptions): string | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const source = eol === '\r\n' ? text.replace(/\r\n/g, '\n') : text;
  const documents = parseAllDocuments(source, { keepSourceTokens: false });
  if (!Array.isArray(documents) || documents.some((document) => document.errors.length > 0)) return undefined;
  const indent = Math.max(1, Math.min(8, Math.floor(options.tabSize) || 2));
  let result = documents
    .map((document) => document.toString({ indent, indentSeq: true, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false }))
    .join('');
  if (source.trim() === '') result = source;
  return eol === '\r\n' ? result.replace(/\n/g, '\r\n') : result;
}
