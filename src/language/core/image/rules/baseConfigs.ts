import { yaml11Bool } from '../../parse/scalars';
import { checkSchema } from '../../schemaCheck';
import { asScalar, valueOf } from '../../syntax';
import type { Problem, Range, Rule, RuleContext, SyntaxNode } from '../../types';
import { chainOf, filesFor, lineOf, shareChain, shortName, type ChainMember } from '../chain';
import { error, field, hasItems, headOf, keyRangeOf, mapAt, mapItems, quote, rootMap, valueRange, warning } from '../model';
import { imageSchema } from '../schema';

/** How many problems of one base config are repeated on its entry before the rest are counted. */
const SHOWN_PER_BASE = 3;

/**
 * Follows `baseConfigs`: reports cycles and unreadable bases, and checks each base config (schema and every rule,
 * with the whole chain in view) reporting its problems on the entry of this document that leads to it.
 * Made from the other rules so it can run them on the bases.
 */
export function baseConfigsRule(rules: readonly Rule[]): Rule {
  return (context) => {
    const { l10n } = context;
    const entries = mapItems(valueOf(rootMap(context), 'baseConfigs'));
    if (!entries.length || !context.files) return;
    const chain = chainOf(context);
    // Only the document being checked reports: a base checked through this rule shares the chain.
    if (chain.members[chain.members.length - 1].document !== context.document) return;
    const entryRange = (via: number): Range => {
      const found = entries.find((entry) => entry.index === via);
      return found ? (valueRange(found.map, 'path') ?? headOf(found.map)) : entries[0].map.range;
    };
    for (const problem of chain.problems) {
      context.report({ range: entryRange(problem.via), severity: 'error', code: 'image/base-config', message: problem.message });
    }
    const checked = new Set<string>();
    for (const member of chain.members.slice(0, -1)) {
      if (!member.filePath || member.via === undefined || checked.has(member.filePath)) continue;
      checked.add(member.filePath);
      shareChain(member.document, chain);
      const found: Problem[] = [];
      const report = (problem: Problem) => found.push(problem);
      if (member.document.root) {
        checkSchema(
          member.text,
          { node: member.document.root, schema: imageSchema },
          'image',
          { lenientScalars: true, goIntegers: true },
          report,
        );
      }
      const baseContext = {
        text: member.text,
        document: member.document,
        files: filesFor(context.files, member.filePath),
        l10n: context.l10n,
        report,
      };
      for (const rule of rules) rule(baseContext);
      const name = shortName(member.filePath);
      const range = entryRange(member.via);
      found.sort((a, b) => a.range.start - b.range.start);
      for (const problem of found.slice(0, SHOWN_PER_BASE)) {
        context.report({
          range,
          severity: problem.severity,
          code: 'image/base-config',
          message: l10n.t("In base config '{0}', line {1}: {2}", name, lineOf(member.text, problem.range.start), problem.message),
        });
      }
      if (found.length > SHOWN_PER_BASE) {
        context.report({
          range,
          severity: 'info',
          code: 'image/base-config',
          message: l10n.t("Base config '{0}' has {1} more problems; open it to see them all.", name, found.length - SHOWN_PER_BASE),
        });
      }
    }
  };
}

/** What upstream counts as a config setting `storage` (`resolveStorage`): any of these with a non-default value. */
function setsStorage(member: ChainMember): boolean {
  const storage = mapAt(member.root, 'storage');
  if (!storage) return false;
  const text = { text: member.text };
  return (
    field(text, storage, 'resetPartitionsUuidsType') !== '' ||
    field(text, storage, 'bootType') !== '' ||
    field(text, storage, 'reinitializeVerity') !== '' ||
    hasItems(storage, 'disks') ||
    hasItems(storage, 'filesystems') ||
    hasItems(storage, 'verity')
  );
}

/** The `baseConfigs` entry of the checked document that leads to a base (its path), else the `baseConfigs` key. */
function entryRangeOf(context: RuleContext, via: number | undefined): Range | undefined {
  const root = rootMap(context);
  const found = mapItems(valueOf(root, 'baseConfigs')).find((entry) => entry.index === via);
  if (found) return valueRange(found.map, 'path') ?? headOf(found.map);
  return root ? keyRangeOf(root, 'baseConfigs') : undefined;
}

/**
 * Upstream takes `storage` from one config of a baseConfigs chain and refuses a chain where several set it (it does
 * not merge storage yet).
 */
export const storageInOneConfig: Rule = (context) => {
  const { l10n } = context;
  const chain = chainOf(context);
  const current = chain.members[chain.members.length - 1];
  if (chain.members.length < 2 || current.document !== context.document) return;
  const setting = chain.members.filter(setsStorage);
  if (setting.length < 2) return;
  const bases = setting.filter((member) => member !== current).map((member) => quote(shortName(member.filePath ?? '')));
  const storageKey = current.root && setting.includes(current) ? keyRangeOf(current.root, 'storage') : undefined;
  if (storageKey) {
    error(
      context,
      'storage-in-several-configs',
      storageKey,
      l10n.t(
        "'storage' is also set in base config {0}. Image Customizer takes storage from one config of a baseConfigs chain and does not merge it. Keep it in one file.",
        bases.join(', '),
      ),
    );
    return;
  }
  const range = entryRangeOf(context, setting[1].via);
  if (range)
    error(
      context,
      'storage-in-several-configs',
      range,
      l10n.t(
        "Base configs {0} both set 'storage'. Image Customizer takes storage from one config of a baseConfigs chain and does not merge it. Keep it in one file.",
        bases.join(', '),
      ),
    );
};

/** A boolean as yaml.v3 decodes it into a bool field (YAML 1.1 words included); undefined when absent or not one. */
function booleanOf(node: SyntaxNode | undefined): boolean | undefined {
  const scalar = asScalar(node);
  if (!scalar) return undefined;
  if (typeof scalar.value === 'boolean') return scalar.value;
  if (typeof scalar.value === 'string' && !scalar.quoted) return yaml11Bool(scalar.value);
  return undefined;
}

/** Output formats upstream cannot build yet once the package manager is removed. */
const NO_PACKAGE_MANAGER_REMOVAL = new Set(['iso', 'pxe-dir', 'pxe-tar', 'cosi', 'baremetal-image']);

/**
 * `os.packages.removePackageManager: true` (the last config of the chain that sets it wins) with an output format
 * upstream cannot build that way. A warning: `--output-image-format` on the command line overrides the config's format.
 */
export const removePackageManagerFormat: Rule = (context) => {
  const { l10n } = context;
  const chain = chainOf(context);
  const current = chain.members[chain.members.length - 1];
  if (current.document !== context.document) return;
  let remove: { member: ChainMember; node: SyntaxNode; value: boolean } | undefined;
  let format: { member: ChainMember; value: string } | undefined;
  for (let i = chain.members.length - 1; i >= 0; i--) {
    const member = chain.members[i];
    const node = valueOf(mapAt(member.root, 'os', 'packages'), 'removePackageManager');
    const value = booleanOf(node);
    if (!remove && node && value !== undefined) remove = { member, node, value };
    const written = field({ text: member.text }, mapAt(member.root, 'output', 'image'), 'format');
    if (!format && written !== '') format = { member, value: written };
  }
  if (!remove?.value || !format || !NO_PACKAGE_MANAGER_REMOVAL.has(format.value)) return;
  const formatRange = format.member === current ? valueRange(mapAt(current.root, 'output', 'image')!, 'format') : undefined;
  const range = formatRange ?? (remove.member === current ? remove.node.range : entryRangeOf(context, format.member.via));
  if (!range) return;
  const throughBases = [remove.member, format.member].some((member) => member !== current);
  warning(
    context,
    'remove-package-manager-format',
    range,
    throughBases
      ? l10n.t(
          "'removePackageManager' does not work yet with output format {0} (set through base configs): Image Customizer refuses the build unless '--output-image-format' picks another format (not iso, pxe-dir, pxe-tar, cosi or baremetal-image).",
          quote(format.value),
        )
      : l10n.t(
          "'removePackageManager' does not work yet with output format {0}: Image Customizer refuses the build unless '--output-image-format' picks another format (not iso, pxe-dir, pxe-tar, cosi or baremetal-image).",
          quote(format.value),
        ),
  );
};
