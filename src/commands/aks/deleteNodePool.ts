import * as vscode from 'vscode';
import { deletePoolRefusal } from '../../azure/core/aks';
import type { AzlContext } from '../../context';
import { NoticeError } from '../../util/errors';
import { signedInFeature } from '../azure/common';
import { confirmOrCancel, isPreconditionFailed, nodesText, runAksOperation, targetPools } from './common';

/**
 * Delete a node pool, never the cluster's only System pool. The delete carries the eTag the tree showed, so a pool
 * changed since (by someone else) is not deleted unseen. AKS cannot abort a delete: the progress only stops waiting.
 */
export async function deleteNodePool(ctx: AzlContext, node?: unknown): Promise<void> {
  const [target] = await targetPools(ctx, node, undefined, 'delete', {
    canPickMany: false,
    placeHolder: vscode.l10n.t('Node pool to delete'),
  });
  const { pool, cluster } = target!;
  const refusal = deletePoolRefusal(cluster, pool, vscode.l10n);
  if (refusal) throw new NoticeError(refusal);
  const { feature, services } = await signedInFeature(ctx);
  await confirmOrCancel(
    ctx,
    vscode.l10n.t('Delete node pool {0} of {1} and its {2}?', pool.name, cluster.name, nodesText(pool.count)),
    vscode.l10n.t(
      'AKS cordons and drains every node of the pool (pods are evicted, respecting Pod Disruption Budgets, and scheduled again only where other pools can take them) and deletes the VMs and their disks. This cannot be undone.',
    ),
    vscode.l10n.t('Delete'),
  );
  try {
    await runAksOperation(ctx, feature, services, {
      cluster,
      busyOn: { kind: 'pool', id: pool.id },
      busyText: vscode.l10n.t('Deleting…'),
      title: vscode.l10n.t('Deleting node pool {0}', pool.name),
      work: (aks, signal) => aks.aks.deleteNodePool(pool.id, pool.eTag, signal),
    });
  } catch (error) {
    if (isPreconditionFailed(error)) {
      throw new Error(
        vscode.l10n.t(
          '{0} was changed in Azure after the tree listed it, so it was not deleted. Look at it again (Refresh), then delete it if you still want to.',
          pool.name,
        ),
        { cause: error },
      );
    }
    throw error;
  }
}
