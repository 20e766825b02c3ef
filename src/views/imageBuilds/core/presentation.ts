/*
 * What an Image Builds row shows, as pure data: label, description, tooltip, icon and contextValue. The package.json
 * menus match the contextValues with the patterns in `buildMenuPatterns`; test/unit/imageBuilds/menus.test.ts holds
 * the two together.
 */
import * as path from 'node:path';
import { formatBytes } from '../../../docker/core/pullProgress';
import type { ConfigState } from '../../../environmentFromConfig/configChange';
import type { BuildState, ImageBuildRecord, OutputStatus } from '../../../features/imageBuilds/core/buildsModel';
import { stageLabel } from '../../../imageCustomizer/core/buildLog';
import { english, type L10n } from '../../../util/l10n';

export interface BuildItemModel {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly icon: { readonly id: string; readonly color?: string };
  readonly contextValue: string;
}

export interface BuildRowFacts {
  readonly outputStatus: OutputStatus;
  readonly configState: ConfigState | undefined;
  /** Milliseconds since the epoch, for a running build's duration. */
  readonly now: number;
}

/** The formats Deploy to Azure takes (it refuses a dynamic `vhd` itself, saying how to build a fixed one). */
export function isVhdFormat(format: string): boolean {
  return format === 'vhd' || format === 'vhd-fixed';
}

/**
 * `imageBuilds.build.<state>`, then `.output` while its output is the file it wrote, `.vhd` when that output is a
 * VHD, then `.configChanged`.
 */
export function buildContextValue(state: BuildState, outputPresent: boolean, configChanged: boolean, vhd = false): string {
  return `imageBuilds.build.${state}${outputPresent ? '.output' : ''}${outputPresent && vhd ? '.vhd' : ''}${configChanged ? '.configChanged' : ''}`;
}

export type BuildAction = 'openLog' | 'revealOutput' | 'deploy' | 'deleteOutput' | 'rebuild' | 'cancel' | 'remove';

export const buildActionCommands: Readonly<Record<BuildAction, string>> = {
  openLog: 'azureLinux.imageBuilds.openLog',
  revealOutput: 'azureLinux.imageBuilds.revealOutput',
  deploy: 'azureLinux.imageBuilds.deploy',
  deleteOutput: 'azureLinux.imageBuilds.deleteOutput',
  rebuild: 'azureLinux.imageBuilds.rebuild',
  cancel: 'azureLinux.imageBuilds.cancel',
  remove: 'azureLinux.imageBuilds.remove',
};

/** The actions a row offers (what the menus must show, and only that). */
export function allowedBuildActions(state: BuildState, outputPresent: boolean, vhd = false): BuildAction[] {
  if (state === 'running') return ['openLog', 'cancel'];
  const deploy = state === 'succeeded' && outputPresent && vhd ? (['deploy'] as const) : [];
  return ['openLog', ...(outputPresent ? (['revealOutput', ...deploy, 'deleteOutput'] as const) : []), 'rebuild', 'remove'];
}

export function describeDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function describeBase(record: ImageBuildRecord, l10n: L10n = english): string {
  if (record.base.kind === 'file') return path.basename(record.base.path);
  if (record.base.path) return l10n.t('{0} (input.image)', path.basename(record.base.path));
  return l10n.t('{0} (input.image)', record.base.description ?? '');
}

export function stateWord(state: BuildState, l10n: L10n = english): string {
  switch (state) {
    case 'running':
      return l10n.t('building');
    case 'succeeded':
      return l10n.t('succeeded');
    case 'failed':
      return l10n.t('failed');
    case 'cancelled':
      return l10n.t('cancelled');
  }
}

function iconOf(state: BuildState): BuildItemModel['icon'] {
  switch (state) {
    case 'running':
      return { id: 'loading~spin' };
    case 'succeeded':
      return { id: 'pass', color: 'testing.iconPassed' };
    case 'failed':
      return { id: 'error', color: 'testing.iconFailed' };
    case 'cancelled':
      return { id: 'circle-slash' };
  }
}

export function buildItem(record: ImageBuildRecord, facts: BuildRowFacts, l10n: L10n = english): BuildItemModel {
  const outputPresent = facts.outputStatus === 'present';
  const configChanged = facts.configState === 'changed';
  const duration = describeDuration((record.endedAt ?? facts.now) - record.startedAt);
  const parts: string[] = [];
  if (configChanged) parts.push(l10n.t('config changed'));
  if (record.state === 'running') parts.push(record.stage ? stageLabel(record.stage, l10n) : stateWord(record.state, l10n));
  else parts.push(stateWord(record.state, l10n));
  parts.push(record.format);
  if (outputPresent && record.output) parts.push(formatBytes(record.output.sizeBytes));
  parts.push(duration);
  const outputLine =
    facts.outputStatus === 'present'
      ? l10n.t('Output: {0}', record.outputPath)
      : facts.outputStatus === 'missing'
        ? l10n.t('Output: {0} (no longer there)', record.outputPath)
        : facts.outputStatus === 'changed'
          ? l10n.t('Output: {0} (changed since this build wrote it)', record.outputPath)
          : record.state === 'succeeded'
            ? l10n.t('Output: {0} (deleted, or replaced by a later build)', record.outputPath)
            : l10n.t('Output: none (partial output removed)');
  const tooltip = [
    l10n.t('Config: {0}', record.configPath),
    l10n.t('Base: {0}', describeBase(record, l10n)),
    l10n.t('Format: {0}', record.format),
    outputLine,
    ...(outputPresent && record.output ? [l10n.t('Size: {0}', formatBytes(record.output.sizeBytes))] : []),
    l10n.t('State: {0}', stateWord(record.state, l10n)),
    l10n.t('Started: {0}', new Date(record.startedAt).toLocaleString()),
    l10n.t('Duration: {0}', duration),
    l10n.t('Image Customizer: {0}', record.tag),
    ...(record.error ? [l10n.t('Error: {0}', record.error)] : []),
    ...(configChanged ? [l10n.t('{0} changed since this build: Rebuild to apply it.', path.basename(record.configPath))] : []),
    ...(facts.configState === 'missing' ? [l10n.t('The config {0} no longer exists.', record.configPath)] : []),
  ].join('\n');
  return {
    id: `imageBuild:${record.id}`,
    label: path.basename(record.configPath),
    description: parts.join(' · '),
    tooltip,
    icon: iconOf(record.state),
    contextValue: buildContextValue(record.state, outputPresent, configChanged, isVhdFormat(record.format)),
  };
}
