import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { MapEntry, Problem, SyntaxNode } from '../types';
import { MAX_DEPTH } from './limits';
import type { ParsedDocuments } from './yamlParser';
import { mapEntry, mapNode, scalarNode, seqNode, syntaxProblem } from './tree';

export const JSON_PARSE_MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'Unexpected character.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'Expected a property name in double quotes.',
  ValueExpected: 'Expected a value.',
  ColonExpected: 'Expected a colon after the property name.',
  CommaExpected: 'Expected a comma.',
  CloseBraceExpected: 'Expected a closing brace "}".',
  CloseBracketExpected: 'Expected a closing bracket "]".',
  EndOfFileExpected: 'Expected the end of the file.',
  InvalidCommentToken: 'Invalid comment.',
  UnexpectedEndOfComment: 'The comment is not closed.',
  UnexpectedEndOfString: 'The string is not closed.',
  UnexpectedEndOfNumber: 'The number is not complete.',
  InvalidUnicode: 'Invalid Unicode escape.',
  InvalidEscapeCharacter: 'Invalid escape character.',
  InvalidCharacter: 'Invalid character in a string.',
};

/** JSON with comments (ARM templates, REST bodies), over `jsonc-parser`, which recovers from errors and keeps offsets. */
export function parseJson(text: string): ParsedDocuments {
  const range = { start: 0, end: text.length };
  const depth = maxBracketDepth(text);
  if (depth > MAX_DEPTH) {
    // jsonc-parser recurses per level; refuse before it exhausts the stack.
    const at = deepestOpening(text, MAX_DEPTH + 1);
    return {
      documents: [{ root: undefined, range }],
      problems: [
        syntaxProblem(
          'syntax/json',
          { start: at, end: at + 1 },
          `The document is nested more than ${MAX_DEPTH} levels deep and is not checked.`,
        ),
      ],
    };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: false, allowTrailingComma: false, allowEmptyContent: true });
  const problems: Problem[] = errors.map((error) =>
    syntaxProblem(
      'syntax/json',
      { start: error.offset, end: Math.min(text.length, error.offset + Math.max(error.length, 1)) },
      JSON_PARSE_MESSAGES[printParseErrorCode(error.error)] ?? 'Invalid JSON.',
    ),
  );
  return { documents: [{ root: tree ? convert(tree) : undefined, range }], problems };
}

function convert(node: JsonNode): SyntaxNode {
  const start = node.offset;
  const end = node.offset + node.length;
  switch (node.type) {
    case 'object': {
      const entries: MapEntry[] = [];
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode) continue;
        const key = scalarNode(keyNode.offset, keyNode.offset + keyNode.length, String(keyNode.value ?? ''), true);
        entries.push(mapEntry(key, valueNode ? convert(valueNode) : undefined));
      }
      return mapNode(start, end, entries);
    }
    case 'array':
      return seqNode(start, end, (node.children ?? []).map(convert));
    case 'string':
      return scalarNode(start, end, String(node.value), true);
    case 'number':
    case 'boolean':
    case 'null':
      return scalarNode(start, end, node.value as number | boolean | null, false);
    default:
      return scalarNode(start, end, null, false);
  }
}

/** Deepest `{`/`[` nesting outside strings and comments. */
function maxBracketDepth(text: string): number {
  return scanBrackets(text, Number.POSITIVE_INFINITY).max;
}

function deepestOpening(text: string, depth: number): number {
  return scanBrackets(text, depth).at;
}

function scanBrackets(text: string, stopAt: number): { max: number; at: number } {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34 || d === 10) break;
      }
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
      if (depth >= stopAt) return { max, at: i };
    } else if (c === 125 || c === 93) {
      if (depth > 0) depth--;
    }
  }
  return { max, at: 0 };
}
