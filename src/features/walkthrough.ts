import { statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageFeatures } from './language';
import type { Log } from '../util/log';
import { errorMessage } from '../util/errors';
import { firstRunDecision, installedDuringSession } from './walkthrough/core/firstRun';

/** The walkthrough's id in package.json (`contributes.walkthroughs`). */
export const walkthroughId = 'azureLinux.gettingStarted';
/** Global state: the first run has happened (the walkthrough opened, or VS Code opened it on install). */
const firstRunKey = 'azureLinux.walkthrough.firstRunDone';
/** Set once a config problem goes away while its file is open: completes the walkthrough's "fix a problem" step. */
export const fixedConfigProblemContextKey = 'azureLinux.walkthrough.fixedConfigProblem';

export type FirstRunOutcome = 'opened' | 'openedByVsCode' | 'notWanted' | 'alreadyDone';

/** Opens a walkthrough by its full id; VS Code's command in the extension, a recorder in a test. */
export type WalkthroughOpener = (fullId: string) => Thenable<unknown>;

const openWithVsCode: WalkthroughOpener = (fullId) => vscode.commands.executeCommand('workbench.action.openWalkthrough', fullId, false);

/**
 * Opens the Getting Started walkthrough on the first run after install, unless VS Code already did (see
 * walkthrough/core/firstRun.ts); every later run leaves it closed (it stays under Help > Welcome).
 */
export async function openWalkthroughOnFirstRun(
  extension: vscode.ExtensionContext,
  log: Log,
  open: WalkthroughOpener = openWithVsCode,
): Promise<FirstRunOutcome> {
  extension.globalState.setKeysForSync([firstRunKey]);
  const openOnInstall = vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true);
  let folderWrittenMs: number | undefined;
  try {
    folderWrittenMs = extension.extensionUri.scheme === 'file' ? statSync(extension.extensionUri.fsPath).mtimeMs : undefined;
  } catch {
    folderWrittenMs = undefined;
  }
  const installedThisSession = installedDuringSession(folderWrittenMs, Date.now() - process.uptime() * 1000);
  const decision = firstRunDecision({
    shownBefore: extension.globalState.get<boolean>(firstRunKey) === true,
    openOnInstall,
    installedThisSession,
  });
  if (decision.remember) await extension.globalState.update(firstRunKey, true);
  if (decision.open) {
    try {
      await open(`${extension.extension.id}#${walkthroughId}`);
    } catch (error) {
      log.warn(`Could not open the Getting Started walkthrough: ${errorMessage(error)}`);
    }
  }
  const outcome: FirstRunOutcome = !decision.remember
    ? 'alreadyDone'
    : decision.open
      ? 'opened'
      : installedThisSession && openOnInstall
        ? 'openedByVsCode'
        : 'notWanted';
  log.info(`Getting Started walkthrough on this run: ${outcome}`);
  return outcome;
}

/**
 * The walkthrough's real event that VS Code cannot see by itself: a config problem fixed (its count went down while
 * the file stayed open).
 */
export function followWalkthroughSteps(language: LanguageFeatures): vscode.Disposable {
  const counts = new Map<string, number>();
  const watching = vscode.languages.onDidChangeDiagnostics((event) => {
    for (const uri of event.uris) {
      const key = uri.toString();
      const count = language.diagnostics.collection.get(uri)?.length ?? 0;
      const before = counts.get(key);
      if (before === undefined && count === 0) continue;
      counts.set(key, count);
      const stillOpen = vscode.workspace.textDocuments.some((document) => document.uri.toString() === key);
      if (before !== undefined && count < before && stillOpen) {
        void vscode.commands.executeCommand('setContext', fixedConfigProblemContextKey, true);
        watching.dispose();
        counts.clear();
        return;
      }
    }
  });
  return watching;
}
