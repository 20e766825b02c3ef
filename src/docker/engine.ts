/*
 * The seam to a container engine (Docker, or Podman's Docker-compatible API), spoken over the Engine API with
 * dockerode. No `vscode` import: the Docker test tier, the benchmarks, the WSL feature and the tree all use it.
 */
import type * as Dockerode from 'dockerode';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { dockerPackages } from '../util/lazyPackages';
import { describeEndpoint, type EngineEndpoint } from './core/endpoint';
import { english, type L10n } from '../util/l10n';
import { JsonLineSplitter, PullProgressTracker, type EngineProgressEvent, type PullProgress } from './core/pullProgress';
import { dockerEventAction, familiarReference, isNameInUse, isSuccessStatus } from './core/engineAnswers';

export type { EngineEndpoint } from './core/endpoint';
export type { PullProgress, LayerProgress } from './core/pullProgress';

/** The few log methods the engine writes to (a vscode LogOutputChannel fits, and so does a console adapter). */
export interface EngineLog {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerSummary {
  readonly id: string;
  /** Name without the leading slash. */
  readonly name: string;
  readonly image: string;
  readonly imageId: string;
  readonly state: ContainerState;
  /** The engine's own words: "Up 5 minutes", "Exited (0) 2 hours ago". */
  readonly status: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Seconds since the epoch. */
  readonly created: number;
}

export interface ImageSummary {
  readonly id: string;
  readonly repoTags: readonly string[];
  /** `repository@sha256:...` for images pulled from (or pushed to) a registry. */
  readonly repoDigests?: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly created: number;
  readonly size: number;
}

export interface BindMount {
  readonly source: string;
  readonly target: string;
  readonly readOnly?: boolean;
}

export interface ContainerSpec {
  readonly image: string;
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Host folders bind-mounted into the container, sent as `HostConfig.Mounts` (never `host:container` strings, which
   * a path holding `:` would break).
   */
  readonly mounts?: readonly BindMount[];
  readonly workdir?: string;
  /** `uid:gid` or a user name. */
  readonly user?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly cmd?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly tty?: boolean;
  readonly openStdin?: boolean;
  /** Runs an init as PID 1 so signals reach the command and stop is quick. */
  readonly init?: boolean;
  /** Engine network mode: `none`, `bridge`, `host`; the engine's default when unset. */
  readonly networkMode?: string;
  readonly hostname?: string;
  /** Full access to the host's devices (what `docker run --privileged` gives): Image Customizer needs loop devices. */
  readonly privileged?: boolean;
}

export interface ContainerDetails {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly state: ContainerState;
  readonly running: boolean;
  readonly exitCode: number;
  readonly tty: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** The engine's full inspect document, for the read-only JSON view. */
  readonly raw: unknown;
}

export interface ExecOptions {
  readonly cmd: readonly string[];
  readonly tty?: boolean;
  readonly env?: Readonly<Record<string, string>>;
  readonly workdir?: string;
  readonly user?: string;
  /** Attach the process's input (default true); without it the process reads end-of-file at once. */
  readonly stdin?: boolean;
  /** Initial terminal size, applied as soon as the exec starts. */
  readonly size?: { readonly columns: number; readonly rows: number };
}

export interface Disposable {
  dispose(): void;
}

/** An interactive process in a container: write to its input, read its output, resize its terminal, learn its exit. */
export interface ExecSession {
  readonly id: string;
  write(data: string | Buffer): void;
  resize(columns: number, rows: number): Promise<void>;
  /** Output (stdout and stderr together); chunks that arrived before the first listener are replayed to it. */
  onData(listener: (data: Buffer) => void): Disposable;
  /** Fires once with the exit code (undefined when the engine could not say, e.g. it went away). */
  onExit(listener: (exitCode: number | undefined) => void): Disposable;
  /** Ends the session's connection; the process gets a hangup when it has a TTY. */
  close(): void;
}

export interface BuildOptions {
  readonly tag: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly dockerfile?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
}

export interface EngineEvent {
  /** `container`, `image`, `network`, `volume`... */
  readonly type: string;
  /** `start`, `die`, `destroy`, `create`, `pull`, `tag`, `delete`... */
  readonly action: string;
  readonly id: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Seconds since the epoch. */
  readonly time: number;
}

export interface PathStat {
  readonly name: string;
  readonly size: number;
  /** Go's FileMode bits as the engine reports them (directories, links and others have high bits set). */
  readonly mode: number;
  /** The resolved path of a symbolic link; empty otherwise. */
  readonly linkTarget: string;
}

export interface EngineVersion {
  readonly version: string;
  readonly apiVersion: string;
  readonly isPodman: boolean;
  readonly os: string;
}

export interface ContainerEngine {
  readonly endpoint: EngineEndpoint;
  version(signal?: AbortSignal): Promise<EngineVersion>;
  /** Whether the engine runs rootless (its security options name `rootless`): uid 0 inside is the host user then. */
  isRootless(signal?: AbortSignal): Promise<boolean>;
  /** All containers, running or not. */
  listContainers(signal?: AbortSignal): Promise<ContainerSummary[]>;
  listImages(signal?: AbortSignal): Promise<ImageSummary[]>;
  imageExists(ref: string, signal?: AbortSignal): Promise<boolean>;
  /** Pulls with per-layer progress; aborting cancels the pull at the engine. */
  pullImage(ref: string, onProgress: (progress: PullProgress) => void, signal?: AbortSignal): Promise<void>;
  /** Imports a root file system tarball as an image (what `docker import` does); returns the image ID. */
  importImage(
    rootfsTar: NodeJS.ReadableStream,
    ref: string,
    options?: { readonly changes?: readonly string[] },
    signal?: AbortSignal,
  ): Promise<string>;
  removeImage(ref: string, options?: { readonly force?: boolean }, signal?: AbortSignal): Promise<void>;
  /** Creates a container and returns its ID. */
  createContainer(spec: ContainerSpec, signal?: AbortSignal): Promise<string>;
  start(id: string, signal?: AbortSignal): Promise<void>;
  stop(id: string, signal?: AbortSignal): Promise<void>;
  /** Lets a paused container's processes run again. */
  unpause(id: string, signal?: AbortSignal): Promise<void>;
  restart(id: string, signal?: AbortSignal): Promise<void>;
  /** Removes a container; a running one is killed (force), not stopped gracefully. */
  remove(id: string, signal?: AbortSignal): Promise<void>;
  inspect(id: string, signal?: AbortSignal): Promise<ContainerDetails>;
  /** The engine's inspect document of an image (by ID or reference), for the read-only JSON view. */
  inspectImage(ref: string, signal?: AbortSignal): Promise<unknown>;
  /** Waits (as long as it takes) until the container stops and resolves with its exit code; aborting stops waiting only. */
  wait(id: string, signal?: AbortSignal): Promise<number>;
  /** The container's output as text; with `follow` it keeps going until the container stops or `signal` aborts. */
  logs(id: string, options: { readonly follow: boolean; readonly tail?: number }, signal?: AbortSignal): AsyncIterable<string>;
  exec(id: string, options: ExecOptions, signal?: AbortSignal): Promise<ExecSession>;
  /** Runs a command to completion without a TTY and returns its output and exit code. */
  run(id: string, cmd: readonly string[], signal?: AbortSignal): Promise<{ output: string; exitCode: number }>;
  /** A tar stream of the container's root file system. */
  exportContainerFileSystem(id: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
  /**
   * What is at `path` in a container's file system (created, running or stopped; nothing is run in it), or undefined
   * when nothing is. `linkTarget` is the resolved absolute path when `path` is a symbolic link.
   */
  statPath(id: string, path: string, signal?: AbortSignal): Promise<PathStat | undefined>;
  /**
   * A regular file from a container's file system, following symbolic links inside the container; undefined when it
   * is missing or not a regular file. Files larger than `maxBytes` are refused.
   */
  readFile(id: string, path: string, options?: { readonly maxBytes?: number }, signal?: AbortSignal): Promise<Buffer | undefined>;
  /** Builds an image from a tarred context; streams the build's output lines; returns the image ID. */
  buildImage(
    contextTar: NodeJS.ReadableStream,
    options: BuildOptions,
    onLog: (line: string) => void,
    signal?: AbortSignal,
  ): Promise<string>;
  /** Delivers the engine's events until `signal` aborts (resolves) or the connection ends (resolves too: the engine went away). */
  events(onEvent: (event: EngineEvent) => void, signal: AbortSignal): Promise<void>;
}

export type EngineErrorKind = 'unreachable' | 'permission' | 'timeout' | 'unsupported' | 'notFound' | 'conflict' | 'cancelled' | 'failed';

/** An engine failure in words a person can act on; `kind` lets callers react (the tree shows "unreachable" differently). */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly kind: EngineErrorKind,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = kind === 'cancelled' ? 'AbortError' : 'EngineError';
  }
}

/** How long calls that should be quick may take before we say the engine does not answer. */
export const quickCallTimeoutMs = 15_000;

/** Time-outs for the engine; the defaults suit a person's machine, tests pass shorter ones. */
export interface EngineTimeouts {
  /** Calls that should be quick (list, inspect, create, the first answer to an events or logs request). */
  readonly quickMs: number;
  /** The first answer to a pull, build or import: the engine answers once it has read the request and started. */
  readonly firstResponseMs: number;
}

export const defaultEngineTimeouts: EngineTimeouts = { quickMs: quickCallTimeoutMs, firstResponseMs: 120_000 };
/** Stop asks the process to end and the engine waits up to 10 s before killing it. */
const stopTimeoutMs = 45_000;

/** `l10n` words the errors a person reads (the extension passes `vscode.l10n`; tests and benchmarks keep English). */
export function createContainerEngine(
  endpoint: EngineEndpoint,
  log: EngineLog,
  timeouts: EngineTimeouts = defaultEngineTimeouts,
  l10n: L10n = english,
): ContainerEngine {
  return endpoint.kind === 'unsupported' ? new UnsupportedEngine(endpoint, l10n) : new DockerodeEngine(endpoint, log, timeouts, l10n);
}

/** An address the extension cannot use (ssh://, a typo): every call fails with the reason, nothing throws at creation. */
class UnsupportedEngine implements ContainerEngine {
  constructor(
    readonly endpoint: EngineEndpoint,
    private readonly l10n: L10n,
  ) {}

  private fail(): Promise<never> {
    return Promise.reject(
      new EngineError(
        this.l10n.t(
          '{0}: {1}',
          describeEndpoint(this.endpoint, this.l10n),
          this.endpoint.problem ?? this.l10n.t('this address is not supported.'),
        ),
        'unsupported',
      ),
    );
  }
  version = () => this.fail();
  isRootless = () => this.fail();
  listContainers = () => this.fail();
  listImages = () => this.fail();
  imageExists = () => this.fail();
  pullImage = () => this.fail();
  importImage = () => this.fail();
  removeImage = () => this.fail();
  createContainer = () => this.fail();
  start = () => this.fail();
  stop = () => this.fail();
  unpause = () => this.fail();
  restart = () => this.fail();
  remove = () => this.fail();
  inspect = () => this.fail();
  inspectImage = () => this.fail();
  wait = () => this.fail();
  exec = () => this.fail();
  run = () => this.fail();
  exportContainerFileSystem = () => this.fail();
  statPath = () => this.fail();
  readFile = () => this.fail();
  buildImage = () => this.fail();
  events = () => this.fail();
  logs(): AsyncIterable<string> {
    const fail = () => this.fail();
    return {
      [Symbol.asyncIterator]: () => ({ next: fail }),
    };
  }
}

class DockerodeEngine implements ContainerEngine {
  private client: Dockerode | undefined;

  constructor(
    readonly endpoint: EngineEndpoint,
    private readonly log: EngineLog,
    private readonly timeouts: EngineTimeouts,
    private readonly l10n: L10n,
  ) {}

  private docker(): Dockerode {
    if (!this.client) {
      const { Dockerode: DockerodeClass } = dockerPackages();
      this.client = new DockerodeClass(connectionOptions(this.endpoint, this.l10n));
      this.log.debug(`Container engine: ${describeEndpoint(this.endpoint)}`);
    }
    return this.client;
  }

  /** Runs a call with a time-out and the caller's cancellation, turning failures into EngineErrors. */
  private async call<T>(
    what: string,
    signal: AbortSignal | undefined,
    work: (abortSignal: AbortSignal) => Promise<T>,
    timeoutMs = this.timeouts.quickMs,
  ): Promise<T> {
    throwIfAborted(signal);
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await abortable(work(combined), combined);
    } catch (error) {
      if (signal?.aborted) {
        throw new EngineError(this.l10n.t('{0} was cancelled.', what), 'cancelled');
      }
      if (timeout.aborted) {
        throw this.timeoutError(what, timeoutMs);
      }
      throw toEngineError(error, this.endpoint, what, this.l10n);
    }
  }

  private timeoutError(what: string, timeoutMs: number): EngineError {
    const seconds = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
    return new EngineError(
      this.l10n.t('Docker at {0} did not answer within {1} ({2}). Is it overloaded or stuck?', this.endpoint.address, seconds, what),
      'timeout',
    );
  }

  /**
   * Opens a streaming request (pull, build, import, events, logs): the connection and the engine's first answer must
   * come within `timeoutMs`; after that the stream runs as long as it needs, until the caller's signal aborts it.
   */
  private async openStream<T>(
    what: string,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    start: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    throwIfAborted(signal);
    const firstAnswer = new AbortController();
    const timer = setTimeout(() => firstAnswer.abort(this.timeoutError(what, timeoutMs)), timeoutMs);
    const combined = signal ? AbortSignal.any([signal, firstAnswer.signal]) : firstAnswer.signal;
    try {
      return await abortable(start(combined), combined);
    } catch (error) {
      if (firstAnswer.signal.aborted && !signal?.aborted) {
        throw this.timeoutError(what, timeoutMs);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  version(signal?: AbortSignal): Promise<EngineVersion> {
    return this.call(this.l10n.t('Asking the engine for its version'), signal, async (abortSignal) => {
      const versionWithOptions = this.docker().version as unknown as (options: object) => Promise<unknown>;
      const info = (await versionWithOptions.call(this.docker(), { abortSignal })) as Dockerode.DockerVersion & {
        Components?: { Name?: string }[];
        Platform?: { Name?: string };
      };
      const isPodman = Boolean(info.Components?.some((c) => /podman/i.test(c.Name ?? '')) || /podman/i.test(info.Platform?.Name ?? ''));
      return { version: info.Version, apiVersion: info.ApiVersion, isPodman, os: info.Os };
    });
  }

  isRootless(signal?: AbortSignal): Promise<boolean> {
    return this.call(this.l10n.t('Asking the engine how it runs'), signal, async (abortSignal) => {
      const infoWithOptions = this.docker().info as unknown as (options: object) => Promise<{ SecurityOptions?: string[] }>;
      const info = await infoWithOptions.call(this.docker(), { abortSignal });
      return isRootlessEngine(info.SecurityOptions);
    });
  }

  listContainers(signal?: AbortSignal): Promise<ContainerSummary[]> {
    return this.call(this.l10n.t('Listing containers'), signal, async (abortSignal) => {
      const rows = await this.docker().listContainers({ all: true, abortSignal });
      return rows.map(toContainerSummary);
    });
  }

  listImages(signal?: AbortSignal): Promise<ImageSummary[]> {
    return this.call(this.l10n.t('Listing images'), signal, async (abortSignal) => {
      const rows = await this.docker().listImages({ abortSignal });
      return rows.map((row) => ({
        id: row.Id,
        // Podman names Docker Hub images in full (docker.io/...); shown and matched as Docker names them.
        repoTags: [...new Set((row.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>').map(familiarReference))],
        repoDigests: (row.RepoDigests ?? []).filter((digest) => !digest.startsWith('<none>')),
        labels: row.Labels ?? {},
        created: row.Created,
        size: row.Size,
      }));
    });
  }

  imageExists(ref: string, signal?: AbortSignal): Promise<boolean> {
    return this.call(this.l10n.t('Looking for the image {0}', ref), signal, async (abortSignal) => {
      try {
        await this.docker()
          .getImage(ref)
          .inspect({ abortSignal } as object);
        return true;
      } catch (error) {
        if (statusOf(error) === 404) {
          return false;
        }
        throw error;
      }
    });
  }

  async pullImage(ref: string, onProgress: (progress: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    const what = this.l10n.t('Pulling {0}', ref);
    const tracker = new PullProgressTracker();
    try {
      const stream = await this.openStream(
        what,
        signal,
        this.timeouts.firstResponseMs,
        async (abortSignal) => (await this.docker().pull(ref, { abortSignal })) as NodeJS.ReadableStream,
      );
      await consumeJsonStream(stream, signal, (event) => onProgress(tracker.apply(event)));
      // The stream ended without an error: the image is there. Podman 4.3 never says "Pull complete"; finish the bar.
      const imageId = await this.call(what, signal, async (abortSignal) => {
        const image = (await this.docker()
          .getImage(ref)
          .inspect({ abortSignal } as object)) as { Id?: string };
        return image.Id;
      }).catch(() => undefined);
      onProgress(tracker.complete(imageId));
    } catch (error) {
      if (signal?.aborted) {
        throw new EngineError(this.l10n.t('{0} was cancelled.', what), 'cancelled');
      }
      const engineError = toEngineError(error, this.endpoint, what, this.l10n);
      if (engineError.kind === 'notFound' || /manifest unknown/i.test(engineError.message)) {
        throw new EngineError(
          this.l10n.t('The registry has no image {0}. Check the image name and tag.', ref),
          'notFound',
          engineError.statusCode,
        );
      }
      throw engineError;
    }
  }

  async importImage(
    rootfsTar: NodeJS.ReadableStream,
    ref: string,
    options?: { readonly changes?: readonly string[] },
    signal?: AbortSignal,
  ): Promise<string> {
    throwIfAborted(signal);
    try {
      const stream = await this.openStream(
        this.l10n.t('Importing {0}', ref),
        signal,
        this.timeouts.firstResponseMs,
        async (abortSignal) =>
          (await this.docker().importImage(
            rootfsTar as never,
            {
              // The tag goes with the name (the Engine API allows `repo=name:tag`): Podman 4.3 ignores `tag`.
              repo: ref,
              ...(options?.changes?.length ? { changes: [...options.changes] } : {}),
              abortSignal,
            } as object,
          )) as NodeJS.ReadableStream,
      );
      let imageId = '';
      await consumeJsonStream(stream, signal, (event) => {
        const error = event.errorDetail?.message ?? event.error;
        if (error) {
          throw new Error(error);
        }
        if (event.status?.startsWith('sha256:')) {
          imageId = event.status;
        }
      });
      return imageId;
    } catch (error) {
      if (signal?.aborted) {
        throw new EngineError(this.l10n.t('Importing {0} was cancelled.', ref), 'cancelled');
      }
      throw toEngineError(error, this.endpoint, this.l10n.t('Importing {0}', ref), this.l10n);
    }
  }

  removeImage(ref: string, options?: { readonly force?: boolean }, signal?: AbortSignal): Promise<void> {
    return this.call(this.l10n.t('Removing the image {0}', ref), signal, async (abortSignal) => {
      await this.docker()
        .getImage(ref)
        .remove({ force: options?.force ?? false, abortSignal } as object);
    });
  }

  async createContainer(spec: ContainerSpec, signal?: AbortSignal): Promise<string> {
    try {
      return await this.call(this.l10n.t('Creating a container from {0}', spec.image), signal, async (abortSignal) => {
        const container = await this.docker().createContainer({ ...createOptions(spec), abortSignal });
        return container.id;
      });
    } catch (error) {
      // One sentence whichever engine refused the name (Docker: 409 Conflict; Podman: 500 with its storage's words).
      if (error instanceof EngineError && error.kind === 'conflict' && spec.name && isNameInUse(error.message)) {
        throw new EngineError(
          this.l10n.t('The name {0} is already in use by another container. Choose another name, or remove that container.', spec.name),
          'conflict',
          error.statusCode,
        );
      }
      throw error;
    }
  }

  async start(id: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.call(this.l10n.t('Starting the container {0}', shortId(id)), signal, async (abortSignal) => {
        try {
          await this.docker().getContainer(id).start({ abortSignal });
        } catch (error) {
          if (statusOf(error) !== 304) {
            throw error;
          }
        }
      });
    } catch (error) {
      // A paused container cannot be started. Docker says so ("cannot start a paused container, try unpause
      // instead"); Podman 4.3 says "must be in Created or Stopped state": say it one way, with what to do.
      if (error instanceof EngineError && (error.kind === 'conflict' || error.kind === 'failed')) {
        const state = await this.inspect(id, signal).then(
          (details) => details.state,
          () => undefined,
        );
        if (state === 'paused') {
          throw new EngineError(this.l10n.t('The container {0} is paused: unpause it instead of starting it.', shortId(id)), 'conflict');
        }
      }
      throw error;
    }
  }

  async stop(id: string, signal?: AbortSignal): Promise<void> {
    const stopOnce = () =>
      this.call(
        this.l10n.t('Stopping the container {0}', shortId(id)),
        signal,
        async (abortSignal) => {
          try {
            await this.docker().getContainer(id).stop({ abortSignal });
          } catch (error) {
            if (statusOf(error) !== 304) {
              throw error;
            }
          }
        },
        stopTimeoutMs,
      );
    try {
      await stopOnce();
    } catch (error) {
      // Docker stops a paused container as it is; Podman 4.3 refuses ("is running or paused, refusing to clean up"):
      // there the container is unpaused first, so Stop ends a paused container on both engines.
      const paused =
        error instanceof EngineError &&
        (await this.inspect(id, signal).then(
          (details) => details.state === 'paused',
          () => false,
        ));
      if (!paused) {
        throw error;
      }
      await this.unpause(id, signal);
      await stopOnce();
    }
  }

  unpause(id: string, signal?: AbortSignal): Promise<void> {
    return this.call(this.l10n.t('Unpausing the container {0}', shortId(id)), signal, async (abortSignal) => {
      await this.docker().getContainer(id).unpause({ abortSignal });
    });
  }

  restart(id: string, signal?: AbortSignal): Promise<void> {
    return this.call(
      this.l10n.t('Restarting the container {0}', shortId(id)),
      signal,
      async (abortSignal) => {
        await this.docker().getContainer(id).restart({ abortSignal });
      },
      stopTimeoutMs,
    );
  }

  remove(id: string, signal?: AbortSignal): Promise<void> {
    return this.call(
      this.l10n.t('Removing the container {0}', shortId(id)),
      signal,
      async (abortSignal) => {
        await this.docker().getContainer(id).remove({ force: true, abortSignal });
      },
      stopTimeoutMs,
    );
  }

  inspect(id: string, signal?: AbortSignal): Promise<ContainerDetails> {
    return this.call(this.l10n.t('Inspecting the container {0}', shortId(id)), signal, async (abortSignal) => {
      const info = await this.docker()
        .getContainer(id)
        .inspect({ abortSignal } as object);
      return {
        id: info.Id,
        name: info.Name.replace(/^\//, ''),
        image: familiarReference(info.Config.Image),
        state: info.State.Status as ContainerState,
        running: info.State.Running,
        exitCode: info.State.ExitCode,
        tty: info.Config.Tty,
        labels: info.Config.Labels ?? {},
        raw: info,
      };
    });
  }

  inspectImage(ref: string, signal?: AbortSignal): Promise<unknown> {
    return this.call(this.l10n.t('Inspecting the image {0}', ref), signal, (abortSignal) =>
      this.docker()
        .getImage(ref)
        .inspect({ abortSignal } as object),
    );
  }

  async wait(id: string, signal?: AbortSignal): Promise<number> {
    const what = this.l10n.t('Waiting for the container {0} to finish', shortId(id));
    throwIfAborted(signal);
    // No time-out: a container may rightly run for an hour (an image build); the caller's signal ends the wait.
    const controller = new AbortController();
    const combined = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
    try {
      const result = (await abortable(
        this.docker()
          .getContainer(id)
          .wait({ abortSignal: combined } as object) as Promise<{ StatusCode?: number }>,
        combined,
      )) as { StatusCode?: number };
      return result.StatusCode ?? -1;
    } catch (error) {
      if (signal?.aborted) {
        throw new EngineError(this.l10n.t('{0} was cancelled.', what), 'cancelled');
      }
      throw toEngineError(error, this.endpoint, what, this.l10n);
    } finally {
      controller.abort();
    }
  }

  async *logs(id: string, options: { readonly follow: boolean; readonly tail?: number }, signal?: AbortSignal): AsyncIterable<string> {
    const details = await this.inspect(id, signal);
    const what = this.l10n.t('Reading the logs of {0}', details.name);
    let raw: NodeJS.ReadableStream;
    try {
      raw = await this.openStream(
        what,
        signal,
        this.timeouts.quickMs,
        (abortSignal) =>
          this.docker()
            .getContainer(id)
            .logs({
              follow: options.follow as true,
              stdout: true,
              stderr: true,
              tail: options.tail ?? 'all',
              abortSignal,
            } as never) as unknown as Promise<NodeJS.ReadableStream>,
      );
    } catch (error) {
      throw signal?.aborted
        ? new EngineError(this.l10n.t('{0} was cancelled.', what), 'cancelled')
        : toEngineError(error, this.endpoint, what, this.l10n);
    }
    // Without `follow` the engine answers with a buffer, not a stream.
    if (Buffer.isBuffer(raw)) {
      yield details.tty ? raw.toString('utf8') : demuxBuffer(raw);
      return;
    }
    const text = new PassThrough();
    if (details.tty) {
      raw.pipe(text);
    } else {
      this.docker().modem.demuxStream(raw, text, text);
      raw.on('end', () => text.end());
    }
    raw.on('error', (error: Error) => text.destroy(error));
    const onAbort = () => {
      destroyStream(raw);
      text.end();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const chunk of text) {
        yield (chunk as Buffer).toString('utf8');
      }
    } catch (error) {
      if (!signal?.aborted) {
        throw toEngineError(error, this.endpoint, what, this.l10n);
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      destroyStream(raw);
    }
  }

  async exec(id: string, options: ExecOptions, signal?: AbortSignal): Promise<ExecSession> {
    const what = this.l10n.t('Starting {0} in the container {1}', options.cmd[0] ?? this.l10n.t('a process'), shortId(id));
    const { exec, stream } = await this.call(what, signal, async (abortSignal) => {
      const exec = await this.docker()
        .getContainer(id)
        .exec({
          Cmd: [...options.cmd],
          AttachStdin: options.stdin ?? true,
          AttachStdout: true,
          AttachStderr: true,
          Tty: options.tty ?? false,
          ...(options.env ? { Env: envList(options.env) } : {}),
          ...(options.workdir ? { WorkingDir: options.workdir } : {}),
          ...(options.user ? { User: options.user } : {}),
          abortSignal,
        } as Dockerode.ExecCreateOptions);
      const stream = (await exec.start({
        hijack: true,
        stdin: options.stdin ?? true,
        Tty: options.tty ?? false,
        ...(options.size ? { ConsoleSize: [options.size.rows, options.size.columns] } : {}),
      } as Dockerode.ExecStartOptions)) as NodeJS.ReadWriteStream;
      return { exec, stream };
    });
    const session = new DockerExecSession(exec, stream, options.tty ?? false, this.docker(), this.log);
    if (options.size && options.tty) {
      await session.resize(options.size.columns, options.size.rows).catch(() => undefined);
    }
    signal?.addEventListener('abort', () => session.close(), { once: true });
    return session;
  }

  async run(id: string, cmd: readonly string[], signal?: AbortSignal): Promise<{ output: string; exitCode: number }> {
    const session = await this.exec(id, { cmd, tty: false, stdin: false }, signal);
    const chunks: Buffer[] = [];
    session.onData((data) => chunks.push(data));
    const exitCode = await new Promise<number | undefined>((resolve) => session.onExit(resolve));
    throwIfAborted(signal);
    return { output: Buffer.concat(chunks).toString('utf8'), exitCode: exitCode ?? -1 };
  }

  exportContainerFileSystem(id: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    return this.call(this.l10n.t('Exporting the file system of {0}', shortId(id)), signal, async (abortSignal) => {
      const stream = (await this.docker()
        .getContainer(id)
        .export({ abortSignal } as object)) as NodeJS.ReadableStream;
      signal?.addEventListener('abort', () => destroyStream(stream), { once: true });
      return stream;
    });
  }

  statPath(id: string, path: string, signal?: AbortSignal): Promise<PathStat | undefined> {
    return this.call(this.l10n.t('Looking at {0} in {1}', path, shortId(id)), signal, async (abortSignal) => {
      let response: NodeJS.ReadableStream & { headers?: Record<string, string | string[] | undefined> };
      try {
        response = (await this.docker()
          .getContainer(id)
          .infoArchive({ path, abortSignal } as object)) as typeof response;
      } catch (error) {
        // 404 is "no such container" and "no such file" alike: the container is checked by the caller's create.
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
      destroyStream(response);
      const header = response.headers?.['x-docker-container-path-stat'];
      if (typeof header !== 'string') return undefined;
      const stat = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Partial<PathStat>;
      return { name: stat.name ?? '', size: stat.size ?? 0, mode: stat.mode ?? 0, linkTarget: stat.linkTarget ?? '' };
    });
  }

  async readFile(
    id: string,
    path: string,
    options: { readonly maxBytes?: number } = {},
    signal?: AbortSignal,
  ): Promise<Buffer | undefined> {
    const maxBytes = options.maxBytes ?? 1024 * 1024;
    const stat = await this.statPath(id, path, signal);
    // Go's os.FileMode type bits (ModeDir, ModeSymlink, ModeDevice, ModeNamedPipe, ModeSocket, ModeCharDevice,
    // ModeIrregular); a regular file has none of them.
    const typeBits = (1 << 31) | (1 << 27) | (1 << 26) | (1 << 25) | (1 << 24) | (1 << 21) | (1 << 19);
    const target = stat?.linkTarget || path;
    const targetStat = stat?.linkTarget ? await this.statPath(id, stat.linkTarget, signal) : stat;
    if (!targetStat || (targetStat.mode & typeBits) !== 0) return undefined;
    if (targetStat.size > maxBytes) {
      throw new EngineError(this.l10n.t('{0} in {1} is larger than {2} bytes.', target, shortId(id), maxBytes), 'failed');
    }
    return this.call(this.l10n.t('Reading {0} in {1}', target, shortId(id)), signal, async (abortSignal) => {
      const archive = (await this.docker()
        .getContainer(id)
        .getArchive({ path: target, abortSignal } as object)) as NodeJS.ReadableStream;
      return firstFileOfTar(archive, maxBytes);
    });
  }

  async buildImage(
    contextTar: NodeJS.ReadableStream,
    options: BuildOptions,
    onLog: (line: string) => void,
    signal?: AbortSignal,
  ): Promise<string> {
    throwIfAborted(signal);
    const what = this.l10n.t('Building {0}', options.tag);
    try {
      const stream = await this.openStream(
        what,
        signal,
        this.timeouts.firstResponseMs,
        async (abortSignal) =>
          (await this.docker().buildImage(
            contextTar as never,
            {
              t: options.tag,
              ...(options.dockerfile ? { dockerfile: options.dockerfile } : {}),
              ...(options.labels ? { labels: options.labels } : {}),
              ...(options.buildArgs ? { buildargs: options.buildArgs } : {}),
              rm: true,
              forcerm: true,
              abortSignal,
            } as Dockerode.ImageBuildOptions,
          )) as NodeJS.ReadableStream,
      );
      let imageId = '';
      await consumeJsonStream(stream, signal, (event) => {
        const error = event.errorDetail?.message ?? event.error;
        if (error) {
          throw new Error(error);
        }
        if (event.aux?.ID) {
          imageId = event.aux.ID;
        }
        const text = event.stream ?? event.status;
        if (text) {
          for (const line of text.split(/\r?\n/)) {
            if (line.trim()) {
              onLog(line);
            }
          }
        }
      });
      if (!imageId) {
        imageId = await this.call(
          this.l10n.t('Inspecting the built image {0}', options.tag),
          signal,
          async (abortSignal) =>
            (
              await this.docker()
                .getImage(options.tag)
                .inspect({ abortSignal } as object)
            ).Id,
        );
      }
      return imageId;
    } catch (error) {
      if (signal?.aborted) {
        throw new EngineError(this.l10n.t('{0} was cancelled.', what), 'cancelled');
      }
      throw toEngineError(error, this.endpoint, what, this.l10n);
    }
  }

  async events(onEvent: (event: EngineEvent) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) {
      return;
    }
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.openStream(
        this.l10n.t('Listening to engine events'),
        signal,
        this.timeouts.quickMs,
        async (abortSignal) => (await this.docker().getEvents({ abortSignal })) as NodeJS.ReadableStream,
      );
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      throw toEngineError(error, this.endpoint, this.l10n.t('Listening to engine events'), this.l10n);
    }
    try {
      await consumeJsonStream(stream, signal, (raw) => {
        const event = raw as {
          Type?: string;
          Action?: string;
          Actor?: { ID?: string; Attributes?: Record<string, string> };
          time?: number;
          id?: string;
          status?: string;
        };
        const type = event.Type ?? 'container';
        onEvent({
          type,
          action: dockerEventAction(type, event.Action ?? event.status ?? ''),
          id: event.Actor?.ID ?? event.id ?? '',
          attributes: event.Actor?.Attributes ?? {},
          time: event.time ?? 0,
        });
      });
    } catch (error) {
      if (!signal.aborted) {
        this.log.debug(`Engine event stream ended: ${String(error)}`);
      }
    }
  }
}

class DockerExecSession implements ExecSession {
  private readonly dataListeners = new Set<(data: Buffer) => void>();
  private readonly exitListeners = new Set<(exitCode: number | undefined) => void>();
  private readonly early: Buffer[] = [];
  private exited: { code: number | undefined } | undefined;

  constructor(
    private readonly exec: Dockerode.Exec,
    private readonly stream: NodeJS.ReadWriteStream,
    tty: boolean,
    docker: Dockerode,
    private readonly log: EngineLog,
  ) {
    if (tty) {
      stream.on('data', (chunk: Buffer) => this.emitData(chunk));
    } else {
      const output = new PassThrough();
      output.on('data', (chunk: Buffer) => this.emitData(chunk));
      docker.modem.demuxStream(stream, output, output);
    }
    let ended = false;
    const finish = () => {
      if (ended) {
        return;
      }
      ended = true;
      void this.readExitCode().then((code) => this.emitExit(code));
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', (error: Error) => {
      this.log.debug(`exec ${exec.id} stream error: ${error.message}`);
      finish();
    });
  }

  get id(): string {
    return this.exec.id;
  }

  write(data: string | Buffer): void {
    if (this.exited) {
      return;
    }
    this.stream.write(data);
  }

  async resize(columns: number, rows: number): Promise<void> {
    if (this.exited || columns < 1 || rows < 1) {
      return;
    }
    try {
      await this.exec.resize({ w: Math.floor(columns), h: Math.floor(rows) });
    } catch (error) {
      // Podman 4.3 answers a resize with 201, which dockerode counts as unexpected: it worked all the same.
      if (!isSuccessStatus(statusOf(error))) {
        throw error;
      }
    }
  }

  onData(listener: (data: Buffer) => void): Disposable {
    this.dataListeners.add(listener);
    if (this.dataListeners.size === 1 && this.early.length) {
      for (const chunk of this.early.splice(0)) {
        listener(chunk);
      }
    }
    return { dispose: () => this.dataListeners.delete(listener) };
  }

  onExit(listener: (exitCode: number | undefined) => void): Disposable {
    if (this.exited) {
      const code = this.exited.code;
      queueMicrotask(() => listener(code));
      return { dispose: () => undefined };
    }
    this.exitListeners.add(listener);
    return { dispose: () => this.exitListeners.delete(listener) };
  }

  close(): void {
    destroyStream(this.stream);
  }

  private emitData(chunk: Buffer): void {
    if (this.dataListeners.size === 0) {
      this.early.push(chunk);
      return;
    }
    for (const listener of this.dataListeners) {
      listener(chunk);
    }
  }

  private async readExitCode(): Promise<number | undefined> {
    // The stream can end a moment before the engine records the exit code; ask a few times.
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const info = await this.exec.inspect({ abortSignal: AbortSignal.timeout(5000) } as object);
        if (!info.Running) {
          return info.ExitCode ?? undefined;
        }
      } catch {
        return undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return undefined;
  }

  private emitExit(code: number | undefined): void {
    if (this.exited) {
      return;
    }
    this.exited = { code };
    for (const listener of [...this.exitListeners]) {
      listener(code);
    }
    this.exitListeners.clear();
  }
}

/** Docker's and Podman's /info list `name=rootless` among the security options of a rootless engine. */
export function isRootlessEngine(securityOptions: readonly string[] | undefined): boolean {
  return (securityOptions ?? []).some((option) => option.split(',').some((part) => part.trim() === 'name=rootless'));
}

/** Options for dockerode that set every connection field, so environment defaults inside docker-modem never leak in. */
export function connectionOptions(endpoint: EngineEndpoint, l10n: L10n = english): Dockerode.DockerOptions {
  if (endpoint.kind === 'unsupported') {
    throw new EngineError(endpoint.problem ?? `${endpoint.address} is not supported.`, 'unsupported');
  }
  if (endpoint.kind !== 'tcp') {
    return { socketPath: endpoint.socketPath, host: undefined, port: undefined, protocol: undefined } as Dockerode.DockerOptions;
  }
  const options: Record<string, unknown> = {
    host: endpoint.host,
    port: endpoint.port,
    socketPath: undefined,
    protocol: endpoint.tls ? 'https' : 'http',
    // Explicitly unset: docker-modem fills what is missing from DOCKER_HOST/DOCKER_CERT_PATH on its own terms.
    ca: undefined,
    cert: undefined,
    key: undefined,
    agent: undefined,
    checkServerIdentity: undefined,
  };
  const tls = endpoint.tls;
  if (tls) {
    const read = (file: string) => {
      if (!tls.certPath) {
        return undefined;
      }
      try {
        return readFileSync(join(tls.certPath, file));
      } catch {
        return undefined;
      }
    };
    const ca = read('ca.pem');
    if (tls.verify && tls.requireCa && !ca) {
      // What the docker CLI does too: with DOCKER_TLS_VERIFY the engine is checked against this CA, and no other.
      throw new EngineError(
        l10n.t(
          'DOCKER_TLS_VERIFY is set, but {0} cannot be read: the engine at {1} cannot be verified. Set DOCKER_CERT_PATH to the folder holding ca.pem, cert.pem and key.pem.',
          join(tls.certPath ?? '', 'ca.pem'),
          endpoint.address,
        ),
        'unsupported',
      );
    }
    // A client certificate goes only with its key, and only when both files are there (as the docker CLI).
    const cert = read('cert.pem');
    const key = read('key.pem');
    Object.assign(options, { ca, cert: cert && key ? cert : undefined, key: cert && key ? key : undefined });
    if (!tls.verify) {
      // DOCKER_TLS without DOCKER_TLS_VERIFY: encrypted, the server's certificate not checked (the view warns).
      options.agent = new Agent({ rejectUnauthorized: false, ...(ca ? { ca } : {}), ...(cert && key ? { cert, key } : {}) });
    }
  }
  return options as Dockerode.DockerOptions;
}

/** Turns errors from sockets, HTTP and the engine into a sentence that says what to do. */
export function toEngineError(error: unknown, endpoint: EngineEndpoint, what: string, l10n: L10n = english): EngineError {
  if (error instanceof EngineError) {
    return error;
  }
  const code = (error as { code?: string } | undefined)?.code;
  const status = statusOf(error);
  const message = engineMessage(error);
  const where = endpoint.kind === 'tcp' ? `${endpoint.host}:${endpoint.port}` : (endpoint.socketPath ?? endpoint.address);
  if (
    code === 'ENOENT' ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENOTFOUND' ||
    code === 'ETIMEDOUT' ||
    code === 'ENOTCONN'
  ) {
    return new EngineError(l10n.t('Cannot reach Docker at {0}. Is it running?', where), 'unreachable');
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new EngineError(
      l10n.t(
        'Permission denied on {0}. Add your user to the "docker" group (then sign out and in), or point azureLinux.containers.host at an engine you can use.',
        where,
      ),
      'permission',
    );
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new EngineError(l10n.t('{0} was cancelled.', what), 'cancelled');
  }
  if (status === 404) {
    return new EngineError(l10n.t('{0} failed: {1}.', what, message || l10n.t('not found')), 'notFound', status);
  }
  if (status === 409 || isNameInUse(message)) {
    return new EngineError(l10n.t('{0} failed: {1}.', what, message || l10n.t('conflict')), 'conflict', status);
  }
  if (/socket hang up/i.test(message)) {
    return new EngineError(l10n.t('Docker at {0} closed the connection ({1}). Is it restarting?', where, what), 'unreachable');
  }
  return new EngineError(l10n.t('{0} failed: {1}.', what, message || l10n.t('unknown error')), 'failed', status);
}

function engineMessage(error: unknown): string {
  const json = (error as { json?: unknown } | undefined)?.json;
  if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') {
    return (json as { message: string }).message.trim().replace(/\.$/, '');
  }
  if (Buffer.isBuffer(json)) {
    const text = json.toString('utf8').trim();
    if (text) {
      return text.replace(/\.$/, '');
    }
  }
  const message = error instanceof Error ? error.message : String(error ?? '');
  // docker-modem says "(HTTP code 404) no such container - No such container: x "
  return message
    .replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '')
    .trim()
    .replace(/\.$/, '');
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new EngineError('Cancelled.', 'cancelled');
  }
}

/** Rejects as soon as the signal aborts even when the underlying request does not notice. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Reads a JSON-lines progress stream to its end; a handler that throws, or an abort, ends it with that error. */
function consumeJsonStream(
  stream: NodeJS.ReadableStream,
  signal: AbortSignal | undefined,
  onEvent: (event: EngineProgressEvent) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const splitter = new JsonLineSplitter();
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) {
        return;
      }
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        destroyStream(stream);
        reject(error instanceof Error ? error : new Error(String(error)));
      } else {
        resolve();
      }
    };
    const handle = (events: EngineProgressEvent[]) => {
      try {
        events.forEach(onEvent);
      } catch (error) {
        settle(error);
      }
    };
    const onAbort = () => settle(new EngineError('Cancelled.', 'cancelled'));
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer | string) => handle(splitter.push(chunk.toString())));
    stream.on('end', () => {
      handle(splitter.end());
      settle();
    });
    stream.on('close', () => settle(signal?.aborted ? new EngineError('Cancelled.', 'cancelled') : undefined));
    stream.on('error', (error: Error) => settle(error));
  });
}

/** The content of the first regular file in a tar stream (the archive API's answer for one file). */
async function firstFileOfTar(archive: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer | undefined> {
  // tar-stream loads with the first read, not when the extension starts.
  const tar = await import('tar-stream');
  const extract = tar.extract();
  let found: Buffer | undefined;
  archive.pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of entry as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw new Error(`The file is larger than ${maxBytes} bytes.`);
      chunks.push(chunk);
    }
    if (found === undefined && entry.header.type === 'file') found = Buffer.concat(chunks);
  }
  return found;
}

function destroyStream(stream: NodeJS.ReadableStream | NodeJS.WritableStream): void {
  const destroyable = stream as unknown as { destroy?: () => void };
  try {
    destroyable.destroy?.();
  } catch {
    // Already gone.
  }
}

/** Splits Docker's multiplexed log format (8-byte frame headers) when the engine returned it as one buffer. */
function demuxBuffer(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const type = buffer[offset];
    if (type !== 0 && type !== 1 && type !== 2) {
      return buffer.toString('utf8');
    }
    const length = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(parts).toString('utf8');
}

function toContainerSummary(row: Dockerode.ContainerInfo): ContainerSummary {
  return {
    id: row.Id,
    name: (row.Names?.[0] ?? row.Id.slice(0, 12)).replace(/^\//, ''),
    image: familiarReference(row.Image),
    imageId: row.ImageID,
    state: row.State as ContainerState,
    status: row.Status,
    labels: row.Labels ?? {},
    created: row.Created,
  };
}

function createOptions(spec: ContainerSpec): Dockerode.ContainerCreateOptions {
  return {
    Image: spec.image,
    ...(spec.name ? { name: spec.name } : {}),
    ...(spec.labels ? { Labels: { ...spec.labels } } : {}),
    ...(spec.workdir ? { WorkingDir: spec.workdir } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.env ? { Env: envList(spec.env) } : {}),
    ...(spec.cmd ? { Cmd: [...spec.cmd] } : {}),
    ...(spec.entrypoint ? { Entrypoint: [...spec.entrypoint] } : {}),
    ...(spec.hostname ? { Hostname: spec.hostname } : {}),
    Tty: spec.tty ?? false,
    OpenStdin: spec.openStdin ?? false,
    HostConfig: {
      ...(spec.mounts?.length
        ? {
            Mounts: spec.mounts.map((mount) => ({
              Type: 'bind' as const,
              Source: mount.source,
              Target: mount.target,
              ...(mount.readOnly ? { ReadOnly: true } : {}),
            })),
          }
        : {}),
      ...(spec.init ? { Init: true } : {}),
      ...(spec.networkMode ? { NetworkMode: spec.networkMode } : {}),
      ...(spec.privileged ? { Privileged: true } : {}),
    },
  };
}

function envList(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([key, value]) => `${key}=${value}`);
}

/** `registry:5000/repo/name:tag` → [`registry:5000/repo/name`, `tag`]; a digest stays on the repository. */
export function splitReference(ref: string): [repository: string, tag: string] {
  if (ref.includes('@')) {
    return [ref, ''];
  }
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, 'latest'];
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
