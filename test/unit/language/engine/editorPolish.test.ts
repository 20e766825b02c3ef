import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionsAt, hoverAt, outlineOf } from '../../../../src/language/core/index';

const POOL = 'properties:\n  count: 3\n  osSKU: AzureLinux\n  vmSize: Standard_D4s_v5\n';

describe('editor polish', () => {
  it('keeps the osSKU hover short, with the values by name and a link to the documentation', () => {
    const hover = hoverAt(POOL, POOL.indexOf('osSKU') + 1, 'nodepool')!;
    assert.ok(hover.markdown.length < 700, `${hover.markdown.length} characters`);
    assert.match(hover.markdown, /^\*\*osSKU\*\* · a string\n\n/);
    assert.match(hover.markdown, /`AzureContainerLinux`/);
    assert.doesNotMatch(hover.markdown, /immutable/, 'value descriptions stay in completion and value hovers');
    assert.match(hover.markdown, /\[Documentation\]\(https:\/\/learn\.microsoft\.com\/rest\/api\/aks\/agent-pools\/create-or-update\)/);
    // The value's own hover still explains it.
    assert.match(hoverAt(POOL, POOL.indexOf('AzureLinux') + 2, 'nodepool')!.markdown, /^`AzureLinux`: \*\*Azure Linux\*\*/);
    const image = 'os:\n  hostname: a\n';
    assert.match(
      hoverAt(image, image.indexOf('hostname') + 1, 'image')!.markdown,
      /\(https:\/\/microsoft\.github\.io\/azure-linux-image-tools\/imagecustomizer\/api\/configuration\/os\.html\)$/,
    );
  });

  it('marks deprecated values in completion: Mariner, CBLMariner and the old artifact names', () => {
    const text = 'properties:\n  osSKU: ';
    const entries = completionsAt(text, text.length, 'nodepool');
    assert.deepEqual(
      entries.filter((entry) => entry.deprecated).map((entry) => entry.label),
      ['Mariner', 'CBLMariner'],
    );
    assert.ok(!entries.find((entry) => entry.label === 'AzureLinux')!.deprecated);
    const artifacts = 'previewFeatures: [output-artifacts]\noutput:\n  artifacts:\n    items:\n    - ';
    const items = completionsAt(artifacts, artifacts.length, 'image');
    assert.deepEqual(
      items.filter((entry) => entry.deprecated).map((entry) => entry.label),
      ['systemd-boot', 'uki-addons'],
    );
  });

  it('offers whole-document snippets only where a document can start, once each', () => {
    const labels = (text: string, offset = text.length) =>
      completionsAt(text, offset, 'image')
        .filter((entry) => entry.kind === 'snippet')
        .map((entry) => entry.label);
    const all = ['azl-efi-disk', 'azl-verity-root', 'azl-iso', 'azl-minimal-vm'];
    assert.deepEqual(labels(''), all);
    assert.deepEqual(labels('azl'), all);
    assert.deepEqual(labels('# my image\n\n'), all);
    assert.deepEqual(labels('os:\n  '), [], 'not inside os:');
    assert.deepEqual(labels('os:\n  hostname: '), [], 'not at a value');
    assert.deepEqual(labels('os:\n  hostname: a\n'), [], 'not below existing settings');
    assert.deepEqual(labels('\nos:\n  hostname: a\n', 0), [], 'not above existing settings');
    assert.deepEqual(completionsAt('', 0, 'nodepool'), [], 'image configs only');
  });

  it('names list entries in the outline by their id or name', () => {
    const text = 'storage:\n  disks:\n  - partitions:\n    - id: esp\n    - id: rootfs\nos:\n  users:\n  - name: test\n';
    const storage = outlineOf(text, 'image')[0];
    const partitions = storage.children[0].children[0].children[0];
    assert.deepEqual(
      partitions.children.map((symbol) => symbol.name),
      ['esp', 'rootfs'],
    );
    assert.equal(outlineOf(text, 'image')[1].children[0].children[0].name, 'test');
  });
});
