import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageSchema } from '../../../../src/language/core/image';
import { completionsAt, hoverAt } from '../../../../src/language/core/index';
import type { Schema } from '../../../../src/language/core/types';
import { applyFix, assertClean, assertOne } from './helpers';

/** Every key of the schema, as dotted paths, with its schema. */
function keys(schema: Schema, path = ''): [string, Schema][] {
  if (schema.type === 'object') {
    return Object.entries(schema.properties).flatMap(([key, child]) => [
      [`${path}${key}`, child] as [string, Schema],
      ...keys(child, `${path}${key}.`),
    ]);
  }
  if (schema.type === 'array') return keys(schema.items, path.replace(/\.$/, '[].'));
  if (schema.type === 'anyOf') return schema.options.flatMap((option) => keys(option, path));
  return [];
}

describe('image schema', () => {
  it('documents every key', () => {
    const all = keys(imageSchema);
    assert.ok(all.length > 150, `only ${all.length} keys`);
    const undocumented = all.filter(([, schema]) => !schema.doc).map(([path]) => path);
    assert.deepEqual(undocumented, []);
  });

  it('marks the preview keys', () => {
    const previews = Object.fromEntries(
      keys(imageSchema)
        .filter(([, schema]) => schema.preview)
        .map(([path, schema]) => [path, schema.preview]),
    );
    assert.equal(previews['os.uki'], 'uki');
    assert.equal(previews['baseConfigs'], 'base-configs');
    assert.equal(previews['output.artifacts'], 'output-artifacts');
    assert.equal(previews['input.image.oci'], 'input-image-oci');
    assert.equal(previews['storage.filesystems[].btrfs'], 'btrfs');
  });

  it('accepts partition type names and GUIDs, and suggests the closest name for a typo', () => {
    const layout = (type: string) =>
      `storage:\n  bootType: efi\n  disks:\n  - maxSize: 1G\n    partitions:\n    - id: esp\n      type: esp\n      size: 8M\n    - id: data\n      type: ${type}\n  filesystems:\n  - deviceId: esp\n    type: fat32\n    mountPoint: /boot/efi\nos:\n  bootloader:\n    resetType: hard-reset\n`;
    assertClean(layout('linux-generic'));
    assertClean(layout('0fc63daf-8483-4772-8e79-3d69d8477de4'));
    const text = layout('linux-genric');
    const problem = assertOne(text, 'image/invalid-value', 'linux-genric', /Allowed values: .*'linux-generic'/);
    assert.equal(applyFix(text, problem.fixes![0]), layout('linux-generic'));
  });

  it('flags unknown keys with a rename', () => {
    const problem = assertOne('os:\n  hostnme: a\n', 'image/unknown-key', 'hostnme', /Did you mean 'hostname'/);
    assert.equal(problem.fixes![0].edits[0].newText, 'hostname');
  });

  it('offers suggested values in completion, with docs', () => {
    const text = 'storage:\n  verity:\n  - name: ';
    const names = completionsAt(text, text.length, 'image');
    assert.deepEqual(
      names.map((entry) => entry.label),
      ['root', 'usr'],
    );
    assert.match(String(names[0].documentation), /root file system/);
  });

  it('explains keys on hover', () => {
    const text = 'storage:\n  resetPartitionsUuidsType: reset-all\n';
    const hover = hoverAt(text, text.indexOf('resetPartitionsUuidsType') + 3, 'image');
    assert.match(hover?.markdown ?? '', /new UUIDs/);
  });
});
