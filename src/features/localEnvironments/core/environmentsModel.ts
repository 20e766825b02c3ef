/*
 * The Local Environments state machine, without `vscode`: lists what the engine has, follows its event stream while
 * the view is visible (debounced), and when the engine is absent says so and polls with backoff until it is back.
 */
import {
  EngineError,
  type ContainerEngine,
  type ContainerSummary,
  type EngineEvent,
  type EngineLog,
  type EngineVersion,
  type ImageSummary,
} from '../../../docker/engine';
import { azlLabels } from '../../../docker/core/labels';
import type { PendingEnvironment } from '../../../views/localEnvironments/core/presentation';

export type EngineStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'ready'; readonly version: EngineVersion }
  | { readonly kind: 'unreachable'; readonly message: string; readonly reason: EngineError['kind'] };

export interface EnvironmentsSnapshot {
  readonly containers: readonly ContainerSummary[];
  readonly images: readonly ImageSummary[];
}

export interface ModelTimings {
  /** Quiet time after the last engine event before listing again. */
  readonly debounceMs: number;
  /** First and longest wait between tries while the engine is unreachable. */
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
  /** An event stream that ends sooner than this after it started counts as failing: the next try waits (backoff). */
  readonly streamStableMs?: number;
  /** Least time between two change notifications for progress of work under way (pull, build). */
  readonly progressThrottleMs?: number;
}

export const defaultTimings: ModelTimings = {
  debounceMs: 250,
  retryMinMs: 1000,
  retryMaxMs: 30_000,
  streamStableMs: 5000,
  progressThrottleMs: 200,
};

/** Options beyond the engine and the timings. */
export interface ModelOptions {
  /**
   * While the engine is unreachable, asked before each retry (and on Retry) for an engine at a newly resolved address;
   * returns one only when the address changed (the engine came back elsewhere), else undefined.
   */
  readonly reResolve?: (current: ContainerEngine) => ContainerEngine | undefined;
}

const relevantContainerActions = new Set([
  'create',
  'start',
  'restart',
  'die',
  'stop',
  'kill',
  'destroy',
  'pause',
  'unpause',
  'rename',
  'update',
  'oom',
]);
const relevantImageActions = new Set(['pull', 'push', 'tag', 'untag', 'delete', 'import', 'load', 'save']);

/** Engine events that change what the tree shows (exec_* fire on every shell and are not among them). */
export function isRelevantEvent(event: EngineEvent): boolean {
  if (event.type === 'container') {
    // A container made only to read an image's files comes and goes without changing what the tree shows.
    if (event.attributes[azlLabels.probe] === '1') return false;
    return relevantContainerActions.has(event.action.split(':')[0]!.trim());
  }
  if (event.type === 'image') {
    return relevantImageActions.has(event.action);
  }
  return false;
}

/** 1 s, 2 s, 4 s ... capped. */
export function retryDelay(attempt: number, timings: ModelTimings): number {
  return Math.min(timings.retryMaxMs, timings.retryMinMs * 2 ** Math.max(0, attempt));
}

/** A pending row under way: update its detail, phase and pull layers; end it when the work is done. */
export interface PendingHandle {
  update(detail: string | undefined, phase?: PendingEnvironment['phase'], layers?: PendingEnvironment['layers']): void;
  end(): void;
}

export class EnvironmentsModel {
  private engineValue: ContainerEngine;
  private statusValue: EngineStatus = { kind: 'connecting' };
  private snapshotValue: EnvironmentsSnapshot = { containers: [], images: [] };
  private readonly pendingValue = new Map<string, PendingEnvironment>();
  private readonly listeners = new Set<() => void>();
  private visible = false;
  private disposed = false;
  private events: AbortController | undefined;
  private debounceTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAttempt = 0;
  /** Event streams in a row that ended soon after starting. */
  private streamFailures = 0;
  private progressTimer: ReturnType<typeof setTimeout> | undefined;
  private lastProgressFire = 0;
  private inFlight: Promise<void> | undefined;
  /** The one refresh that runs after `inFlight`, shared by everyone who asked while it ran. */
  private queued: Promise<void> | undefined;
  private generation = 0;
  /** How many times the model listed the engine; the tests and the benchmark read it. */
  refreshCount = 0;

  constructor(
    engine: ContainerEngine,
    private readonly log: EngineLog,
    private readonly timings: ModelTimings = defaultTimings,
    private readonly options: ModelOptions = {},
  ) {
    this.engineValue = engine;
  }

  get engine(): ContainerEngine {
    return this.engineValue;
  }
  get status(): EngineStatus {
    return this.statusValue;
  }
  get snapshot(): EnvironmentsSnapshot {
    return this.snapshotValue;
  }
  get pending(): readonly PendingEnvironment[] {
    return [...this.pendingValue.values()];
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Listens to the engine only while someone looks: visible starts a refresh and the event stream, hidden stops both. */
  setVisible(visible: boolean): void {
    if (this.disposed || visible === this.visible) {
      return;
    }
    this.visible = visible;
    if (visible) {
      void this.refresh();
    } else {
      this.stopListening();
      this.clearTimers();
    }
  }

  /** Points the model at another engine (the setting changed). */
  setEngine(engine: ContainerEngine): void {
    this.engineValue = engine;
    this.generation++;
    this.stopListening();
    this.clearTimers();
    this.retryAttempt = 0;
    this.streamFailures = 0;
    this.update({ kind: 'connecting' }, { containers: [], images: [] });
    if (this.visible) {
      void this.refresh();
    }
  }

  /** Shows something under way (pull, build) in the tree until `end` is called. */
  beginPending(pending: PendingEnvironment): PendingHandle {
    this.pendingValue.set(pending.key, pending);
    this.fire();
    return {
      update: (detail, phase, layers) => {
        const current = this.pendingValue.get(pending.key);
        if (current) {
          this.pendingValue.set(pending.key, { ...current, detail, ...(phase ? { phase } : {}), ...(layers ? { layers } : {}) });
          // A phase change shows at once; progress within a phase (every chunk of a pull) at most every throttle period.
          if (phase && phase !== current.phase) {
            this.fire();
          } else {
            this.fireThrottled();
          }
        }
      },
      end: () => {
        if (this.pendingValue.delete(pending.key)) {
          this.fire();
        }
      },
    };
  }

  /**
   * Lists containers and images now, then keeps listening while visible. A call while a listing runs waits for the
   * one after it (shared by all such calls): the running one may have listed before the caller's change.
   */
  refresh(): Promise<void> {
    if (this.disposed) {
      return Promise.resolve();
    }
    if (this.inFlight) {
      this.queued ??= this.inFlight.then(() => {
        this.queued = undefined;
        return this.refresh();
      });
      return this.queued;
    }
    this.inFlight = this.doRefresh().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async doRefresh(): Promise<void> {
    if (this.statusValue.kind === 'unreachable' && this.options.reResolve) {
      // The engine may have come back at another address (a new Docker context, Docker Desktop started).
      const moved = this.options.reResolve(this.engineValue);
      if (moved) {
        this.log.info(`Local environments: the engine is now resolved at ${moved.endpoint.address}`);
        this.engineValue = moved;
        this.generation++;
      }
    }
    const generation = this.generation;
    const engine = this.engineValue;
    this.refreshCount++;
    try {
      const version = this.statusValue.kind === 'ready' ? this.statusValue.version : await engine.version();
      const [containers, images] = await Promise.all([engine.listContainers(), engine.listImages()]);
      if (generation !== this.generation || this.disposed) {
        return;
      }
      this.retryAttempt = 0;
      this.clearRetry();
      this.update({ kind: 'ready', version }, { containers, images });
      if (this.visible) {
        this.startListening();
      }
    } catch (error) {
      if (generation !== this.generation || this.disposed) {
        return;
      }
      const engineError = error instanceof EngineError ? error : new EngineError(String(error), 'failed');
      if (this.statusValue.kind !== 'unreachable') {
        this.log.warn(`Local environments: ${engineError.message}`);
      }
      this.stopListening();
      this.update({ kind: 'unreachable', message: engineError.message, reason: engineError.kind }, { containers: [], images: [] });
      this.scheduleRetry();
    }
  }

  private startListening(): void {
    if (this.events) {
      return;
    }
    const controller = new AbortController();
    this.events = controller;
    const generation = this.generation;
    const startedAt = Date.now();
    void this.engineValue
      .events((event) => {
        if (isRelevantEvent(event)) {
          this.scheduleRefresh();
        }
      }, controller.signal)
      .catch((error: unknown) => this.log.debug(`Local environments: event stream failed: ${String(error)}`))
      .finally(() => {
        if (this.events === controller) {
          this.events = undefined;
        }
        // The stream ended without us asking: the engine stopped or restarted. Find out which, at once the first
        // time; a stream that keeps dying right after it starts (a proxy that refuses it) is retried with backoff,
        // which also keeps the tree listed (polled) while it is visible.
        if (!controller.signal.aborted && this.visible && !this.disposed && generation === this.generation) {
          const failedSoon = Date.now() - startedAt < (this.timings.streamStableMs ?? defaultTimings.streamStableMs!);
          this.streamFailures = failedSoon ? this.streamFailures + 1 : 0;
          if (this.streamFailures <= 1) {
            this.statusValue = { kind: 'connecting' };
            void this.refresh();
          } else {
            this.scheduleStreamRetry(retryDelay(this.streamFailures - 2, this.timings));
          }
        }
      });
  }

  private scheduleStreamRetry(delay: number): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.refresh();
    }, delay);
  }

  private stopListening(): void {
    this.events?.abort();
    this.events = undefined;
  }

  private scheduleRefresh(): void {
    if (this.debounceTimer) {
      clearTimeout(this.debounceTimer);
    }
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      void this.refresh();
    }, this.timings.debounceMs);
  }

  private scheduleRetry(): void {
    this.clearRetry();
    if (!this.visible || this.disposed) {
      return;
    }
    const delay = retryDelay(this.retryAttempt++, this.timings);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.refresh();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
  }

  private clearTimers(): void {
    this.clearRetry();
    if (this.progressTimer) {
      clearTimeout(this.progressTimer);
      this.progressTimer = undefined;
    }
    if (this.debounceTimer) {
      clearTimeout(this.debounceTimer);
      this.debounceTimer = undefined;
    }
  }

  private update(status: EngineStatus, snapshot: EnvironmentsSnapshot): void {
    this.statusValue = status;
    this.snapshotValue = snapshot;
    this.fire();
  }

  private fireThrottled(): void {
    if (this.progressTimer) {
      return;
    }
    const throttle = this.timings.progressThrottleMs ?? defaultTimings.progressThrottleMs!;
    const wait = this.lastProgressFire + throttle - Date.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.progressTimer = setTimeout(() => {
      this.progressTimer = undefined;
      this.fire();
    }, wait);
  }

  private fire(): void {
    this.lastProgressFire = Date.now();
    if (this.progressTimer) {
      clearTimeout(this.progressTimer);
      this.progressTimer = undefined;
    }
    for (const listener of [...this.listeners]) {
      listener();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopListening();
    this.clearTimers();
    this.listeners.clear();
  }
}
