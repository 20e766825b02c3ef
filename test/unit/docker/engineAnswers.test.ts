import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dockerEventAction,
  familiarReference,
  isConfigBlobRow,
  isNameInUse,
  isSuccessStatus,
} from '../../../src/docker/core/engineAnswers';
import { PullProgressTracker } from '../../../src/docker/core/pullProgress';
import { toEngineError } from '../../../src/docker/engine';

// Podman 4.3's Docker-compatible API, as the podman tier of npm test saw it answer, reduced to Docker's answers.
describe('Podman answers read as Docker answers', () => {
  it('names Docker Hub images as Docker does, and keeps other registries’ names', () => {
    assert.equal(familiarReference('docker.io/azl-test/base:3.0'), 'azl-test/base:3.0');
    assert.equal(familiarReference('docker.io/library/busybox:latest'), 'busybox:latest');
    assert.equal(familiarReference('docker.io/library/team/tool:1'), 'library/team/tool:1');
    assert.equal(familiarReference('azl-test/base:3.0'), 'azl-test/base:3.0');
    assert.equal(familiarReference('mcr.microsoft.com/azurelinux/base/core:3.0'), 'mcr.microsoft.com/azurelinux/base/core:3.0');
    assert.equal(familiarReference('localhost/mine:1'), 'localhost/mine:1');
    assert.equal(familiarReference('127.0.0.1:5000/azl-test/layered:1'), '127.0.0.1:5000/azl-test/layered:1');
  });

  it('a name taken is a conflict on both engines (Docker: 409; Podman: 500)', () => {
    const docker =
      'Conflict. The container name "/dup" is already in use by container "0a1b". You have to remove (or rename) that container to be able to reuse that name.';
    const podman =
      'container create: creating container storage: the container name "dup" is already in use by 0a1b. You have to remove that container to be able to reuse that name: that name is already in use';
    assert.equal(isNameInUse(docker), true);
    assert.equal(isNameInUse(podman), true);
    assert.equal(isNameInUse('image is in use by a container'), false);
    const endpoint = { kind: 'unix', address: 'unix:///run/podman/podman.sock', socketPath: '/run/podman/podman.sock' } as never;
    const error = toEngineError(
      Object.assign(new Error('(HTTP code 500) server error - ' + podman), { statusCode: 500 }),
      endpoint,
      'Creating',
    );
    assert.equal(error.kind, 'conflict');
  });

  it('a resize answered 201 (Podman) succeeded as one answered 200 (Docker)', () => {
    assert.equal(isSuccessStatus(201), true);
    assert.equal(isSuccessStatus(200), true);
    assert.equal(isSuccessStatus(404), false);
    assert.equal(isSuccessStatus(undefined), false);
  });

  it('a pull Podman finished ends with every layer done, at 100%, without the configuration blob', () => {
    // Podman 4.3's stream for a two-layer image whose base layer is present (captured from the podman tier).
    const imageId = 'sha256:7ece91fb6ee9c0b7c1c4b5e2b8b4b1a07bb0d5f3f0e56a8e1d8a6e3f5c2b1a09';
    const tracker = new PullProgressTracker();
    for (const event of [
      { status: 'Already exists', id: '0a71149a809c' },
      { status: 'Pulling fs layer', id: '8db2a8b4d2ed' },
      { status: 'Download complete', id: '8db2a8b4d2ed' },
      { status: 'Pulling fs layer', id: '7ece91fb6ee9' },
      { status: 'Download complete', id: '7ece91fb6ee9' },
    ]) {
      tracker.apply(event);
    }
    assert.ok(tracker.snapshot().percent < 100, 'not full before the stream ended');
    const done = tracker.complete(imageId);
    assert.deepEqual(
      done.layers.map((layer) => [layer.id, layer.phase]),
      [
        ['0a71149a809c', 'done'],
        ['8db2a8b4d2ed', 'done'],
      ],
    );
    assert.equal(done.percent, 100);
    assert.equal(isConfigBlobRow('8db2a8b4d2ed', imageId), false);
    assert.equal(isConfigBlobRow('7ece91fb6ee9', undefined), false);
  });

  it('a container Podman removed is the container Docker destroyed; other events keep their names', () => {
    assert.equal(dockerEventAction('container', 'remove'), 'destroy');
    assert.equal(dockerEventAction('container', 'destroy'), 'destroy');
    assert.equal(dockerEventAction('container', 'die'), 'die');
    assert.equal(dockerEventAction('image', 'remove'), 'remove');
  });
});
