/*
 * Finding image configs to mirror without opening them: by the file-name patterns of the setting
 * azureLinux.languages.imageFilePatterns first, then a cheap look at the text before the language engine parses it.
 * Pure: the explorer menu's `when` clause and the palette's search share it with the unit tests.
 */
import { TOP_LEVEL_KEYS } from '../language/core/image/schema';

/**
 * The `resourceFilename =~ /.../i` regex (its source, `/` escaped for a `when` clause) that matches the file names the
 * bare patterns (`*.azl.yaml`) match. Only patterns of `*`, `?` and plain characters become part of it, as a short
 * regex a person can read in package.json; patterns with a folder (`configs/*.yaml`) cannot be told from a file name,
 * and patterns with classes or alternatives are left, like them, to the search (the menus also take every file the
 * language service recognised).
 */
export function fileNameWhenRegex(patterns: readonly string[]): string {
  const names = patterns.map((pattern) => pattern.trim()).filter((pattern) => pattern && !/[/\\[\]{}]/.test(pattern));
  const alternatives = [...new Set(names)].map((pattern) =>
    [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|\\]/g, '\\$&'))).join(''),
  );
  return `^(?:${alternatives.join('|')})$`.replace(/\//g, '\\/');
}

/** File names that are never image configs however they look inside (manifests of tools that share the folder). */
const neverConfigs =
  /^(?:package(?:-lock)?\.json|tsconfig.*\.json|jsconfig.*\.json|\.eslintrc.*|\.prettierrc.*|composer\.(?:json|lock)|.*\.schema\.json|.*\.nodepool\.(?:ya?ml|json)|docker-compose.*\.ya?ml|compose\.ya?ml|\.gitlab-ci\.ya?ml|pnpm-lock\.yaml|yarn\.lock)$/i;

/** Whether a YAML or JSON file by this name is worth reading to see whether it holds an image config. */
export function mightBeImageConfigByName(baseName: string): boolean {
  return /\.(?:ya?ml|json)$/i.test(baseName) && !neverConfigs.test(baseName);
}

/** Files larger than this are not read in the search: image configs are a few kB. */
export const largestConfigBytes = 512 * 1024;

const keyPattern = new RegExp(`(?:^[ \\t]*|[{,][ \\t]*)["']?(?:${[...TOP_LEVEL_KEYS].join('|')})["']?[ \\t]*:`, 'm');

/**
 * A cheap test before parsing: the text names one of the image format's top-level keys as a key. The engine
 * recognises a config only when every top-level key is one of these, so a text without any cannot be one.
 */
export function mightHoldImageConfig(text: string): boolean {
  return keyPattern.test(text);
}
