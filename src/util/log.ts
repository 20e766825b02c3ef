import * as vscode from 'vscode';
import { errorMessage } from './errors';

/** The extension's one log: a LogOutputChannel named "Azure Linux". */
export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Azure Linux', { log: true });
}

/** Logs an error with its stack, so the log shows where it came from. */
export function logError(log: Log, what: string, error: unknown): void {
  log.error(`${what}: ${errorMessage(error)}`);
  if (error instanceof Error && error.stack) {
    log.debug(error.stack);
  }
}
