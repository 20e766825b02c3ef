import * as vscode from 'vscode';
import { editableNodePoolBody } from '../../azure/core/aks';
import type { AzlContext } from '../../context';
import { signedInFeature } from '../azure/common';
import { targetPools } from './common';

/**
 * Open as File: the pool's current body (what AKS returns, less what AKS sets itself) as an untitled JSON document,
 * which the node-pool checks run on like any node-pool file. The eTag it had is remembered for Apply.
 */
export async function openNodePoolAsFile(ctx: AzlContext, node?: unknown): Promise<vscode.TextDocument> {
  const [target] = await targetPools(ctx, node, undefined, 'openAsFile', {
    canPickMany: false,
    placeHolder: vscode.l10n.t('Node pool to open'),
  });
  const { pool, cluster } = target!;
  const { feature, services } = await signedInFeature(ctx);
  const live = await services.aks.getNodePool(pool.id, feature.listing.signal);
  const document = await vscode.workspace.openTextDocument({
    language: 'json',
    content: `${JSON.stringify(editableNodePoolBody(live.resource), undefined, 2)}\n`,
  });
  feature.nodePoolDocuments.set(document.uri, { poolId: pool.id, clusterId: cluster.id, poolName: pool.name, eTag: live.eTag });
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}
