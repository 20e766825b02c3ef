/*
 * Runs one Image Customizer build through the container engine: pulls the image when missing, runs the container
 * as the quick-start does, follows its log, and moves the finished output into place. A failure or cancel stops and
 * removes the container and everything this run wrote (its staging folder, and the output folder when this run made
 * it and left it empty); nothing else is touched. No `vscode` import: the engine tier runs it as the extension does.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { azlLabels } from '../docker/core/labels';
import { EngineError, type ContainerEngine, type PullProgress } from '../docker/engine';
import { english, type L10n } from '../util/l10n';
import { BuildLogReader, type BuildStage, type LogEntry } from './core/buildLog';
import { imageCustomizerInvocation, type DiskImageFormat, type Invocation } from './core/commandLine';
import { stagingFolderFor } from './core/outputs';

export interface ImageCustomizerRequest {
  /** Names the staging folder and labels the container. */
  readonly buildId: string;
  /** The image tag (azureLinux.imageBuilds.imageCustomizerTag). */
  readonly tag: string;
  readonly configPath: string;
  /** The folder mounted for the config (its workspace folder, else its own folder). */
  readonly configRoot: string;
  /** The base image file; undefined to use the config's own `input.image`. */
  readonly baseImagePath?: string;
  /** Where a base the config names by reference is downloaded to and kept. */
  readonly cacheFolder?: string;
  readonly format: DiskImageFormat;
  /** The finished image's path; an existing file there is replaced (the caller asks first). */
  readonly outputPath: string;
}

export interface ImageCustomizerEvents {
  /** Pulling the Image Customizer image. */
  onPull?(progress: PullProgress): void;
  /** The container exists (its ID), and what it runs. */
  onContainer?(containerId: string, invocation: Invocation): void;
  onStage?(stage: BuildStage): void;
  /** Every log line, colours stripped. */
  onLog(entry: LogEntry): void;
}

export interface ImageCustomizerOutcome {
  readonly outputPath: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
}

/** The build ran and failed: `message` is Image Customizer's own error when it logged one. */
export class ImageCustomizerFailure extends Error {
  constructor(
    message: string,
    readonly exitCode?: number,
  ) {
    super(message);
    this.name = 'ImageCustomizerFailure';
  }
}

/** After the container stops, how long its log stream may take to end before it is cut. */
const logDrainMs = 10_000;

export async function runImageCustomizer(
  engine: ContainerEngine,
  request: ImageCustomizerRequest,
  events: ImageCustomizerEvents,
  signal: AbortSignal,
  l10n: L10n = english,
): Promise<ImageCustomizerOutcome> {
  const stagingFolder = stagingFolderFor(request.outputPath, request.buildId);
  const invocation = imageCustomizerInvocation({
    tag: request.tag,
    configPath: request.configPath,
    configRoot: request.configRoot,
    baseImagePath: request.baseImagePath,
    cacheFolder: request.cacheFolder,
    stagingFolder,
    outputFileName: path.basename(request.outputPath),
    format: request.format,
  });
  if (!(await engine.imageExists(invocation.image, signal))) {
    await engine.pullImage(invocation.image, (progress) => events.onPull?.(progress), signal);
  }
  const outputFolder = path.dirname(request.outputPath);
  const madeFolder = await mkdir(outputFolder, { recursive: true });
  if (request.cacheFolder && !request.baseImagePath) await mkdir(request.cacheFolder, { recursive: true });
  await mkdir(stagingFolder);
  let containerId: string | undefined;
  let finished = false;
  try {
    containerId = await engine.createContainer(
      {
        image: invocation.image,
        cmd: invocation.cmd,
        mounts: invocation.mounts,
        privileged: true,
        labels: { [azlLabels.imageBuild]: request.buildId },
      },
      signal,
    );
    events.onContainer?.(containerId, invocation);
    await engine.start(containerId, signal);
    const reader = new BuildLogReader();
    const logs = new AbortController();
    const following = follow(engine, containerId, reader, events, AbortSignal.any([signal, logs.signal]));
    const exitCode = await engine.wait(containerId, signal);
    const drain = setTimeout(() => logs.abort(), logDrainMs);
    await following;
    clearTimeout(drain);
    if (signal.aborted) throw new EngineError(l10n.t('The build was cancelled.'), 'cancelled');
    const staged = path.join(stagingFolder, path.basename(request.outputPath));
    if (exitCode !== 0 || !existsSync(staged)) {
      throw new ImageCustomizerFailure(
        reader.error ??
          (exitCode !== 0
            ? l10n.t('Image Customizer stopped with exit code {0} before it finished.', exitCode)
            : l10n.t('Image Customizer finished without writing {0}.', path.basename(request.outputPath))),
        exitCode,
      );
    }
    await rename(staged, request.outputPath);
    const stats = await stat(request.outputPath);
    finished = true;
    return { outputPath: request.outputPath, sizeBytes: stats.size, modifiedMs: stats.mtimeMs };
  } catch (error) {
    if (signal.aborted && !(error instanceof EngineError && error.kind === 'cancelled')) {
      throw new EngineError(l10n.t('The build was cancelled.'), 'cancelled');
    }
    throw error;
  } finally {
    // Not with `signal`: after a cancel the clean-up must still run.
    if (containerId) await engine.remove(containerId).catch(() => undefined);
    await rm(stagingFolder, { recursive: true, force: true }).catch(() => undefined);
    if (!finished && madeFolder) await removeEmptyFolders(outputFolder, madeFolder);
  }
}

async function follow(
  engine: ContainerEngine,
  containerId: string,
  reader: BuildLogReader,
  events: ImageCustomizerEvents,
  signal: AbortSignal,
): Promise<void> {
  let stage: BuildStage | undefined;
  const emit = (entries: readonly LogEntry[]) => {
    for (const entry of entries) {
      events.onLog(entry);
      if (entry.stage && entry.stage !== stage) {
        stage = entry.stage;
        events.onStage?.(stage);
      }
    }
  };
  try {
    for await (const chunk of engine.logs(containerId, { follow: true }, signal)) emit(reader.push(chunk));
  } catch {
    // The stream broke (the container went away): what was read is all there is.
  }
  emit(reader.end());
}

/** Removes `folder` and its parents up to `topmost` (the first folder mkdir made), each only while empty. */
async function removeEmptyFolders(folder: string, topmost: string): Promise<void> {
  let current = folder;
  for (;;) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
    if (path.resolve(current) === path.resolve(topmost)) return;
    current = path.dirname(current);
  }
}
