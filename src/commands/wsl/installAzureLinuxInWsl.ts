import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { describePullProgress } from '../../docker/core/pullProgress';
import { UserCancelledError } from '../../util/errors';
import { linuxUserNameFor, pickOnlineAzureLinux, validateDistributionName } from '../../wsl/core/distributions';
import { importAzureLinuxFromImage, type ImportStep } from '../../wsl/importFromImage';
import { requireWsl } from './common';
import { openWslShell } from './openWslShell';

const images = [
  { label: 'Azure Linux 3.0', image: 'mcr.microsoft.com/azurelinux/base/core:3.0', name: 'AzureLinux-3.0' },
  { label: 'Azure Linux 4.0 (preview)', image: 'mcr.microsoft.com/azurelinux-beta/base/core:4.0', name: 'AzureLinux-4.0' },
];

/** Answers a caller (a test, another extension) may give instead of the prompts. */
export interface InstallAnswers {
  readonly source?: 'online' | 'image';
  readonly image?: string;
  readonly name?: string;
  readonly installDir?: string;
  readonly user?: string;
  readonly openShell?: boolean;
}

/** Where each step starts on the progress bar, in percent; pulling is the long part when the image is missing. */
const stepStart: Readonly<Record<ImportStep, number>> = { pull: 0, export: 40, import: 60, user: 85, finish: 95 };

export async function installAzureLinuxInWsl(ctx: AzlContext, answers: InstallAnswers = {}): Promise<void> {
  requireWsl(ctx);
  const existing = (await ctx.wsl.distributions()).map((d) => d.name);

  const online = answers.source === 'image' ? undefined : pickOnlineAzureLinux(await ctx.wsl.service.listOnline());
  const source = answers.source ?? (online ? await pickSource(online.friendlyName) : 'image');
  if (source === 'online' && online) {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Installing {0} in WSL', online.friendlyName), cancellable: true }, async (_progress, token) => {
      const controller = abortOn(token);
      await ctx.wsl.service.installOnline(online.name, controller.signal);
    });
    ctx.wsl.refresh();
    if (answers.openShell !== false) await openWslShell(ctx, undefined, undefined);
    return;
  }

  const choice = answers.image ? { image: answers.image, name: answers.name ?? 'AzureLinux' } : await pickImage();
  const name = answers.name ?? (await askName(choice.name, existing));
  const nameProblem = validateDistributionName(name, existing);
  if (nameProblem) throw new Error(nameProblem);
  const installDir = answers.installDir ?? join(process.env.LOCALAPPDATA ?? join(homedir(), '.local', 'share'), 'AzureLinux', name);
  const user = answers.user ?? linuxUserNameFor(userInfo().username);

  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Installing {0} in WSL', name), cancellable: true }, async (progress, token) => {
    const controller = abortOn(token);
    let done = 0;
    const advanceTo = (percent: number, message: string) => {
      progress.report({ message, increment: Math.max(0, percent - done) });
      done = Math.max(done, percent);
    };
    await importAzureLinuxFromImage(
      ctx.localEnvironments.engine,
      ctx.wsl.service,
      { image: choice.image, name, installDir, user, tempRoot: tmpdir() },
      {
        step(step, message) {
          ctx.log.info(`WSL install: ${message}`);
          advanceTo(stepStart[step], message);
        },
        pull: (pull) => advanceTo((pull.percent * stepStart.export) / 100, describePullProgress(pull)),
      },
      controller.signal,
    );
  });
  ctx.wsl.refresh();
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} is installed in WSL with the user {1}.', name, user));
  if (answers.openShell !== false) {
    const installed = (await ctx.wsl.distributions()).find((d) => d.name === name);
    if (installed) await openWslShell(ctx, undefined, undefined).catch(() => undefined);
  }
}

function abortOn(token: vscode.CancellationToken): AbortController {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  return controller;
}

async function pickSource(friendlyName: string): Promise<'online' | 'image'> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Install {0} from the WSL catalogue', friendlyName), source: 'online' as const },
      { label: vscode.l10n.t('Import from the Azure Linux container image'), detail: vscode.l10n.t('Pulls the image with Docker or Podman and imports its file system'), source: 'image' as const },
    ],
    { placeHolder: vscode.l10n.t('How should Azure Linux be installed?') },
  );
  if (!picked) throw new UserCancelledError();
  return picked.source;
}

async function pickImage(): Promise<{ image: string; name: string }> {
  const picked = await vscode.window.showQuickPick(images.map((entry) => ({ label: entry.label, description: entry.image, entry })), { placeHolder: vscode.l10n.t('Which Azure Linux?') });
  if (!picked) throw new UserCancelledError();
  return picked.entry;
}

async function askName(suggested: string, existing: readonly string[]): Promise<string> {
  const name = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Name of the new WSL distribution'),
    value: suggested,
    validateInput: (value) => validateDistributionName(value, existing),
  });
  if (name === undefined) throw new UserCancelledError();
  return name;
}
