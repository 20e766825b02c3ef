import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type YAMLError } from 'yaml';
import type { MapEntry, Problem, ScalarNode, ScalarValue, SyntaxDocument, SyntaxNode } from '../types';
import { MAX_ALIAS_EXPANSION, MAX_DEPTH } from './limits';
import { applyMergeKeys } from './merge';
import { mapEntry, mapNode, scalarNode, seqNode, syntaxProblem, trimEnd } from './tree';

export interface ParsedDocuments {
  documents: SyntaxDocument[];
  problems: Problem[];
}

/**
 * The complete YAML parser, over the `yaml` package: every YAML feature, error recovery, exact ranges. Slower than
 * the fast path (fastYaml.ts), which hands it anything outside the block YAML people usually write.
 */
export function parseYamlComplete(text: string): ParsedDocuments {
  const problems: Problem[] = [];
  // The yaml package recurses per flow level; near the stack's end V8 may abort the process outright (compiling a
  // regular expression there is fatal, not a RangeError), so hostile flow nesting never reaches it.
  const tooDeep = flowNestingBeyond(text, MAX_DEPTH);
  if (tooDeep >= 0) {
    problems.push(
      syntaxProblem(
        'syntax/yaml',
        { start: tooDeep, end: tooDeep + 1 },
        `The document is nested more than ${MAX_DEPTH} levels deep; it is not checked.`,
      ),
    );
    return { documents: [{ root: undefined, range: { start: 0, end: text.length } }], problems };
  }
  let parsed: Document.Parsed[];
  try {
    const result = parseAllDocuments(text, { uniqueKeys: false, merge: false, prettyErrors: false, version: '1.2' });
    // An EmptyStream (no documents) is an array too.
    parsed = Array.from(result);
  } catch (error) {
    // The yaml package recurses per nesting level; an absurdly deep document exhausts the stack.
    problems.push(syntaxProblem('syntax/yaml', { start: 0, end: Math.min(text.length, 1) }, tooDeepOrBroken(error)));
    return { documents: [{ root: undefined, range: { start: 0, end: text.length } }], problems };
  }
  const converter = new Converter(text, problems);
  const documents: SyntaxDocument[] = [];
  for (let i = 0; i < parsed.length; i++) {
    const document = parsed[i];
    for (const error of document.errors) problems.push(fromYamlError(text, error, 'error'));
    for (const warning of document.warnings) problems.push(fromYamlError(text, warning, 'warning'));
    const start = i === 0 ? 0 : document.range[0];
    const end = i + 1 < parsed.length ? parsed[i + 1].range[0] : text.length;
    let root: SyntaxNode | undefined;
    try {
      root = converter.convertRoot(document);
    } catch (error) {
      problems.push(syntaxProblem('syntax/yaml', { start, end: Math.min(end, start + 1) }, tooDeepOrBroken(error)));
    }
    documents.push({ root, range: { start, end } });
  }
  if (documents.length === 0) documents.push({ root: undefined, range: { start: 0, end: text.length } });
  return { documents, problems };
}

/** The offset of the first `[` or `{` opened more than `limit` deep (counting every bracket in the text), or -1. */
function flowNestingBeyond(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return -1;
}

function tooDeepOrBroken(error: unknown): string {
  return error instanceof RangeError
    ? 'The document is nested too deeply to check.'
    : `The document could not be read as YAML: ${error instanceof Error ? error.message : String(error)}`;
}

function fromYamlError(text: string, error: YAMLError, severity: 'error' | 'warning'): Problem {
  const start = Math.max(0, Math.min(error.pos[0], text.length));
  const end = Math.max(start, Math.min(error.pos[1], text.length));
  const message = error.message.split(/ at line \d+, column \d+/)[0].trim();
  return syntaxProblem('syntax/yaml', { start, end }, message, severity);
}

class Converter {
  private readonly anchored = new Map<YamlNode, { node: SyntaxNode; size: number }>();
  private readonly inProgress = new Set<YamlNode>();
  private expanded = 0;
  private reportedAliasLimit = false;
  private reportedDepth = false;
  private document!: Document.Parsed;

  constructor(
    private readonly text: string,
    private readonly problems: Problem[],
  ) {}

  convertRoot(document: Document.Parsed): SyntaxNode | undefined {
    this.document = document;
    this.anchored.clear();
    const contents = document.contents as YamlNode | null;
    if (!contents) return undefined;
    const converted = this.convert(contents, 0);
    if (
      converted.node.kind === 'scalar' &&
      converted.node.value === null &&
      converted.node.range.start === converted.node.range.end &&
      !converted.node.quoted
    ) {
      return undefined;
    }
    return converted.node;
  }

  /** Returns the node and its size in nodes (to bound alias expansion). */
  private convert(node: YamlNode, depth: number): { node: SyntaxNode; size: number } {
    if (depth > MAX_DEPTH) {
      const start = node.range?.[0] ?? 0;
      if (!this.reportedDepth) {
        this.reportedDepth = true;
        this.problems.push(
          syntaxProblem(
            'syntax/yaml',
            { start, end: start + 1 },
            `The document is nested more than ${MAX_DEPTH} levels deep; deeper content is not checked.`,
          ),
        );
      }
      return { node: scalarNode(start, start, null, false), size: 1 };
    }
    if (isAlias(node)) return this.convertAlias(node, depth);
    const result = this.convertPlain(node, depth);
    if (node.anchor) this.anchored.set(node, result);
    return result;
  }

  private convertAlias(
    alias: YamlNode & { source: string; resolve(doc: Document): YamlNode | undefined },
    depth: number,
  ): { node: SyntaxNode; size: number } {
    const [start, end] = alias.range ?? [0, 0];
    const target = alias.resolve(this.document);
    const nothing = { node: scalarNode(start, end, null, false), size: 1 };
    if (!target) {
      // Go's yaml.v3, which the upstream tools decode with, rejects it too ("unknown anchor").
      this.problems.push(syntaxProblem('syntax/yaml', { start, end }, `The alias *${alias.source} refers to no anchor before it.`));
      return nothing;
    }
    if (this.inProgress.has(target)) {
      this.problems.push(syntaxProblem('syntax/yaml', { start, end }, `The alias *${alias.source} refers to a node that contains it.`));
      return nothing;
    }
    const resolved = this.anchored.get(target) ?? this.convert(target, depth);
    this.expanded += resolved.size;
    if (this.expanded > MAX_ALIAS_EXPANSION) {
      if (!this.reportedAliasLimit) {
        this.reportedAliasLimit = true;
        this.problems.push(
          syntaxProblem(
            'syntax/yaml',
            { start, end },
            `Aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes; this alias and later ones are not expanded.`,
          ),
        );
      }
      return nothing;
    }
    // The alias keeps its own range; what it points at keeps the anchor's ranges.
    const node = resolved.node;
    const range = { start, end };
    if (node.kind === 'map') return { node: { ...node, range }, size: resolved.size };
    if (node.kind === 'seq') return { node: { ...node, range }, size: resolved.size };
    return { node: { ...node, range }, size: resolved.size };
  }

  private convertPlain(node: YamlNode, depth: number): { node: SyntaxNode; size: number } {
    this.inProgress.add(node);
    try {
      if (isMap(node)) {
        let size = 1;
        const entries: MapEntry[] = [];
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const key = this.convertKey(pair.key as YamlNode | null, pair.value as YamlNode | null, depth);
          let value: SyntaxNode | undefined;
          const rawValue = pair.value as YamlNode | null;
          if (rawValue && !isEmptyNull(rawValue)) {
            const converted = this.convert(rawValue, depth + 1);
            value = converted.node;
            size += converted.size;
          }
          size += 1;
          entries.push(mapEntry(key, value));
        }
        const [start, flowEnd] = node.range ?? [0, 0];
        const end = node.flow ? flowEnd : entries.length ? entries[entries.length - 1].range.end : start;
        return { node: mapNode(start, end, applyMergeKeys(entries)), size };
      }
      if (isSeq(node)) {
        let size = 1;
        const items: SyntaxNode[] = [];
        for (const item of node.items) {
          if (isPair(item)) {
            // `[a: 1]` in a flow sequence is a single-pair map.
            const key = this.convertKey(item.key as YamlNode | null, item.value as YamlNode | null, depth);
            const rawValue = item.value as YamlNode | null;
            const value = rawValue && !isEmptyNull(rawValue) ? this.convert(rawValue, depth + 2).node : undefined;
            const entry = mapEntry(key, value);
            items.push(mapNode(entry.range.start, entry.range.end, [entry]));
            size += 2;
            continue;
          }
          const converted = this.convert(item as YamlNode, depth + 1);
          items.push(converted.node);
          size += converted.size;
        }
        const [start, flowEnd] = node.range ?? [0, 0];
        const end = node.flow ? flowEnd : items.length ? items[items.length - 1].range.end : start;
        return { node: seqNode(start, end, items), size };
      }
      if (isScalar(node)) return { node: this.convertScalar(node), size: 1 };
      const start = node.range?.[0] ?? 0;
      return { node: scalarNode(start, start, null, false), size: 1 };
    } finally {
      this.inProgress.delete(node);
    }
  }

  private convertScalar(node: YamlNode & { value: unknown; type?: string }): ScalarNode {
    const [start, valueEnd] = node.range ?? [0, 0];
    const quoted =
      node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    const end = quoted && node.type?.startsWith('QUOTE') ? valueEnd : trimEnd(this.text, start, valueEnd);
    return scalarNode(start, end, scalarValue(node.value), quoted);
  }

  private convertKey(key: YamlNode | null, value: YamlNode | null, depth: number): ScalarNode {
    if (key && isScalar(key)) return this.convertScalar(key);
    if (key && isAlias(key)) {
      const resolved = this.convertAlias(key as never, depth).node;
      if (resolved.kind === 'scalar') return resolved;
      const [start, end] = key.range ?? [0, 0];
      return scalarNode(start, end, this.text.slice(start, end), false);
    }
    if (key?.range) {
      // A complex key (`? [a, b]`): the decoders upstream reject it for our formats; keep its text as the key.
      const [start, end] = key.range;
      const trimmed = trimEnd(this.text, start, end);
      return scalarNode(start, trimmed, this.text.slice(start, trimmed), false);
    }
    const at = value?.range?.[0] ?? 0;
    return scalarNode(at, at, null, false);
  }
}

/** `key:` with nothing after it: the yaml package makes a zero-width null scalar. */
function isEmptyNull(node: YamlNode): boolean {
  return isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1] && !node.tag;
}

function scalarValue(value: unknown): ScalarValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}
