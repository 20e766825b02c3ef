/*
 * What the status bar says while long-running work goes on (a pull, a build, an upload, a VM operation), as pure
 * data: the newest piece of work with its progress, how many more run beside it, and a tooltip listing all of them.
 * Nothing runs: nothing to show, so the item hides.
 */
import { english, type L10n } from '../../../util/l10n';

export interface RunningActivity {
  readonly id: number;
  readonly title: string;
  /** The last thing the work said about itself ("step 3 of 7", "2 of 5 layers done"). */
  readonly detail?: string;
  /** 0 to 100 when the work measures itself. */
  readonly percent?: number;
}

export interface ActivityDisplay {
  /** Status bar text, with a spinning codicon first. */
  readonly text: string;
  /** One line per piece of work, newest first, then what a click does. */
  readonly tooltip: string;
  /** What a screen reader says. */
  readonly ariaLabel: string;
}

/** Longest title the status bar shows before cutting it (the tooltip has all of it). */
export const maxTitleLength = 60;

function cut(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function progressOf(activity: RunningActivity): string | undefined {
  return activity.percent !== undefined ? `${Math.floor(Math.min(100, Math.max(0, activity.percent)))}%` : activity.detail;
}

/** Undefined when nothing runs; otherwise the newest work first. */
export function activityDisplay(running: readonly RunningActivity[], l10n: L10n = english): ActivityDisplay | undefined {
  if (running.length === 0) return undefined;
  const newestFirst = [...running].sort((a, b) => b.id - a.id);
  const newest = newestFirst[0]!;
  const progress = progressOf(newest);
  const others = newestFirst.length - 1;
  const headline = progress ? l10n.t('{0}: {1}', cut(newest.title, maxTitleLength), cut(progress, 32)) : cut(newest.title, maxTitleLength);
  const text = `$(sync~spin) ${others > 0 ? l10n.t('{0} (+{1} more)', headline, others) : headline}`;
  const lines = newestFirst.map((activity) => {
    const parts = [activity.percent !== undefined ? progressOf(activity) : undefined, activity.detail].filter(Boolean);
    return parts.length ? l10n.t('{0}: {1}', activity.title, parts.join(' · ')) : activity.title;
  });
  const click = l10n.t('Select to show the Azure Linux log.');
  return {
    text,
    tooltip: [...lines, '', click].join('\n'),
    ariaLabel: [...lines, click].join('. '),
  };
}
