import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { azlLabels } from '../../../src/docker/core/labels';
import type { ContainerEngine, ContainerSpec, ContainerSummary, ImageSummary, PathStat } from '../../../src/docker/engine';
import { ImageReleases } from '../../../src/features/localEnvironments/imageReleases';
import { groupEnvironments } from '../../../src/views/localEnvironments/core/presentation';

/**
 * An engine holding a few images' files (os-release text and binaries), answering the archive calls the real engine
 * makes: statPath and readFile on a container, by the image the container was made from.
 */
function fakeEngine(files: Record<string, Record<string, string>>) {
  const containers = new Map<string, string>([['shell-1', 'sha256:azl4']]);
  const created: ContainerSpec[] = [];
  const removed: string[] = [];
  const engine = {
    async createContainer(spec: ContainerSpec) {
      created.push(spec);
      containers.set(`probe-${created.length}`, spec.image);
      return `probe-${created.length}`;
    },
    async remove(id: string) {
      removed.push(id);
      containers.delete(id);
    },
    async statPath(id: string, path: string): Promise<PathStat | undefined> {
      const content = files[containers.get(id) ?? '']?.[path];
      return content === undefined ? undefined : { name: path, size: content.length, mode: 0o644, linkTarget: '' };
    },
    async readFile(id: string, path: string) {
      const content = files[containers.get(id) ?? '']?.[path];
      return content === undefined ? undefined : Buffer.from(content);
    },
  } as unknown as ContainerEngine;
  return { engine, created, removed };
}

const shell = (id: string, imageId: string, labels: Record<string, string> = {}): ContainerSummary => ({
  id,
  name: id,
  image: 'img',
  imageId,
  state: 'running',
  status: 'Up',
  labels: { [azlLabels.shell]: '1', ...labels },
  created: 0,
});
const image = (id: string, tag: string, labels: Record<string, string> = {}): ImageSummary => ({
  id,
  repoTags: [tag],
  labels,
  created: 0,
  size: 80e6,
});

describe('releases in the Local Environments tree', () => {
  it('reads each image’s release from its own files, once, and shows it on azl-shells and images', async () => {
    const { engine, created, removed } = fakeEngine({
      'sha256:azl4': { '/etc/os-release': 'ID=azurelinux\nVERSION_ID="4.0"\n', '/usr/bin/dnf5': 'elf' },
      'sha256:azl3': { '/usr/lib/os-release': 'ID=azurelinux\nVERSION_ID="3.0"\n', '/usr/bin/tdnf': 'elf' },
    });
    let changes = 0;
    const releases = new ImageReleases(
      () => engine,
      () => changes++,
      { debug: () => undefined },
    );
    const containers = [shell('shell-1', 'sha256:azl4')];
    const images = [
      image('sha256:azl4', 'mcr.microsoft.com/azurelinux-beta/base/core:4.0'),
      image('sha256:azl3', 'mcr.microsoft.com/azurelinux/base/core:3.0'),
    ];
    releases.update(containers, images);
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 20 && changes < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(changes, 2, 'one redraw per image read');
    assert.equal(releases.get('sha256:azl4'), 'Azure Linux 4.0 (preview)');
    assert.equal(releases.get('sha256:azl3'), 'Azure Linux 3.0');
    // The azl-shell's own files were read; only the image without a container needed one, removed again.
    assert.deepEqual(
      created.map((spec) => [spec.image, spec.labels?.[azlLabels.probe]]),
      [['sha256:azl3', '1']],
    );
    assert.deepEqual(removed, ['probe-1']);
    releases.update(containers, images);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(created.length, 1, 'an image ID is read once');

    const sections = groupEnvironments(containers, images, { showAllContainers: false, releases });
    assert.equal(sections.shells[0]!.description, 'img · Azure Linux 4.0 (preview)');
    assert.deepEqual(
      sections.images.map((item) => [item.label, item.description]),
      [
        ['mcr.microsoft.com/azurelinux-beta/base/core:4.0', 'Azure Linux 4.0 (preview) · 80 MB'],
        ['mcr.microsoft.com/azurelinux/base/core:3.0', 'Azure Linux 3.0 · 80 MB'],
      ],
    );
    assert.match(sections.shells[0]!.tooltip, /^Release: Azure Linux 4\.0 \(preview\)$/m);
  });

  it('takes the release label of images the extension built, without reading them', () => {
    const { engine, created } = fakeEngine({});
    const releases = new ImageReleases(
      () => engine,
      () => undefined,
      { debug: () => undefined },
    );
    const labelled = { [azlLabels.osVersion]: '4.0' };
    const containers = [shell('mirror', 'sha256:built', labelled)];
    const images = [image('sha256:built', 'azl-mirror/image-1234:latest', labelled)];
    releases.update(containers, images);
    assert.equal(created.length, 0);
    const sections = groupEnvironments(containers, images, { showAllContainers: false, releases });
    assert.equal(sections.shells[0]!.description, 'img · Azure Linux 4.0 (preview)');
    assert.equal(sections.images[0]!.description, 'Azure Linux 4.0 (preview) · 80 MB');
  });

  it('hides the short-lived containers that read an image', () => {
    const probe = { ...shell('probe', 'sha256:x'), labels: { [azlLabels.probe]: '1' } };
    assert.deepEqual(groupEnvironments([probe], [], { showAllContainers: true }).others, []);
  });
});
