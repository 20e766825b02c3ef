import { closest } from '../../editDistance';
import { valueOf } from '../../syntax';
import type { MapNode, Range, Rule, RuleContext } from '../../types';
import { addPreviewFeatureEdit } from '../edits';
import { entry, error, field, has, keyRangeOf, mapAt, mapItems, rootMap, scalarItems, textOf } from '../model';
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
 * Reports the setting at `range` (named by its key path `what`, or a btrfs file system when `what` is undefined)
 * when `feature` is not enabled, with a fix that enables it. Config.IsValid checks every gate against the file's own
 * `previewFeatures`, and the tool has no command-line switch that enables them: always an error.
 */
function requireFeature(context: RuleContext, enabled: Set<string>, feature: string, range: Range, what: string | undefined): void {
  const { l10n } = context;
  if (enabled.has(feature)) return;
  const edit = addPreviewFeatureEdit(context, feature);
  const fixes = edit ? [{ title: l10n.t("Add '{0}' to previewFeatures", feature), edits: [edit], preferred: true }] : undefined;
  error(
    context,
    'preview-feature-required',
    range,
    what === undefined
      ? l10n.t("A btrfs file system is a preview feature: add '{0}' to 'previewFeatures' to use it.", feature)
      : l10n.t("'{0}' is a preview feature: add '{1}' to 'previewFeatures' to use it.", what, feature),
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
  const gate = (feature: string, range: Range | undefined, what: string | undefined) => {
    if (range) requireFeature(context, enabled, feature, range, what);
  };

  const os = mapAt(root, 'os');
  const packages = mapAt(os, 'packages');
  const storage = mapAt(root, 'storage');
  const output = mapAt(root, 'output');

  gate('uki', keyIfSet(os, 'uki'), 'os.uki');
  gate('package-snapshot-time', keyIfNonEmpty(context, packages, 'snapshotTime'), 'os.packages.snapshotTime');
  gate('remove-package-manager', keyIfSet(packages, 'removePackageManager'), 'os.packages.removePackageManager');
  gate('output-artifacts', keyIfSet(output, 'artifacts'), 'output.artifacts');
  gate('output-selinux-policy', keyIfNonEmpty(context, output, 'selinuxPolicyPath'), 'output.selinuxPolicyPath');
  gate('reinitialize-verity', keyIfNonEmpty(context, storage, 'reinitializeVerity'), 'storage.reinitializeVerity');
  gate('base-configs', keyIfSet(root, 'baseConfigs'), 'baseConfigs');
  gate('input-image-oci', keyIfSet(mapAt(root, 'input', 'image'), 'oci'), 'input.image.oci');
  gate('kdump-boot-files', keyIfSet(mapAt(root, 'iso'), 'kdumpBootFiles'), 'iso.kdumpBootFiles');
  gate('kdump-boot-files', keyIfSet(mapAt(root, 'pxe'), 'kdumpBootFiles'), 'pxe.kdumpBootFiles');

  for (const { map } of mapItems(valueOf(storage, 'verity'))) {
    gate('output-artifacts', keyIfNonEmpty(context, map, 'hashSignaturePath'), 'storage.verity[].hashSignaturePath');
  }
  for (const { map } of mapItems(valueOf(storage, 'filesystems'))) {
    if (field(context, map, 'type') === 'btrfs') gate('btrfs', entry(map, 'type')?.value?.range, undefined);
  }
};

/**
 * A `previewFeatures` value the pinned release does not know: PreviewFeature.IsValid refuses it, so an error, with
 * the closest known name as the fix.
 */
export const unknownPreviewFeature: Rule = (context) => {
  const { l10n } = context;
  const known = [...KNOWN_PREVIEW_FEATURES];
  for (const item of scalarItems(valueOf(rootMap(context), 'previewFeatures'))) {
    const value = textOf(context, item);
    if (value === undefined || KNOWN_PREVIEW_FEATURES.has(value)) continue;
    const suggestion = closest(value, known);
    error(
      context,
      'unknown-preview-feature',
      item.range,
      suggestion
        ? l10n.t("Unknown preview feature '{0}'. Did you mean '{1}'? Known features: {2}.", value, suggestion, known.join(', '))
        : l10n.t("Unknown preview feature '{0}'. Known features: {1}.", value, known.join(', ')),
      suggestion
        ? [{ title: l10n.t("Change to '{0}'", suggestion), edits: [{ range: item.range, newText: suggestion }], preferred: true }]
        : undefined,
    );
  }
};
