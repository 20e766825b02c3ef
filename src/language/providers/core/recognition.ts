/*
 * Which documents the editor checks, and with which recognition patterns. Pure (no `vscode` import) so the
 * unit tests reach it; the adapters feed it the document's language, scheme and the settings.
 */
import type { ConfigKind } from '../../core/types';
import { matchesGlob } from '../../core/glob';

export const imageLanguageId = 'azurelinux-image';

/** Languages whose documents may hold a node-pool (or image) config recognised by name or content. */
export const hostLanguageIds: readonly string[] = ['yaml', 'json', 'jsonc', 'arm-template'];

/** Schemes whose documents are never configs a person edits (diffs, output panels, SCM input). */
const ignoredSchemes = new Set(['output', 'git', 'vscode-scm', 'debug', 'vscode-terminal']);

/**
 * What to ask the engine for a document: `image` for our own language, `auto` for the host languages (the
 * engine then recognises the kind by name or content, or claims nothing), undefined for everything else.
 */
export function requestedKind(languageId: string, scheme: string): ConfigKind | 'auto' | undefined {
  if (ignoredSchemes.has(scheme)) return undefined;
  if (languageId === imageLanguageId) return 'image';
  if (hostLanguageIds.includes(languageId)) return 'auto';
  return undefined;
}

/**
 * Reads a glob-list setting: keeps non-empty strings (trimmed), and falls back when the value is not a list
 * (a hand-edited settings.json may hold anything).
 */
export function patternList(value: unknown, fallback: readonly string[]): readonly string[] {
  if (!Array.isArray(value)) return fallback;
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
}

/**
 * A setting's glob as a workspace-relative pattern for `findFiles`: a bare file-name glob (`*.azl.yaml`)
 * matches in every folder, as it does for recognition; `./x` and a leading `/` are made relative.
 */
export function toWorkspaceGlob(pattern: string): string {
  let glob = pattern.trim().replace(/\\/g, '/');
  if (glob.startsWith('./')) glob = glob.slice(2);
  else if (glob.startsWith('/')) glob = glob.slice(1);
  return glob.includes('/') ? glob : `**/${glob}`;
}

/** The distinct workspace globs for a set of patterns, in their first-seen order. */
export function workspaceGlobs(patterns: readonly string[]): string[] {
  return [...new Set(patterns.map(toWorkspaceGlob).filter((glob) => glob !== '**/'))];
}

/**
 * True when a file matches one of the patterns: a bare glob (`*.azl.yaml`) is matched against the file name,
 * a glob with `/` against the workspace-relative path. Case-insensitive, like the engine's name check.
 */
export function matchesAnyPattern(relativePath: string, patterns: readonly string[]): boolean {
  const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  const baseName = path.slice(path.lastIndexOf('/') + 1);
  return patterns.some((pattern) => {
    const glob = pattern
      .trim()
      .replace(/\\/g, '/')
      .replace(/^\.?\//, '');
    return glob.includes('/') ? matchesGlob(path, glob, { caseInsensitive: true }) : matchesGlob(baseName, glob, { caseInsensitive: true });
  });
}

/** The kind the settings give a file by its name or path; image patterns win over node-pool patterns. */
export function kindFromPatterns(
  relativePath: string | undefined,
  patterns: { image: readonly string[]; nodepool: readonly string[] },
): ConfigKind | undefined {
  if (!relativePath) return undefined;
  if (matchesAnyPattern(relativePath, patterns.image)) return 'image';
  if (matchesAnyPattern(relativePath, patterns.nodepool)) return 'nodepool';
  return undefined;
}

/** Folders a workspace-wide search never enters: dependencies, build output, VCS data. */
export const excludedFolders: readonly string[] = ['node_modules', '.git', 'out', 'dist', '.vscode-test'];

export function excludeGlob(): string {
  return `**/{${excludedFolders.join(',')}}/**`;
}
