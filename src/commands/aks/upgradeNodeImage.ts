import * as vscode from 'vscode';
import { azureLinuxBadge } from '../../azure/core/aks';
import type { AzlContext } from '../../context';
import { signedInFeature } from '../azure/common';
import { confirmOrCancel, forEachTarget, nodesText, runAksOperation, targetPools } from './common';

/** Upgrade Node Image: moves each chosen pool to the newest node image of its OS, keeping its Kubernetes version. */
export async function upgradeNodeImage(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  const targets = await targetPools(ctx, node, nodes, 'upgradeNodeImage', {
    canPickMany: true,
    placeHolder: vscode.l10n.t('Node pool whose node image to upgrade'),
  });
  const { feature, services } = await signedInFeature(ctx);
  const names = targets.map(({ pool }) => pool.name).join(', ');
  await confirmOrCancel(
    ctx,
    vscode.l10n.t('Upgrade the node image of {0}?', names),
    targets
      .map(({ pool }) =>
        vscode.l10n.t(
          '{0} ({1}, now {2}): AKS adds surge nodes with the newest {3} node image, then cordons and drains each of its {4} running nodes (pods are evicted, respecting Pod Disruption Budgets, and scheduled again) and deletes it. Kubernetes stays at {5}.',
          pool.name,
          pool.osSKU ?? 'Ubuntu',
          pool.nodeImageVersion ?? '?',
          azureLinuxBadge(pool, vscode.l10n) ?? pool.osSKU ?? 'Ubuntu',
          nodesText(pool.count),
          pool.kubernetesVersion ?? '?',
        ),
      )
      .join('\n'),
    vscode.l10n.t('Upgrade'),
  );
  await forEachTarget(
    feature,
    targets,
    ({ pool }) => pool.name,
    ({ pool, cluster }) =>
      runAksOperation(ctx, feature, services, {
        cluster,
        busyOn: { kind: 'pool', id: pool.id },
        busyText: vscode.l10n.t('Upgrading node image…'),
        title: vscode.l10n.t('Upgrading the node image of {0}', pool.name),
        abortId: pool.id,
        work: (aks, signal) => aks.aks.upgradeNodeImage(pool.id, signal),
      }),
  );
}
