import type { SubscriptionInfo, VmInfo } from '../../../azure/core/model';
import type { AzureServices } from '../../../azure/services';

/*
 * How the VM tree loads, without vscode: the subscriptions, then every shown subscription's VMs at once. The tree
 * and the bench (scripts/bench/azure.mjs) both use this, so the bench times the tree's own fan-out.
 */

export interface SubscriptionListing {
  readonly subscription: SubscriptionInfo;
  /** Already started; rejects with that subscription's failure only (marked handled, so one failing is no crash). */
  readonly vms: Promise<VmInfo[]>;
}

export interface TreeListing {
  /** Every subscription the account has, before the filter. */
  readonly all: readonly SubscriptionInfo[];
  readonly shown: readonly SubscriptionListing[];
}

/** Lists the subscriptions, keeps the ones the filter names (all without one) and starts all their VM lists in parallel. */
export async function startTreeListing(
  services: Pick<AzureServices, 'listSubscriptions' | 'listVms'>,
  filter: readonly string[] | undefined,
  signal: AbortSignal,
): Promise<TreeListing> {
  const all = await services.listSubscriptions(signal);
  const shown = filter ? all.filter((subscription) => filter.includes(subscription.subscriptionId)) : all;
  return {
    all,
    shown: shown.map((subscription) => {
      const vms = services.listVms(subscription.subscriptionId, signal);
      vms.catch(() => undefined);
      return { subscription, vms };
    }),
  };
}
