import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { NoticeError } from '../../util/errors';
import { ClusterNode, NodePoolNode } from '../../views/azure/clusterNodes';
import { signedInFeature } from '../azure/common';

/**
 * Cancel Operation on a busy cluster or node pool: the same as Cancel on the operation's notification (which may be
 * hidden by now). AKS is asked to abort the operation; runAksOperation says how that went.
 */
export async function cancelOperation(ctx: AzlContext, node?: unknown): Promise<void> {
  const target =
    node instanceof NodePoolNode
      ? { id: node.pool.id, name: node.pool.name }
      : node instanceof ClusterNode
        ? { id: node.cluster.id, name: node.cluster.name }
        : undefined;
  if (!target) throw new NoticeError(vscode.l10n.t('Choose the busy cluster or node pool in the Azure view.'));
  const { feature } = await signedInFeature(ctx);
  if (!feature.listing.cancelBusy(target.id)) {
    throw new NoticeError(vscode.l10n.t('Nothing this extension started that AKS can abort runs on {0}.', target.name));
  }
}
