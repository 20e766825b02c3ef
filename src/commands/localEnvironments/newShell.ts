import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import {
  azureLinuxImages,
  buildShellContainerSpec,
  datedAzureLinux3Image,
  suggestEnvironmentName,
  validateDatedTag,
  validateEnvironmentName,
  validateImageReference,
} from '../../docker/core/shellSpec';
import { createAndStartShell, mountOwner } from '../../docker/shellSteps';
import { errorMessage, NoticeError, UserCancelledError } from '../../util/errors';
import { isRegistryUnreachable } from '../../docker/core/pullErrors';
import { isAzureLinuxImage } from '../../docker/core/labels';
import { EnvironmentNode } from '../../views/localEnvironments/environmentNodes';
import { requireTrust } from './common';
import { pullWithProgress } from './pullWithProgress';
import { openShellTerminal } from '../../features/localEnvironments/shellTerminal';

/**
 * New azl-shell: an Azure Linux container with the workspace at /workspace, owned by the host user on Linux,
 * pulled with per-layer progress when missing, and a shell opened in it.
 */
/** What a caller (another extension, a test) may give instead of answering the questions; checked like typed input. */
export interface NewShellInputs {
  readonly name?: string;
  /** The image to run, instead of picking one. */
  readonly image?: string;
  /** Offer only images this machine has (after a pull failed for lack of network). */
  readonly localImagesOnly?: boolean;
}

export async function newShell(ctx: AzlContext, node?: unknown, _nodes?: unknown, inputs?: NewShellInputs): Promise<void> {
  requireTrust();
  const local = ctx.localEnvironments;
  const engine = local.engine;
  if (inputs?.image !== undefined) {
    const problem = validateImageReference(inputs.image, vscode.l10n);
    if (problem) throw new Error(problem);
  }
  const image =
    inputs?.image?.trim() ??
    (node instanceof EnvironmentNode && node.image ? node.image.tag : await pickImage(ctx, inputs?.localImagesOnly === true));
  const existingNames = (await engine.listContainers()).map((c) => c.name);
  const given = inputs?.name;
  if (given !== undefined) {
    const problem = validateEnvironmentName(given, existingNames, vscode.l10n);
    if (problem) throw new Error(problem);
  }
  const name =
    given ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('New azl-shell'),
      prompt: vscode.l10n.t('A name for the container running {0}', image),
      value: suggestEnvironmentName(image, existingNames),
      validateInput: (value) => validateEnvironmentName(value, existingNames, vscode.l10n),
    }));
  if (name === undefined) {
    throw new UserCancelledError();
  }
  const workspaceFolder = await pickWorkspaceFolder();

  const pending = local.model.beginPending({ key: `new:${name.trim()}`, name: name.trim(), image, phase: 'creating' });
  try {
    if (!(await engine.imageExists(image))) {
      pending.update(undefined, 'pulling');
      await pullWithProgress(ctx, image, pending).catch((error: unknown) => offerLocalImages(ctx, image, error));
      pending.update(undefined, 'creating');
    }
    const spec = buildShellContainerSpec({
      image,
      name: name.trim(),
      workspaceFolder: workspaceFolder?.uri.fsPath,
      hostUser: await mountOwner(engine),
    });
    const id = await createAndStartShell(engine, spec);
    ctx.log.info(`Created azl-shell ${spec.name} (${id.slice(0, 12)}) from ${image}`);
    await local.refresh();
    openShellTerminal(engine, { id, name: spec.name!, labels: spec.labels ?? {} }, ctx.log);
  } finally {
    pending.end();
  }
}

/**
 * A pull that could not reach its registry (offline, no DNS, a proxy) says so in words, not the engine's DNS error,
 * and offers the images this machine has; any other failure goes on as it was.
 */
async function offerLocalImages(ctx: AzlContext, image: string, error: unknown): Promise<never> {
  if (!isRegistryUnreachable(errorMessage(error))) throw error;
  ctx.log.warn(`Pulling ${image}: ${errorMessage(error)}`);
  const pickLocal = vscode.l10n.t('Pick a Local Image');
  void ctx.seams.notifications
    .error(
      vscode.l10n.t('Cannot reach the registry of {0}: is this machine offline? Pick an image that is already here instead.', image),
      pickLocal,
    )
    .then((choice) =>
      choice === pickLocal
        ? vscode.commands.executeCommand('azureLinux.containers.newShell', undefined, undefined, { localImagesOnly: true })
        : undefined,
    );
  throw new UserCancelledError();
}

async function pickImage(ctx: AzlContext, localOnly: boolean): Promise<string> {
  type Item = vscode.QuickPickItem & { image?: string; ask?: 'dated' | 'any' };
  if (localOnly) return pickLocalImage(ctx);
  const localImages = ctx.localEnvironments.model.snapshot.images.flatMap((image) => image.repoTags);
  const known = new Set<string>([azureLinuxImages.azureLinux3, azureLinuxImages.azureLinux4Preview]);
  const items: Item[] = [
    { label: vscode.l10n.t('Azure Linux 3.0'), description: azureLinuxImages.azureLinux3, image: azureLinuxImages.azureLinux3 },
    {
      label: vscode.l10n.t('Azure Linux 3.0, a dated tag...'),
      description: `${azureLinuxImages.azureLinux3Repository}:3.0.YYYYMMDD`,
      ask: 'dated',
    },
    {
      label: vscode.l10n.t('Azure Linux 4.0 (preview)'),
      description: azureLinuxImages.azureLinux4Preview,
      image: azureLinuxImages.azureLinux4Preview,
    },
    ...localImages
      .filter((tag) => !known.has(tag) && /azurelinux|cbl-mariner|azl/.test(tag))
      .map((tag) => ({ label: tag, description: vscode.l10n.t('present locally'), image: tag })),
    { label: vscode.l10n.t('Another image...'), ask: 'any' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('New azl-shell'),
    placeHolder: vscode.l10n.t('Image to run'),
  });
  if (!picked) {
    throw new UserCancelledError();
  }
  if (picked.image) {
    return picked.image;
  }
  if (picked.ask === 'dated') {
    const tag = await vscode.window.showInputBox({
      title: vscode.l10n.t('New azl-shell'),
      prompt: vscode.l10n.t('Dated Azure Linux 3.0 tag'),
      placeHolder: '3.0.20250102',
      validateInput: (value) => validateDatedTag(value, vscode.l10n),
    });
    if (tag === undefined) {
      throw new UserCancelledError();
    }
    return datedAzureLinux3Image(tag);
  }
  const ref = await vscode.window.showInputBox({
    title: vscode.l10n.t('New azl-shell'),
    prompt: vscode.l10n.t('Image reference'),
    placeHolder: 'registry/repository:tag',
    validateInput: (value) => validateImageReference(value, vscode.l10n),
  });
  if (ref === undefined) {
    throw new UserCancelledError();
  }
  return ref.trim();
}

/** Every tagged image the engine has, Azure Linux ones first. */
async function pickLocalImage(ctx: AzlContext): Promise<string> {
  const images = await ctx.localEnvironments.engine.listImages();
  const tags = images.flatMap((image) => image.repoTags.filter((tag) => tag !== '<none>:<none>').map((tag) => ({ tag, image })));
  if (!tags.length) {
    throw new NoticeError(vscode.l10n.t('No image is on this machine yet: an azl-shell needs one pulled while online.'));
  }
  const items = tags
    .map(({ tag, image }) => ({
      label: tag,
      description: isAzureLinuxImage(image) ? vscode.l10n.t('Azure Linux') : undefined,
      azureLinux: isAzureLinuxImage(image),
    }))
    .sort((a, b) => Number(b.azureLinux) - Number(a.azureLinux) || a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('New azl-shell'),
    placeHolder: vscode.l10n.t('Image on this machine to run'),
  });
  if (!picked) throw new UserCancelledError();
  return picked.label;
}

async function pickWorkspaceFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  if (folders.length <= 1) {
    return folders[0];
  }
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Folder to mount at /workspace') });
  if (!picked) {
    throw new UserCancelledError();
  }
  return picked;
}
