import * as vscode from 'vscode';
import { errorMessage, isUserCancelled } from '../util/errors';

/**
 * Runs `work` for every target at once and waits for all of them. Every failure is reported, each named by its
 * target when there were several, so one failing target does not hide another. A person's cancel is silent, and
 * `handled` lets a feature take a failure over (the Azure sign-in prompt).
 */
export async function runForEach<T>(
  targets: readonly T[],
  nameOf: (target: T) => string,
  work: (target: T) => Promise<void>,
  handled: (error: unknown) => boolean = () => false,
): Promise<void> {
  const results = await Promise.allSettled(targets.map((target) => work(target)));
  const failures = results.flatMap((result, index) =>
    result.status === 'rejected' && !isUserCancelled(result.reason) && !handled(result.reason)
      ? [{ target: targets[index]!, error: result.reason as unknown }]
      : [],
  );
  if (failures.length === 1 && targets.length === 1) {
    throw failures[0]!.error;
  }
  if (failures.length > 0) {
    throw new Error(failures.map(({ target, error }) => vscode.l10n.t('{0}: {1}', nameOf(target), errorMessage(error))).join(' '), {
      cause: failures[0]!.error,
    });
  }
}
