import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { completionsAt, type CompletionEntry } from '../../../../src/language/core';

/** Completions at the `|` in `marked` (the marker is removed from the text). */
function at(marked: string, kind: 'image' | 'nodepool'): { text: string; entries: CompletionEntry[] } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'the test text needs a | cursor');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, entries: completionsAt(text, offset, kind) };
}

const labels = (entries: readonly CompletionEntry[]) => entries.map((entry) => entry.label);

/** The text after applying one completion. */
function apply(text: string, entry: CompletionEntry): string {
  return text.slice(0, entry.range.start) + entry.insertText + text.slice(entry.range.end);
}

describe('completion of scalar list items', () => {
  it('offers the preview features on an empty item under previewFeatures, with docs', () => {
    const { entries } = at('os:\n  hostname: a\npreviewFeatures:\n  - |\n', 'image');
    assert.ok(labels(entries).includes('uki'), JSON.stringify(labels(entries)));
    assert.ok(labels(entries).includes('base-configs'));
    assert.ok(entries.every((entry) => entry.kind === 'value'));
    assert.ok(entries.find((entry) => entry.label === 'uki')?.documentation);
  });

  it('replaces the half-typed word and leaves out features already listed', () => {
    const { text, entries } = at('previewFeatures:\n- uki\n- re|\n- output-artifacts\n', 'image');
    const names = labels(entries);
    assert.ok(!names.includes('uki') && !names.includes('output-artifacts'), JSON.stringify(names));
    const reinit = entries.find((entry) => entry.label === 'reinitialize-verity');
    assert.ok(reinit, JSON.stringify(names));
    assert.equal(apply(text, reinit), 'previewFeatures:\n- uki\n- reinitialize-verity\n- output-artifacts\n');
  });

  it('offers nothing for a list of free strings', () => {
    assert.deepEqual(at('os:\n  packages:\n    install:\n    - |\n', 'image').entries, []);
  });
});

describe('completion in a list nested in a list', () => {
  const disks = 'storage:\n  disks:\n  - partitions:\n    - id: esp\n';

  it('offers partition types after `type: ` in a partition below a disk that starts with `partitions`', () => {
    const { entries } = at(`${disks}      type: |\n`, 'image');
    assert.ok(labels(entries).includes('esp') && labels(entries).includes('root'), JSON.stringify(labels(entries)));
  });

  it('offers partition types when `type` is the first key of the partition item', () => {
    const { entries } = at('storage:\n  disks:\n  - partitions:\n    - type: |\n', 'image');
    assert.ok(labels(entries).includes('xbootldr'), JSON.stringify(labels(entries)));
  });

  it('offers partition keys, without the ones present, on a new line inside a partition item', () => {
    const { entries } = at(`${disks}      |\n      size: 8M\n`, 'image');
    const names = labels(entries);
    assert.ok(names.includes('type') && names.includes('label'), JSON.stringify(names));
    assert.ok(!names.includes('id') && !names.includes('size') && !names.includes('partitions'), JSON.stringify(names));
  });

  it('offers partition keys on a new item, and disk keys on a new disk key line', () => {
    assert.ok(labels(at(`${disks}    - |\n`, 'image').entries).includes('size'));
    const disk = labels(at(`${disks}    |\n`, 'image').entries);
    assert.ok(disk.includes('maxSize') && !disk.includes('partitions') && !disk.includes('size'), JSON.stringify(disk));
  });
});

describe('completion in JSON documents', () => {
  const restBody = (inner: string) => `{\n  "name": "np1",\n  "properties": {\n    "vmSize": "Standard_D4s_v5",\n${inner}\n  }\n}\n`;

  it('offers pool keys on an empty line of a REST body, quoted, without the present ones', () => {
    const { text, entries } = at(restBody('    "count": 3,\n    |'), 'nodepool');
    const names = labels(entries);
    assert.ok(names.includes('osSKU') && !names.includes('vmSize') && !names.includes('count'), JSON.stringify(names));
    const osSku = entries.find((entry) => entry.label === 'osSKU')!;
    assert.equal(osSku.insertText, '"osSKU": ');
    assert.equal(apply(text, osSku), restBody('    "count": 3,\n    "osSKU": '));
  });

  it('replaces a half-typed key including its quotes, and keeps an existing colon', () => {
    const typed = at(restBody('    "count": 3,\n    "os|'), 'nodepool');
    const osSku = typed.entries.find((entry) => entry.label === 'osSKU');
    assert.ok(osSku, JSON.stringify(labels(typed.entries)));
    assert.equal(apply(typed.text, osSku), restBody('    "count": 3,\n    "osSKU": '));

    const renamed = at(restBody('    "os|": "AzureLinux"'), 'nodepool');
    const rename = renamed.entries.find((entry) => entry.label === 'osSKU')!;
    assert.equal(apply(renamed.text, rename), restBody('    "osSKU": "AzureLinux"'));
  });

  it('offers allowed values, quoted, after a key and inside a half-typed string', () => {
    const empty = at(restBody('    "osSKU": |'), 'nodepool');
    const azureLinux = empty.entries.find((entry) => entry.label === 'AzureLinux');
    assert.ok(azureLinux, JSON.stringify(labels(empty.entries)));
    assert.equal(apply(empty.text, azureLinux), restBody('    "osSKU": "AzureLinux"'));

    const typed = at(restBody('    "osSKU": "Azu|"'), 'nodepool');
    const chosen = typed.entries.find((entry) => entry.label === 'AzureLinux')!;
    assert.equal(apply(typed.text, chosen), restBody('    "osSKU": "AzureLinux"'));
  });

  const armTemplate = (resourceBody: string) =>
    '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n' +
    `  "resources": [\n    {\n${resourceBody}\n    }\n  ]\n}\n`;

  it('completes keys and values inside an ARM agentPools resource', () => {
    const agentPool = (properties: string) =>
      armTemplate(
        '      "type": "Microsoft.ContainerService/managedClusters/agentPools",\n      "apiVersion": "2024-05-01",\n' +
          `      "name": "[concat(parameters('cluster'), '/np1')]",\n      "properties": {\n        "count": 3,\n${properties}\n      }`,
      );
    const keys = labels(at(agentPool('        |'), 'nodepool').entries);
    assert.ok(keys.includes('osSKU') && keys.includes('vmSize') && !keys.includes('count'), JSON.stringify(keys));
    const values = labels(at(agentPool('        "mode": |'), 'nodepool').entries);
    assert.ok(values.includes('System') && values.includes('User'), JSON.stringify(values));
  });

  it('completes keys inside agentPoolProfiles of an ARM managed cluster', () => {
    const text = armTemplate(
      '      "type": "Microsoft.ContainerService/managedClusters",\n      "apiVersion": "2024-05-01",\n      "name": "c1",\n' +
        '      "properties": {\n        "agentPoolProfiles": [\n          {\n            "name": "np1",\n            "count": 3,\n            |\n          }\n        ]\n      }',
    );
    const keys = labels(at(text, 'nodepool').entries);
    assert.ok(keys.includes('vmSize') && keys.includes('osSKU') && !keys.includes('name') && !keys.includes('count'), JSON.stringify(keys));
  });
});

describe('completion at the very start of a document', () => {
  // Found by fuzzing analyze(): at offset 0 of a text that starts with a newline, the line start was read as 1 and
  // the walk over previous lines never ended (the extension host ran out of memory).
  it('offers the top-level keys at offset 0 before a leading newline, in both formats', () => {
    for (const marked of ['|\n x', '|\n\tx']) {
      const { entries } = at(marked, 'image');
      assert.ok(
        entries.some((entry) => entry.label === 'os'),
        JSON.stringify(entries.map((entry) => entry.label)),
      );
    }
    const labels = at('|\n\nos:\n  hostname: a\n', 'image').entries.map((entry) => entry.label);
    assert.ok(labels.includes('storage') && !labels.includes('os'), JSON.stringify(labels));
    assert.ok(Array.isArray(at('|\n x', 'nodepool').entries));
  });
});
