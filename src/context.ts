import type * as vscode from 'vscode';
import type { Log } from './util/log';

/** Everything a command, view or provider needs, passed explicitly rather than through globals. */
export interface AzlContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: Log;
}
