/*
 * The language engine's facade: everything the editor adapters, the CLI and the tests use. Pure (no `vscode`).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { completionsFor, type CompletionEntry } from './completion';
import { defaultRecognitionPatterns, detectKindWith, kindFromName, type RecognitionPatterns } from './detect';
import { hoverFor } from './hover';
import { imageFormat } from './image';
import { nodePoolFormat } from './nodepool';
import { outlineOfDocuments, type OutlineSymbol } from './outline';
import { isJson, parseConfig } from './parse';
import { checkSchema } from './schemaCheck';
import type { ConfigFormat, ConfigKind, FileAccess, ParseResult, Problem, Range, SyntaxDocument } from './types';
import { lineStartOf } from './lineIndex';
import { english, type L10n } from '../../util/l10n';

export { LineIndex } from './lineIndex';
export { parseConfig } from './parse';
export { defaultRecognitionPatterns, kindFromName, type RecognitionPatterns } from './detect';
export type { CompletionEntry } from './completion';
export type { OutlineSymbol } from './outline';
export { checkSchema, schemaAtPath, childSchema, objectSchemas, enumValues, describeType } from './schemaCheck';
export { schemaForPath, stepsAt, pathTo } from './locate';
export { closest, editDistance } from './editDistance';
export { globToRegExp, matchesGlob, isGlob, globBase } from './glob';
export { toJsonSchema, imageJsonSchema, nodePoolJsonSchema } from './jsonSchema';
export { dataMessages } from './l10nStrings';

export interface AnalyzeOptions {
  kind?: ConfigKind | 'auto';
  fileName?: string;
  files?: FileAccess;
  patterns?: RecognitionPatterns;
  /** How messages are worded (default English). The editor passes `vscode.l10n`. */
  l10n?: L10n;
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

export function detectKind(
  fileName: string | undefined,
  parse: ParseResult,
  patterns: RecognitionPatterns = defaultRecognitionPatterns,
): ConfigKind | undefined {
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

/**
 * Problems that say something is missing. Inside a document with a syntax error the tree is only the parser's
 * best guess, and a key it lost is not a key the user left out, so these wait until the document parses.
 */
const ABSENCE_CODES: ReadonlySet<string> = new Set([
  'image/missing-required',
  'nodepool/missing-required',
  'image/bootloader-reset-required',
  'image/disks-without-boot-type',
  'image/boot-type-without-disks',
  'image/filesystems-without-disks',
  'image/verity-without-disks',
  'image/missing-esp',
  'image/missing-bios-grub',
  'image/mount-without-type',
  'image/device-not-found',
  'image/verity-device-missing',
  'image/part-label-without-label',
  'image/artifacts-incomplete',
  'image/disk-size-unknown',
  'image/open-ended-partition',
  'image/input-image-sources',
  'nodepool/no-system-pool',
  'nodepool/autoscale-bounds-missing',
]);

/** Line-start offsets of the lines each syntax error touches, as [start, end) spans. */
function damagedSpans(text: string, errors: readonly Problem[]): Range[] {
  return errors.map((problem) => {
    const start = lineStartOf(text, problem.range.start);
    const newline = text.indexOf('\n', problem.range.end);
    return { start, end: newline < 0 ? text.length : newline + 1 };
  });
}

function within(range: Range, outer: Range): boolean {
  return range.start >= outer.start && range.start < Math.max(outer.end, outer.start + 1);
}

/**
 * The documents of a file to check as `kind`. Image Customizer decodes only the first document of a file, so an
 * image config is its first document; node pools are every document that is one (a document that is not, such as
 * a Kubernetes manifest beside it, is left alone), or every document when the name or the caller says the kind.
 */
function documentsToCheck(
  kind: ConfigKind,
  parse: ParseResult,
  byContent: boolean,
): { checked: SyntaxDocument[]; ignored: SyntaxDocument[] } {
  const withContent = parse.documents.filter((document) => document.root);
  if (kind === 'image') return { checked: withContent.slice(0, 1), ignored: withContent.slice(1) };
  if (!byContent) return { checked: withContent, ignored: [] };
  const checked = withContent.filter((document) => {
    try {
      return nodePoolFormat.recognizes(document);
    } catch {
      return false;
    }
  });
  return { checked, ignored: [] };
}

/**
 * A syntax problem worded through `l10n`: the sentence around the parser's detail is translated, and so are the
 * JSON parser's details (a fixed table); the `yaml` library words its own details, in English.
 */
function localizedSyntaxProblem(problem: Problem, l10n: L10n): Problem {
  // JSON details come from our own table (in the l10n bundle); YAML details are the parser's own words.
  const detail = problem.code === 'syntax/json' ? l10n.t(problem.message) : problem.message;
  const message =
    problem.code === 'syntax/json'
      ? l10n.t('This file is not valid JSON: {0}', detail)
      : l10n.t('This file is not valid YAML: {0}', detail);
  return { ...problem, message };
}

/** Parses, recognises and checks a config: syntax problems, the schema, then the format's rules. Never throws. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const parse = parseForCheck(text, options.fileName);
  const l10n = options.l10n ?? english;
  const problems: Problem[] = parse.problems.map((problem) => localizedSyntaxProblem(problem, l10n));
  let kind: ConfigKind | undefined;
  const forced = options.kind && options.kind !== 'auto' ? options.kind : undefined;
  const byName = forced ? undefined : kindFromName(options.fileName, options.patterns);
  try {
    kind = forced ?? byName ?? detectKind(options.fileName, parse, options.patterns);
  } catch {
    kind = undefined;
  }
  if (kind) {
    const format = formatFor(kind);
    // Image Customizer reads every config, JSON included, with yaml.v3; AKS reads JSON strictly.
    const lenientScalars = kind === 'image' || !isJson(text, options.fileName);
    const { checked, ignored } = documentsToCheck(kind, parse, !forced && !byName);
    if (kind === 'image' && checked.length === 0 && !parse.problems.some((problem) => problem.severity === 'error')) {
      // yaml.v3's Decode returns EOF for a file with no document (empty, or only comments): the tool refuses it.
      problems.push({
        range: { start: 0, end: Math.min(text.length, 1) },
        severity: 'error',
        code: 'image/empty-config',
        message: l10n.t(
          'The config file has no settings: Image Customizer cannot read an empty config. Add at least one section, such as os.',
        ),
      });
    }
    for (const document of checked) {
      const found: Problem[] = [];
      const report = (problem: Problem) => found.push(problem);
      try {
        for (const anchor of format.anchors(document)) {
          checkSchema(
            text,
            anchor,
            kind,
            {
              lenientScalars,
              goIntegers: kind === 'image',
              unknownKeySeverity: anchor.unknownSeverity ?? format.unknownKeySeverity,
              unknownValueSeverity: anchor.unknownSeverity ?? format.unknownValueSeverity,
              l10n,
            },
            report,
          );
        }
      } catch {
        // A format bug on an odd shape must not hide the other problems.
      }
      for (const rule of format.rules) {
        try {
          rule({ text, document, files: options.files, l10n, report });
        } catch {
          // Same: one failing rule leaves the others' problems standing.
        }
      }
      const errors = parse.problems.filter((problem) => problem.severity === 'error' && within(problem.range, document.range));
      if (errors.length) {
        const damaged = damagedSpans(text, errors);
        for (const problem of found) {
          if (ABSENCE_CODES.has(problem.code) || damaged.some((span) => within(problem.range, span))) continue;
          problems.push(problem);
        }
      } else {
        for (const problem of found) problems.push(problem);
      }
    }
    const later = ignored[0];
    if (later) {
      const start = later.root ? later.root.range.start : later.range.start;
      problems.push({
        range: { start, end: Math.min(text.length, start + 1) },
        severity: 'info',
        code: 'image/later-document',
        message: l10n.t(
          'Image Customizer reads only the first YAML document of a config file; this document and the ones after it are ignored.',
        ),
      });
    }
  }
  problems.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return { kind, parse, problems };
}

export function completionsAt(text: string, offset: number, kind: ConfigKind, l10n: L10n = english): CompletionEntry[] {
  try {
    return completionsFor(formatFor(kind), text, offset, sharedParse(text), l10n);
  } catch {
    return [];
  }
}

export function hoverAt(
  text: string,
  offset: number,
  kind: ConfigKind,
  l10n: L10n = english,
): { range: Range; markdown: string } | undefined {
  try {
    return hoverFor(formatFor(kind), text, offset, sharedParse(text), l10n);
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
