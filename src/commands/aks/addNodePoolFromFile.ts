import * as vscode from 'vscode';
import { azureLinuxBadge, type ClusterInfo } from '../../azure/core/aks';
import type { AzlContext } from '../../context';
import { nodePoolNameError, suggestNodePoolName } from '../../language/core/nodepool';
import { NoticeError, UserCancelledError } from '../../util/errors';
import { ClusterNode } from '../../views/azure/clusterNodes';
import { signedInFeature } from '../azure/common';
import { confirmOrCancel, isPreconditionFailed, nodesText, runAksOperation, targetClusters } from './common';
import { checkedNodePool, chosenPoolBody } from './nodePoolFiles';

/** The node-pool file: the one the command was given, else the active editor's. */
async function documentFor(resource: unknown): Promise<vscode.TextDocument> {
  if (resource instanceof vscode.Uri) return vscode.workspace.openTextDocument(resource);
  const active = vscode.window.activeTextEditor?.document;
  if (active) return active;
  const [picked] =
    (await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Add Node Pool'),
      filters: { [vscode.l10n.t('Node pool files')]: ['json', 'yaml', 'yml'] },
    })) ?? [];
  if (!picked) throw new UserCancelledError();
  return vscode.workspace.openTextDocument(picked);
}

/**
 * Add Node Pool from File...: on a node-pool file (REST body, ARM template agent pool or profile, YAML). The
 * language service's errors block it and its warnings are asked about; the cluster comes from the tree (the
 * command run on a cluster) or a pick. The PUT carries If-None-Match: * so a pool of that name is never overwritten.
 */
export async function addNodePoolFromFile(ctx: AzlContext, resource?: unknown): Promise<void> {
  const givenCluster = resource instanceof ClusterNode ? resource.cluster : undefined;
  const document = await documentFor(givenCluster ? undefined : resource);
  const analysis = await checkedNodePool(ctx, document, vscode.l10n.t('Add Node Pool'));
  const found = await chosenPoolBody(ctx, document, analysis);
  const { feature, services } = await signedInFeature(ctx);
  const cluster: ClusterInfo =
    givenCluster ?? (await targetClusters(ctx, undefined, undefined, 'addNodePool', vscode.l10n.t('Cluster to add the node pool to')))[0]!;
  const properties = found.body.properties;
  const windows = String(properties.osType ?? '').toLowerCase() === 'windows';
  let name = found.name;
  if (!name || nodePoolNameError(name, windows)) {
    const fileName = document.uri.path.split('/').at(-1)?.replace(/\..*$/, '') ?? 'pool';
    name = await ctx.seams.aksQuestions.input({
      prompt: name
        ? vscode.l10n.t('{0} is not a valid node pool name for AKS; the name for the new pool', name)
        : vscode.l10n.t('Name of the new node pool in {0}', cluster.name),
      value: suggestNodePoolName(name ?? fileName, windows),
      validate: (value) => nodePoolNameError(value, windows),
    });
    if (name === undefined) throw new UserCancelledError();
  }
  if (cluster.pools.some((pool) => pool.name.toLowerCase() === name!.toLowerCase())) {
    throw new NoticeError(vscode.l10n.t('{0} already has a node pool named {1}; choose another name.', cluster.name, name));
  }
  const os = azureLinuxBadge(
    { osType: properties.osType as string | undefined, osSKU: properties.osSKU as string | undefined },
    vscode.l10n,
  );
  await confirmOrCancel(
    ctx,
    vscode.l10n.t('Add node pool {0} to {1}?', name, cluster.name),
    vscode.l10n.t(
      'AKS creates {0} ({1}, {2}). The cluster\u2019s other node pools and their running nodes are not changed; pods are scheduled on the new nodes as their selectors and taints allow.',
      nodesText(typeof properties.count === 'number' ? properties.count : 1),
      String(properties.vmSize ?? '?'),
      os ?? String(properties.osSKU ?? 'Ubuntu'),
    ),
    vscode.l10n.t('Add Node Pool'),
  );
  const poolId = `${cluster.id}/agentPools/${name}`;
  try {
    await runAksOperation(ctx, feature, services, {
      cluster,
      busyOn: { kind: 'cluster', id: cluster.id },
      busyText: vscode.l10n.t('Adding node pool {0}…', name),
      title: vscode.l10n.t('Adding node pool {0} to {1}', name, cluster.name),
      abortId: poolId,
      work: (aks, signal) => aks.aks.putNodePool(cluster.id, name!, found.body, { ifNoneMatch: '*' }, signal),
    });
  } catch (error) {
    if (isPreconditionFailed(error)) {
      throw new Error(vscode.l10n.t('{0} already has a node pool named {1} (made meanwhile); nothing was changed.', cluster.name, name), {
        cause: error,
      });
    }
    throw error;
  }
}
