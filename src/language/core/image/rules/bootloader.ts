import type { Rule } from '../../types';
import { addResetTypeEdit } from '../edits';
import { error, field, hasItems, keyRangeOf, mapAt, rootMap } from '../model';

/**
 * Upstream: `storage.disks` (non-empty) or `storage.resetPartitionsUuidsType` (non-empty) needs a non-empty
 * `os.bootloader.resetType`, because new partitions and UUIDs invalidate the base image's boot configuration.
 * Upstream validates each config of a base-config chain on its own: the `resetType` must be in the same file.
 */
export const bootloaderResetRequired: Rule = (context) => {
  const { l10n } = context;
  const storage = mapAt(rootMap(context), 'storage');
  if (!storage) return;
  const triggers: { key: string; why: string }[] = [];
  if (hasItems(storage, 'disks')) triggers.push({ key: 'disks', why: 'a new partition layout' });
  if (field(context, storage, 'resetPartitionsUuidsType') !== '')
    triggers.push({ key: 'resetPartitionsUuidsType', why: 'new partition UUIDs' });
  if (!triggers.length) return;
  if (field(context, mapAt(rootMap(context), 'os', 'bootloader'), 'resetType') !== '') return;
  const edit = addResetTypeEdit(context);
  for (const trigger of triggers) {
    const range = keyRangeOf(storage, trigger.key);
    if (!range) continue;
    error(
      context,
      'bootloader-reset-required',
      range,
      l10n.t(
        "'storage.{0}' needs 'os.bootloader.resetType: hard-reset': {1} means the boot loader configuration must be rebuilt.",
        trigger.key,
        trigger.why,
      ),
      edit ? [{ title: l10n.t("Add 'os.bootloader.resetType: hard-reset'"), edits: [edit], preferred: true }] : undefined,
    );
  }
};

/** UKI `passthrough` keeps the base image's UKIs and `modify` changes only the add-on command line: upstream lists what each cannot do. */
export const ukiModeIncompatible: Rule = (context) => {
  const { l10n } = context;
  const root = rootMap(context);
  const os = mapAt(root, 'os');
  const uki = mapAt(os, 'uki');
  const mode = field(context, uki, 'mode');
  if (!uki || (mode !== 'passthrough' && mode !== 'modify')) return;
  const storage = mapAt(root, 'storage');
  const bootloader = mapAt(os, 'bootloader');
  // Each conflict is the key path upstream lists; the sentence says why it cannot go with the mode.
  const conflicts: { range: ReturnType<typeof keyRangeOf>; why: string }[] = [];
  const passthrough = mode === 'passthrough';
  if (field(context, bootloader, 'resetType') === 'hard-reset') {
    conflicts.push({
      range: keyRangeOf(bootloader!, 'resetType'),
      why: passthrough
        ? l10n.t(
            "UKI mode 'passthrough' keeps the existing UKIs unchanged, but 'os.bootloader.resetType: hard-reset' rewrites the boot loader configuration. Use 'mode: create' or remove the setting.",
          )
        : l10n.t(
            "UKI mode 'modify' changes only the UKI add-on command line, but 'os.bootloader.resetType: hard-reset' needs the root partition mounted. Use 'mode: create' or remove the setting.",
          ),
    });
  }
  if (hasItems(storage, 'verity')) {
    conflicts.push({
      range: keyRangeOf(storage!, 'verity'),
      why: passthrough
        ? l10n.t(
            "UKI mode 'passthrough' keeps the existing UKIs unchanged, but 'storage.verity' adds verity devices to the initramfs and kernel command line inside them. Use 'mode: create' or remove the setting.",
          )
        : l10n.t(
            "UKI mode 'modify' changes only the UKI add-on command line, but 'storage.verity' adds verity drivers to the initramfs inside the UKI. Use 'mode: create' or remove the setting.",
          ),
    });
  }
  if (hasItems(os, 'overlays')) {
    conflicts.push({
      range: keyRangeOf(os!, 'overlays'),
      why: passthrough
        ? l10n.t(
            "UKI mode 'passthrough' keeps the existing UKIs unchanged, but 'os.overlays' may regenerate the initramfs inside them. Use 'mode: create' or remove the setting.",
          )
        : l10n.t(
            "UKI mode 'modify' changes only the UKI add-on command line, but 'os.overlays' adds the overlay driver to the initramfs inside the UKI. Use 'mode: create' or remove the setting.",
          ),
    });
  }
  if (passthrough) {
    const selinux = mapAt(os, 'selinux');
    if (field(context, selinux, 'mode') !== '') {
      conflicts.push({
        range: keyRangeOf(selinux!, 'mode'),
        why: l10n.t(
          "UKI mode 'passthrough' keeps the existing UKIs unchanged, but 'os.selinux.mode' changes the kernel command line embedded in them. Use 'mode: create' or remove the setting.",
        ),
      });
    }
    const commandLine = mapAt(os, 'kernelCommandLine');
    if (hasItems(commandLine, 'extraCommandLine')) {
      conflicts.push({
        range: keyRangeOf(commandLine!, 'extraCommandLine'),
        why: l10n.t(
          "UKI mode 'passthrough' keeps the existing UKIs unchanged, but 'os.kernelCommandLine.extraCommandLine' changes the kernel command line embedded in them. Use 'mode: create' or remove the setting.",
        ),
      });
    }
    if (field(context, storage, 'reinitializeVerity') === 'all') {
      conflicts.push({
        range: keyRangeOf(storage!, 'reinitializeVerity'),
        why: l10n.t(
          "UKI mode 'passthrough' keeps the existing UKIs unchanged, but 'storage.reinitializeVerity: all' regenerates the verity settings in them. Use 'mode: create' or remove the setting.",
        ),
      });
    }
  }
  for (const conflict of conflicts) {
    if (conflict.range) error(context, 'uki-mode-incompatible', conflict.range, conflict.why);
  }
};
