import { ResourceGraphUnavailableError } from '../../../azure/aksServices';
import type { ClusterInfo } from '../../../azure/core/aks';
import type { SubscriptionInfo, VmInfo } from '../../../azure/core/model';
import type { AzureServices } from '../../../azure/services';

/*
 * How the Azure tree loads, without vscode: the subscriptions, then every shown subscription's VMs and AKS clusters
 * at once. By default one Resource Graph query lists the VMs (and another the clusters) of every shown subscription,
 * paged at 1,000 rows; where Resource Graph cannot be used (a cloud without it, a refusal) it falls back to the
 * per-subscription lists and says why through `onFallback`. The tree and the bench (scripts/bench/azure.mjs) both use
 * this, so the bench times the tree's own loading.
 */

export interface SubscriptionListing {
  readonly subscription: SubscriptionInfo;
  /** Already started; rejects with that subscription's failure only (marked handled, so one failing is no crash). */
  readonly vms: Promise<VmInfo[]>;
  /** The subscription's AKS clusters with their pools; started and handled like `vms`. */
  readonly clusters: Promise<ClusterInfo[]>;
}

export interface TreeListing {
  /** Every subscription the account has, before the filter. */
  readonly all: readonly SubscriptionInfo[];
  readonly shown: readonly SubscriptionListing[];
}

export interface ListingOptions {
  /** False: list per subscription without asking Resource Graph (the bench's baseline). Default true. */
  readonly resourceGraph?: boolean;
  /** Called when Resource Graph cannot be used and the listing falls back to per-subscription lists. */
  readonly onFallback?: (reason: string) => void;
}

type ListingServices = Pick<AzureServices, 'listSubscriptions' | 'listVms' | 'aks' | 'graph'>;

/**
 * Per subscription, a promise of its items: from one fleet-wide query split by subscription, or (without one, or
 * when Resource Graph turns out to be unavailable) from each subscription's own list.
 */
function perSubscription<T>(
  subscriptionIds: readonly string[],
  fleet: (() => Promise<T[]>) | undefined,
  own: (subscriptionId: string) => Promise<T[]>,
  subscriptionOf: (item: T) => string,
  onFallback: (reason: string) => void,
): Map<string, Promise<T[]>> {
  const lists = new Map<string, Promise<T[]>>();
  if (!fleet) {
    for (const id of subscriptionIds) lists.set(id, own(id));
    return lists;
  }
  const grouped = fleet().then(
    (items) => {
      const bySubscription = new Map<string, T[]>();
      for (const item of items) {
        const key = subscriptionOf(item).toLowerCase();
        const list = bySubscription.get(key) ?? [];
        list.push(item);
        bySubscription.set(key, list);
      }
      return { bySubscription };
    },
    (error: unknown) => {
      if (error instanceof ResourceGraphUnavailableError) {
        onFallback(error.reason);
        return { fallback: true as const };
      }
      throw error;
    },
  );
  for (const id of subscriptionIds) {
    lists.set(
      id,
      grouped.then((result) => ('fallback' in result ? own(id) : (result.bySubscription.get(id.toLowerCase()) ?? []))),
    );
  }
  return lists;
}

/** Lists the subscriptions, keeps the ones the filter names (all without one) and starts all their VM and cluster lists. */
export async function startTreeListing(
  services: ListingServices,
  filter: readonly string[] | undefined,
  signal: AbortSignal,
  options: ListingOptions = {},
): Promise<TreeListing> {
  const all = await services.listSubscriptions(signal);
  const shown = filter ? all.filter((subscription) => filter.includes(subscription.subscriptionId)) : all;
  const ids = shown.map((subscription) => subscription.subscriptionId);
  const graph = options.resourceGraph !== false && ids.length > 0;
  let fellBack = false;
  const onFallback = (reason: string) => {
    if (!fellBack) options.onFallback?.(reason);
    fellBack = true;
  };
  const vms = perSubscription(
    ids,
    graph ? () => services.graph.queryVms(ids, signal) : undefined,
    (id) => services.listVms(id, signal),
    (vm) => vm.subscriptionId,
    onFallback,
  );
  const clusters = perSubscription(
    ids,
    graph ? () => services.graph.queryClusters(ids, signal) : undefined,
    (id) => services.aks.listClusters(id, signal),
    (cluster) => cluster.subscriptionId,
    onFallback,
  );
  return {
    all,
    shown: shown.map((subscription) => {
      const vmList = vms.get(subscription.subscriptionId)!;
      const clusterList = clusters.get(subscription.subscriptionId)!;
      vmList.catch(() => undefined);
      clusterList.catch(() => undefined);
      return { subscription, vms: vmList, clusters: clusterList };
    }),
  };
}
