import * as vscode from 'vscode';
import { migrationPlan, type MigrationTarget } from '../../azure/core/aks';
import type { AzlContext } from '../../context';
import { NoticeError, UserCancelledError } from '../../util/errors';
import { signedInFeature } from '../azure/common';
import { confirmOrCancel, nodesText, runAksOperation, targetPools } from './common';

/**
 * Migrate to Azure Linux: changes the pool's OS SKU in place (Ubuntu, or Azure Linux 2.0, to Azure Linux 3.0), where
 * AKS supports it for the pool's Kubernetes version; AKS reimages every node, as a node image upgrade does.
 * Refused with the reason where AKS does not support it (core/aks.ts migrationPlan); AKS's own refusal is shown as
 * AKS words it.
 */
export async function migrateToAzureLinux(ctx: AzlContext, node?: unknown): Promise<void> {
  const [target] = await targetPools(ctx, node, undefined, 'migrateToAzureLinux', {
    canPickMany: false,
    placeHolder: vscode.l10n.t('Node pool to migrate to Azure Linux'),
  });
  const { pool, cluster } = target!;
  const plan = migrationPlan(pool, vscode.l10n);
  if ('refused' in plan) throw new NoticeError(plan.refused);
  const { feature, services } = await signedInFeature(ctx);
  let chosen: MigrationTarget = plan.targets[0]!;
  if (plan.targets.length > 1) {
    const picked = await ctx.seams.aksQuestions.pick(
      plan.targets.map((candidate) => ({
        label: candidate.osSKU,
        description:
          candidate.osSKU === 'AzureLinux'
            ? vscode.l10n.t('Azure Linux {0}; follows the default Azure Linux release as Kubernetes is upgraded', candidate.release)
            : vscode.l10n.t('Azure Linux {0}; stays on 3.0 until you change it (supported up to Kubernetes 1.36)', candidate.release),
        value: candidate,
      })),
      vscode.l10n.t('OS SKU for {0}', pool.name),
    );
    if (!picked) throw new UserCancelledError();
    chosen = picked;
  }
  await confirmOrCancel(
    ctx,
    vscode.l10n.t(
      'Migrate node pool {0} of {1} from {2} to Azure Linux ({3})?',
      pool.name,
      cluster.name,
      pool.osSKU ?? 'Ubuntu',
      chosen.osSKU,
    ),
    vscode.l10n.t(
      'AKS reimages every node of the pool with the Azure Linux {0} node image, as in a node image upgrade: it adds surge nodes ({1}), then cordons and drains each running node (its pods are evicted, respecting Pod Disruption Budgets, and scheduled again elsewhere) and replaces it. The pool keeps its name, its {2} and its settings; what pods kept on the nodes\u2019 local disks is lost. Check that your workloads run on Azure Linux first.',
      chosen.release,
      pool.maxSurge ? vscode.l10n.t('max surge {0}', pool.maxSurge) : vscode.l10n.t('the pool\u2019s max surge'),
      nodesText(pool.count),
    ),
    vscode.l10n.t('Migrate'),
  );
  await runAksOperation(ctx, feature, services, {
    cluster,
    busyOn: { kind: 'pool', id: pool.id },
    busyText: vscode.l10n.t('Migrating to Azure Linux…'),
    title: vscode.l10n.t('Migrating {0} to Azure Linux ({1})', pool.name, chosen.osSKU),
    abortId: pool.id,
    work: (aks, signal) => aks.aks.updateNodePool(pool.id, { osSKU: chosen.osSKU }, signal),
  });
}
