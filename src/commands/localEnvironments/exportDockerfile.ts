import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { writeContextFolder } from '../../environmentFromConfig/contextFolder';
import type { ReleaseChoice } from '../../environmentFromConfig/plan';
import { UserCancelledError } from '../../util/errors';
import { requireTrust } from './common';
import { configFileUri, confirmScripts, logPlan, mirrorInput, planOf } from './openFromImageConfig';

/** Answers a caller (a test, another extension) may give instead of the prompts. */
export interface ExportAnswers {
  /** The folder to write: new, empty, or holding an earlier export. */
  readonly folder?: string;
  readonly release?: ReleaseChoice;
  readonly runScripts?: boolean;
}

/**
 * Export Local Environment Dockerfile: writes the Dockerfile and build context "Open Local Environment from Image
 * Config" would build (the same output as `azl-mirror CONFIG --out DIR`), so `docker build DIR` builds it anywhere.
 * Resolves with the Dockerfile's path.
 */
export async function exportDockerfile(ctx: AzlContext, uri?: unknown, _uris?: unknown, answers: ExportAnswers = {}): Promise<string> {
  requireTrust();
  const configUri = await configFileUri(ctx, uri);
  const configPath = configUri.fsPath;
  const input = await confirmScripts(await mirrorInput(ctx, configPath, { release: answers.release }), answers.runScripts);
  const plan = planOf(input);
  const folder = answers.folder ?? (await pickFolder(configPath));
  const written = await writeContextFolder(plan, folder);
  ctx.log.info(`Exported the local environment of ${configPath} to ${folder} (${plan.baseImageReason})`);
  logPlan(ctx, plan);
  const open = vscode.l10n.t('Open Dockerfile');
  const showLog = vscode.l10n.t('Show What Is Not Mirrored');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t(
        'Wrote {0} and {1} files of build context. Build it with: docker build {2}',
        written.dockerfile,
        written.payloadFiles,
        folder,
      ),
      open,
      ...(plan.notMirrored.length ? [showLog] : []),
    )
    .then(async (choice) => {
      if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(written.dockerfile));
      else if (choice === showLog) ctx.log.show(true);
    });
  return written.dockerfile;
}

async function pickFolder(configPath: string): Promise<string> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: vscode.Uri.file(path.dirname(configPath)),
    openLabel: vscode.l10n.t('Export Here'),
    title: vscode.l10n.t('An empty folder for the Dockerfile and its build context'),
  });
  const folder = picked?.[0];
  if (!folder) throw new UserCancelledError();
  if (folder.scheme !== 'file') throw new Error(vscode.l10n.t('{0} is not a folder on this machine.', folder.toString()));
  return folder.fsPath;
}
