import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { azlLabels, isAzlShell, workspaceMountPath } from '../../docker/core/labels';
import { bindMountsOf, devContainerText, type DevContainerFacts, type InspectMount } from '../../environmentFromConfig/devcontainer';
import { UserCancelledError } from '../../util/errors';
import { containersFor, requireTrust } from './common';

export const devContainersExtensionId = 'ms-vscode-remote.remote-containers';

interface InspectDocument {
  readonly Image?: string;
  readonly Config?: { readonly Image?: string; readonly User?: string; readonly Hostname?: string; readonly Env?: readonly string[] };
  readonly Mounts?: readonly InspectMount[] | null;
}

/**
 * Reopen in Dev Container: writes `.devcontainer/devcontainer.json` for the same image and mounts as the
 * azl-shell (asking before replacing one), then hands over to the Dev Containers extension. Without that extension
 * it asks first, before anything is written: install it, or write the file only.
 */
export async function reopenInDevContainer(ctx: AzlContext, node?: unknown): Promise<void> {
  requireTrust();
  const [container] = await containersFor(ctx, node, undefined, {
    filter: (candidate) => isAzlShell(candidate.labels),
    placeHolder: vscode.l10n.t('azl-shell to reopen the workspace in'),
  });
  const canReopen = vscode.extensions.getExtension(devContainersExtensionId) !== undefined;
  if (!canReopen) await askWithoutDevContainers(ctx);
  const engine = ctx.localEnvironments.engine;
  const details = await engine.inspect(container.id);
  const raw = details.raw as InspectDocument;
  const mounts = bindMountsOf(raw.Mounts);
  const workspaceSource =
    mounts.find((mount) => mount.target === workspaceMountPath)?.source ?? container.labels[azlLabels.workspaceFolder];
  const folder = await targetFolder(workspaceSource);
  const imageId = raw.Image ?? container.imageId;
  const imageSummary = (await engine.listImages()).find((image) => image.id === imageId);
  const tagsOfImage = imageSummary?.repoTags ?? [];
  const home = (raw.Config?.Env ?? []).find((entry) => entry.startsWith('HOME='))?.slice('HOME='.length);
  // Docker names a container's host after its ID unless told otherwise: keep only a hostname someone chose.
  const hostname = raw.Config?.Hostname && !container.id.startsWith(raw.Config.Hostname) ? raw.Config.Hostname : undefined;
  const facts: DevContainerFacts = {
    name: container.name,
    imageReference: raw.Config?.Image ?? container.image,
    imageId,
    tagsOfImage,
    ...(imageSummary?.repoDigests?.length ? { repoDigests: imageSummary.repoDigests } : {}),
    ...(home ? { env: { HOME: home } } : {}),
    mounts,
    ...(raw.Config?.User ? { user: raw.Config.User } : {}),
    ...(hostname ? { hostname } : {}),
    localWorkspaceFolder: folder.uri.fsPath,
  };

  const target = vscode.Uri.joinPath(folder.uri, '.devcontainer', 'devcontainer.json');
  if (await exists(target)) {
    const overwrite = vscode.l10n.t('Overwrite');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} already exists. Replace it with one for {1}?', vscode.workspace.asRelativePath(target), container.name),
      { modal: true },
      overwrite,
    );
    if (choice !== overwrite) throw new UserCancelledError();
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, '.devcontainer'));
  await vscode.workspace.fs.writeFile(target, Buffer.from(devContainerText(facts), 'utf8'));
  ctx.log.info(`Wrote ${target.fsPath} for ${container.name} (${facts.imageReference})`);

  if (canReopen) {
    await vscode.commands.executeCommand('remote-containers.reopenInContainer');
    return;
  }
  await vscode.window.showTextDocument(target);
}

/**
 * Dev Containers is not installed, so nothing can reopen the workspace: say so before writing anything, and write
 * the file only when the person wants it anyway. Dismissing writes nothing.
 */
async function askWithoutDevContainers(ctx: AzlContext): Promise<void> {
  const install = vscode.l10n.t('Show Dev Containers Extension');
  const writeOnly = vscode.l10n.t('Write devcontainer.json Only');
  const choice = await ctx.seams.notifications.info(
    vscode.l10n.t(
      'Reopening the workspace in a container needs the Dev Containers extension ({0}), which is not installed. Install it and run this again, or write .devcontainer/devcontainer.json now and reopen later.',
      devContainersExtensionId,
    ),
    install,
    writeOnly,
  );
  if (choice === install) {
    await vscode.commands.executeCommand('workbench.extensions.search', devContainersExtensionId);
  }
  if (choice !== writeOnly) throw new UserCancelledError();
}

/** The workspace folder mounted in the container, else the only (or a picked) local folder. */
async function targetFolder(workspaceSource: string | undefined): Promise<vscode.WorkspaceFolder> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  const mounted = workspaceSource ? folders.find((folder) => folder.uri.fsPath === workspaceSource) : undefined;
  if (mounted) return mounted;
  if (!folders.length) {
    throw new Error(vscode.l10n.t('Open a folder first: the dev container configuration is written into it.'));
  }
  if (folders.length === 1) return folders[0];
  const picked = await vscode.window.showWorkspaceFolderPick({
    placeHolder: vscode.l10n.t('Folder to write .devcontainer/devcontainer.json into'),
  });
  if (!picked) throw new UserCancelledError();
  return picked;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
