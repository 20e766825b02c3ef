import type { MapEntry, ParseResult, Problem, Range, ScalarNode, SyntaxDocument, SyntaxNode } from '../types';
import { MAX_ALIAS_EXPANSION } from './limits';
import { applyMergeKeys } from './merge';
import { resolvePlain } from './scalars';
import { mapEntry, mapNode, scalarNode, seqNode, shiftEntry, shiftNode } from './tree';
import { parseYamlComplete } from './yamlParser';

/**
 * A fast parser for the block YAML people write by hand: block maps and sequences, plain and quoted scalars on one
 * line, literal and folded block scalars, comments, one-line flow collections, anchors, aliases and merge keys,
 * `---` documents. It produces the same tree as the complete parser (yamlParser.ts), which a differential fuzz test
 * holds it to, and declines (returns undefined) anything else: tags, directives, complex keys, multi-line plain or
 * quoted scalars, multi-line flow collections, tabs in indentation, and every syntax error.
 */
export function parseFastYaml(text: string): ParseResult | undefined {
  try {
    return { documents: new FastYamlParser(text, false).parseStream(), problems: [] };
  } catch (error) {
    if (error === unsupported || error === wholeStream) return undefined;
    throw error;
  }
}

export interface RecoveringParse extends ParseResult {
  /** The regions handed to the complete parser, as [start, end) offsets (line starts, or a key after `- `). */
  readonly reparsed: readonly Range[];
}

/**
 * The fast parser with local recovery: where it meets something outside its subset (a syntax error while typing, a
 * multi-line flow collection, a tag), the smallest enclosing block entry or item around it (the entry's line and
 * the more-indented lines after it; with the entry before and after when the line is not itself an entry) is
 * parsed by the complete parser on its own, and its nodes and problems are spliced in. The rest of the document
 * keeps the fast parser's tree. Regions with anchors, aliases or merge keys, which may reach outside them, and
 * anything it cannot place, leave the whole text to the complete parser (undefined). Never throws on input.
 */
export function parseYamlRecovering(text: string): RecoveringParse | undefined {
  try {
    const parser = new FastYamlParser(text, true);
    const documents = parser.parseStream();
    return { documents, problems: parser.problems, reparsed: parser.reparsed };
  } catch (error) {
    if (error === unsupported || error === wholeStream) return undefined;
    throw error;
  }
}

const unsupported = new Error('outside the fast YAML subset');
/** Thrown past every local recovery: only the complete parser over the whole text gives the right answer. */
const wholeStream = new Error('needs the complete parser for the whole text');
/** Slots in the per-parse table of plain keys (a power of two). */
const keyTableSize = 256;
/** Deeper documents go to the complete parser, which limits depth itself. */
const maxFastDepth = 200;

function decline(): never {
  throw unsupported;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const QUOTE = 34;
const APOSTROPHE = 39;
const AMPERSAND = 38;
const STAR = 42;

class FastYamlParser {
  private pos = 0;
  /** Where the current document ends (the start of the next `---` line, or the end of the text). */
  private limit = 0;

  /**
   * Plain keys seen so far, by a hash of their characters: a config repeats a few dozen keys thousands of times, and
   * reusing one string per key saves the allocation and lets the schema checker's lookups hit an interned string.
   */
  private readonly keySources: (string | undefined)[] = new Array<string | undefined>(keyTableSize);
  private readonly keyValues: ScalarNode['value'][] = new Array<ScalarNode['value']>(keyTableSize);

  /** Nodes made so far, counted as the complete parser's alias-expansion limit counts them. */
  private count = 0;
  /** Nodes that aliases have added, over the whole stream (as the complete parser counts them). */
  private expanded = 0;
  /** Anchored nodes of the current document by name, the latest definition winning, with their sizes. */
  private readonly anchors = new Map<string, { node: SyntaxNode; size: number }>();
  /** Anchors whose node is still being read: an alias to one refers to a node that contains it. */
  private readonly pendingAnchors = new Set<string>();
  /** Characters handed to the complete parser so far: recovery that keeps widening gives up on the whole text. */
  private reparsedChars = 0;
  readonly problems: Problem[] = [];
  readonly reparsed: Range[] = [];
  /** For each region in `reparsed`, how many problems there were before it (to drop them when a wider region replaces it). */
  private readonly problemsBefore: number[] = [];

  constructor(
    private readonly text: string,
    private readonly recover: boolean,
  ) {}

  parseStream(): SyntaxDocument[] {
    const text = this.text;
    if (text.charCodeAt(0) === 0xfeff) decline();
    // A carriage return outside a CRLF pair is a line break to some readers and text to others: not our call.
    for (let cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 1)) if (text.charCodeAt(cr + 1) !== LF) decline();
    const markers = this.documentMarkers();
    const documents: SyntaxDocument[] = [];
    // Content before the first `---` is a document only when it has content (as the yaml package does).
    let start = 0;
    for (let i = 0; i <= markers.length; i++) {
      const end = i < markers.length ? markers[i] : text.length;
      const contentStart = i === 0 ? 0 : this.afterMarker(markers[i - 1]);
      if (i === 0 && markers.length > 0) {
        this.pos = 0;
        this.limit = end;
        const column = this.nextContent();
        if (column < 0) continue; // only comments before the first marker: they belong to the first document
      }
      this.pos = contentStart;
      this.limit = end;
      this.anchors.clear();
      this.pendingAnchors.clear();
      const root = this.parseDocumentRoot();
      documents.push({ root, range: { start, end } });
      start = end;
    }
    if (documents.length === 0) documents.push({ root: undefined, range: { start: 0, end: text.length } });
    return documents;
  }

  /** Line starts of `---` markers. `---` followed by content on the same line, `...` and directives are declined. */
  private documentMarkers(): number[] {
    const text = this.text;
    const markers: number[] = [];
    let lineStart = 0;
    while (lineStart < text.length) {
      const c = text.charCodeAt(lineStart);
      if (c === DASH && text.startsWith('---', lineStart)) {
        const after = text.charCodeAt(lineStart + 3);
        if (Number.isNaN(after) || after === LF || after === CR) markers.push(lineStart);
        else if (after === SPACE || after === TAB) {
          const rest = this.skipSpaces(lineStart + 3);
          const r = text.charCodeAt(rest);
          if (!(Number.isNaN(r) || r === LF || r === CR || r === HASH)) decline();
          markers.push(lineStart);
        }
      } else if (c === 37 /* % */ || (c === 46 && text.startsWith('...', lineStart))) {
        decline();
      }
      const newline = text.indexOf('\n', lineStart);
      if (newline < 0) break;
      lineStart = newline + 1;
    }
    return markers;
  }

  private afterMarker(marker: number): number {
    const newline = this.text.indexOf('\n', marker);
    return newline < 0 || newline > this.text.length ? this.text.length : newline + 1;
  }

  private parseDocumentRoot(): SyntaxNode | undefined {
    const column = this.nextContent();
    if (column < 0) return undefined;
    const node = this.parseBlockNode(-1, column, 0);
    if (this.nextContent() >= 0) throw wholeStream; // content after the root at a lower indentation: malformed
    return node;
  }

  private skipSpaces(i: number): number {
    const text = this.text;
    while (text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** End of the line containing `i` (the `\n`, or the limit), before any `\r`. */
  private lineEnd(i: number): number {
    let end = this.text.indexOf('\n', i);
    if (end < 0 || end > this.limit) end = this.limit;
    if (end > i && this.text.charCodeAt(end - 1) === CR) end--;
    return end;
  }

  /** Start of the line after the one containing `i`. */
  private nextLine(i: number): number {
    const newline = this.text.indexOf('\n', i);
    return newline < 0 || newline >= this.limit ? this.limit : newline + 1;
  }

  /**
   * Moves to the first content (not blank, not comment) at or after `pos` on this or later lines, when `pos` is at
   * a line start or only whitespace/comment remains on its line. Returns the content's column, or -1 at the end.
   */
  private nextContent(): number {
    const text = this.text;
    let i = this.pos;
    // Callers stand at a line start or before the end of a line; the line start is found when first needed.
    let lineStart = -1;
    for (;;) {
      if (i >= this.limit) {
        this.pos = this.limit;
        return -1;
      }
      const c = text.charCodeAt(i);
      if (c === SPACE) {
        i++;
        continue;
      }
      if (c === TAB) {
        // Tabs may separate but never indent; leave anything involving them to the complete parser.
        decline();
      }
      if (c === LF || c === CR || c === HASH) {
        if (c === HASH && i > (lineStart >= 0 ? lineStart : lineStartOf(text, i)) && text.charCodeAt(i - 1) !== SPACE) decline();
        i = this.nextLine(i);
        lineStart = i;
        continue;
      }
      this.pos = i;
      if (lineStart < 0) lineStart = lineStartOf(text, this.pos);
      return i - lineStart;
    }
  }

  /** A node starting at `pos` (column `column`), inside a block whose indentation is `parent`. */
  private parseBlockNode(parent: number, column: number, depth: number): SyntaxNode {
    if (depth > maxFastDepth) throw wholeStream; // the complete parser limits depth and says so
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === DASH && this.isIndicatorEnd(this.pos + 1)) return this.parseBlockSeq(column, depth);
    if (this.isKeyHere()) return this.parseBlockMap(column, depth);
    if (!this.recover) return this.parseInlineValue(parent, depth) ?? decline();
    const start = this.pos;
    try {
      return this.parseInlineValue(parent, depth) ?? decline();
    } catch (error) {
      if (error !== unsupported) throw error;
      // Not a value on its own (`key:value`, a half-typed key): a map whose first line is broken.
      this.pos = start;
      return this.parseBlockMap(column, depth, true);
    }
  }

  private isIndicatorEnd(i: number): boolean {
    if (i >= this.limit) return true;
    const c = this.text.charCodeAt(i);
    return c === SPACE || c === LF || c === CR || c === TAB;
  }

  /** True when a mapping key (`key:` followed by space or line end) starts at `pos`. */
  private isKeyHere(): boolean {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === QUOTE || c === APOSTROPHE) {
      const close = this.quotedEnd(this.pos);
      if (close < 0) return false;
      const after = this.skipSpaces(close);
      return text.charCodeAt(after) === COLON && this.isIndicatorEnd(after + 1);
    }
    if (c === 91 || c === 123) return false; // flow collection: a complex key if a colon follows, declined later
    const end = this.lineEnd(this.pos);
    for (let i = this.pos; i < end; i++) {
      const d = text.charCodeAt(i);
      if (d === COLON && this.isIndicatorEnd(i + 1)) return true;
      if (d === HASH && text.charCodeAt(i - 1) === SPACE) return false;
    }
    return false;
  }

  /**
   * A block map at `column`. With `broken`, the text at pos is not an entry (the document's first line) and goes
   * to recovery straight away.
   */
  private parseBlockMap(column: number, depth: number, broken = false): SyntaxNode {
    this.count++;
    const start = this.pos;
    const entries: MapEntry[] = [];
    let failedAt = broken ? start : -1;
    for (;;) {
      if (failedAt < 0) {
        const entryStart = this.pos;
        let parsed = false;
        try {
          entries.push(this.parseMapEntry(column, depth));
          parsed = true;
          const next = this.nextContent();
          if (next < column) break;
          if (next === column && this.isKeyHere()) continue;
          decline(); // a more-indented line the entry did not take, or a line that is not an entry
        } catch (error) {
          if (error !== unsupported || !this.recover) throw error;
          // After an entry, the stray line is read together with the entry before it.
          if (parsed) entries.pop();
          failedAt = entryStart;
        }
      }
      const region = this.reparse(failedAt, this.regionEnd(failedAt, column, 'map'), column, 'map');
      for (const node of region.nodes as MapEntry[]) entries.push(node);
      this.count += region.size;
      failedAt = -1;
      if (this.resumeAt(region.end, column) < 0) break;
      // After a region widened to a closing quote, the next line may not be an entry: it starts the next region.
      if (!this.isKeyHere()) failedAt = this.pos;
    }
    if (entries.length === 0) decline();
    return mapNode(start, entries[entries.length - 1].range.end, applyMergeKeys(entries));
  }

  /** One `key: value` entry at pos (a key line); leaves pos after the value. */
  private parseMapEntry(column: number, depth: number): MapEntry {
    const text = this.text;
    const key = this.parseKey();
    // pos is just after the colon
    let value: SyntaxNode | undefined;
    const afterColon = this.skipSpaces(this.pos);
    const c = text.charCodeAt(afterColon);
    if (c === TAB) decline();
    if (c === AMPERSAND) {
      value = this.parseAnchored(afterColon, column, depth + 1, false);
    } else if (c === STAR) {
      this.pos = afterColon;
      value = this.parseAlias();
      this.expectLineEnd();
    } else if (afterColon >= this.limit || c === LF || c === CR || c === HASH) {
      this.pos = afterColon;
      const next = this.nextContent();
      if (next > column) value = this.parseBlockNode(column, next, depth + 1);
      else if (next === column && this.isDashHere()) value = this.parseBlockSeq(column, depth + 1);
    } else {
      this.pos = afterColon;
      value = this.parseInlineValue(column, depth + 1);
      if (!value) decline();
    }
    return mapEntry(key, value);
  }

  private isDashHere(): boolean {
    return this.text.charCodeAt(this.pos) === DASH && this.isIndicatorEnd(this.pos + 1);
  }

  /**
   * `&name` at `at` in a block value position (after `key:` or `- `), then the node it names: on the same line, or
   * a block collection on the lines after.
   */
  private parseAnchored(at: number, column: number, depth: number, seqItem: boolean): SyntaxNode {
    const text = this.text;
    const name = this.anchorName(at + 1);
    const before = this.count;
    this.pendingAnchors.add(name);
    const after = this.skipSpaces(this.pos);
    const c = text.charCodeAt(after);
    let node: SyntaxNode;
    if (c === TAB) decline();
    if (after >= this.limit || c === LF || c === CR || c === HASH) {
      if (c === HASH && after === this.pos) decline();
      this.pos = after;
      const next = this.nextContent();
      if (next > column) node = this.parseBlockNode(column, next, depth);
      else if (!seqItem && next === column && this.isDashHere()) node = this.parseBlockSeq(column, depth);
      else decline(); // an anchored empty value: rare, left to the complete parser
    } else {
      if (after === this.pos || c === AMPERSAND || c === STAR || c === 33 /* ! */) decline();
      this.pos = after;
      // `- &a key: value` anchors the key, not the map: left to the complete parser.
      if (seqItem && (this.isDashHere() || this.isKeyHere())) decline();
      node = this.parseInlineValue(column, depth) ?? decline();
    }
    this.pendingAnchors.delete(name);
    this.anchors.set(name, { node, size: this.count - before });
    return node;
  }

  /** An anchor or alias name starting at `i` (after `&` or `*`); leaves pos after it. */
  private anchorName(i: number): string {
    const text = this.text;
    let end = i;
    for (;;) {
      const c = text.charCodeAt(end);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === DASH || c === 46) end++;
      else break;
    }
    // Names end at a space, a line end or (in flow) an indicator; anything else is left to the complete parser.
    const c = text.charCodeAt(end);
    if (end === i || !(end >= this.limit || c === SPACE || c === LF || c === CR || c === 44 || c === 93 || c === 125)) decline();
    this.pos = end;
    return text.slice(i, end);
  }

  /** `*name` at pos: the anchored node, as the complete parser gives it (the alias's range, the target's content). */
  private parseAlias(): SyntaxNode {
    const start = this.pos;
    const name = this.anchorName(start + 1);
    if (this.pendingAnchors.has(name)) decline(); // an alias inside the node it names
    const target = this.anchors.get(name) ?? decline();
    this.expanded += target.size;
    // Past the limit the complete parser reports the alias bomb and leaves the rest unexpanded.
    if (this.expanded > MAX_ALIAS_EXPANSION) throw wholeStream;
    this.count += target.size;
    const range = { start, end: this.pos };
    const node = target.node;
    if (node.kind === 'map') return { ...node, range };
    if (node.kind === 'seq') return { ...node, range };
    return { ...node, range };
  }

  /**
   * Where the region starting at `from` (a line of a block at `column`) ends: its line and every line after it that
   * belongs to it (more indented, blank, comments, lines indented with a tab, and for a map a list at its own
   * column). When the region's first line is not an entry of the block, the entries after it join it up to and
   * including the next real one, since the complete parser may read a half-typed line together with what follows.
   */
  private regionEnd(from: number, column: number, kind: 'map' | 'seq'): number {
    let end = this.chunkEnd(from, column, kind);
    if (kind === 'seq') return end;
    let pendingHead = !this.isHeadAt(from, kind);
    while (end < this.limit) {
      const content = this.contentOfLine(end);
      if (content < 0 || content - end !== column) break;
      const head = this.isHeadAt(content, kind);
      if (head && !pendingHead) break;
      pendingHead = !head;
      end = this.chunkEnd(content, column, kind);
    }
    if (pendingHead) throw unsupported; // nothing after the stray line to read it with: the enclosing block's call
    return end;
  }

  /** The start of the first line after `from`'s line that begins a new entry or item of a block at `column`. */
  private chunkEnd(from: number, column: number, kind: 'map' | 'seq'): number {
    const text = this.text;
    let i = this.nextLine(from);
    while (i < this.limit) {
      const content = this.contentOfLine(i);
      if (content >= 0) {
        const col = content - i;
        const continues =
          col > column || (kind === 'map' && col === column && text.charCodeAt(content) === DASH && this.isIndicatorEnd(content + 1));
        if (!continues) return i;
      }
      i = this.nextLine(i);
    }
    return this.limit;
  }

  /**
   * The offset of the first content on the line starting at `lineStart`, or -1 for a blank line, a comment line or
   * one indented with a tab (which belong to the region before them).
   */
  private contentOfLine(lineStart: number): number {
    const text = this.text;
    let i = lineStart;
    while (text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    if (i >= this.limit || c === LF || c === CR || c === HASH || c === TAB) return -1;
    return i;
  }

  private isHeadAt(at: number, kind: 'map' | 'seq'): boolean {
    const save = this.pos;
    this.pos = at;
    const head = kind === 'map' ? this.isKeyHere() : this.isDashHere();
    this.pos = save;
    return head;
  }

  /** After a region ending at the line start `end`: moves to the next entry of the block and returns its column, or -1. */
  private resumeAt(end: number, column: number): number {
    let i = end;
    while (i < this.limit) {
      const content = this.contentOfLine(i);
      if (content >= 0) {
        this.pos = content - i === column ? content : i;
        return content - i === column ? column : -1;
      }
      i = this.nextLine(i);
    }
    this.pos = this.limit;
    return -1;
  }

  /**
   * Parses text[from, end) (entries or items of a block at `column`) with the complete parser and returns its
   * entries or items with their ranges moved into place, and their size in nodes. The region is read after a key
   * at column 0 (`_:`), as its value when it is indented, so that a line indented less than the block (a tab
   * indent, a stray item) is reported as the complete parser reports it in the document.
   */
  private reparse(
    from: number,
    end: number,
    column: number,
    kind: 'map' | 'seq',
  ): { nodes: MapEntry[] | SyntaxNode[]; size: number; end: number } {
    let region = this.parseRegion(from, end, column, kind);
    // A quote left open may close on a later line, less indented (the complete parser allows that): when the text
    // up to the next such quote reads without errors, that is how the document reads, so the region takes it in.
    const quote = region.problems
      .find((problem) => problem.severity === 'error' && /^Missing closing ["']quote/.test(problem.message))
      ?.message.charAt(16);
    const close = quote ? this.text.indexOf(quote, end) : -1;
    if (close >= 0 && close < this.limit) {
      try {
        const wider = this.parseRegion(from, this.chunkEnd(close, column, kind), column, kind);
        if (!wider.problems.some((problem) => problem.severity === 'error')) region = wider;
        else throw wholeStream; // read here or not at all: only the whole text tells
      } catch (error) {
        if (error !== unsupported) throw error;
        throw wholeStream;
      }
    }
    // Regions inside this one, read before it failed as a whole, give way to it.
    while (this.reparsed.length && this.reparsed[this.reparsed.length - 1].start >= from) {
      this.reparsed.pop();
      this.problems.length = this.problemsBefore.pop()!;
    }
    this.problemsBefore.push(this.problems.length);
    this.reparsed.push({ start: from, end: region.end });
    for (const problem of region.problems) this.problems.push(problem);
    return region;
  }

  /** The complete parse of one region, not yet taken into the result. */
  private parseRegion(
    from: number,
    end: number,
    column: number,
    kind: 'map' | 'seq',
  ): { nodes: MapEntry[] | SyntaxNode[]; size: number; end: number; problems: Problem[] } {
    const text = this.text;
    const head = '_:\n';
    // The region keeps its column; on its first line, what comes before it (indentation, or `- `) becomes spaces.
    const body = ' '.repeat(column) + text.slice(from, end);
    const shift = from - column - head.length;
    // Anchors, aliases and merge keys may reach outside the region.
    if (body.indexOf('&') >= 0 || body.indexOf('*') >= 0 || body.indexOf('<<') >= 0) throw wholeStream;
    this.reparsedChars += body.length;
    if (this.reparsedChars > 2 * text.length + 4096) throw wholeStream;
    const parsed = parseYamlComplete(head + body);
    const root = parsed.documents.length === 1 ? parsed.documents[0].root : undefined;
    const first = root?.kind === 'map' ? root.entries[0] : undefined;
    if (!root || root.kind !== 'map' || !first || first.key.range.start !== 0 || first.key.value !== '_') throw unsupported;
    let nodes: readonly MapEntry[] | readonly SyntaxNode[];
    if (kind === 'map' && column === 0) {
      // The region's entries follow `_:` at the root; `_` must have kept its empty value.
      if (first.value || root.entries.length < 2) throw unsupported;
      nodes = root.entries.slice(1);
    } else {
      // The region is `_`'s value; anything after it (a line indented less than the block) is left out of the tree.
      const value = first.value;
      if (!value || value.kind !== kind) throw unsupported; // the region does not stand alone: widen it
      nodes = value.kind === 'map' ? value.entries : value.kind === 'seq' ? value.items : [];
    }
    let size = 0;
    for (const node of nodes) {
      // The complete parser puts a key it has no position for at 0, and an empty key after what precedes it.
      if (firstOffset(node) < head.length) throw wholeStream;
      size += 'key' in node ? 1 + (node.value ? countNodes(node.value) : 0) : countNodes(node);
    }
    const problems = parsed.problems.map((problem) => ({
      ...problem,
      range: { start: Math.max(from, problem.range.start + shift), end: Math.max(from, problem.range.end + shift) },
    }));
    // Sizes are counted the plain way, never below the complete parser's count: the alias limit trips no later.
    if (kind === 'map') return { nodes: (nodes as MapEntry[]).map((entry) => shiftEntry(entry, shift)), size, end, problems };
    return { nodes: (nodes as SyntaxNode[]).map((item) => shiftNode(item, shift)), size, end, problems };
  }

  /** Reads `key:` at pos; leaves pos after the colon. */
  private parseKey(): ScalarNode {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start);
    let key: ScalarNode;
    if (c === QUOTE || c === APOSTROPHE) {
      key = this.parseQuoted();
      this.pos = this.skipSpaces(this.pos);
    } else {
      if (isPlainStartForbidden(c, text.charCodeAt(start + 1)) || c === 63 /* ? */) decline();
      let i = start;
      let hash = 0;
      for (;;) {
        const d = text.charCodeAt(i);
        if (d === COLON && this.isIndicatorEnd(i + 1)) break;
        if (d === TAB) decline();
        hash = (hash * 31 + d) | 0;
        i++;
      }
      let end = i;
      if (text.charCodeAt(end - 1) === SPACE) {
        while (text.charCodeAt(end - 1) === SPACE) end--;
        hash = 0;
        for (let j = start; j < end; j++) hash = (hash * 31 + text.charCodeAt(j)) | 0;
      }
      key = scalarNode(start, end, this.keyValue(start, end, hash & (keyTableSize - 1)), false);
      this.count++;
      this.pos = i;
    }
    if (text.charCodeAt(this.pos) !== COLON) decline();
    this.pos++;
    return key;
  }

  /** The value of the plain key text[start, end), reusing the string of an earlier identical key. */
  private keyValue(start: number, end: number, slot: number): ScalarNode['value'] {
    const known = this.keySources[slot];
    if (known !== undefined && known.length === end - start && sameText(known, this.text, start)) return this.keyValues[slot];
    const source = this.text.slice(start, end);
    const value = resolvePlain(source);
    this.keySources[slot] = source;
    this.keyValues[slot] = value;
    return value;
  }

  private parseBlockSeq(column: number, depth: number): SyntaxNode {
    this.count++;
    const start = this.pos;
    const items: SyntaxNode[] = [];
    let failedAt = -1;
    for (;;) {
      if (failedAt < 0) {
        const dash = this.pos;
        let parsed = false;
        try {
          items.push(this.parseSeqItem(column, depth));
          parsed = true;
          const next = this.nextContent();
          if (next < column) break;
          if (next > column) decline(); // a more-indented line the item did not take
          if (!this.isDashHere()) break; // a key of the map holding this list
          continue;
        } catch (error) {
          if (error !== unsupported || !this.recover) throw error;
          if (parsed) items.pop();
          failedAt = dash;
        }
      }
      const region = this.reparse(failedAt, this.regionEnd(failedAt, column, 'seq'), column, 'seq');
      for (const node of region.nodes as SyntaxNode[]) items.push(node);
      this.count += region.size;
      failedAt = -1;
      if (this.resumeAt(region.end, column) < 0 || !this.isDashHere()) break;
    }
    if (items.length === 0) decline();
    return seqNode(start, items[items.length - 1].range.end, items);
  }

  /** One `- item` at pos (a dash); leaves pos after the item. */
  private parseSeqItem(column: number, depth: number): SyntaxNode {
    const text = this.text;
    const dash = this.pos;
    const afterDash = this.skipSpaces(dash + 1);
    const c = text.charCodeAt(afterDash);
    if (c === TAB) decline();
    if (c === AMPERSAND) return this.parseAnchored(afterDash, column, depth + 1, true);
    if (c === STAR) {
      this.pos = afterDash;
      const alias = this.parseAlias();
      this.expectLineEnd();
      return alias;
    }
    if (afterDash >= this.limit || c === LF || c === CR || c === HASH) {
      this.pos = afterDash;
      const next = this.nextContent();
      if (next > column) return this.parseBlockNode(column, next, depth + 1);
      this.count++;
      return scalarNode(afterDash, afterDash, null, false);
    }
    this.pos = afterDash;
    return this.parseBlockNode(column, afterDash - (dash - column), depth + 1);
  }

  /** A value that starts on the current line: scalar, block scalar or one-line flow collection. */
  private parseInlineValue(parent: number, depth: number): SyntaxNode | undefined {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    let node: SyntaxNode;
    if (c === QUOTE || c === APOSTROPHE) node = this.parseQuoted();
    else if (c === 124 /* | */ || c === 62 /* > */) return this.parseBlockScalar(parent);
    else if (c === 91 /* [ */ || c === 123 /* { */) node = this.parseFlow(depth);
    else node = this.parsePlainInline(parent);
    this.expectLineEnd();
    return node;
  }

  /** After a value only spaces and a comment may follow on the line. */
  private expectLineEnd(): void {
    const i = this.skipSpaces(this.pos);
    const c = this.text.charCodeAt(i);
    if (i >= this.limit || c === LF || c === CR) {
      this.pos = i;
      return;
    }
    if (c === HASH && i > this.pos) {
      this.pos = i;
      return;
    }
    decline();
  }

  private parsePlainInline(parent: number): ScalarNode {
    const text = this.text;
    const start = this.pos;
    if (isPlainStartForbidden(text.charCodeAt(start), text.charCodeAt(start + 1))) decline();
    const end = this.lineEnd(start);
    let i = start;
    let last = start;
    for (; i < end; i++) {
      const d = text.charCodeAt(i);
      if (d === HASH && (text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) break;
      if (d === COLON && this.isIndicatorEnd(i + 1)) decline(); // `a: b: c`
      if (d === TAB) decline();
      if (d !== SPACE) last = i + 1;
    }
    // A more-indented line after a plain scalar would continue it over several lines: leave that to the complete parser.
    this.pos = last;
    const save = this.pos;
    this.pos = this.nextLine(i === end ? end : i);
    const next = this.nextContent();
    if (next > parent && next >= 0 && this.isContinuation(next, parent)) decline();
    this.pos = save;
    this.count++;
    return scalarNode(start, last, resolvePlain(text.slice(start, last)), false);
  }

  /** Whether content at `column` (pos) after a plain scalar would be read as its continuation. */
  private isContinuation(column: number, parent: number): boolean {
    return column > parent;
  }

  private quotedEnd(start: number): number {
    const text = this.text;
    const quote = text.charCodeAt(start);
    const end = this.lineEnd(start);
    for (let i = start + 1; i < end; i++) {
      const c = text.charCodeAt(i);
      if (quote === QUOTE && c === 92 /* \ */) {
        i++;
        continue;
      }
      if (c === quote) {
        if (quote === APOSTROPHE && text.charCodeAt(i + 1) === APOSTROPHE) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return -1;
  }

  private parseQuoted(): ScalarNode {
    const text = this.text;
    const start = this.pos;
    const end = this.quotedEnd(start);
    if (end < 0) decline(); // multi-line or unterminated
    const body = text.slice(start + 1, end - 1);
    let value: string;
    if (text.charCodeAt(start) === APOSTROPHE) value = body.indexOf("''") >= 0 ? body.replace(/''/g, "'") : body;
    else value = body.indexOf('\\') >= 0 ? unescapeDouble(body) : body;
    this.pos = end;
    this.count++;
    return scalarNode(start, end, value, true);
  }

  private parseBlockScalar(parent: number): ScalarNode {
    const text = this.text;
    const start = this.pos;
    const folded = text.charCodeAt(start) === 62;
    let i = start + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const indicator = text.charCodeAt(i);
    if (indicator === DASH) chomp = 'strip';
    else if (indicator === 43) chomp = 'keep';
    else if (indicator >= 48 && indicator <= 57) decline(); // explicit indentation: rare, and subtle
    if (chomp !== 'clip') i++;
    if (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) decline();
    const headerEnd = i;
    this.pos = i;
    this.expectLineEnd();
    // Content lines: their indentation comes from the first non-empty one.
    let lineStart = this.nextLine(this.pos);
    let indent = -1;
    let maxLeadingBlank = 0;
    const lines: string[] = [];
    let lastContentEnd = headerEnd;
    while (lineStart < this.limit) {
      const end = this.lineEnd(lineStart);
      let spaces = 0;
      while (lineStart + spaces < end && text.charCodeAt(lineStart + spaces) === SPACE) spaces++;
      const blank = lineStart + spaces === end;
      if (blank) {
        if (indent < 0) maxLeadingBlank = Math.max(maxLeadingBlank, spaces);
        lines.push(indent < 0 ? '' : text.slice(lineStart + Math.min(spaces, indent), end));
        lineStart = this.nextLine(end);
        continue;
      }
      if (indent < 0) {
        if (spaces <= parent) break;
        indent = spaces;
        if (maxLeadingBlank > indent) decline();
      } else if (spaces < indent) {
        break;
      }
      if (text.charCodeAt(lineStart + spaces) === TAB) decline();
      lines.push(text.slice(lineStart + indent, end));
      lastContentEnd = end;
      lineStart = this.nextLine(end);
    }
    // A block scalar with no content takes its value from the blank lines around it; rare enough to leave alone.
    if (indent < 0) decline();
    this.pos = lastContentEnd;
    let rangeEnd = lastContentEnd;
    while (rangeEnd > start && isSpaceCode(text.charCodeAt(rangeEnd - 1))) rangeEnd--;
    this.count++;
    return scalarNode(start, Math.max(rangeEnd, headerEnd), blockValue(lines, folded, chomp, indent < 0 ? 0 : indent), true);
  }

  private parseFlow(depth: number): SyntaxNode {
    if (depth > maxFastDepth) throw wholeStream; // the complete parser limits depth and says so
    const text = this.text;
    const start = this.pos;
    const isMap = text.charCodeAt(start) === 123;
    const close = isMap ? 125 : 93;
    this.pos++;
    this.count++;
    const entries: MapEntry[] = [];
    const items: SyntaxNode[] = [];
    for (;;) {
      this.skipFlowSpaces();
      if (text.charCodeAt(this.pos) === close) {
        this.pos++;
        break;
      }
      if (isMap) {
        const key = this.parseFlowScalar(true);
        this.skipFlowSpaces();
        if (text.charCodeAt(this.pos) !== COLON) decline();
        this.pos++;
        this.skipFlowSpaces();
        const c = text.charCodeAt(this.pos);
        if (c === 44 || c === close) decline(); // `{a: }`: a null value, left to the complete parser
        entries.push(mapEntry(key, this.parseFlowValue(depth)));
      } else {
        items.push(this.parseFlowValue(depth));
      }
      this.skipFlowSpaces();
      const c = text.charCodeAt(this.pos);
      if (c === 44 /* , */) {
        this.pos++;
        continue;
      }
      if (c === close) {
        this.pos++;
        break;
      }
      decline();
    }
    return isMap ? mapNode(start, this.pos, applyMergeKeys(entries)) : seqNode(start, this.pos, items);
  }

  private skipFlowSpaces(): void {
    const text = this.text;
    let c = text.charCodeAt(this.pos);
    while (c === SPACE) c = text.charCodeAt(++this.pos);
    if (this.pos >= this.limit || c === LF || c === CR || c === TAB || c === HASH) decline(); // multi-line flow
  }

  private parseFlowValue(depth: number): SyntaxNode {
    const c = this.text.charCodeAt(this.pos);
    if (c === 91 || c === 123) return this.parseFlow(depth + 1);
    if (c === STAR) {
      const alias = this.parseAlias();
      this.skipFlowSpaces();
      if (this.text.charCodeAt(this.pos) === COLON) decline();
      return alias;
    }
    if (c === AMPERSAND) {
      const name = this.anchorName(this.pos + 1);
      if (this.text.charCodeAt(this.pos) !== SPACE) decline();
      this.skipFlowSpaces();
      const d = this.text.charCodeAt(this.pos);
      if (d === AMPERSAND || d === STAR || d === 44 || d === 93 || d === 125) decline();
      const before = this.count;
      this.pendingAnchors.add(name);
      const node = this.parseFlowValue(depth);
      this.pendingAnchors.delete(name);
      this.anchors.set(name, { node, size: this.count - before });
      return node;
    }
    const node = this.parseFlowScalar(false);
    // `[a: 1]` is a one-pair map in a flow sequence: leave it to the complete parser.
    this.skipFlowSpaces();
    if (this.text.charCodeAt(this.pos) === COLON) decline();
    return node;
  }

  private parseFlowScalar(isKey: boolean): ScalarNode {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === QUOTE || c === APOSTROPHE) return this.parseQuoted();
    const start = this.pos;
    if (isPlainStartForbidden(c, text.charCodeAt(start + 1)) || c === 44 || c === 93 || c === 125) decline();
    // `-`, `?` or `:` before a flow indicator starts a block collection or an empty key: an error in flow.
    if ((c === DASH || c === 63 || c === COLON) && isFlowIndicator(text.charCodeAt(start + 1))) decline();
    let i = start;
    let last = start;
    for (;;) {
      const d = text.charCodeAt(i);
      if (i >= this.limit || d === LF || d === CR || d === TAB) decline();
      if (d === 44 || d === 91 || d === 93 || d === 123 || d === 125) {
        if (d === 91 || d === 123) decline();
        break;
      }
      if (d === COLON) {
        const e = text.charCodeAt(i + 1);
        if (e === SPACE || e === 44 || e === 93 || e === 125 || i + 1 >= this.limit) break;
        if (!isKey) decline();
      }
      if (d === HASH && text.charCodeAt(i - 1) === SPACE) decline();
      if (d !== SPACE) last = i + 1;
      i++;
    }
    this.pos = last;
    this.count++;
    return scalarNode(start, last, resolvePlain(text.slice(start, last)), false);
  }
}

/**
 * The smallest start offset in a node or entry and everything under it; -1 when it holds an empty key (`: x`),
 * which the complete parser places after whatever precedes it, so its place in a region is not its place in the
 * document.
 */
function firstOffset(node: SyntaxNode | MapEntry): number {
  if ('key' in node) {
    const key = node.key;
    if (key.value === null && !key.quoted && key.range.start === key.range.end) return -1;
    return Math.min(node.range.start, key.range.start, node.value ? firstOffset(node.value) : Infinity);
  }
  let least = node.range.start;
  if (node.kind === 'seq') for (const item of node.items) least = Math.min(least, firstOffset(item));
  else if (node.kind === 'map') for (const entry of node.entries) least = Math.min(least, firstOffset(entry));
  return least;
}

/** Nodes in a tree: a map, each key and value, a list and each item, a scalar. */
function countNodes(node: SyntaxNode): number {
  if (node.kind === 'scalar') return 1;
  let size = 1;
  if (node.kind === 'seq') for (const item of node.items) size += countNodes(item);
  else for (const entry of node.entries) size += 1 + (entry.value ? countNodes(entry.value) : 0);
  return size;
}

/** Start of the line holding `i`, scanning back (`lastIndexOf` at an offset is a slow call in V8 here). */
function lineStartOf(text: string, i: number): number {
  while (i > 0 && text.charCodeAt(i - 1) !== LF) i--;
  return i;
}

/** True when `text` holds `part` at `start` (a plain loop: `startsWith` at an offset is a slow call in V8 here). */
function sameText(part: string, text: string, start: number): boolean {
  for (let k = 0; k < part.length; k++) if (part.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

function isSpaceCode(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** Characters that cannot start a plain scalar (or that start features the fast path leaves alone). */
function isPlainStartForbidden(c: number, next: number): boolean {
  switch (c) {
    case 38: // & anchor
    case 42: // * alias
    case 33: // ! tag
    case 124: // |
    case 62: // >
    case 37: // %
    case 64: // @
    case 96: // `
    case 35: // #
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case QUOTE:
    case APOSTROPHE:
      return true;
    case DASH:
    case 63: // ?
    case COLON:
      return next === SPACE || next === TAB || next === LF || next === CR || Number.isNaN(next);
    default:
      return false;
  }
}

const simpleEscapes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

function unescapeDouble(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple = simpleEscapes[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = body.slice(i + 1, i + 1 + width);
    if (!width || hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) decline();
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) decline();
    out += String.fromCodePoint(code);
    i += width;
  }
  return out;
}

/** The value of a literal (`|`) or folded (`>`) block scalar from its lines with the indentation removed. */
function blockValue(lines: string[], folded: boolean, chomp: 'clip' | 'strip' | 'keep', _indent: number): string {
  let lastContent = lines.length - 1;
  while (lastContent >= 0 && lines[lastContent].trim() === '' && lines[lastContent] === '') lastContent--;
  // Lines of only spaces beyond the indentation count as content in literal scalars; for trailing detection
  // treat lines that are empty after removing the indentation as blank.
  while (lastContent >= 0 && lines[lastContent] === '') lastContent--;
  const body = lines.slice(0, lastContent + 1);
  const trailing = lines.length - 1 - lastContent;
  let value: string;
  if (!folded) {
    value = body.join('\n');
  } else {
    value = '';
    let pendingBreaks = 0;
    let previousMoreIndented = false;
    let first = true;
    for (const line of body) {
      if (line === '') {
        pendingBreaks++;
        continue;
      }
      const moreIndented = line[0] === ' ' || line[0] === '\t';
      if (first) value += '\n'.repeat(pendingBreaks);
      else if (moreIndented || previousMoreIndented) value += '\n'.repeat(pendingBreaks + 1);
      else value += pendingBreaks ? '\n'.repeat(pendingBreaks) : ' ';
      value += line;
      pendingBreaks = 0;
      previousMoreIndented = moreIndented;
      first = false;
    }
  }
  if (body.length === 0) return chomp === 'keep' ? '\n'.repeat(trailing) : '';
  if (chomp === 'strip') return value;
  if (chomp === 'clip') return `${value}\n`;
  return `${value}\n${'\n'.repeat(trailing)}`;
}
