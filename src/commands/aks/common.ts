import * as vscode from 'vscode';
import type { ClusterInfo, NodePoolInfo } from '../../azure/core/aks';
import type { AzureServices } from '../../azure/services';
import type { AzlContext } from '../../context';
import type { AzureFeature } from '../../features/azure';
import { withProgressActivity } from '../../features/activity';
import { abortOn } from '../../util/cancellation';
import { errorMessage, NoticeError, UserCancelledError } from '../../util/errors';
import { ClusterNode, NodePoolNode } from '../../views/azure/clusterNodes';
import {
  clusterActions,
  clusterState,
  poolActions,
  poolFlags,
  poolState,
  type ClusterAction,
  type PoolAction,
} from '../../views/azure/core/aksPresentation';
import { runForEach } from '../runForEach';
import { signedInFeature } from '../azure/common';
import type { AksPickItem } from './questions';

/** A pool a command acts on, with its cluster as the tree has it. */
export interface PoolTarget {
  readonly pool: NodePoolInfo;
  readonly cluster: ClusterInfo;
}

/** 412 from AKS: the resource changed since the eTag the request carried. */
export function isPreconditionFailed(error: unknown): boolean {
  const typed = error as { statusCode?: number; code?: string } | undefined;
  return typed?.statusCode === 412 || typed?.code === 'PreconditionFailed';
}

function poolOf(value: unknown): PoolTarget | undefined {
  return value instanceof NodePoolNode ? { pool: value.pool, cluster: value.cluster } : undefined;
}

function clusterOf(value: unknown): ClusterInfo | undefined {
  return value instanceof ClusterNode ? value.cluster : undefined;
}

/** The node pools a command acts on: the multi-selection, else the clicked node, else a pick of the pools that allow `action`. */
export async function targetPools(
  ctx: AzlContext,
  node: unknown,
  nodes: unknown,
  action: PoolAction,
  options: { readonly canPickMany: boolean; readonly placeHolder: string },
): Promise<PoolTarget[]> {
  const selected = Array.isArray(nodes) ? nodes.flatMap((item) => poolOf(item) ?? []) : [];
  if (selected.length > 0) return options.canPickMany ? selected : selected.slice(0, 1);
  const given = poolOf(node);
  if (given) return [given];
  const { feature } = await signedInFeature(ctx);
  const listing = feature.listing;
  const candidates = (await listing.allClusters()).flatMap((cluster) =>
    cluster.pools
      .filter((pool) => {
        const busy = listing.busyText(pool.id) !== undefined || listing.busyText(cluster.id) !== undefined;
        return poolActions(poolState(pool, cluster, busy), poolFlags(pool, cluster)).includes(action);
      })
      .map((pool) => ({ pool, cluster })),
  );
  if (candidates.length === 0) {
    throw new NoticeError(vscode.l10n.t('No node pool in the tree can do that right now.'));
  }
  const items: AksPickItem<PoolTarget>[] = candidates.map((target) => ({
    label: target.pool.name,
    description: `${target.cluster.name} · ${target.pool.osSKU ?? target.pool.osType ?? ''}`,
    detail: target.cluster.resourceGroup,
    value: target,
  }));
  const picked = await ctx.seams.aksQuestions.pick(items, options.placeHolder);
  if (!picked) throw new UserCancelledError();
  return [picked];
}

/** The clusters a command acts on: the multi-selection, else the clicked node, else a pick of the clusters that allow `action`. */
export async function targetClusters(
  ctx: AzlContext,
  node: unknown,
  nodes: unknown,
  action: ClusterAction,
  placeHolder: string,
): Promise<ClusterInfo[]> {
  const selected = Array.isArray(nodes) ? nodes.flatMap((item) => clusterOf(item) ?? []) : [];
  if (selected.length > 0) return selected;
  const given = clusterOf(node);
  if (given) return [given];
  const { feature } = await signedInFeature(ctx);
  const listing = feature.listing;
  const candidates = (await listing.allClusters()).filter((cluster) =>
    clusterActions(clusterState(cluster, listing.busyText(cluster.id) !== undefined)).includes(action),
  );
  if (candidates.length === 0) {
    throw new NoticeError(vscode.l10n.t('No Kubernetes cluster in the tree can do that right now.'));
  }
  const picked = await ctx.seams.aksQuestions.pick(
    candidates.map((cluster) => ({
      label: cluster.name,
      description: [cluster.kubernetesVersion, cluster.location].filter(Boolean).join(' · '),
      detail: cluster.resourceGroup,
      value: cluster,
    })),
    placeHolder,
  );
  if (!picked) throw new UserCancelledError();
  return [picked];
}

/** Asks the person; a no is a cancel, which the command wrapper keeps silent. */
export async function confirmOrCancel(ctx: AzlContext, message: string, detail: string, action: string): Promise<void> {
  if (!(await ctx.seams.aksQuestions.confirm(message, detail, action))) throw new UserCancelledError();
}

export interface AksOperation {
  /** The cluster the operation is on, read again at the end to show what AKS reports. */
  readonly cluster: ClusterInfo;
  /** What shows the progress: the pool's node (a pool id) or the cluster's. */
  readonly busyOn: { readonly kind: 'pool' | 'cluster'; readonly id: string };
  readonly busyText: string;
  readonly title: string;
  /** Whether AKS can abort it: a cancel then asks AKS to abort the operation running on `abortId`. */
  readonly abortId?: string;
  readonly work: (services: AzureServices, signal: AbortSignal) => Promise<void>;
}

/**
 * Runs an AKS operation with its progress on the tree node and in a notification (cancellable where AKS can abort
 * it: a cancel asks AKS to abort, then says how that went), and shows the cluster as AKS reports it afterwards.
 */
export async function runAksOperation(
  ctx: AzlContext,
  feature: AzureFeature,
  services: AzureServices,
  operation: AksOperation,
): Promise<void> {
  const listing = feature.listing;
  // Cancel from the notification, or from the node (the notification may be hidden by then).
  const fromTree = new AbortController();
  const cancel = operation.abortId !== undefined ? () => fromTree.abort() : undefined;
  const setBusy = (text: string | undefined) =>
    operation.busyOn.kind === 'pool'
      ? listing.setPoolBusy(operation.busyOn.id, text, cancel)
      : listing.setClusterBusy(operation.busyOn.id, text, cancel);
  setBusy(operation.busyText);
  try {
    await withProgressActivity(
      ctx.activity,
      { location: vscode.ProgressLocation.Notification, title: operation.title, cancellable: operation.abortId !== undefined },
      async (_progress, token) => {
        const abort = abortOn(token, fromTree.signal);
        try {
          await operation.work(services, abort.signal);
        } catch (error) {
          if (abort.signal.aborted && operation.abortId) {
            await abortLatest(ctx, services, operation.abortId, listing.signal);
            throw new UserCancelledError();
          }
          throw error;
        } finally {
          abort.dispose();
        }
      },
    );
  } finally {
    setBusy(undefined);
    try {
      await listing.showCluster(await services.aks.getCluster(operation.cluster.id, listing.signal));
    } catch (error) {
      ctx.log.warn(`Could not read ${operation.cluster.name} after the operation: ${errorMessage(error)}`);
    }
  }
}

async function abortLatest(ctx: AzlContext, services: AzureServices, resourceId: string, signal: AbortSignal): Promise<void> {
  const name = resourceId.split('/').at(-1) ?? resourceId;
  try {
    await services.aks.abortLatestOperation(resourceId, signal);
    void ctx.seams.notifications.info(vscode.l10n.t('Cancelled: AKS aborted the operation on {0}.', name));
  } catch (error) {
    ctx.log.warn(`Aborting the operation on ${resourceId} failed: ${errorMessage(error)}`);
    void ctx.seams.notifications.warning(
      vscode.l10n.t('AKS could not abort the operation on {0}; it may have finished first. {1}', name, errorMessage(error)),
    );
  }
}

/** Runs `work` for every target at once; every failure is reported, a sign-in failure turns into the prompt. */
export function forEachTarget<T>(
  feature: AzureFeature,
  targets: readonly T[],
  nameOf: (target: T) => string,
  work: (target: T) => Promise<void>,
): Promise<void> {
  return runForEach(targets, nameOf, work, (error) => feature.session.handleSignInFailure(error));
}

/** "3 nodes" / "1 node". */
export function nodesText(count: number | undefined): string {
  return count === 1 ? vscode.l10n.t('1 node') : vscode.l10n.t('{0} nodes', count ?? '?');
}
