import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { azlLabels } from '../docker/core/labels';
import { buildShellContainerSpec, type ShellSpecInput } from '../docker/core/shellSpec';
import { EngineError, type ContainerEngine, type ContainerSpec, type PullProgress } from '../docker/engine';
import { plainLogLine } from '../util/ansi';
import { readImageFacts, type ImageFacts } from '../docker/imageFacts';
import { describeOsRelease } from '../azureLinux/releases';
import { BuildLeftovers } from './buildLeftovers';
import { BuildStepTracker } from './buildSteps';
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
  const slug = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug || 'image-config';
}

/** Labels on the image and on its container: where the config is and what it said when built. */
export function mirrorLabels(plan: MirrorPlan, configPath: string): Record<string, string> {
  return {
    [azlLabels.configPath]: configPath,
    [azlLabels.configHash]: plan.configHash,
    ...(plan.osVersion ? { [azlLabels.osVersion]: plan.osVersion } : {}),
    ...(plan.notMirrored.length ? { [azlLabels.configNotMirrored]: JSON.stringify(plan.notMirrored.map((item) => item.key)) } : {}),
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

/**
 * Builds the image and returns its ID; on failure or cancel cleans up, then rethrows. The log gets the build's output
 * as plain text (no terminal escapes); a failing step is thrown as a MirrorStepError naming its config key.
 */
export async function buildMirrorImage(engine: ContainerEngine, request: MirrorBuildRequest): Promise<string> {
  const leftovers = new BuildLeftovers();
  const steps = new BuildStepTracker();
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
      (raw) => {
        const line = plainLogLine(raw);
        if (!line.trim()) return;
        leftovers.observe(line);
        steps.observe(line);
        request.onLog(line);
      },
      signal,
    );
  } catch (error) {
    await removeLeftovers(engine, leftovers, request.onLog);
    if (request.signal?.aborted) throw error;
    throw contextError ?? steps.failure(request.plan, error) ?? error;
  }
}

/** Where a mirror build is, for one progress bar over the base image's pull (when it is missing) and the build. */
export type MirrorBuildProgress =
  | { readonly stage: 'pulling'; readonly percent: number; readonly pull: PullProgress }
  | { readonly stage: 'building'; readonly percent: number; readonly step?: { readonly index: number; readonly count: number } };

export interface MirrorStagesRequest extends MirrorBuildRequest {
  /** Called as the pull and the build move; `percent` (0 to 100) covers both and never goes back. */
  readonly onProgress: (progress: MirrorBuildProgress) => void;
  /**
   * Given what the base image says about itself (read once it is there: its release and package manager), the plan
   * to build instead of `plan`. Without it the base image is not read.
   */
  readonly replan?: (facts: ImageFacts) => MirrorPlan;
}

/** The share of the bar the base image's pull takes when it has to come down first. */
export const pullShare = 40;

const buildStep = /^\s*(?:Step|STEP)\s+(\d+)\/(\d+)/;

/**
 * Pulls the plan's base image when the engine lacks it, then builds: one bar for both (the pull takes the first
 * `pullShare` percent), one signal to cancel either. Returns the built image's ID.
 */
export async function pullBaseAndBuild(engine: ContainerEngine, request: MirrorStagesRequest): Promise<string> {
  let start = 0;
  let highest = 0;
  const report = (progress: MirrorBuildProgress) => {
    highest = Math.max(highest, Math.min(100, progress.percent));
    request.onProgress({ ...progress, percent: highest });
  };
  if (!(await engine.imageExists(request.plan.baseImage, request.signal))) {
    request.onLog(`Pulling the base image ${request.plan.baseImage}`);
    report({ stage: 'pulling', percent: 0, pull: { layers: [], percent: 0 } });
    await engine.pullImage(
      request.plan.baseImage,
      (pull) => report({ stage: 'pulling', percent: (pull.percent * pullShare) / 100, pull }),
      request.signal,
    );
    start = pullShare;
  }
  let plan = request.plan;
  if (request.replan) {
    const facts = await readImageFacts(engine, plan.baseImage, request.signal).catch((error: unknown) => {
      if (request.signal?.aborted) throw error;
      request.onLog(`Could not read the release of ${plan.baseImage}: ${error instanceof Error ? error.message : String(error)}`);
      return {};
    });
    request.onLog(describeBaseImage(plan.baseImage, facts));
    plan = request.replan(facts);
  }
  report({ stage: 'building', percent: start });
  return buildMirrorImage(engine, {
    ...request,
    plan,
    onLog: (line) => {
      request.onLog(line);
      const step = buildStep.exec(line);
      if (step) {
        const index = Number(step[1]);
        const count = Number(step[2]);
        report({ stage: 'building', percent: start + ((100 - start) * (index - 1)) / count, step: { index, count } });
      }
    },
  });
}

/** "The base image X is Azure Linux 4.0 (preview); it installs packages with dnf5.", for the build output. */
export function describeBaseImage(image: string, facts: ImageFacts): string {
  const release = facts.osRelease ? describeOsRelease(facts.osRelease) : undefined;
  return [
    release ? `The base image ${image} is ${release}` : `The base image ${image} has no /etc/os-release`,
    facts.packageManager ? `it installs packages with ${facts.packageManager}.` : 'it has no dnf5, dnf or tdnf.',
  ].join('; ');
}

/** Removes a build's leftovers; the engine may still be tearing the step down, so conflicts are retried briefly. */
export async function removeLeftovers(engine: ContainerEngine, leftovers: BuildLeftovers, onLog: (line: string) => void): Promise<void> {
  for (const id of leftovers.containers) {
    await retryWhileBusy(() => engine.remove(id), `container ${id}`, onLog);
  }
  // Forced: on Podman a cancelled build's step goes on in a Buildah container that holds its layer (Podman 4.3 does not
  // stop a build when the client goes); forcing removes that container with the layer, so the build cannot finish.
  for (const id of leftovers.images) {
    await retryWhileBusy(() => engine.removeImage(id, { force: true }), `image ${id}`, onLog);
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
