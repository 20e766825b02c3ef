import * as vscode from 'vscode';
import { progressText, type TransferSnapshot } from '../../azure/core/transfer';

export type NotificationProgress = vscode.Progress<{ message?: string; increment?: number }>;

/**
 * Reports a transfer in a progress notification: "Uploading image.vhd: 1.2 GiB of 2.0 GiB · 85 MiB/s · 12 s left",
 * moving the bar over `share` percent of it, at most a few times a second.
 */
export function transferReporter(
  progress: NotificationProgress,
  label: (detail: string) => string,
  share: number,
  also?: (snapshot: TransferSnapshot) => void,
): (snapshot: TransferSnapshot) => void {
  let reported = 0;
  let lastAt = 0;
  return (snapshot) => {
    also?.(snapshot);
    const now = Date.now();
    const finished = snapshot.processedBytes >= snapshot.totalBytes;
    if (!finished && now - lastAt < 250) return;
    lastAt = now;
    const done = snapshot.totalBytes > 0 ? (snapshot.processedBytes / snapshot.totalBytes) * share : 0;
    progress.report({ message: label(progressText(snapshot, vscode.l10n)), increment: Math.max(0, done - reported) });
    reported = Math.max(reported, done);
  };
}
