import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { azureLinuxReleases, defaultRelease, describeRelease } from '../../azureLinux/releases';
import { isValidImageReference } from '../../environmentFromConfig/dockerfile';
import type { ReleaseChoice } from '../../environmentFromConfig/plan';
import { UserCancelledError } from '../../util/errors';

/*
 * A config that names no Azure Linux release (a disk image as input, or none) is mirrored on the release the person
 * picks: asked the first time, remembered for that config in this workspace, asked again on Rebuild.
 */

const stateKey = (configPath: string) => `azureLinux.mirror.releaseChoice:${configPath}`;

function isReleaseChoice(value: unknown): value is ReleaseChoice {
  const choice = value as Partial<{ kind: string; version: string; image: string }> | undefined;
  return (
    (choice?.kind === 'release' && azureLinuxReleases.some((release) => release.version === choice.version)) ||
    (choice?.kind === 'image' && typeof choice.image === 'string' && isValidImageReference(choice.image))
  );
}

/** The answer remembered for this config, if any. */
export function rememberedReleaseChoice(ctx: AzlContext, configPath: string): ReleaseChoice | undefined {
  const stored: unknown = ctx.extension.workspaceState.get(stateKey(configPath));
  return isReleaseChoice(stored) ? stored : undefined;
}

export function describeReleaseChoice(choice: ReleaseChoice): string {
  return choice.kind === 'release' ? describeRelease(choice.version, vscode.l10n) : choice.image;
}

/**
 * The release to mirror `configPath` on: `given` (a caller's answer) or the remembered one, unless `askAgain`;
 * otherwise asks (the remembered answer first) and remembers the answer.
 */
export async function releaseChoiceFor(
  ctx: AzlContext,
  configPath: string,
  options: { readonly given?: ReleaseChoice; readonly askAgain?: boolean } = {},
): Promise<ReleaseChoice> {
  const remembered = rememberedReleaseChoice(ctx, configPath);
  const known = options.given ?? (options.askAgain ? undefined : remembered);
  const choice = known ?? (await askReleaseChoice(configPath, remembered));
  if (!isReleaseChoice(choice)) throw new Error(vscode.l10n.t('"{0}" is not an image reference.', JSON.stringify(choice)));
  await ctx.extension.workspaceState.update(stateKey(configPath), choice);
  return choice;
}

async function askReleaseChoice(configPath: string, remembered: ReleaseChoice | undefined): Promise<ReleaseChoice> {
  type Item = vscode.QuickPickItem & { readonly choice?: ReleaseChoice };
  const releases: Item[] = azureLinuxReleases.map((release) => ({
    label: describeRelease(release.version, vscode.l10n),
    description: release.containerImage,
    detail: release.version === defaultRelease.version ? vscode.l10n.t('Generally available') : undefined,
    choice: { kind: 'release', version: release.version },
  }));
  const anyImage: Item = {
    label: vscode.l10n.t('Any image...'),
    description: vscode.l10n.t('An image reference of your own, e.g. a team base image'),
  };
  const items = [...releases, anyImage];
  const rememberedIndex =
    remembered?.kind === 'release'
      ? items.findIndex((item) => item.choice?.kind === 'release' && item.choice.version === remembered.version)
      : -1;
  if (rememberedIndex > 0) items.unshift(...items.splice(rememberedIndex, 1));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('{0} names no Azure Linux release', vscode.workspace.asRelativePath(configPath)),
    placeHolder: vscode.l10n.t('Which release should the local environment start from? (remembered for this config)'),
    ignoreFocusOut: true,
  });
  if (!picked) throw new UserCancelledError();
  if (picked.choice) return picked.choice;
  const image = await vscode.window.showInputBox({
    prompt: vscode.l10n.t('Image to start the local environment from'),
    value: remembered?.kind === 'image' ? remembered.image : '',
    placeHolder: 'mcr.microsoft.com/azurelinux/base/core:3.0',
    ignoreFocusOut: true,
    validateInput: (value) =>
      isValidImageReference(value.trim()) ? undefined : vscode.l10n.t('Enter an image reference such as registry/repository:tag.'),
  });
  if (image === undefined) throw new UserCancelledError();
  return { kind: 'image', image: image.trim() };
}
