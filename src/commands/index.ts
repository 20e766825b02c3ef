import * as vscode from 'vscode';
import type { AzlContext } from '../context';
import { isUserCancelled, errorMessage } from '../util/errors';
import { logError } from '../util/log';
import { showLogs } from './showLogs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- command arguments come from VS Code untyped
type CommandHandler = (ctx: AzlContext, ...args: any[]) => unknown;

/** The one table of commands. Every `contributes.commands` entry in package.json has a row here. */
export const commandTable: ReadonlyArray<readonly [id: string, handler: CommandHandler]> = [
  ['azureLinux.showLogs', showLogs],
];

export function registerCommands(ctx: AzlContext): void {
  for (const [id, handler] of commandTable) {
    ctx.extension.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(ctx, id, handler, args)),
    );
  }
}

/** Logs each run, shows failures with a way to the log, and keeps a person's cancel silent. */
async function runCommand(ctx: AzlContext, id: string, handler: CommandHandler, args: unknown[]): Promise<unknown> {
  ctx.log.trace(`command ${id}`);
  try {
    return await handler(ctx, ...args);
  } catch (error) {
    if (isUserCancelled(error)) {
      ctx.log.info(`command ${id} cancelled`);
      return undefined;
    }
    logError(ctx.log, `command ${id} failed`, error);
    const showLogsAction = vscode.l10n.t('Show Logs');
    void vscode.window.showErrorMessage(errorMessage(error), showLogsAction).then((choice) => {
      if (choice === showLogsAction) {
        ctx.log.show(true);
      }
    });
    return undefined;
  }
}
