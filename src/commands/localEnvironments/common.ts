import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { pickValues, requireWorkspaceTrust } from '../guards';
import { runForEach } from '../runForEach';
import type { ContainerSummary } from '../../docker/engine';
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
