import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { withProgressActivity } from '../../features/activity';
import type { ImageBuildRecord } from '../../features/imageBuilds/core/buildsModel';
import type { StartBuildRequest } from '../../features/imageBuilds';
import { stageLabel } from '../../imageCustomizer/core/buildLog';
import {
  baseImageExtensions,
  diskImageFormats,
  hostCanBuild,
  isDiskImageFormat,
  type DiskImageFormat,
} from '../../imageCustomizer/core/commandLine';
import { configBuildInputs, type ConfigBuildInputs } from '../../imageCustomizer/core/configInputs';
import { outputPathFor, resolveFromConfig } from '../../imageCustomizer/core/outputs';
import { setting } from '../../settings';
import { abortOn } from '../../util/cancellation';
import { UserCancelledError } from '../../util/errors';
import { configFileUri } from '../localEnvironments/openFromImageConfig';
import { NotificationBar, pullMessage } from '../localEnvironments/pullWithProgress';
import { isVhdFormat } from '../../views/imageBuilds/core/presentation';
import { requireTrust } from './common';

/** What a caller (Rebuild, another extension, a test) may decide instead of the questions. */
export interface BuildImageOptions {
  /** A base image file, or `config` for the config's own `input.image`. */
  readonly base?: string;
  readonly format?: DiskImageFormat;
}

/**
 * Build Image with Image Customizer: refuses a config with errors, asks for the base and the output format (unless
 * the config or the caller says), runs the Image Customizer container with a cancellable progress notification, and
 * adds the build to Image Builds. Resolves with the build's record (undefined when the person stopped before it began).
 */
export async function buildImage(ctx: AzlContext, uri?: unknown, options: BuildImageOptions = {}): Promise<ImageBuildRecord | undefined> {
  requireTrust();
  const configUri = await configFileUri(ctx, uri, vscode.l10n.t('Image config to build'));
  if (!hostCanBuild(process.platform)) {
    await offerMirror(ctx, configUri);
    return undefined;
  }
  const configPath = configUri.fsPath;
  const text = await savedText(configPath);
  if (!(await refuseWithErrors(ctx, configUri, text))) return undefined;
  const inputs = configBuildInputs(text, configPath);
  if (options.format !== undefined && !isDiskImageFormat(options.format)) {
    throw new Error(
      vscode.l10n.t('{0} is not an output format a build writes ({1}).', String(options.format), diskImageFormats.join(', ')),
    );
  }
  const format = options.format ?? inputs.format ?? (await pickFormat(inputs));
  const base = await chooseBase(configPath, inputs, options.base);
  const outputPath = outputPathFor(configPath, format, inputs.outputPath);
  if (ctx.imageBuilds.wouldReplaceForeignFile(outputPath)) await confirmReplace(outputPath);
  const engine = ctx.localEnvironments.engine;
  if (await engine.isRootless()) {
    throw new Error(
      vscode.l10n.t(
        'The container engine at {0} runs rootless, and Image Customizer needs a rootful engine to attach loop devices. Point azureLinux.containers.host at a rootful Docker engine.',
        engine.endpoint.address,
      ),
    );
  }
  const request: StartBuildRequest = {
    configPath,
    configRoot: vscode.workspace.getWorkspaceFolder(configUri)?.uri.fsPath ?? path.dirname(configPath),
    format,
    outputPath,
    tag: setting('imageBuilds.imageCustomizerTag').trim() || 'latest',
    ...base,
  };
  ctx.log.show(true);
  const record = await withProgressActivity(
    ctx.activity,
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Building {0} with Image Customizer', vscode.workspace.asRelativePath(configUri)),
      cancellable: true,
    },
    async (progress, token) => {
      const cancel = abortOn(token);
      const bar = new NotificationBar(progress);
      try {
        return await ctx.imageBuilds.start(
          request,
          {
            onPull: (state) => bar.report(0, vscode.l10n.t('pulling Image Customizer: {0}', pullMessage(state))),
            onStage: (stage) => progress.report({ message: stageLabel(stage, vscode.l10n) }),
          },
          cancel.signal,
        );
      } finally {
        cancel.dispose();
      }
    },
  );
  void announce(ctx, record);
  return record;
}

/** Image Customizer needs a Linux kernel's loop devices: elsewhere, say so and offer the container mirror. */
async function offerMirror(ctx: AzlContext, configUri: vscode.Uri): Promise<void> {
  const mirror = vscode.l10n.t('Open Local Environment');
  const choice = await ctx.seams.notifications.info(
    vscode.l10n.t(
      'Building an image needs a Linux host: Image Customizer attaches the image through loop devices of the Linux kernel. Open Local Environment from Image Config mirrors the config in a container instead.',
    ),
    mirror,
  );
  if (choice === mirror) await vscode.commands.executeCommand('azureLinux.containers.openFromImageConfig', configUri);
}

/** The config as it is on disk, saved first when the editor has unsaved changes (the build reads the file). */
async function savedText(configPath: string): Promise<string> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === configPath);
  if (open?.isDirty && !(await open.save())) {
    throw new Error(vscode.l10n.t('Save {0} first: the image is built from the file on disk.', configPath));
  }
  return readFile(configPath, 'utf8');
}

/** The language service's errors stop the build (warnings do not); false when it refused. */
async function refuseWithErrors(ctx: AzlContext, configUri: vscode.Uri, text: string): Promise<boolean> {
  const errors = ctx.language.service.analyzeText(configUri, text, 'image').problems.filter((problem) => problem.severity === 'error');
  if (!errors.length) return true;
  const line = text.slice(0, errors[0].range.start).split('\n').length;
  const showProblems = vscode.l10n.t('Show Problems');
  const choice = await ctx.seams.notifications.error(
    errors.length === 1
      ? vscode.l10n.t('{0} has an error, so it was not built. Line {1}: {2}', path.basename(configUri.fsPath), line, errors[0].message)
      : vscode.l10n.t(
          '{0} has {1} errors, so it was not built. The first, line {2}: {3}',
          path.basename(configUri.fsPath),
          errors.length,
          line,
          errors[0].message,
        ),
    showProblems,
  );
  if (choice === showProblems) {
    await vscode.window.showTextDocument(configUri);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  }
  return false;
}

async function pickFormat(inputs: ConfigBuildInputs): Promise<DiskImageFormat> {
  const descriptions: Record<DiskImageFormat, string> = {
    'vhd-fixed': vscode.l10n.t('Fixed-size VHD: what Azure VMs boot from'),
    vhd: vscode.l10n.t('Dynamic VHD'),
    vhdx: vscode.l10n.t('VHDX: Hyper-V'),
    qcow2: vscode.l10n.t('QCOW2: QEMU and KVM'),
    raw: vscode.l10n.t('Raw disk image'),
  };
  const picked = await vscode.window.showQuickPick(
    diskImageFormats.map((format) => ({ label: format, description: descriptions[format], format })),
    {
      placeHolder: inputs.otherFormat
        ? vscode.l10n.t('The config asks for {0}; a build here writes a disk image. Output format:', inputs.otherFormat)
        : vscode.l10n.t('Output format (the config names none)'),
    },
  );
  if (!picked) throw new UserCancelledError();
  return picked.format;
}

type ChosenBase = Pick<StartBuildRequest, 'base' | 'baseImagePath'>;

/** The base image: the caller's, or a choice of the config's `input.image`, a file on disk, or a Marketplace download. */
async function chooseBase(configPath: string, inputs: ConfigBuildInputs, given: string | undefined): Promise<ChosenBase> {
  if (given === 'config') return configBase(configPath, inputs);
  if (given) return fileBase(given);
  type Choice = vscode.QuickPickItem & { readonly choice: 'config' | 'file' | 'download' };
  const items: Choice[] = [];
  if (inputs.base) {
    items.push({
      label: vscode.l10n.t("The config's input.image"),
      description: inputs.base.kind === 'path' ? inputs.base.path : inputs.base.description,
      choice: 'config',
    });
  }
  items.push(
    { label: vscode.l10n.t('A base image file...'), description: baseImageExtensions.map((ext) => `.${ext}`).join(' '), choice: 'file' },
    { label: vscode.l10n.t('Download from Azure Marketplace...'), choice: 'download' },
  );
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Base image to customize') });
  if (!picked) throw new UserCancelledError();
  if (picked.choice === 'config') return configBase(configPath, inputs);
  if (picked.choice === 'download') return fileBase(await downloadBase());
  const files = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Use as Base'),
    filters: { [vscode.l10n.t('Disk images')]: [...baseImageExtensions], [vscode.l10n.t('All files')]: ['*'] },
  });
  if (!files?.[0]) throw new UserCancelledError();
  return fileBase(files[0].fsPath);
}

function configBase(configPath: string, inputs: ConfigBuildInputs): ChosenBase {
  if (!inputs.base) {
    throw new Error(vscode.l10n.t('{0} names no input.image: choose a base image file.', path.basename(configPath)));
  }
  if (inputs.base.kind === 'download') return { base: { kind: 'config', description: inputs.base.description } };
  const file = resolveFromConfig(configPath, inputs.base.path);
  checkBaseFile(file);
  return { base: { kind: 'config', path: file }, baseImagePath: file };
}

function fileBase(file: string): ChosenBase {
  checkBaseFile(file);
  return { base: { kind: 'file', path: file }, baseImagePath: file };
}

function checkBaseFile(file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new Error(vscode.l10n.t('The base image {0} does not exist.', file));
  }
  if (!isFile) throw new Error(vscode.l10n.t('The base image {0} is not a file.', file));
}

/** Runs the Marketplace download (the Azure feature's command), which resolves with the VHD's path. */
async function downloadBase(): Promise<string> {
  const downloaded = await vscode.commands.executeCommand<string | undefined>('azureLinux.imageBuilds.downloadBase');
  if (!downloaded) throw new UserCancelledError();
  return downloaded;
}

async function confirmReplace(outputPath: string): Promise<void> {
  const replace = vscode.l10n.t('Replace');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} already exists and was not written by an image build here.', path.basename(outputPath)),
    { modal: true, detail: vscode.l10n.t('The build writes its output to {0}, replacing that file.', outputPath) },
    replace,
  );
  if (choice !== replace) throw new UserCancelledError();
}

async function announce(ctx: AzlContext, record: ImageBuildRecord): Promise<void> {
  const openLog = vscode.l10n.t('Open Log');
  const reveal = vscode.l10n.t('Reveal Output');
  const deploy = vscode.l10n.t('Deploy to Azure...');
  let choice: string | undefined;
  if (record.state === 'succeeded') {
    const actions = isVhdFormat(record.format) ? [reveal, deploy, openLog] : [reveal, openLog];
    choice = await ctx.seams.notifications.info(vscode.l10n.t('Built {0}.', path.basename(record.outputPath)), ...actions);
  } else if (record.state === 'failed') {
    choice = await ctx.seams.notifications.error(
      vscode.l10n.t('The image build of {0} failed: {1}', path.basename(record.configPath), record.error ?? ''),
      openLog,
    );
  }
  if (choice === openLog) await vscode.commands.executeCommand('azureLinux.imageBuilds.openLog', record.id);
  if (choice === reveal) await vscode.commands.executeCommand('azureLinux.imageBuilds.revealOutput', record.id);
  if (choice === deploy) await vscode.commands.executeCommand('azureLinux.imageBuilds.deploy', vscode.Uri.file(record.outputPath));
}
