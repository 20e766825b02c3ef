import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { pickValues, requireWorkspaceTrust } from '../guards';
import { runForEach } from '../runForEach';
import type { ContainerSummary, ImageSummary } from '../../docker/engine';
import { isAzureLinuxImage } from '../../docker/core/labels';
import { EnvironmentNode } from '../../views/localEnvironments/environmentNodes';

/** Containers, images and terminals need a workspace the person trusts. */
export function requireTrust(): void {
  requireWorkspaceTrust(vscode.l10n.t('Containers run programs on this machine'));
}

/**
 * The containers a tree command acts on: the multi-selection, the clicked node, or (from the palette) a pick
 * among the containers that `filter` accepts.
 */
export async function containersFor(
  ctx: AzlContext,
  node: unknown,
  nodes: unknown,
  options: { readonly filter: (container: ContainerSummary) => boolean; readonly placeHolder: string; readonly canPickMany?: boolean },
): Promise<ContainerSummary[]> {
  const selected = (Array.isArray(nodes) && nodes.length ? nodes : node ? [node] : []).filter(
    (candidate): candidate is EnvironmentNode => candidate instanceof EnvironmentNode && candidate.container !== undefined,
  );
  if (selected.length) {
    return selected.map((candidate) => candidate.container!);
  }
  const local = ctx.localEnvironments;
  const containers = (await local.engine.listContainers()).filter(options.filter);
  if (!containers.length) {
    throw new Error(vscode.l10n.t('There is no container to choose from.'));
  }
  const items = containers.map((container) => ({
    label: container.name,
    description: container.image,
    detail: container.status,
    value: container,
  }));
  return pickValues(items, options);
}

/**
 * Runs an action on each container at once with the view showing progress, then refreshes once. A quick action:
 * the engine's own time-outs bound it, so there is no cancel to offer. Every failure is reported (runForEach).
 */
export async function actOnEach(
  ctx: AzlContext,
  containers: readonly ContainerSummary[],
  title: (name: string) => string,
  action: (container: ContainerSummary) => Promise<void>,
): Promise<void> {
  await vscode.window.withProgress(
    { location: { viewId: 'azureLinux.localEnvironments' }, title: title(containers.map((c) => c.name).join(', ')) },
    async () => {
      try {
        await runForEach(containers, (container) => container.name, action);
      } finally {
        void ctx.localEnvironments.refresh();
      }
    },
  );
}

/** A shell needs the container running: a stopped one is started, a paused one unpaused. */
export async function ensureRunning(ctx: AzlContext, container: ContainerSummary): Promise<void> {
  if (container.state === 'running') return;
  const engine = ctx.localEnvironments.engine;
  await (container.state === 'paused' ? engine.unpause(container.id) : engine.start(container.id));
  void ctx.localEnvironments.refresh();
}

/** An image row's image and the tag it shows (a row per tag); from the palette, a pick among Azure Linux images. */
export async function imageFor(
  ctx: AzlContext,
  node: unknown,
  placeHolder: string,
): Promise<{ readonly summary: ImageSummary; readonly tag: string }> {
  if (node instanceof EnvironmentNode && node.image) return node.image;
  const images = (await ctx.localEnvironments.engine.listImages()).filter(isAzureLinuxImage);
  const items = images.flatMap((summary) =>
    (summary.repoTags.length ? summary.repoTags : [summary.id]).map((tag) => ({ label: tag, value: { summary, tag } })),
  );
  if (!items.length) {
    throw new Error(vscode.l10n.t('There is no Azure Linux image on this machine to choose from.'));
  }
  const [picked] = await pickValues(items, { placeHolder, canPickMany: false });
  return picked!;
}

const inspectScheme = 'azl-inspect';
/** What each open inspect document shows, by its URI's query: read again whenever VS Code asks for the content. */
const inspectSources = new Map<string, () => Promise<unknown>>();
let inspectProvider: vscode.Disposable | undefined;

/**
 * Shows an engine inspect document (a container's or an image's) as read-only JSON: a virtual document nobody can
 * save over, current again each time it is shown.
 */
export async function showInspectDocument(ctx: AzlContext, title: string, key: string, load: () => Promise<unknown>): Promise<void> {
  if (!inspectProvider) {
    inspectProvider = vscode.workspace.registerTextDocumentContentProvider(inspectScheme, {
      provideTextDocumentContent: async (uri) => {
        const source = inspectSources.get(uri.query);
        return source ? `${JSON.stringify(await source(), undefined, 2)}\n` : '';
      },
    });
    ctx.extension.subscriptions.push(inspectProvider, { dispose: () => ((inspectProvider = undefined), inspectSources.clear()) });
  }
  inspectSources.set(key, load);
  const uri = vscode.Uri.from({ scheme: inspectScheme, path: `/${title.replace(/[\\/:]/g, '_')}.json`, query: key });
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
}
