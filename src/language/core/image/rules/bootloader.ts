import type { Rule } from '../../types';
import { addResetTypeEdit } from '../edits';
import { error, field, hasItems, keyRangeOf, mapAt, rootMap } from '../model';

/**
 * Upstream: `storage.disks` (non-empty) or `storage.resetPartitionsUuidsType` (non-empty) needs a non-empty
 * `os.bootloader.resetType`, because new partitions and UUIDs invalidate the base image's boot configuration.
 * Upstream validates each config of a base-config chain on its own: the `resetType` must be in the same file.
 */
export const bootloaderResetRequired: Rule = (context) => {
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
      `'storage.${trigger.key}' needs 'os.bootloader.resetType: hard-reset': ${trigger.why} means the boot loader configuration must be rebuilt.`,
      edit ? [{ title: "Add 'os.bootloader.resetType: hard-reset'", edits: [edit], preferred: true }] : undefined,
    );
  }
};

/** UKI `passthrough` keeps the base image's UKIs and `modify` changes only the add-on command line: upstream lists what each cannot do. */
export const ukiModeIncompatible: Rule = (context) => {
  const root = rootMap(context);
  const os = mapAt(root, 'os');
  const uki = mapAt(os, 'uki');
  const mode = field(context, uki, 'mode');
  if (!uki || (mode !== 'passthrough' && mode !== 'modify')) return;
  const storage = mapAt(root, 'storage');
  const bootloader = mapAt(os, 'bootloader');
  const conflicts: { range: ReturnType<typeof keyRangeOf>; what: string }[] = [];
  if (field(context, bootloader, 'resetType') === 'hard-reset') {
    conflicts.push({
      range: keyRangeOf(bootloader!, 'resetType'),
      what: "'os.bootloader.resetType: hard-reset' rewrites the boot loader configuration",
    });
  }
  if (hasItems(storage, 'verity')) {
    conflicts.push({ range: keyRangeOf(storage!, 'verity'), what: "'storage.verity' adds verity drivers to the initramfs inside the UKI" });
  }
  if (hasItems(os, 'overlays')) {
    conflicts.push({ range: keyRangeOf(os!, 'overlays'), what: "'os.overlays' adds the overlay driver to the initramfs inside the UKI" });
  }
  if (mode === 'passthrough') {
    const selinux = mapAt(os, 'selinux');
    if (field(context, selinux, 'mode') !== '') {
      conflicts.push({
        range: keyRangeOf(selinux!, 'mode'),
        what: "'os.selinux.mode' changes the kernel command line embedded in the UKI",
      });
    }
    const commandLine = mapAt(os, 'kernelCommandLine');
    if (hasItems(commandLine, 'extraCommandLine')) {
      conflicts.push({
        range: keyRangeOf(commandLine!, 'extraCommandLine'),
        what: "'os.kernelCommandLine.extraCommandLine' changes the kernel command line embedded in the UKI",
      });
    }
    if (field(context, storage, 'reinitializeVerity') === 'all') {
      conflicts.push({
        range: keyRangeOf(storage!, 'reinitializeVerity'),
        what: "'storage.reinitializeVerity: all' regenerates verity settings in the UKI",
      });
    }
  }
  for (const conflict of conflicts) {
    if (!conflict.range) continue;
    const advice =
      mode === 'passthrough' ? 'passthrough keeps the existing UKIs unchanged' : 'modify changes only the UKI add-on command line';
    error(
      context,
      'uki-mode-incompatible',
      conflict.range,
      `UKI mode '${mode}' cannot be combined with this: ${conflict.what}, but ${advice}. Use 'mode: create' or remove the setting.`,
    );
  }
};
