import { asScalar, valueOf } from '../../syntax';
import type { MapNode, Range, Rule, RuleContext, SyntaxNode } from '../../types';
import { resolveFrom } from '../chain';
import { inputFileReferences, packageListReferences } from '../references';
import { parseConfig } from '../../parse';
import { asMap as mapOf, asSeq } from '../../syntax';
import { error, field, has, headOf, keyRangeOf, mapAt, mapItems, quote, rootMap, textOf, valueRange, warning } from '../model';

/** Every `additionalFiles` list: os, iso and pxe. */
function additionalFileLists(root: MapNode | undefined): { section: string; items: { map: MapNode }[] }[] {
  return ['os', 'iso', 'pxe'].map((section) => ({ section, items: mapItems(valueOf(mapAt(root, section), 'additionalFiles')) }));
}

/** An additional file comes from exactly one of `source` and `content` (an empty `content: ""` counts). */
export const additionalFileSource: Rule = (context) => {
  const { l10n } = context;
  for (const { section, items } of additionalFileLists(rootMap(context))) {
    for (const { map } of items) {
      const hasSource = field(context, map, 'source') !== '';
      const hasContent = has(map, 'content');
      if (!hasSource && !hasContent) {
        error(
          context,
          'file-source-content',
          headOf(map),
          l10n.t("Each '{0}.additionalFiles' entry needs 'source' (a file to copy) or 'content' (the text to write).", section),
        );
      } else if (hasSource && hasContent) {
        error(context, 'file-source-content', keyRangeOf(map, 'content')!, l10n.t("Give either 'source' or 'content', not both."));
      }
    }
  }
};

/** A script is a file (`path`) or inline (`content`), not both; empty strings count as absent upstream. */
export const scriptSource: Rule = (context) => {
  const { l10n } = context;
  const scripts = mapAt(rootMap(context), 'scripts');
  for (const phase of ['postCustomization', 'finalizeCustomization']) {
    for (const { map } of mapItems(valueOf(scripts, phase))) {
      const hasPath = field(context, map, 'path') !== '';
      const hasContent = field(context, map, 'content') !== '';
      if (!hasPath && !hasContent) {
        error(
          context,
          'script-path-content',
          headOf(map),
          l10n.t("A script needs 'path' (a script file) or 'content' (the script itself)."),
        );
      } else if (hasPath && hasContent) {
        error(context, 'script-path-content', keyRangeOf(map, 'content')!, l10n.t("Give either 'path' or 'content', not both."));
      }
      const path = field(context, map, 'path');
      if (hasPath && !isLocalPath(path)) {
        error(
          context,
          'script-not-under-config-dir',
          valueRange(map, 'path')!,
          l10n.t(
            "The script {0} must be inside this config file's folder (a relative path without '..' leaving it): the folder is mounted into the image to run it.",
            quote(path),
          ),
        );
      }
    }
  }
};

/**
 * Go's `filepath.IsLocal` on Linux: not empty, not absolute, and no `..` that climbs above the starting folder
 * (`a/../b` stays inside; `../b` and `a/../../b` do not).
 */
export function isLocalPath(path: string): boolean {
  if (path === '' || path.startsWith('/')) return false;
  let depth = 0;
  for (const part of path.split('/')) {
    if (part === '..') {
      depth--;
      if (depth < 0) return false;
    } else if (part !== '' && part !== '.') {
      depth++;
    }
  }
  return true;
}

/**
 * Permissions as upstream reads them: the text yaml.v3 gives the string field (`644`, `"0644"` and `0644` alike),
 * parsed as octal digits and at most 0777. `0o644`, `0x1A4` and `6_44` are not octal digits to it.
 */
function checkPermissions(context: RuleContext, node: SyntaxNode | undefined): void {
  const { l10n } = context;
  const scalar = asScalar(node);
  const written = textOf(context, scalar);
  if (!scalar || written === undefined) return;
  if (!/^[0-7]+$/.test(written)) {
    error(
      context,
      'invalid-permissions',
      scalar.range,
      l10n.t('Permissions {0} are not octal digits: use the digits 0-7, e.g. 644 or "0755".', quote(written)),
    );
  } else if (parseInt(written, 8) > 0o777) {
    error(
      context,
      'invalid-permissions',
      scalar.range,
      l10n.t('Permissions {0} set bits beyond 777 (setuid, setgid or sticky), which are not supported.', quote(written)),
    );
  }
}

export const permissionDigits: Rule = (context) => {
  const root = rootMap(context);
  for (const { items } of additionalFileLists(root)) for (const { map } of items) checkPermissions(context, valueOf(map, 'permissions'));
  for (const { map } of mapItems(valueOf(mapAt(root, 'os'), 'additionalDirs'))) {
    for (const key of ['newDirPermissions', 'mergedDirPermissions', 'childFilePermissions']) checkPermissions(context, valueOf(map, key));
  }
};

/**
 * Referenced inputs that do not exist, relative to the config's folder, or that the file reader refuses (outside the
 * workspace or repository, not a regular file, too large to read). Warnings: upstream does not check them when
 * validating, and a build may supply inputs on its command line or from another folder.
 */
export const missingFile: Rule = (context) => {
  const { l10n } = context;
  const files = context.files;
  if (!files) return;
  const lists = new Set(packageListReferences(context.document).map((reference) => reference.node));
  for (const reference of inputFileReferences(context.document)) {
    const absolute = resolveFrom(files.filePath, reference.path);
    if (!absolute) continue;
    const isList = lists.has(reference.node);
    // Package lists are read on every run, so the checks read them too (and hold them to the read cap).
    const problem = files.check(absolute, reference.kind, reference.read || isList);
    if (isList && (!problem || problem.missing)) {
      checkPackageList(context, reference.node.range, reference.path, absolute);
      continue;
    }
    if (!problem) continue;
    const folder = reference.kind === 'directory';
    if (problem.missing) {
      const relative = !reference.path.startsWith('/');
      const message = folder
        ? relative
          ? l10n.t("The folder '{0}' does not exist (relative to this config file's folder).", reference.path)
          : l10n.t("The folder '{0}' does not exist.", reference.path)
        : relative
          ? l10n.t("The file '{0}' does not exist (relative to this config file's folder).", reference.path)
          : l10n.t("The file '{0}' does not exist.", reference.path);
      warning(context, 'missing-file', reference.node.range, message);
    } else {
      const message = folder
        ? l10n.t("The folder '{0}' {1}.", reference.path, problem.reason)
        : l10n.t("The file '{0}' {1}.", reference.path, problem.reason);
      warning(context, 'file-not-read', reference.node.range, message);
    }
  }
};

/**
 * A package list file, which upstream reads on every run (collectPackagesList, validate-config included) with
 * KnownFields: it must exist and hold only `packages`, a list of names. Errors, since the run stops on them.
 */
function checkPackageList(context: RuleContext, range: Range, path: string, absolute: string): void {
  const { l10n } = context;
  const text = context.files?.readText(absolute);
  if (text === undefined) {
    error(
      context,
      'package-list',
      range,
      l10n.t("The package list '{0}' cannot be read: Image Customizer reads it on every run, so it must exist.", path),
    );
    return;
  }
  const parsed = parseConfig(text, absolute);
  const root = mapOf(parsed.documents[0]?.root);
  const keys = root?.entries.map((entry) => String(entry.key.value)) ?? [];
  const unknown = keys.filter((key) => key !== 'packages');
  if (
    parsed.problems.some((problem) => problem.severity === 'error') ||
    !root ||
    unknown.length ||
    (keys.includes('packages') && !asSeq(valueOf(root, 'packages')) && !isNull(valueOf(root, 'packages')))
  ) {
    error(
      context,
      'package-list',
      range,
      l10n.t(
        "The package list '{0}' is not one Image Customizer reads: it must be YAML with only a 'packages' list, e.g. 'packages: [openssh-server]'.",
        path,
      ),
    );
  }
}

function isNull(node: SyntaxNode | undefined): boolean {
  return !node || (node.kind === 'scalar' && node.value === null);
}
