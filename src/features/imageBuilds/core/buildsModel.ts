/*
 * The Image Builds list as pure data: one record per build, what is kept across reloads, and which output files a
 * build may still call its own. No `vscode` import: the unit tests check it directly.
 */
import type { BuildStage } from '../../../imageCustomizer/core/buildLog';
import { isDiskImageFormat, type DiskImageFormat } from '../../../imageCustomizer/core/commandLine';

export type BuildState = 'running' | 'succeeded' | 'failed' | 'cancelled';
export const buildStates: readonly BuildState[] = ['running', 'succeeded', 'failed', 'cancelled'];

export type BuildBase =
  /** A file the person picked (or downloaded). */
  | { readonly kind: 'file'; readonly path: string }
  /** The config's own `input.image`: a file it names (`path`), or a reference Image Customizer downloads. */
  | { readonly kind: 'config'; readonly path?: string; readonly description?: string };

/** The output file as this build left it: a file with another size or time is no longer the one it wrote. */
export interface WrittenOutput {
  readonly sizeBytes: number;
  readonly modifiedMs: number;
}

export interface ImageBuildRecord {
  readonly id: string;
  readonly configPath: string;
  /** configHash() of the config's text when the build started. */
  readonly configHash: string;
  readonly base: BuildBase;
  readonly format: DiskImageFormat;
  /** The Image Customizer image tag it ran. */
  readonly tag: string;
  readonly outputPath: string;
  readonly state: BuildState;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
  readonly endedAt?: number;
  /** The stage a running build is in. */
  readonly stage?: BuildStage;
  /** Why it failed, in Image Customizer's words when it gave some. */
  readonly error?: string;
  /** Set while the output is the file this build wrote (cleared on delete, or when a later build replaced it). */
  readonly output?: WrittenOutput;
}

/** How many builds the list keeps; the oldest finished ones go first. */
export const keptBuilds = 50;

const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * The list as stored in the workspace state, checked field by field (the state is a file anyone could edit). A build
 * stored as running was cut off by a reload or a crash: it reads as failed, and says so.
 */
export function parseStoredBuilds(value: unknown, interruptedMessage: string): ImageBuildRecord[] {
  if (!Array.isArray(value)) return [];
  const records: ImageBuildRecord[] = [];
  for (const item of value as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const raw = item as Record<string, unknown>;
    const base = parseBase(raw.base);
    if (
      !isString(raw.id) ||
      !isString(raw.configPath) ||
      !isString(raw.configHash) ||
      !base ||
      !isDiskImageFormat(raw.format) ||
      !isString(raw.tag) ||
      !isString(raw.outputPath) ||
      !buildStates.includes(raw.state as BuildState) ||
      !isNumber(raw.startedAt)
    )
      continue;
    const output = raw.output as Record<string, unknown> | undefined;
    const interrupted = raw.state === 'running';
    records.push({
      id: raw.id,
      configPath: raw.configPath,
      configHash: raw.configHash,
      base,
      format: raw.format,
      tag: raw.tag,
      outputPath: raw.outputPath,
      state: interrupted ? 'failed' : (raw.state as BuildState),
      startedAt: raw.startedAt,
      ...(isNumber(raw.endedAt) ? { endedAt: raw.endedAt } : {}),
      ...(interrupted ? { error: interruptedMessage } : isString(raw.error) ? { error: raw.error } : {}),
      ...(!interrupted && output && isNumber(output.sizeBytes) && isNumber(output.modifiedMs)
        ? { output: { sizeBytes: output.sizeBytes, modifiedMs: output.modifiedMs } }
        : {}),
    });
  }
  return records;
}

function parseBase(value: unknown): BuildBase | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const raw = value as Record<string, unknown>;
  if (raw.kind === 'file' && isString(raw.path)) return { kind: 'file', path: raw.path };
  if (raw.kind === 'config')
    return {
      kind: 'config',
      ...(isString(raw.path) ? { path: raw.path } : {}),
      ...(isString(raw.description) ? { description: raw.description } : {}),
    };
  return undefined;
}

/** Newest first, at most `keptBuilds`; running builds are always kept. */
export function trimBuilds(records: readonly ImageBuildRecord[]): ImageBuildRecord[] {
  const sorted = [...records].sort((a, b) => b.startedAt - a.startedAt);
  const running = sorted.filter((record) => record.state === 'running');
  const finished = sorted.filter((record) => record.state !== 'running').slice(0, Math.max(0, keptBuilds - running.length));
  return sorted.filter((record) => running.includes(record) || finished.includes(record));
}

/** What is at a build's output path now, as `stat` saw it (undefined: no file). */
export interface OutputOnDisk {
  readonly sizeBytes: number;
  readonly modifiedMs: number;
}

export type OutputStatus =
  /** The file this build wrote is there. */
  | 'present'
  /** It was deleted or moved. */
  | 'missing'
  /** Something else is there now (edited, or written by another program): not ours to delete. */
  | 'changed'
  /** The build wrote nothing that is still its own (failed, cancelled, deleted, replaced). */
  | 'none';

export function outputStatus(record: ImageBuildRecord, onDisk: OutputOnDisk | undefined): OutputStatus {
  if (!record.output) return 'none';
  if (!onDisk) return 'missing';
  return onDisk.sizeBytes === record.output.sizeBytes && Math.abs(onDisk.modifiedMs - record.output.modifiedMs) < 1 ? 'present' : 'changed';
}

/** A finished build took over its output path: earlier builds that wrote the same path no longer own a file there. */
export function takeOverOutput(records: readonly ImageBuildRecord[], winner: ImageBuildRecord): ImageBuildRecord[] {
  return records.map((record) =>
    record.id !== winner.id && record.outputPath === winner.outputPath && record.output ? { ...record, output: undefined } : record,
  );
}

/** Whether a file at the output path may be replaced without asking: nothing there, or the output one of our builds wrote. */
export function mayReplace(records: readonly ImageBuildRecord[], outputPath: string, onDisk: OutputOnDisk | undefined): boolean {
  if (!onDisk) return true;
  return records.some((record) => record.outputPath === outputPath && outputStatus(record, onDisk) === 'present');
}
