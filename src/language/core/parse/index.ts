import type { ParseResult } from '../types';
import { parseYamlRecovering } from './fastYaml';
import { parseJson } from './jsonParser';
import { parseYamlComplete } from './yamlParser';

/**
 * Parses a config as JSON (by extension `.json`/`.jsonc`, or when it starts with `{` or `[` and has no YAML
 * extension) or as YAML. YAML takes the fast path, which hands only the blocks it cannot read (a half-typed line,
 * a rare construct) to the complete parser, and the complete parser over the whole text when that cannot be done
 * locally; both give the same tree. Never throws.
 */
export function parseConfig(text: string, fileName?: string): ParseResult {
  try {
    if (isJson(text, fileName)) return parseJson(text);
    const fast = parseYamlRecovering(text);
    return fast ? { documents: fast.documents, problems: fast.problems } : parseYamlComplete(text);
  } catch (error) {
    // Last line of defence: a parser bug must not take the editor or the CLI down with it.
    const message = error instanceof Error ? error.message : String(error);
    return {
      documents: [{ root: undefined, range: { start: 0, end: text.length } }],
      problems: [
        {
          range: { start: 0, end: Math.min(1, text.length) },
          severity: 'error',
          code: 'syntax/yaml',
          message: `The file could not be parsed: ${message}`,
        },
      ],
    };
  }
}

export function isJson(text: string, fileName?: string): boolean {
  const lower = fileName?.toLowerCase() ?? '';
  if (lower.endsWith('.json') || lower.endsWith('.jsonc')) return true;
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) continue;
    return c === 123 || c === 91;
  }
  return false;
}

export { parseYamlComplete } from './yamlParser';
export { parseFastYaml, parseYamlRecovering, type RecoveringParse } from './fastYaml';
export { parseJson } from './jsonParser';
