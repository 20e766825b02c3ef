import * as vscode from 'vscode';
import type { ClusterPowerOperation } from '../../azure/aksServices';
import type { AzlContext } from '../../context';
import { signedInFeature } from '../azure/common';
import { confirmOrCancel, forEachTarget, runAksOperation, targetClusters } from './common';

/** Start or stop clusters: the confirmation says what happens to the nodes and their workloads. */
export async function runClusterPower(ctx: AzlContext, operation: ClusterPowerOperation, node: unknown, nodes: unknown): Promise<void> {
  const start = operation === 'start';
  const targets = await targetClusters(
    ctx,
    node,
    nodes,
    operation,
    start ? vscode.l10n.t('Kubernetes cluster to start') : vscode.l10n.t('Kubernetes cluster to stop'),
  );
  const { feature, services } = await signedInFeature(ctx);
  const names = targets.map((cluster) => cluster.name).join(', ');
  const nodeCount = targets.reduce((sum, cluster) => sum + cluster.pools.reduce((poolSum, pool) => poolSum + (pool.count ?? 0), 0), 0);
  await confirmOrCancel(
    ctx,
    start ? vscode.l10n.t('Start {0}?', names) : vscode.l10n.t('Stop {0}?', names),
    start
      ? vscode.l10n.t('AKS starts the control plane and the nodes of every node pool; your workloads are scheduled on them again.')
      : vscode.l10n.t(
          'AKS stops the control plane and deallocates every node of every node pool ({0} in all): running workloads stop and the API server does not answer until you start the cluster again. The configuration is kept; compute is not billed while it is stopped.',
          nodeCount,
        ),
    start ? vscode.l10n.t('Start') : vscode.l10n.t('Stop'),
  );
  await forEachTarget(
    feature,
    targets,
    (cluster) => cluster.name,
    (cluster) =>
      runAksOperation(ctx, feature, services, {
        cluster,
        busyOn: { kind: 'cluster', id: cluster.id },
        busyText: start ? vscode.l10n.t('Starting…') : vscode.l10n.t('Stopping…'),
        title: start ? vscode.l10n.t('Starting {0}', cluster.name) : vscode.l10n.t('Stopping {0}', cluster.name),
        abortId: cluster.id,
        work: (aks, signal) => aks.aks.setClusterPower(cluster.id, operation, signal),
      }),
  );
}
