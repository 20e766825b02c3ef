import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { azlLabels } from '../core/labels';
import { buildShellContainerSpec, type ShellSpecInput } from '../core/shellSpec';
import { EngineError, type ContainerEngine, type ContainerSpec } from '../engine';
import { BuildLeftovers } from './buildLeftovers';
import type { MirrorPlan } from './plan';

/*
 * Runs a mirror build through the engine and, when it fails or is cancelled, removes what it left: the
 * intermediate container of the interrupted step and the layers it committed. The image is tagged only when the
 * build finishes, so a cancelled build never replaces the previous image. No `vscode` import: the command and the
 * Docker tests share it.
 */

/** The local image for a config: one per config file (name plus a hash of its path), rebuilt in place. */
export function mirrorImageTag(configPath: string): string {
  return `azl-mirror/${configSlug(configPath)}-${createHash('sha256').update(configPath).digest('hex').slice(0, 8)}:latest`;
}

/** A container-name-friendly form of the config's file name: `my_image.yaml` → `my-image`. */
export function configSlug(configPath: string): string {
  const stem = path.basename(configPath).replace(/\.(ya?ml|json)$/i, '');
  const slug = stem.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return slug || 'image-config';
}

/** Labels on the image and on its container: where the config is and what it said when built. */
export function mirrorLabels(plan: MirrorPlan, configPath: string): Record<string, string> {
  return {
    [azlLabels.configPath]: configPath,
    [azlLabels.configHash]: plan.configHash,
    ...(plan.osVersion ? { [azlLabels.osVersion]: plan.osVersion } : {}),
  };
}

export interface MirrorContainerInput extends ShellSpecInput {
  readonly plan: MirrorPlan;
  readonly configPath: string;
}

/** An azl-shell over the mirrored image (`image` is its tag), carrying the config's path and hash, with the config's hostname. */
export function mirrorContainerSpec(input: MirrorContainerInput): ContainerSpec {
  const { plan, configPath, ...shell } = input;
  const spec = buildShellContainerSpec({ ...shell, extraLabels: { ...mirrorLabels(plan, configPath), ...shell.extraLabels } });
  return plan.hostname ? { ...spec, hostname: plan.hostname } : spec;
}

export interface MirrorBuildRequest {
  readonly plan: MirrorPlan;
  readonly configPath: string;
  readonly tag: string;
  readonly onLog: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** Builds the image and returns its ID; on failure or cancel cleans up, then rethrows. */
export async function buildMirrorImage(engine: ContainerEngine, request: MirrorBuildRequest): Promise<string> {
  const leftovers = new BuildLeftovers();
  // tar-stream loads on the first build, not when the extension starts.
  const { createBuildContext } = await import('./buildContext');
  // A context that cannot be written (a source file vanished) stops the build with that reason.
  const contextFailed = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, contextFailed.signal]) : contextFailed.signal;
  const context = createBuildContext(request.plan, signal);
  let contextError: unknown;
  context.done.catch((error: unknown) => {
    contextError = error;
    contextFailed.abort();
  });
  try {
    return await engine.buildImage(
      context.stream,
      { tag: request.tag, labels: mirrorLabels(request.plan, request.configPath) },
      (line) => {
        leftovers.observe(line);
        request.onLog(line);
      },
      signal,
    );
  } catch (error) {
    await removeLeftovers(engine, leftovers, request.onLog);
    throw contextError && !request.signal?.aborted ? contextError : error;
  }
}

/** Removes a build's leftovers; the engine may still be tearing the step down, so conflicts are retried briefly. */
export async function removeLeftovers(engine: ContainerEngine, leftovers: BuildLeftovers, onLog: (line: string) => void): Promise<void> {
  for (const id of leftovers.containers) {
    await retryWhileBusy(() => engine.remove(id), `container ${id}`, onLog);
  }
  for (const id of leftovers.images) {
    await retryWhileBusy(() => engine.removeImage(id), `image ${id}`, onLog);
  }
}

async function retryWhileBusy(remove: () => Promise<void>, what: string, onLog: (line: string) => void): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await remove();
      onLog(`Removed the unfinished build's ${what}.`);
      return;
    } catch (error) {
      if (error instanceof EngineError && error.kind === 'notFound') return;
      const busy = error instanceof EngineError && error.kind === 'conflict';
      if (!busy || Date.now() > deadline) {
        onLog(`Could not remove the unfinished build's ${what}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
