import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import type { ClusterInfo } from '../../azure/core/aks';
import type { SubscriptionInfo, VmInfo } from '../../azure/core/model';
import type { AzureServices } from '../../azure/services';
import type { Log } from '../../util/log';
import { startTreeListing, type TreeListing } from './core/loading';

const subscriptionFilterKey = 'azureLinux.azure.subscriptionFilter';

/**
 * What changed: everything, one subscription's VM or cluster list, one VM, one AKS cluster or one node pool (its
 * state or its progress text).
 */
export type VmListingChange =
  | { readonly kind: 'all' }
  | { readonly kind: 'subscription'; readonly subscriptionId: string }
  | { readonly kind: 'vm'; readonly vmId: string }
  | { readonly kind: 'cluster'; readonly clusterId: string }
  | { readonly kind: 'nodePool'; readonly poolId: string };

/** One generation of listing: dropped whole by a refresh, which aborts everything it still had under way. */
interface Generation {
  readonly abort: AbortController;
  listing?: Promise<TreeListing>;
  readonly vms: Map<string, Promise<VmInfo[]>>;
  readonly clusters: Map<string, Promise<ClusterInfo[]>>;
}

/**
 * The Azure feature's model of what is there: the subscriptions and each one's VMs, loaded once per generation and
 * shared by the tree and the commands, plus the progress text of actions running on VMs. Every shown subscription's
 * VMs start loading as soon as the subscriptions are known, so expanding any of them is instant.
 */
export class VmListing implements vscode.Disposable {
  private generation = VmListing.newGeneration();
  /** Actions' progress by VM id in lower case: kept apart from the listing, so a refresh during an action keeps it. */
  private readonly busy = new Map<string, string>();
  /** How to cancel the AKS actions running on clusters and pools that can be cancelled, by lower-case id. */
  private readonly cancels = new Map<string, () => void>();
  private readonly changed = new vscode.EventEmitter<VmListingChange>();
  readonly onDidChange = this.changed.event;
  private readonly revealRequested = new vscode.EventEmitter<string>();
  /** A command asks the tree to show a VM to the person (a VM it just created). */
  readonly onDidRequestReveal = this.revealRequested.event;

  constructor(
    private readonly services: () => AzureServices,
    private readonly globalState: vscode.Memento,
    private readonly log?: Log,
  ) {}

  private static newGeneration(): Generation {
    const abort = new AbortController();
    // One signal is shared by every load of a generation (dozens of SDK requests listen to it).
    setMaxListeners(0, abort.signal);
    return { abort, vms: new Map(), clusters: new Map() };
  }

  /** Aborted by the next refresh: for reads that belong to what the tree shows now. */
  get signal(): AbortSignal {
    return this.generation.abort.signal;
  }

  /** The subscriptions (all, and those the filter shows) with every shown one's VMs already loading. */
  listing(): Promise<TreeListing> {
    const generation = this.generation;
    if (!generation.listing) {
      const started = startTreeListing(this.services(), this.subscriptionFilter(), generation.abort.signal, {
        onFallback: (reason) =>
          this.log?.info(`Azure Resource Graph cannot be used here, so every subscription is listed on its own: ${reason}`),
      });
      generation.listing = started;
      started.then(
        ({ shown }) => {
          for (const { subscription, vms, clusters } of shown) {
            if (!generation.vms.has(subscription.subscriptionId)) void this.keep(generation, subscription.subscriptionId, vms);
            if (!generation.clusters.has(subscription.subscriptionId))
              void this.keepIn(generation.clusters, subscription.subscriptionId, clusters);
          }
        },
        () => {
          // Not kept: the next call lists again.
          if (generation.listing === started) generation.listing = undefined;
        },
      );
    }
    return generation.listing;
  }

  /** A subscription's VMs (every VM, shown or not); a failure is not kept, so the next call tries again. */
  vms(subscriptionId: string): Promise<VmInfo[]> {
    const generation = this.generation;
    return (
      generation.vms.get(subscriptionId) ??
      this.keep(generation, subscriptionId, this.services().listVms(subscriptionId, generation.abort.signal))
    );
  }

  private keep(generation: Generation, subscriptionId: string, vms: Promise<VmInfo[]>): Promise<VmInfo[]> {
    return this.keepIn(generation.vms, subscriptionId, vms);
  }

  private keepIn<T>(lists: Map<string, Promise<T[]>>, subscriptionId: string, list: Promise<T[]>): Promise<T[]> {
    lists.set(subscriptionId, list);
    list.catch(() => {
      if (lists.get(subscriptionId) === list) lists.delete(subscriptionId);
    });
    return list;
  }

  /** A subscription's AKS clusters with their pools; a failure is not kept, so the next call tries again. */
  clusters(subscriptionId: string): Promise<ClusterInfo[]> {
    const generation = this.generation;
    return (
      generation.clusters.get(subscriptionId) ??
      this.keepIn(generation.clusters, subscriptionId, this.services().aks.listClusters(subscriptionId, generation.abort.signal))
    );
  }

  /** Every cluster of the shown subscriptions (loading them as needed); subscriptions that fail to list are left out. */
  async allClusters(): Promise<ClusterInfo[]> {
    const subscriptions = await this.shownSubscriptions();
    const lists = await Promise.all(subscriptions.map((subscription) => this.clusters(subscription.subscriptionId).catch(() => [])));
    return lists.flat();
  }

  /** Shows (or with undefined ends) an action's progress on a cluster. */
  setClusterBusy(clusterId: string, text: string | undefined, cancel?: () => void): void {
    this.setBusyText(clusterId, text, cancel);
    this.changed.fire({ kind: 'cluster', clusterId });
  }

  /** Shows (or with undefined ends) an action's progress on a node pool; `cancel` makes it cancellable from the tree. */
  setPoolBusy(poolId: string, text: string | undefined, cancel?: () => void): void {
    this.setBusyText(poolId, text, cancel);
    this.changed.fire({ kind: 'nodePool', poolId });
  }

  /** Whether the action running on a cluster or pool can be cancelled from the tree. */
  isCancellable(id: string): boolean {
    return this.cancels.has(id.toLowerCase());
  }

  /** Cancels the action running on a cluster or pool; false when none that can be cancelled runs. */
  cancelBusy(id: string): boolean {
    const cancel = this.cancels.get(id.toLowerCase());
    cancel?.();
    return cancel !== undefined;
  }

  private setBusyText(id: string, text: string | undefined, cancel?: () => void): void {
    const key = id.toLowerCase();
    if (text === undefined) this.busy.delete(key);
    else this.busy.set(key, text);
    if (text !== undefined && cancel) this.cancels.set(key, cancel);
    else this.cancels.delete(key);
  }

  /** A cluster as AKS reports it now (after an action): it replaces the listed one, or joins its subscription. */
  async showCluster(cluster: ClusterInfo): Promise<void> {
    const generation = this.generation;
    const current = await this.clusters(cluster.subscriptionId).catch(() => undefined);
    if (current && generation === this.generation) {
      const key = cluster.id.toLowerCase();
      const others = current.filter((existing) => existing.id.toLowerCase() !== key);
      generation.clusters.set(cluster.subscriptionId, Promise.resolve([...others, cluster]));
    }
    this.changed.fire({ kind: 'subscription', subscriptionId: cluster.subscriptionId });
  }

  async shownSubscriptions(): Promise<readonly SubscriptionInfo[]> {
    return (await this.listing()).shown.map(({ subscription }) => subscription);
  }

  /** Every VM of the shown subscriptions (loading them as needed); subscriptions that fail to list are left out. */
  async allVms(): Promise<VmInfo[]> {
    const subscriptions = await this.shownSubscriptions();
    const lists = await Promise.all(subscriptions.map((subscription) => this.vms(subscription.subscriptionId).catch(() => [])));
    return lists.flat();
  }

  busyText(vmId: string): string | undefined {
    return this.busy.get(vmId.toLowerCase());
  }

  /** Shows (or with undefined ends) an action's progress on a VM. */
  setBusy(vmId: string, text: string | undefined): void {
    if (text === undefined) this.busy.delete(vmId.toLowerCase());
    else this.busy.set(vmId.toLowerCase(), text);
    this.changed.fire({ kind: 'vm', vmId });
  }

  /** A VM's new state, from Azure: its action is over; a VM the listing did not have (just created) joins its subscription. */
  async showVm(vm: VmInfo): Promise<void> {
    this.busy.delete(vm.id.toLowerCase());
    await this.replace(vm.subscriptionId, vm.id, vm);
  }

  async removeVm(vm: VmInfo): Promise<void> {
    this.busy.delete(vm.id.toLowerCase());
    await this.replace(vm.subscriptionId, vm.id, undefined);
  }

  private async replace(subscriptionId: string, vmId: string, vm: VmInfo | undefined): Promise<void> {
    const generation = this.generation;
    const current = await this.vms(subscriptionId).catch(() => undefined);
    if (!current || generation !== this.generation) {
      // Not listed (or refreshed meanwhile): the next listing reads it from Azure anyway.
      this.changed.fire({ kind: 'subscription', subscriptionId });
      return;
    }
    const key = vmId.toLowerCase();
    const others = current.filter((existing) => existing.id.toLowerCase() !== key);
    generation.vms.set(subscriptionId, Promise.resolve(vm ? [...others, vm] : others));
    this.changed.fire({ kind: 'subscription', subscriptionId });
  }

  /** Asks the tree to select and show a VM. */
  reveal(vmId: string): void {
    this.revealRequested.fire(vmId);
  }

  /** Draws again from what is loaded: a display setting changed. */
  redraw(): void {
    this.changed.fire({ kind: 'all' });
  }

  /** Lists again: cancels in-flight loads and drops every cached list. */
  refresh(): void {
    this.generation.abort.abort();
    this.generation = VmListing.newGeneration();
    this.changed.fire({ kind: 'all' });
  }

  subscriptionFilter(): string[] | undefined {
    return this.globalState.get<string[]>(subscriptionFilterKey);
  }

  async setSubscriptionFilter(subscriptionIds: string[] | undefined): Promise<void> {
    await this.globalState.update(subscriptionFilterKey, subscriptionIds);
    this.refresh();
  }

  dispose(): void {
    this.generation.abort.abort();
    this.changed.dispose();
    this.revealRequested.dispose();
  }
}
