import type * as vscode from 'vscode';

/**
 * An AbortSignal that aborts when the person cancels (the token) or any of `also` aborts; dispose it when the work
 * is done, so the listeners go too.
 */
export function abortOn(
  token: vscode.CancellationToken | undefined,
  ...also: readonly (AbortSignal | undefined)[]
): vscode.Disposable & { readonly signal: AbortSignal } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const listener = token?.onCancellationRequested(abort);
  if (token?.isCancellationRequested) abort();
  const signals = also.filter((signal): signal is AbortSignal => signal !== undefined);
  for (const signal of signals) {
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      listener?.dispose();
      for (const signal of signals) signal.removeEventListener('abort', abort);
    },
  };
}
