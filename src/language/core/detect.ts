import { globToRegExp } from './glob';
import type { ConfigFormat, ConfigKind, ParseResult } from './types';

/** Globs on a file's base name that mark it as a config of one kind. */
export interface RecognitionPatterns {
  image: readonly string[];
  nodepool: readonly string[];
}

export const defaultRecognitionPatterns: RecognitionPatterns = {
  image: ['*.azl.yaml', '*.azl.yml', 'imagecustomizer*.yaml', 'imagecustomizer*.yml'],
  nodepool: ['*.nodepool.yaml', '*.nodepool.yml', '*.nodepool.json'],
};

const compiled = new Map<string, RegExp>();

function nameMatches(baseName: string, globs: readonly string[]): boolean {
  for (const glob of globs) {
    let pattern = compiled.get(glob);
    if (!pattern) {
      pattern = globToRegExp(glob, { caseInsensitive: true });
      compiled.set(glob, pattern);
    }
    if (pattern.test(baseName)) return true;
  }
  return false;
}

export function baseNameOf(fileName: string): string {
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return fileName.slice(slash + 1);
}

/** The kind a file's name gives it, if any. */
export function kindFromName(
  fileName: string | undefined,
  patterns: RecognitionPatterns = defaultRecognitionPatterns,
): ConfigKind | undefined {
  if (!fileName) return undefined;
  const baseName = baseNameOf(fileName);
  if (nameMatches(baseName, patterns.image)) return 'image';
  if (nameMatches(baseName, patterns.nodepool)) return 'nodepool';
  return undefined;
}

/**
 * The file's name first, then the content: an image config only by its first document with content (the only one
 * Image Customizer reads), a node-pool file by any of its documents.
 */
export function detectKindWith(
  formats: readonly ConfigFormat[],
  fileName: string | undefined,
  parse: ParseResult,
  patterns: RecognitionPatterns = defaultRecognitionPatterns,
): ConfigKind | undefined {
  const byName = kindFromName(fileName, patterns);
  if (byName) return byName;
  let first = true;
  for (const document of parse.documents) {
    if (!document.root) continue;
    const isFirst = first;
    first = false;
    for (const format of formats) {
      if (format.kind === 'image' && !isFirst) continue;
      try {
        if (format.recognizes(document)) return format.kind;
      } catch {
        // A format's recogniser must not break detection for the others.
      }
    }
  }
  return undefined;
}
