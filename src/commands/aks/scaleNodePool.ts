import * as vscode from 'vscode';
import { autoscaleRangeError, nodeCountError, parseAutoscaleRange } from '../../azure/core/aks';
import type { NodePoolChange } from '../../azure/aksServices';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { signedInFeature } from '../azure/common';
import { confirmOrCancel, nodesText, runAksOperation, targetPools } from './common';

/**
 * Scale...: a new node count, or for a pool the cluster autoscaler manages, a new MIN-MAX range. The confirmation
 * says what happens to running nodes: none are touched on the way up; on the way down AKS drains and removes some.
 */
export async function scaleNodePool(ctx: AzlContext, node?: unknown): Promise<void> {
  const [target] = await targetPools(ctx, node, undefined, 'scale', {
    canPickMany: false,
    placeHolder: vscode.l10n.t('Node pool to scale'),
  });
  const { pool, cluster } = target!;
  const { feature, services } = await signedInFeature(ctx);
  const questions = ctx.seams.aksQuestions;
  let change: NodePoolChange;
  let detail: string;
  if (pool.enableAutoScaling) {
    const text = await questions.input({
      prompt: vscode.l10n.t(
        'Autoscaler range for {0} (MIN-MAX); it now keeps {1}, between {2} and {3}',
        pool.name,
        nodesText(pool.count),
        pool.minCount ?? '?',
        pool.maxCount ?? '?',
      ),
      value: `${pool.minCount ?? 1}-${pool.maxCount ?? 3}`,
      validate: (value) => autoscaleRangeError(value, pool, vscode.l10n),
    });
    if (text === undefined) throw new UserCancelledError();
    change = parseAutoscaleRange(text);
    detail =
      pool.count !== undefined && pool.count > change.maxCount!
        ? vscode.l10n.t(
            'The pool has {0} now: the autoscaler drains and removes {1} of them (pods are evicted, respecting Pod Disruption Budgets, and scheduled again elsewhere).',
            nodesText(pool.count),
            pool.count - change.maxCount!,
          )
        : vscode.l10n.t('Running nodes are not touched now; the autoscaler adds or removes nodes within the new range as the load needs.');
  } else {
    const text = await questions.input({
      prompt: vscode.l10n.t('Number of nodes for {0} (now {1})', pool.name, pool.count ?? '?'),
      value: String(pool.count ?? 1),
      validate: (value) => nodeCountError(value, pool, vscode.l10n),
    });
    if (text === undefined) throw new UserCancelledError();
    const count = Number(text.trim());
    change = { count };
    const now = pool.count ?? 0;
    detail =
      count < now
        ? vscode.l10n.t(
            'AKS cordons and drains {0} of the running nodes (their pods are evicted, respecting Pod Disruption Budgets, and scheduled again on the nodes that stay) and {1} them.',
            nodesText(now - count),
            pool.scaleDownMode === 'Deallocate' ? vscode.l10n.t('deallocates') : vscode.l10n.t('deletes'),
          )
        : vscode.l10n.t('AKS adds {0}; the running nodes and their pods are not touched.', nodesText(count - now));
  }
  const summary =
    change.count !== undefined
      ? vscode.l10n.t('Scale node pool {0} of {1} from {2} to {3}?', pool.name, cluster.name, pool.count ?? '?', change.count)
      : vscode.l10n.t('Set the autoscaler range of {0} of {1} to {2}–{3}?', pool.name, cluster.name, change.minCount!, change.maxCount!);
  await confirmOrCancel(ctx, summary, detail, vscode.l10n.t('Scale'));
  await runAksOperation(ctx, feature, services, {
    cluster,
    busyOn: { kind: 'pool', id: pool.id },
    busyText: vscode.l10n.t('Scaling…'),
    title: vscode.l10n.t('Scaling {0}', pool.name),
    abortId: pool.id,
    work: (aks, signal) => aks.aks.updateNodePool(pool.id, change, signal),
  });
}
