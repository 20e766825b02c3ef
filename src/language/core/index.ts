/*
 * The language engine's facade: everything the editor adapters, the CLI and the tests use. Pure (no `vscode`).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { completionsFor, type CompletionEntry } from './completion';
import { defaultRecognitionPatterns, detectKindWith, type RecognitionPatterns } from './detect';
import { hoverFor } from './hover';
import { imageFormat } from './image';
import { nodePoolFormat } from './nodepool';
import { outlineOfDocuments, type OutlineSymbol } from './outline';
import { isJson, parseConfig } from './parse';
import { checkSchema } from './schemaCheck';
import type { ConfigFormat, ConfigKind, FileAccess, ParseResult, Problem, Range } from './types';

export { LineIndex } from './lineIndex';
export { parseConfig } from './parse';
export { defaultRecognitionPatterns, kindFromName, type RecognitionPatterns } from './detect';
export type { CompletionEntry } from './completion';
export type { OutlineSymbol } from './outline';
export { checkSchema, schemaAtPath, childSchema, objectSchemas, enumValues, describeType } from './schemaCheck';
export { schemaForPath, stepsAt, pathTo } from './locate';
export { closest, editDistance } from './editDistance';
export { globToRegExp, matchesGlob, isGlob, globBase } from './glob';
export { toJsonSchema } from './jsonSchema';

export interface AnalyzeOptions {
  kind?: ConfigKind | 'auto';
  fileName?: string;
  files?: FileAccess;
  patterns?: RecognitionPatterns;
}

export interface Analysis {
  kind: ConfigKind | undefined;
  parse: ParseResult;
  problems: Problem[];
}

const formats: readonly ConfigFormat[] = [imageFormat, nodePoolFormat];

export function formatFor(kind: ConfigKind): ConfigFormat {
  return kind === 'image' ? imageFormat : nodePoolFormat;
}

export function detectKind(fileName: string | undefined, parse: ParseResult, patterns: RecognitionPatterns = defaultRecognitionPatterns): ConfigKind | undefined {
  return detectKindWith(formats, fileName, parse, patterns);
}

/**
 * The last parse made for the features the editor asks for again and again on one version of a document
 * (completion, outline, links, hover), which the check of that version may then use too. Keyed by the text and
 * whether it is read as JSON (the only thing a file name changes). A parse serves at most one `analyze`: format
 * rules cache what they derive from files on disk per parsed document (base configs), and a later check must see
 * those files as they are then. `analyze` does not keep its own parse here: the caller holds the analysis if it
 * wants it, and a check in a loop should not keep the previous tree alive while it builds the next.
 */
let lastParse: { readonly text: string; readonly json: boolean; readonly result: ParseResult; usedByCheck: boolean } | undefined;
/** Texts longer than this are not kept alive between calls. */
const maxCachedLength = 2_000_000;

function cachedParse(text: string, json: boolean): typeof lastParse {
  return lastParse && lastParse.json === json && lastParse.text === text ? lastParse : undefined;
}

/** The parse of `text` for read-only features, from the cache when the text is the one parsed last. */
function sharedParse(text: string, fileName?: string): ParseResult {
  const json = isJson(text, fileName);
  const cached = cachedParse(text, json);
  if (cached) return cached.result;
  const result = parseConfig(text, fileName);
  lastParse = text.length <= maxCachedLength ? { text, json, result, usedByCheck: false } : undefined;
  return result;
}

/** A parse no check has used yet: the cached one when only read-only features have seen it, else a new one. */
function parseForCheck(text: string, fileName: string | undefined): ParseResult {
  const cached = cachedParse(text, isJson(text, fileName));
  if (cached && !cached.usedByCheck) {
    cached.usedByCheck = true;
    return cached.result;
  }
  return parseConfig(text, fileName);
}

/** Parses, recognises and checks a config: syntax problems, the schema, then the format's rules. Never throws. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const parse = parseForCheck(text, options.fileName);
  const problems: Problem[] = [...parse.problems];
  let kind: ConfigKind | undefined;
  try {
    kind = options.kind && options.kind !== 'auto' ? options.kind : detectKind(options.fileName, parse, options.patterns);
  } catch {
    kind = undefined;
  }
  if (kind) {
    const format = formatFor(kind);
    const lenientScalars = !isJson(text, options.fileName);
    const report = (problem: Problem) => problems.push(problem);
    for (const document of parse.documents) {
      if (!document.root) continue;
      try {
        for (const anchor of format.anchors(document)) checkSchema(text, anchor, kind, { lenientScalars }, report);
      } catch {
        // A format bug on an odd shape must not hide the other problems.
      }
      for (const rule of format.rules) {
        try {
          rule({ text, document, files: options.files, report });
        } catch {
          // Same: one failing rule leaves the others' problems standing.
        }
      }
    }
  }
  problems.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return { kind, parse, problems };
}

export function completionsAt(text: string, offset: number, kind: ConfigKind): CompletionEntry[] {
  try {
    return completionsFor(formatFor(kind), text, offset, sharedParse(text));
  } catch {
    return [];
  }
}

export function hoverAt(text: string, offset: number, kind: ConfigKind): { range: Range; markdown: string } | undefined {
  try {
    return hoverFor(formatFor(kind), text, offset, sharedParse(text));
  } catch {
    return undefined;
  }
}

export function outlineOf(text: string, kind: ConfigKind): OutlineSymbol[] {
  void kind; // every format outlines the same way today; the parameter keeps the door open for format labels
  return outlineOfDocuments(sharedParse(text).documents);
}

/** Links for the paths a config refers to, resolved against the config's folder. */
export function linksOf(text: string, kind: ConfigKind, filePath: string): { range: Range; target: string }[] {
  const format = formatFor(kind);
  const folder = dirname(filePath);
  const links: { range: Range; target: string }[] = [];
  for (const document of sharedParse(text, filePath).documents) {
    if (!document.root) continue;
    try {
      for (const reference of format.fileReferences(document)) {
        if (!reference.path) continue;
        links.push({ range: reference.node.range, target: isAbsolute(reference.path) ? reference.path : resolve(folder, reference.path) });
      }
    } catch {
      // No links rather than a failure.
    }
  }
  return links;
}
