import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EngineError, splitReference, type ContainerEngine, type PullProgress } from '../../src/docker/engine';
import { dockerOnly, localRegistry, testEngine, type LocalRegistry } from './helpers';

/** The layers the registry serves for `ref`: digests shortened as the engine names layers in its progress (12 hex digits). */
async function manifestLayers(registry: LocalRegistry, ref: string): Promise<{ id: string; size: number }[]> {
  const [repository, tag] = splitReference(ref);
  const path = repository.slice(registry.address.length + 1);
  const response = await fetch(`http://${registry.address}/v2/${path}/manifests/${tag}`, {
    headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  assert.equal(response.status, 200, `the registry serves the manifest of ${ref}`);
  const manifest = (await response.json()) as { layers: { digest: string; size: number }[] };
  return manifest.layers.map((layer) => ({ id: layer.digest.replace(/^sha256:/, '').slice(0, 12), size: layer.size }));
}

/** The size of the layer the pull spends its time on (tens of MB of random bytes; the others are tiny). */
const bigLayerBytes = 10 * 1024 * 1024;

/** A progress row that says it is the big layer by its size (Docker reports sizes while downloading; Podman 4.3 does not). */
function isBigLayer(layer: { readonly total: number }): boolean {
  return layer.total > bigLayerBytes;
}

describe('pulling from a local registry through a real Docker Engine', { timeout: 120_000 }, () => {
  let engine: ContainerEngine;
  let registry: LocalRegistry;
  let ref: string;
  /** The big layer's id, from the registry's manifest: the same whichever engine pulls. */
  let bigId: string;

  async function removeLocally(image: string): Promise<void> {
    if (await engine.imageExists(image)) {
      await engine.removeImage(image, { force: true });
    }
  }

  async function engineState(): Promise<{ images: string[]; tags: string[]; containers: string[] }> {
    const images = await engine.listImages();
    return {
      images: images.map((image) => image.id).sort(),
      tags: images.flatMap((image) => image.repoTags).sort(),
      containers: (await engine.listContainers()).map((container) => container.id).sort(),
    };
  }

  /** Pulls `ref` to the end and returns every progress state the engine reported, in order. */
  async function pullRecording(): Promise<PullProgress[]> {
    const seen: PullProgress[] = [];
    await engine.pullImage(ref, (progress) => seen.push(progress));
    return seen;
  }

  /** Starts a pull of a missing `ref`, cancels it when `shouldCancel` first says so, and checks the engine kept nothing. */
  async function cancelledPull(shouldCancel: (progress: PullProgress) => boolean): Promise<void> {
    await removeLocally(ref);
    const before = await engineState();
    const controller = new AbortController();
    let cancelledAt: PullProgress | undefined;
    const pulling = engine.pullImage(
      ref,
      (progress) => {
        if (!cancelledAt && shouldCancel(progress)) {
          cancelledAt = progress;
          controller.abort();
        }
      },
      controller.signal,
    );
    await assert.rejects(pulling, (error: unknown) => {
      assert.ok(error instanceof EngineError, String(error));
      assert.equal(error.kind, 'cancelled');
      assert.equal(error.message, `Pulling ${ref} was cancelled.`);
      return true;
    });
    assert.ok(cancelledAt, 'the pull was cancelled while it ran, not before it started');
    assert.ok(
      cancelledAt.layers.some((layer) => layer.id === bigId && layer.phase !== 'done') ||
        !cancelledAt.layers.some((layer) => layer.id === bigId),
      `the big layer was still to come when the pull was cancelled: ${JSON.stringify(cancelledAt.layers)}`,
    );
    assert.equal(await engine.imageExists(ref), false, 'no image under the reference');
    assert.deepEqual(await engineState(), before, 'the same images, tags and containers as before the pull');

    // The engine really stopped: pulling again still has to download the big layer (a layer the engine kept is
    // announced "Already exists", which arrives as a layer whose first state is done).
    const again = await pullRecording();
    const firstPhase = new Map<string, string>();
    for (const layer of again.flatMap((progress) => progress.layers)) {
      if (!firstPhase.has(layer.id)) firstPhase.set(layer.id, layer.phase);
    }
    assert.ok(firstPhase.has(bigId), 'the second pull fetched the big layer');
    assert.notEqual(firstPhase.get(bigId), 'done', 'the cancelled pull left no copy of the big layer');
    await removeLocally(ref);
  }

  before(async () => {
    engine = testEngine();
    registry = localRegistry();
    ref = registry.layeredImage;
    const big = (await manifestLayers(registry, ref)).filter((layer) => layer.size > bigLayerBytes);
    assert.equal(big.length, 1, 'the layered test image has one big layer');
    bigId = big[0]!.id;
  });

  after(async () => {
    await removeLocally(ref);
  });

  it('pulls a multi-layer image with per-layer progress that reaches 100%', async (t) => {
    await removeLocally(ref);
    const expectedLayers = (await manifestLayers(registry, ref)).map((layer) => layer.id);
    const seen = await pullRecording();

    const last = seen.at(-1);
    assert.ok(last, 'progress was reported');
    assert.deepEqual(last.layers.map((layer) => layer.id).sort(), [...expectedLayers].sort(), 'one progress row per layer of the manifest');
    assert.ok(
      last.layers.every((layer) => layer.phase === 'done'),
      `every layer ends done: ${JSON.stringify(last.layers)}`,
    );
    assert.equal(last.percent, 100);
    const percents = seen.map((progress) => progress.percent);
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      'the bar never goes backwards',
    );
    const bigPhases = seen
      .map((progress) => progress.layers.find((layer) => layer.id === bigId)?.phase)
      .filter((phase, i, all) => phase && phase !== all[i - 1]);
    if (
      dockerOnly(
        t,
        'per-byte download progress and an extraction phase (Podman 4.3 reports bytes only on a timer, none for a quick download, and never extraction)',
      )
    ) {
      const phases = bigPhases.filter((phase) => phase !== 'verifying' && phase !== 'downloading');
      assert.deepEqual(
        phases,
        ['waiting', 'done'],
        `on Podman the big layer is announced, then done when the pull ends: ${bigPhases.join(', ')}`,
      );
    } else {
      const downloads = seen.flatMap((progress) => progress.layers).filter((layer) => layer.phase === 'downloading' && isBigLayer(layer));
      assert.ok(
        downloads.some((layer) => layer.current < layer.total),
        'the big layer reported progress part-way through its download',
      );
      assert.equal(downloads[0]!.id, bigId);
      assert.deepEqual(
        bigPhases.filter((phase) => phase !== 'verifying'),
        ['waiting', 'downloading', 'extracting', 'done'],
        'the big layer went through download and extraction',
      );
    }
    assert.equal(await engine.imageExists(ref), true);
    assert.ok(
      (await engine.listImages()).some((image) => image.repoTags.includes(ref)),
      'the image is listed under its tag',
    );
  });

  it('the overall bar passes through values between 0 and 100 when the first layer announced already exists', async () => {
    await removeLocally(ref);
    const seen = await pullRecording();
    const whileComing = seen.filter((progress) => progress.layers.some((layer) => layer.id === bigId && layer.phase !== 'done'));
    assert.ok(whileComing.length > 0, 'the big layer was seen before it was done');
    assert.ok(
      whileComing.every((progress) => progress.percent < 100),
      `the bar stays below 100% while a layer is still coming: ${whileComing.map((progress) => Math.round(progress.percent)).join(', ')}`,
    );
    assert.equal(seen.at(-1)?.percent, 100);
  });

  it('a pull cancelled as soon as a layer is being fetched rejects as cancelled and leaves no image, tag or container', async () => {
    await cancelledPull((progress) => progress.layers.some((layer) => layer.phase === 'waiting' || layer.phase === 'downloading'));
  });

  it('a pull cancelled part-way through a big layer leaves nothing behind either', async (t) => {
    if (dockerOnly(t, 'cancelling part-way through a layer by its byte count (Podman 4.3 reports no byte counts)')) {
      // Podman: cancelled while the big layer is announced and not yet downloaded.
      await cancelledPull((progress) => progress.layers.some((layer) => layer.id === bigId && layer.phase === 'waiting'));
      return;
    }
    await cancelledPull((progress) =>
      progress.layers.some((layer) => layer.phase === 'downloading' && isBigLayer(layer) && layer.current < layer.total),
    );
  });

  it('pulling a reference the registry does not have says so in a sentence a person can act on', async () => {
    const missing = `${registry.address}/azl-test/never-pushed:1`;
    await assert.rejects(
      engine.pullImage(missing, () => undefined),
      (error: unknown) => {
        assert.ok(error instanceof EngineError, String(error));
        assert.equal(error.kind, 'notFound');
        // Names what was asked for, says it is not there and what to check.
        assert.equal(error.message, `The registry has no image ${missing}. Check the image name and tag.`);
        assert.doesNotMatch(error.message, /\n|HTTP code|\{/, 'no raw HTTP or JSON');
        return true;
      },
    );
    assert.equal(await engine.imageExists(missing), false);
  });
});
