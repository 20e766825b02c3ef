import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { describePullProgress } from '../../docker/core/pullProgress';
import { NoticeError, UserCancelledError } from '../../util/errors';
import {
  linuxUserNameFor,
  pickOnlineAzureLinux,
  validateDistributionName,
  type DistributionNameProblem,
} from '../../wsl/core/distributions';
import { wslWindowOf } from '../../wsl/core/host';
import { importAzureLinuxFromImage, type ImportStep } from '../../wsl/importFromImage';
import { abortOn } from '../../util/cancellation';
import { requireWsl } from './common';
import { openShellIn } from './openWslShell';

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

export function describeNameProblem(problem: DistributionNameProblem, name: string): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t('Enter a name for the distribution.');
    case 'characters':
      return vscode.l10n.t('Use letters, digits, dots, dashes and underscores, starting with a letter or digit.');
    case 'tooLong':
      return vscode.l10n.t('Use at most 64 characters.');
    case 'taken':
      return vscode.l10n.t('A distribution named {0} already exists.', name);
  }
}

export async function installAzureLinuxInWsl(ctx: AzlContext, answers: InstallAnswers = {}): Promise<void> {
  requireWsl(ctx);
  // The install folder (under %LOCALAPPDATA%) and the tarball are Windows paths wsl.exe must be given; from inside a
  // distribution neither is at hand, so this runs from a Windows window only.
  if (wslWindowOf(ctx.wsl.service.host) === 'insideDistribution') {
    throw new NoticeError(
      vscode.l10n.t(
        'Install Azure Linux in WSL from a VS Code window on Windows: this window runs inside the WSL distribution {0}.',
        ctx.wsl.service.host.distroName ?? 'WSL',
      ),
    );
  }
  const existing = await ctx.wsl.service.listNames();

  const online = answers.source === 'image' ? undefined : pickOnlineAzureLinux(await ctx.wsl.service.listOnline());
  const source = answers.source ?? (online ? await pickSource(online.friendlyName) : 'image');
  if (source === 'online' && online) {
    await installOnline(ctx, online.name, online.friendlyName, existing, answers.openShell !== false);
    return;
  }

  const choice = answers.image ? { image: answers.image, name: answers.name ?? 'AzureLinux' } : await pickImage();
  const name = answers.name ?? (await askName(choice.name, existing));
  const nameProblem = validateDistributionName(name, existing);
  if (nameProblem) throw new NoticeError(describeNameProblem(nameProblem, name));
  const installDir = answers.installDir ?? join(process.env.LOCALAPPDATA ?? join(homedir(), '.local', 'share'), 'AzureLinux', name);
  const user = answers.user ?? linuxUserNameFor(userInfo().username);
  const stepMessage = (step: ImportStep): string => {
    switch (step) {
      case 'pull':
        return vscode.l10n.t('Pulling {0}', choice.image);
      case 'export':
        return vscode.l10n.t('Exporting the image’s file system');
      case 'import':
        return vscode.l10n.t('Registering {0} with WSL', name);
      case 'user':
        return vscode.l10n.t('Creating the user {0}', user);
      case 'finish':
        return vscode.l10n.t('Restarting the distribution with its default user');
    }
  };

  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Installing {0} in WSL', name), cancellable: true },
    async (progress, token) => {
      const abort = abortOn(token);
      let done = 0;
      let current: ImportStep | undefined;
      const advanceTo = (percent: number, message: string) => {
        progress.report({ message, increment: Math.max(0, percent - done) });
        done = Math.max(done, percent);
      };
      // wsl --import is left to finish before a cancel is honoured: say so rather than seem stuck.
      const onCancel = token.onCancellationRequested(() => {
        if (current === 'import')
          progress.report({ message: vscode.l10n.t('Cancelling: waiting for wsl.exe to finish the import, then removing {0}', name) });
      });
      try {
        await importAzureLinuxFromImage(
          ctx.localEnvironments.engine,
          ctx.wsl.service,
          { image: choice.image, name, installDir, user, tempRoot: tmpdir() },
          {
            step(step) {
              current = step;
              const message = stepMessage(step);
              ctx.log.info(`WSL install: ${message}`);
              advanceTo(stepStart[step], message);
            },
            pull: (pull) => advanceTo((pull.percent * stepStart.export) / 100, describePullProgress(pull)),
          },
          abort.signal,
          vscode.l10n,
        );
      } finally {
        onCancel.dispose();
        abort.dispose();
      }
    },
  );
  ctx.wsl.refresh();
  void vscode.window.showInformationMessage(installedMessage(name, user));
  if (answers.openShell !== false) openShellIn(ctx, name);
}

function installedMessage(name: string, user: string): string {
  return vscode.l10n.t(
    '{0} is installed in WSL with the user {1}, who has no password yet. To set one, run: wsl -d {0} -u root passwd {1}',
    name,
    user,
  );
}

/**
 * `wsl --install NAME` from WSL's online list. The names registered before are noted; on a failure or a cancel,
 * a name that appeared since is unregistered again. The install is left to finish before a cancel is honoured,
 * because killing wsl.exe would leave the service installing on its own.
 */
async function installOnline(
  ctx: AzlContext,
  onlineName: string,
  friendlyName: string,
  before: readonly string[],
  openShell: boolean,
): Promise<void> {
  const added = async (): Promise<string[]> => {
    const after = await ctx.wsl.service.listNames().catch(() => [] as string[]);
    const known = new Set(before.map((name) => name.toLowerCase()));
    return after.filter((name) => !known.has(name.toLowerCase()));
  };
  let installedAs: string | undefined;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Installing {0} in WSL', friendlyName), cancellable: true },
    async (progress, token) => {
      const onCancel = token.onCancellationRequested(() =>
        progress.report({ message: vscode.l10n.t('Cancelling: waiting for wsl.exe to finish, then removing what it installed') }),
      );
      try {
        progress.report({ message: vscode.l10n.t('Downloading and registering {0} from the WSL catalogue', onlineName), increment: 10 });
        ctx.log.info(`WSL install: wsl --install ${onlineName}`);
        try {
          await ctx.wsl.service.installOnline(onlineName);
          if (token.isCancellationRequested) throw new UserCancelledError();
        } catch (error) {
          progress.report({ message: vscode.l10n.t('Removing what the install added') });
          for (const name of await added()) {
            ctx.log.info(`WSL install: unregistering ${name}, which the failed or cancelled install added`);
            await ctx.wsl.service.unregister(name).catch(() => undefined);
          }
          throw error;
        }
        progress.report({ message: vscode.l10n.t('Finding the new distribution'), increment: 80 });
        const [first] = await added();
        installedAs = first ?? onlineName;
      } finally {
        onCancel.dispose();
      }
    },
  );
  ctx.wsl.refresh();
  if (openShell && installedAs) openShellIn(ctx, installedAs);
}

async function pickSource(friendlyName: string): Promise<'online' | 'image'> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Install {0} from the WSL catalogue', friendlyName), source: 'online' as const },
      {
        label: vscode.l10n.t('Import from the Azure Linux container image'),
        detail: vscode.l10n.t('Pulls the image with Docker or Podman and imports its file system'),
        source: 'image' as const,
      },
    ],
    { placeHolder: vscode.l10n.t('How should Azure Linux be installed?') },
  );
  if (!picked) throw new UserCancelledError();
  return picked.source;
}

async function pickImage(): Promise<{ image: string; name: string }> {
  const picked = await vscode.window.showQuickPick(
    images.map((entry) => ({ label: entry.label, description: entry.image, entry })),
    { placeHolder: vscode.l10n.t('Which Azure Linux?') },
  );
  if (!picked) throw new UserCancelledError();
  return picked.entry;
}

async function askName(suggested: string, existing: readonly string[]): Promise<string> {
  const name = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Name of the new WSL distribution'),
    value: suggested,
    validateInput: (value) => {
      const problem = validateDistributionName(value, existing);
      return problem ? describeNameProblem(problem, value) : undefined;
    },
  });
  if (name === undefined) throw new UserCancelledError();
  return name;
}
