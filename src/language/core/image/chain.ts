import { dirname, isAbsolute, resolve } from 'node:path';
import { parseConfig } from '../parse';
import { asMap, asScalar, valueOf } from '../syntax';
import type { FileAccess, L10n, MapNode, RuleContext, SyntaxDocument } from '../types';
import { mapItems } from './model';

/**
 * A config and the base configs it inherits from (`baseConfigs`), loaded depth first as upstream does: every base's
 * own bases first, then the base, and the config itself last. Upstream validates each file on its own (its own
 * `previewFeatures`, its own `os.bootloader.resetType`), so the rules check each member alone; the chain is for
 * following the files and reporting their problems.
 */
export interface ChainMember {
  readonly text: string;
  readonly document: SyntaxDocument;
  readonly root: MapNode | undefined;
  /** Absolute path of the file; undefined for the document being edited when it has none. */
  readonly filePath: string | undefined;
  /** For a base: the index of the `baseConfigs` entry of the checked document that leads to it. */
  readonly via: number | undefined;
}

/** Why a base config could not be followed, reported on the entry that names it. */
export interface ChainProblem {
  /** Index of the `baseConfigs` entry in the checked document. */
  readonly via: number;
  readonly message: string;
}

export interface Chain {
  /** Bases in upstream's order, then the checked document last. */
  readonly members: readonly ChainMember[];
  readonly problems: readonly ChainProblem[];
}

/** Enough nesting for any real hierarchy; deeper means something is wrong and we stop reading files. */
const MAX_DEPTH = 32;

const chains = new WeakMap<SyntaxDocument, Chain>();

/** The chain of the document a rule is checking, loaded once per document. */
export function chainOf(context: RuleContext): Chain {
  const cached = chains.get(context.document);
  if (cached) return cached;
  const chain = loadChain(context);
  chains.set(context.document, chain);
  return chain;
}

/** Makes base configs share their child's chain, so a rule run on a base sees the same preview features and values. */
export function shareChain(document: SyntaxDocument, chain: Chain): void {
  chains.set(document, chain);
}

/** The file access of a base config: existence and reads as for the child, relative paths from the base's folder. */
export function filesFor(files: FileAccess, filePath: string): FileAccess {
  return { filePath, check: (path, kind, read) => files.check(path, kind, read), readText: (path) => files.readText(path) };
}

/** Where a relative path in a config points: its folder, unless the path is absolute. */
export function resolveFrom(configPath: string | undefined, path: string): string | undefined {
  if (isAbsolute(path)) return path;
  if (!configPath) return undefined;
  return resolve(dirname(configPath), path);
}

function loadChain(context: RuleContext): Chain {
  const current: ChainMember = {
    text: context.text,
    document: context.document,
    root: asMap(context.document.root),
    filePath: context.files?.filePath ? resolve(context.files.filePath) : undefined,
    via: undefined,
  };
  const members: ChainMember[] = [];
  const problems: ChainProblem[] = [];
  const files = context.files;
  if (files) {
    const stack = current.filePath ? [current.filePath] : [];
    // Upstream keeps one set of the bases it has loaded for the whole chain: a base reached twice is an error.
    const visited = new Set<string>();
    for (const { map, index } of mapItems(valueOf(current.root, 'baseConfigs'))) {
      const path = baseConfigPath(map);
      if (path === undefined) continue;
      loadBase(context.l10n, files, current.filePath, path, index, stack, visited, members, problems, 1);
    }
  }
  members.push(current);
  return { members, problems };
}

function baseConfigPath(entry: MapNode): string | undefined {
  const value = asScalar(valueOf(entry, 'path'))?.value;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function loadBase(
  l10n: L10n,
  files: FileAccess,
  fromPath: string | undefined,
  path: string,
  via: number,
  stack: string[],
  visited: Set<string>,
  members: ChainMember[],
  problems: ChainProblem[],
  depth: number,
): void {
  const absolute = resolveFrom(fromPath, path);
  if (!absolute) return; // a relative path in an unsaved document: nothing to resolve it against
  if (stack.includes(absolute)) {
    const cycle = [...stack, absolute].map(shortName).join(' → ');
    problems.push({ via, message: l10n.t('Base configs form a cycle ({0}); a config cannot inherit from itself.', cycle) });
    return;
  }
  if (visited.has(absolute)) {
    problems.push({
      via,
      message: l10n.t(
        "Base config '{0}' is reached more than once (listed twice, or inherited through two bases); Image Customizer loads each base config once and rejects the repeat.",
        shortName(absolute),
      ),
    });
    return;
  }
  visited.add(absolute);
  if (depth > MAX_DEPTH) {
    problems.push({
      via,
      message: l10n.t("Base configs nest more than {0} levels deep; stopped following them at '{1}'.", MAX_DEPTH, shortName(absolute)),
    });
    return;
  }
  const text = files.readText(absolute);
  if (text === undefined) return; // missing or refused by the reader: reported on the reference by the file-reference rule
  const parsed = parseConfig(text, absolute);
  const document = parsed.documents[0] ?? { root: undefined, range: { start: 0, end: text.length } };
  const syntaxError = parsed.problems.find((problem) => problem.severity === 'error');
  if (syntaxError) {
    problems.push({
      via,
      message: l10n.t(
        "Base config '{0}' cannot be parsed (line {1}: {2}).",
        shortName(absolute),
        lineOf(text, syntaxError.range.start),
        syntaxError.message,
      ),
    });
  }
  const root = asMap(document.root);
  if (document.root && !root) {
    problems.push({ via, message: l10n.t("Base config '{0}' is not a map of settings.", shortName(absolute)) });
    return;
  }
  const nextStack = [...stack, absolute];
  for (const { map } of mapItems(valueOf(root, 'baseConfigs'))) {
    const nested = baseConfigPath(map);
    if (nested !== undefined) loadBase(l10n, files, absolute, nested, via, nextStack, visited, members, problems, depth + 1);
  }
  members.push({ text, document, root, filePath: absolute, via });
}

export function shortName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** The 1-based line number of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
