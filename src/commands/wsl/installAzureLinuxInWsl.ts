import { homedir, tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { describePullProgress } from '../../docker/core/pullProgress';
import { NoticeError, UserCancelledError } from '../../util/errors';
import { azureLinuxReleases, describeRelease } from '../../azureLinux/releases';
import {
  linuxUserNameFor,
  pickOnlineAzureLinux,
  validateDistributionName,
  type DistributionNameProblem,
} from '../../wsl/core/distributions';
import { wslWindowOf } from '../../wsl/core/host';
import type { OnlineDistribution } from '../../wsl/core/output';
import { importAzureLinuxFromImage, installAzureLinuxFromFile, type ImportProgress, type ImportStep } from '../../wsl/importFromImage';
import { abortOn } from '../../util/cancellation';
import { requireWsl } from './common';
import { openShellIn } from './openWslShell';

/** Answers a caller (a test, another extension) may give instead of the prompts. */
export interface InstallAnswers {
  /** `image`: a container image (the default); `file`: a .wsl file; `online`: WSL's catalogue, when it lists Azure Linux. */
  readonly source?: 'online' | 'image' | 'file';
  readonly image?: string;
  /** The .wsl file for `source: 'file'`. */
  readonly file?: string;
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

  // The container image and a .wsl file are the ways in; WSL's catalogue is an extra, offered only when it lists
  // Azure Linux (it never has so far), asked in the background and never waited on for long.
  const online = answers.source === 'online' || !answers.source ? ctx.wsl.service.listOnline() : Promise.resolve([]);
  const source: Source = answers.source
    ? await sourceFromAnswers(answers, online)
    : await pickSource(online, (found) => ctx.log.info(`WSL install: the WSL catalogue offers ${found.name}`));
  if (source.kind === 'online') {
    await installOnline(ctx, source.entry.name, source.entry.friendlyName, existing, answers.openShell !== false);
    return;
  }
  const file = source.kind === 'file' ? (answers.file ?? (await pickWslFile())) : undefined;
  const suggested = source.kind === 'image' ? source.name : fileStemName(file!);
  const name = answers.name ?? (await askName(suggested, existing));
  const nameProblem = validateDistributionName(name, existing);
  if (nameProblem) throw new NoticeError(describeNameProblem(nameProblem, name));
  const installDir = answers.installDir ?? join(process.env.LOCALAPPDATA ?? join(homedir(), '.local', 'share'), 'AzureLinux', name);
  const user = answers.user ?? linuxUserNameFor(userInfo().username);
  const stepMessage = (step: ImportStep): string => {
    switch (step) {
      case 'pull':
        return vscode.l10n.t('Pulling {0}', source.kind === 'image' ? source.image : '');
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
      // wsl --import (and --install --from-file) is left to finish before a cancel is honoured: say so rather than seem stuck.
      const onCancel = token.onCancellationRequested(() => {
        if (current === 'import')
          progress.report({ message: vscode.l10n.t('Cancelling: waiting for wsl.exe to finish the import, then removing {0}', name) });
      });
      const steps: ImportProgress = {
        step(step) {
          current = step;
          const message = stepMessage(step);
          ctx.log.info(`WSL install: ${message}`);
          advanceTo(stepStart[step], message);
        },
        pull: (pull) => advanceTo((pull.percent * stepStart.export) / 100, describePullProgress(pull)),
        log: (line) => ctx.log.info(`WSL install: ${line}`),
      };
      try {
        if (source.kind === 'image') {
          await importAzureLinuxFromImage(
            ctx.localEnvironments.engine,
            ctx.wsl.service,
            { image: source.image, name, installDir, user, tempRoot: tmpdir() },
            steps,
            abort.signal,
            vscode.l10n,
          );
        } else {
          await installAzureLinuxFromFile(ctx.wsl.service, { file: file!, name, installDir, user }, steps, abort.signal, vscode.l10n);
        }
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

type Source =
  | { readonly kind: 'image'; readonly image: string; readonly name: string; readonly version?: string }
  | { readonly kind: 'file' }
  | { readonly kind: 'online'; readonly entry: OnlineDistribution };

/** The ways in, by image release (newest first, the preview marked), with the default name each suggests. */
function imageSources(): (Source & { kind: 'image' })[] {
  return azureLinuxReleases.map((release) => ({
    kind: 'image',
    image: release.containerImage,
    name: `AzureLinux-${release.version}`,
    version: release.version,
  }));
}

async function sourceFromAnswers(answers: InstallAnswers, online: Promise<OnlineDistribution[]>): Promise<Source> {
  if (answers.source === 'file') return { kind: 'file' };
  if (answers.source === 'online') {
    const entry = pickOnlineAzureLinux(await online);
    if (!entry)
      throw new NoticeError(
        vscode.l10n.t('The WSL catalogue does not list Azure Linux: install it from the container image or a .wsl file.'),
      );
    return { kind: 'online', entry };
  }
  const image = answers.image ?? imageSources().find((candidate) => candidate.name === 'AzureLinux-3.0')!.image;
  return { kind: 'image', image, name: imageSources().find((candidate) => candidate.image === image)?.name ?? 'AzureLinux' };
}

/**
 * The pick: each release's container image and "Install from a .wsl file...", at once; WSL's catalogue joins the list
 * if, while the pick is open, it turns out to list Azure Linux.
 */
function pickSource(online: Promise<OnlineDistribution[]>, onFound: (entry: OnlineDistribution) => void): Promise<Source> {
  type Item = vscode.QuickPickItem & { readonly source: Source };
  const quickPick = vscode.window.createQuickPick<Item>();
  const base: Item[] = [
    ...imageSources().map((source) => ({
      label: vscode.l10n.t('{0} from its container image', describeRelease(source.version ?? '', vscode.l10n)),
      description: source.image,
      detail: vscode.l10n.t('Pulls the image with Docker or Podman and imports its file system'),
      source,
    })),
    {
      label: vscode.l10n.t('Install from a .wsl file...'),
      detail: vscode.l10n.t('A .wsl file, such as Azure Linux’s own WSL build, installed with wsl --install --from-file'),
      source: { kind: 'file' },
    },
  ];
  quickPick.items = base;
  quickPick.placeholder = vscode.l10n.t('How should Azure Linux be installed?');
  quickPick.busy = true;
  return new Promise<Source>((resolve, reject) => {
    let settled = false;
    void online
      .then(
        (entries) => {
          const entry = pickOnlineAzureLinux(entries);
          if (!settled && entry) {
            onFound(entry);
            quickPick.items = [
              ...base,
              {
                label: vscode.l10n.t('Install {0} from the WSL catalogue', entry.friendlyName),
                description: entry.name,
                source: { kind: 'online', entry },
              },
            ];
          }
        },
        () => undefined,
      )
      .finally(() => {
        if (!settled) quickPick.busy = false;
      });
    quickPick.onDidAccept(() => {
      const picked = quickPick.selectedItems[0];
      if (!picked) return;
      settled = true;
      quickPick.dispose();
      resolve(picked.source);
    });
    quickPick.onDidHide(() => {
      if (settled) return;
      settled = true;
      quickPick.dispose();
      reject(new UserCancelledError());
    });
    quickPick.show();
  });
}

async function pickWslFile(): Promise<string> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Install'),
    title: vscode.l10n.t('The .wsl file to install'),
    filters: { [vscode.l10n.t('WSL distribution')]: ['wsl'], [vscode.l10n.t('Root file system tar')]: ['tar', 'gz', 'xz'] },
  });
  const file = picked?.[0];
  if (!file) throw new UserCancelledError();
  if (file.scheme !== 'file') throw new Error(vscode.l10n.t('{0} is not a file on this machine.', file.toString()));
  return file.fsPath;
}

/** "azurelinux-4.0.wsl" -> "azurelinux-4.0": a name WSL takes, suggested for the new distribution. */
export function fileStemName(file: string): string {
  const stem = basename(file)
    .replace(/\.(wsl|tar|tar\.gz|tgz|tar\.xz)$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return stem || 'AzureLinux';
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
