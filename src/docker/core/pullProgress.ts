import { english, type L10n } from '../../util/l10n';
import { isConfigBlobRow } from './engineAnswers';

/** One line of the engine's JSON progress stream (pull, import, build). */
export interface EngineProgressEvent {
  readonly id?: string;
  readonly status?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
  readonly stream?: string;
  readonly aux?: { readonly ID?: string };
}

export type LayerPhase = 'waiting' | 'downloading' | 'verifying' | 'extracting' | 'done';

export interface LayerProgress {
  readonly id: string;
  readonly phase: LayerPhase;
  /** Bytes done and total of the current phase, when the engine says. */
  readonly current: number;
  readonly total: number;
}

/** What a pull has done so far: per layer, and one overall figure for a progress bar. */
export interface PullProgress {
  readonly layers: readonly LayerProgress[];
  /** 0 to 100, never going backwards. */
  readonly percent: number;
  /** The latest status line that is not about a single layer ("Digest: ...", "Status: Downloaded newer image"). */
  readonly status?: string;
}

const phaseOf: Readonly<Record<string, LayerPhase>> = {
  'Pulling fs layer': 'waiting',
  Waiting: 'waiting',
  Downloading: 'downloading',
  'Verifying Checksum': 'verifying',
  'Download complete': 'verifying',
  Extracting: 'extracting',
  'Pull complete': 'done',
  'Already exists': 'done',
};

/** Folds the engine's progress events into a per-layer picture. Downloading counts for 80% of a layer, extracting 20%. */
export class PullProgressTracker {
  private readonly layers = new Map<string, LayerProgress>();
  /** Layers the engine announced as "Already exists": no work to do, so they do not move the bar. */
  private readonly present = new Set<string>();
  private status: string | undefined;
  private highest = 0;

  /** Applies one event; returns the new state, or throws the engine's error when the event is one. */
  apply(event: EngineProgressEvent): PullProgress {
    const error = event.errorDetail?.message ?? event.error;
    if (error) {
      throw new Error(error);
    }
    const phase = event.status ? phaseOf[event.status] : undefined;
    if (event.id && phase) {
      const previous = this.layers.get(event.id);
      if (!previous && event.status === 'Already exists') {
        this.present.add(event.id);
      }
      const detail = event.progressDetail;
      this.layers.set(event.id, {
        id: event.id,
        phase,
        current: detail?.current ?? (phase === previous?.phase ? previous.current : 0),
        total: detail?.total ?? (phase === previous?.phase ? previous.total : 0),
      });
    } else if (event.status && !event.id) {
      this.status = event.status;
    }
    return this.snapshot();
  }

  /**
   * The state once the engine's stream ended without an error: the image is there, so every layer is done and the bar
   * is full. Docker says so itself ("Pull complete" per layer); Podman 4.3 stops at "Download complete" and also lists
   * the image's configuration blob as a layer, which is dropped here when `imageId` (the pulled image's ID) names it.
   */
  complete(imageId?: string): PullProgress {
    for (const [id, layer] of this.layers) {
      if (isConfigBlobRow(id, imageId)) {
        this.layers.delete(id);
      } else if (layer.phase !== 'done') {
        this.layers.set(id, { ...layer, phase: 'done', current: layer.total, total: layer.total });
      }
    }
    this.highest = 100;
    return this.snapshot();
  }

  snapshot(): PullProgress {
    const layers = [...this.layers.values()];
    const working = layers.filter((layer) => !this.present.has(layer.id));
    const raw = working.length ? (working.reduce((sum, layer) => sum + layerFraction(layer), 0) / working.length) * 100 : 0;
    this.highest = Math.max(this.highest, Math.min(100, raw));
    return { layers, percent: this.highest, ...(this.status ? { status: this.status } : {}) };
  }
}

function layerFraction(layer: LayerProgress): number {
  const ratio = layer.total > 0 ? Math.min(1, layer.current / layer.total) : 0;
  switch (layer.phase) {
    case 'waiting':
      return 0;
    case 'downloading':
      return 0.8 * ratio;
    case 'verifying':
      return 0.8;
    case 'extracting':
      return 0.8 + 0.2 * ratio;
    case 'done':
      return 1;
  }
}

/**
 * One line for a progress notification: "2 of 5 layers done, downloading 41.2 MB of 80.0 MB". The extension passes
 * `vscode.l10n`; the engine's own status line ("Digest: ...") stays as the engine wrote it.
 */
export function describePullProgress(progress: PullProgress, l10n: L10n = english): string {
  const done = progress.layers.filter((layer) => layer.phase === 'done').length;
  const downloading = progress.layers.filter((layer) => layer.phase === 'downloading');
  const current = downloading.reduce((sum, layer) => sum + layer.current, 0);
  const total = downloading.reduce((sum, layer) => sum + layer.total, 0);
  if (!progress.layers.length) {
    return progress.status ?? l10n.t('Waiting for the registry');
  }
  const layers = l10n.t('{0} of {1} layers done', done, progress.layers.length);
  if (downloading.length) {
    return l10n.t('{0}, downloading {1} of {2}', layers, formatBytes(current), formatBytes(total));
  }
  if (progress.layers.some((layer) => layer.phase === 'extracting')) {
    return l10n.t('{0}, extracting', layers);
  }
  return layers;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Splits a byte stream of newline-separated JSON objects into objects, keeping a partial last line for later. */
export class JsonLineSplitter {
  private pending = '';

  push(chunk: string): EngineProgressEvent[] {
    this.pending += chunk;
    const lines = this.pending.split(/\r?\n/);
    this.pending = lines.pop() ?? '';
    return lines.flatMap((line) => parseLine(line));
  }

  end(): EngineProgressEvent[] {
    const rest = this.pending;
    this.pending = '';
    return parseLine(rest);
  }
}

function parseLine(line: string): EngineProgressEvent[] {
  const trimmed = line.trim();
  if (!trimmed) {
    return [];
  }
  try {
    return [JSON.parse(trimmed) as EngineProgressEvent];
  } catch {
    return [{ stream: trimmed }];
  }
}
