import { closest } from '../../editDistance';
import { valueOf } from '../../syntax';
import type { MapNode, Range, Rule, RuleContext } from '../../types';
import { addPreviewFeatureEdit } from '../edits';
import { entry, error, field, has, keyRangeOf, mapAt, mapItems, rootMap, scalarItems, textOf, warning } from '../model';
import { KNOWN_PREVIEW_FEATURES } from '../previewFeatures';

/**
 * Preview features this file enables. Upstream validates each config of a base-config chain on its own, so a
 * base's `previewFeatures` do not cover its child's settings, nor the reverse.
 */
export function enabledFeatures(context: RuleContext): Set<string> {
  const enabled = new Set<string>();
  for (const item of scalarItems(valueOf(rootMap(context), 'previewFeatures'))) {
    const value = textOf(context, item);
    if (value) enabled.add(value);
  }
  return enabled;
}

/**
 * Reports `what` (a setting at `range`) when `feature` is not enabled, with a fix that enables it. Most gates are
 * checked by upstream against the file's own `previewFeatures`: an error. A gate upstream checks against the features
 * of the whole run, command line included (`onCommandLine`), may be met by `--preview-feature`: a warning.
 */
function requireFeature(
  context: RuleContext,
  enabled: Set<string>,
  feature: string,
  range: Range,
  what: string,
  onCommandLine = false,
): void {
  if (enabled.has(feature)) return;
  const edit = addPreviewFeatureEdit(context, feature);
  const fixes = edit ? [{ title: `Add '${feature}' to previewFeatures`, edits: [edit], preferred: true }] : undefined;
  if (onCommandLine) {
    warning(
      context,
      'preview-feature-required',
      range,
      `${what} is a preview feature: add '${feature}' to 'previewFeatures', or pass '--preview-feature ${feature}' to the tool.`,
      fixes,
    );
    return;
  }
  error(
    context,
    'preview-feature-required',
    range,
    `${what} is a preview feature: add '${feature}' to 'previewFeatures' to use it.`,
    fixes,
  );
}

function keyIfSet(map: MapNode | undefined, key: string): Range | undefined {
  return map && has(map, key) ? keyRangeOf(map, key) : undefined;
}

function keyIfNonEmpty(context: RuleContext, map: MapNode | undefined, key: string): Range | undefined {
  return map && field(context, map, key) !== '' ? keyRangeOf(map, key) : undefined;
}

/** Upstream's gates: each setting that needs a preview feature, checked where the setting is written. */
export const previewFeatureRequired: Rule = (context) => {
  const root = rootMap(context);
  if (!root) return;
  const enabled = enabledFeatures(context);
  const gate = (feature: string, range: Range | undefined, what: string, onCommandLine = false) => {
    if (range) requireFeature(context, enabled, feature, range, what, onCommandLine);
  };

  const os = mapAt(root, 'os');
  const packages = mapAt(os, 'packages');
  const storage = mapAt(root, 'storage');
  const output = mapAt(root, 'output');

  gate('uki', keyIfSet(os, 'uki'), "'os.uki'");
  gate('package-snapshot-time', keyIfNonEmpty(context, packages, 'snapshotTime'), "'os.packages.snapshotTime'");
  gate('remove-package-manager', keyIfSet(packages, 'removePackageManager'), "'os.packages.removePackageManager'");
  gate('package-manifest', keyIfSet(packages, 'manifest'), "'os.packages.manifest'");
  gate('output-artifacts', keyIfSet(output, 'artifacts'), "'output.artifacts'");
  gate('output-selinux-policy', keyIfNonEmpty(context, output, 'selinuxPolicyPath'), "'output.selinuxPolicyPath'");
  gate('package-manifest', keyIfSet(output, 'packageManifest'), "'output.packageManifest'");
  gate('reinitialize-verity', keyIfNonEmpty(context, storage, 'reinitializeVerity'), "'storage.reinitializeVerity'");
  gate('resize-disk', keyIfSet(storage, 'resizeDisk'), "'storage.resizeDisk'");
  gate('base-configs', keyIfSet(root, 'baseConfigs'), "'baseConfigs'");
  const acl = mapAt(root, 'acl');
  // Upstream's tests enable the acl features on the command line, not in the file, and set `oemId` under
  // acl-grow-partitions although the docs give it a feature of its own.
  gate('acl-grow-partitions', keyIfSet(acl, 'usr'), "'acl.usr'", true);
  gate('acl-grow-partitions', keyIfSet(acl, 'esp'), "'acl.esp'", true);
  if (!enabled.has('acl-grow-partitions')) gate('acl-oem-id', keyIfNonEmpty(context, acl, 'oemId'), "'acl.oemId'", true);
  gate('input-image-oci', keyIfSet(mapAt(root, 'input', 'image'), 'oci'), "'input.image.oci'");
  gate('kdump-boot-files', keyIfSet(mapAt(root, 'iso'), 'kdumpBootFiles'), "'iso.kdumpBootFiles'");
  gate('kdump-boot-files', keyIfSet(mapAt(root, 'pxe'), 'kdumpBootFiles'), "'pxe.kdumpBootFiles'");

  for (const { map } of mapItems(valueOf(storage, 'verity'))) {
    gate('output-artifacts', keyIfNonEmpty(context, map, 'hashSignaturePath'), "'storage.verity[].hashSignaturePath'");
  }
  for (const { map } of mapItems(valueOf(storage, 'filesystems'))) {
    if (field(context, map, 'type') === 'btrfs') gate('btrfs', entry(map, 'type')?.value?.range, 'A btrfs file system');
  }
  for (const { map } of mapItems(valueOf(os, 'additionalDirs'))) {
    gate('symlink-mode', keyIfNonEmpty(context, map, 'symlinkMode'), "'os.additionalDirs[].symlinkMode'");
  }
  for (const section of ['os', 'iso', 'pxe']) {
    for (const { map } of mapItems(valueOf(mapAt(root, section), 'additionalFiles'))) {
      gate('symlink-mode', keyIfNonEmpty(context, map, 'symlinkMode'), `'${section}.additionalFiles[].symlinkMode'`);
    }
  }
};

/** A `previewFeatures` value this extension does not know: a warning, since a newer tool may accept it. */
export const unknownPreviewFeature: Rule = (context) => {
  const known = [...KNOWN_PREVIEW_FEATURES];
  for (const item of scalarItems(valueOf(rootMap(context), 'previewFeatures'))) {
    const value = textOf(context, item);
    if (value === undefined || KNOWN_PREVIEW_FEATURES.has(value)) continue;
    const suggestion = closest(value, known);
    warning(
      context,
      'unknown-preview-feature',
      item.range,
      `Unknown preview feature '${value}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''} Known features: ${known.join(', ')}.`,
      suggestion
        ? [{ title: `Change to '${suggestion}'`, edits: [{ range: item.range, newText: suggestion }], preferred: true }]
        : undefined,
    );
  }
};
