import { randomBytes } from 'node:crypto';
import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import { mkdir, readFile, rm, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ContainerEngine, PullProgress } from '../docker/engine';
import { ConfigHashCache, configStateOf, type ConfigState } from '../environmentFromConfig/configChange';
import { configHash } from '../environmentFromConfig/hash';
import type { BuildStage, LogEntry } from '../imageCustomizer/core/buildLog';
import type { DiskImageFormat } from '../imageCustomizer/core/commandLine';
import { runImageCustomizer } from '../imageCustomizer/runImageCustomizer';
import { azlLabels } from '../docker/core/labels';
import { errorMessage, isUserCancelled } from '../util/errors';
import type { Log } from '../util/log';
import {
  mayReplace,
  outputStatus,
  parseStoredBuilds,
  takeOverOutput,
  trimBuilds,
  type BuildBase,
  type ImageBuildRecord,
  type OutputOnDisk,
  type OutputStatus,
} from './imageBuilds/core/buildsModel';
import { ConfigFileWatchers } from './localEnvironments/configChanges';
import { mountArgument } from '../docker/core/shellSpec';

/** Where the list is kept (the workspace's state: builds belong to the workspace's configs). */
const stateKey = 'azureLinux.imageBuilds.v1';

export interface StartBuildRequest {
  readonly configPath: string;
  /** The folder mounted for the config: its workspace folder, else its own folder. */
  readonly configRoot: string;
  readonly base: BuildBase;
  /** The base image file to pass as --image-file, resolved on this machine; undefined for a base the config downloads. */
  readonly baseImagePath?: string;
  readonly format: DiskImageFormat;
  readonly outputPath: string;
  readonly tag: string;
}

export interface BuildProgressListener {
  onPull?(progress: PullProgress): void;
  onStage?(stage: BuildStage): void;
}

/**
 * The Image Builds feature: the list of builds (kept in the workspace state so it survives a reload), the builds
 * under way and their cancellation, each build's log file, and which outputs are still the files a build wrote (only
 * those may be deleted). Builds run through the Local Environments feature's container engine.
 */
export class ImageBuildsFeature implements vscode.Disposable {
  private records: ImageBuildRecord[];
  private readonly running = new Map<string, AbortController>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** The list or a row changed (a build started, moved to a stage, ended; a config was edited). */
  readonly onDidChange = this.changed.event;
  private readonly hashes = new ConfigHashCache();
  private readonly watchers = new ConfigFileWatchers(() => this.changed.fire());
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly log: Log,
    private readonly engine: () => ContainerEngine,
  ) {
    this.records = parseStoredBuilds(
      extension.workspaceState.get<unknown>(stateKey),
      vscode.l10n.t('VS Code closed or reloaded while the build ran.'),
    );
    this.disposables.push(
      this.changed,
      this.watchers,
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.uri.scheme === 'file' && this.records.some((record) => record.configPath === document.uri.fsPath)) this.changed.fire();
      }),
    );
    this.followConfigs();
  }

  /** Newest first. */
  get builds(): readonly ImageBuildRecord[] {
    return this.records;
  }

  get(id: string): ImageBuildRecord | undefined {
    return this.records.find((record) => record.id === id);
  }

  /** Whether the config changed since the build started (Rebuild is offered), or is gone. */
  configState(record: ImageBuildRecord): ConfigState | undefined {
    return configStateOf({ [azlLabels.configPath]: record.configPath, [azlLabels.configHash]: record.configHash }, this.hashes.currentHash);
  }

  outputStatus(record: ImageBuildRecord): OutputStatus {
    return outputStatus(record, onDisk(record.outputPath));
  }

  /** Whether starting a build that writes `outputPath` would replace a file no build of ours wrote. */
  wouldReplaceForeignFile(outputPath: string): boolean {
    return !mayReplace(this.records, outputPath, onDisk(outputPath));
  }

  /** The build's log, as written while it ran. */
  logUri(id: string): vscode.Uri {
    return vscode.Uri.joinPath(this.extension.globalStorageUri, 'imageBuilds', `${id}.log`);
  }

  /**
   * Runs a build to its end and returns its record. Resolves also when it failed or was cancelled: the record says
   * which, and why. `signal` cancels it, as `cancel(id)` does.
   */
  async start(request: StartBuildRequest, listener: BuildProgressListener, signal?: AbortSignal): Promise<ImageBuildRecord> {
    const id = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const configText = await readFile(request.configPath, 'utf8');
    const record: ImageBuildRecord = {
      id,
      configPath: request.configPath,
      configHash: configHash(configText),
      base: request.base,
      format: request.format,
      tag: request.tag,
      outputPath: request.outputPath,
      state: 'running',
      startedAt: Date.now(),
    };
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) controller.abort();
    this.running.set(id, controller);
    await this.update(() => [record, ...this.records]);
    const logFile = await this.openLogFile(id);
    const write = (line: string) => logFile?.write(`${line}\n`);
    write(`# ${request.configPath} → ${request.outputPath} (${request.format}), Image Customizer ${request.tag}`);
    this.log.info(
      `Image build ${id}: ${request.configPath} → ${request.outputPath} (${request.format}) with Image Customizer ${request.tag}`,
    );
    try {
      const outcome = await runImageCustomizer(
        this.engine(),
        {
          buildId: id,
          tag: request.tag,
          configPath: request.configPath,
          configRoot: request.configRoot,
          baseImagePath: request.baseImagePath,
          cacheFolder: request.baseImagePath ? undefined : vscode.Uri.joinPath(this.extension.globalStorageUri, 'imageCache').fsPath,
          format: request.format,
          outputPath: request.outputPath,
        },
        {
          onPull: (progress) => listener.onPull?.(progress),
          onContainer: (containerId, invocation) => {
            const line = `docker run --rm --privileged=true ${invocation.mounts.map((mount) => `--mount ${mountArgument(mount)}`).join(' ')} ${invocation.image} ${invocation.cmd.join(' ')}`;
            write(`# ${line}`);
            this.log.info(`Image build ${id}: container ${containerId.slice(0, 12)}, as ${line}`);
          },
          onStage: (stage) => {
            listener.onStage?.(stage);
            void this.update((records) => records.map((item) => (item.id === id ? { ...item, stage } : item)));
          },
          onLog: (entry) => {
            write(entry.text);
            this.logLine(entry);
          },
        },
        controller.signal,
        vscode.l10n,
      );
      const done: ImageBuildRecord = {
        ...this.get(id)!,
        state: 'succeeded',
        stage: undefined,
        endedAt: Date.now(),
        output: { sizeBytes: outcome.sizeBytes, modifiedMs: outcome.modifiedMs },
      };
      write(`# succeeded: ${outcome.outputPath}`);
      this.log.info(`Image build ${id} succeeded: ${outcome.outputPath}`);
      await this.update((records) => takeOverOutput(replace(records, done), done));
      return done;
    } catch (error) {
      const cancelled = controller.signal.aborted || isUserCancelled(error);
      const ended: ImageBuildRecord = {
        ...this.get(id)!,
        state: cancelled ? 'cancelled' : 'failed',
        stage: undefined,
        endedAt: Date.now(),
        ...(cancelled ? {} : { error: errorMessage(error) }),
      };
      write(cancelled ? '# cancelled' : `# failed: ${errorMessage(error)}`);
      if (cancelled) this.log.info(`Image build ${id} cancelled; its container and partial output were removed`);
      else this.log.error(`Image build ${id} failed: ${errorMessage(error)}`);
      await this.update((records) => replace(records, ended));
      return ended;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.running.delete(id);
      await new Promise<void>((resolve) => (logFile ? logFile.end(resolve) : resolve()));
    }
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Cancels a build under way: its container is stopped and removed, and its partial output deleted. */
  cancel(id: string): void {
    this.running.get(id)?.abort();
  }

  /** Deletes the output file, only while it is the file this build wrote. */
  async deleteOutput(id: string): Promise<void> {
    const record = this.get(id);
    if (!record) return;
    const status = this.outputStatus(record);
    if (status === 'changed') {
      throw new Error(vscode.l10n.t('{0} changed since this build wrote it, so it is left alone.', record.outputPath));
    }
    if (status === 'present') await unlink(record.outputPath);
    this.log.info(`Image build ${id}: deleted ${record.outputPath}`);
    await this.update((records) => records.map((item) => (item.id === id ? { ...item, output: undefined } : item)));
  }

  /** Forgets a finished build (its output file stays) and deletes its log. */
  async remove(id: string): Promise<void> {
    if (this.running.has(id)) throw new Error(vscode.l10n.t('The build is still running: cancel it first.'));
    await rm(this.logUri(id).fsPath, { force: true });
    await this.update((records) => records.filter((record) => record.id !== id));
  }

  private async update(change: (records: readonly ImageBuildRecord[]) => ImageBuildRecord[]): Promise<void> {
    this.records = trimBuilds(change(this.records));
    this.followConfigs();
    this.changed.fire();
    await this.extension.workspaceState.update(stateKey, this.records);
  }

  private followConfigs(): void {
    this.watchers.watch([...new Set(this.records.map((record) => record.configPath))]);
  }

  private async openLogFile(id: string): Promise<WriteStream | undefined> {
    const file = this.logUri(id).fsPath;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      const stream = createWriteStream(file, { mode: 0o600 });
      stream.on('error', (error) => this.log.warn(`Image build ${id}: the log file ${file} failed: ${error.message}`));
      return stream;
    } catch (error) {
      this.log.warn(`Image build ${id}: no log file (${errorMessage(error)})`);
      return undefined;
    }
  }

  private logLine(entry: LogEntry): void {
    const line = `[image build] ${entry.text}`;
    if (entry.level === 'fatal' || entry.level === 'panic' || entry.level === 'error') this.log.error(line);
    else if (entry.level === 'warn' || entry.level === 'warning') this.log.warn(line);
    else if (entry.level === 'debug' || entry.level === 'trace') this.log.debug(line);
    else this.log.info(line);
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function replace(records: readonly ImageBuildRecord[], record: ImageBuildRecord): ImageBuildRecord[] {
  return records.map((item) => (item.id === record.id ? record : item));
}

function onDisk(file: string): OutputOnDisk | undefined {
  try {
    const stats = statSync(file);
    return stats.isFile() ? { sizeBytes: stats.size, modifiedMs: stats.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}
