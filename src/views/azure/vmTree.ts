import * as vscode from 'vscode';
import { isShownVm } from '../../azure/core/classify';
import type { SubscriptionInfo, VmInfo } from '../../azure/core/model';
import type { AzureFeature } from '../../features/azure';
import type { VmListingChange } from '../../features/azure/vmListing';
import { setting } from '../../settings';
import { errorMessage } from '../../util/errors';
import type { Log } from '../../util/log';
import { logError } from '../../util/log';
import { MessageNode } from '../messageNode';
import { ClusterNodes, clustersByResourceGroup } from './clusterNodes';
import type { NodeTreeProvider, TreeNode } from '../treeNode';
import {
  groupByResourceGroup,
  sortVms,
  vmBusyContextValue,
  vmContextValue,
  vmDescription,
  vmIcon,
  vmNodeId,
  vmTooltip,
} from './core/presentation';

/*
 * Account -> subscriptions -> (resource groups) -> Kubernetes clusters (clusterNodes.ts) and VMs, drawn from the
 * Azure feature's listing. A failing
 * subscription shows its error as a child and the rest of the tree stays. Node objects are kept by id, so a change
 * to one VM redraws the node VS Code already shows.
 */

const message = (id: string, parent: TreeNode, text: string, kind: 'error' | 'info', command?: vscode.Command) =>
  new MessageNode(id, text, { icon: kind, parent, command, contextValue: 'azure.message' });

export class VmNode implements TreeNode {
  readonly id: string;

  constructor(
    public vm: VmInfo,
    /** Changes when the grouping does; the node itself stays. */
    public parent: TreeNode,
    private readonly tree: VmTree,
  ) {
    this.id = vmNodeId(vm.id);
  }

  /** A temporary description while an action runs, or undefined. */
  get busy(): string | undefined {
    return this.tree.feature.listing.busyText(this.vm.id);
  }

  getTreeItem(): vscode.TreeItem {
    const busy = this.busy;
    const item = new vscode.TreeItem(this.vm.name, vscode.TreeItemCollapsibleState.None);
    item.description = busy ?? vmDescription(this.vm, vscode.l10n);
    item.tooltip = new vscode.MarkdownString(vmTooltip(this.vm, vscode.l10n));
    const icon = vmIcon(busy ? 'starting' : this.vm.powerState);
    item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = busy ? vmBusyContextValue : vmContextValue(this.vm.powerState);
    return item;
  }
}

export class ResourceGroupNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly name: string,
    readonly parent: SubscriptionNode,
    readonly children: TreeNode[],
  ) {
    this.id = `${parent.id}/rg:${name.toLowerCase()}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Expanded);
    item.iconPath = new vscode.ThemeIcon('folder');
    item.description = String(this.children.length);
    item.contextValue = 'azure.resourceGroup';
    return item;
  }

  getChildren(): readonly TreeNode[] {
    return this.children;
  }
}

export class SubscriptionNode implements TreeNode {
  readonly id: string;

  constructor(
    public subscription: SubscriptionInfo,
    readonly parent: AccountNode,
    private readonly tree: VmTree,
  ) {
    this.id = `subscription:${subscription.subscriptionId}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.subscription.displayName, vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = new vscode.ThemeIcon('key');
    item.tooltip = `${this.subscription.displayName}\n${this.subscription.subscriptionId}`;
    item.contextValue = 'azure.subscription';
    return item;
  }

  async getChildren(): Promise<readonly TreeNode[]> {
    const listing = this.tree.feature.listing;
    const [vmList, clusterList] = await Promise.allSettled([
      listing.vms(this.subscription.subscriptionId),
      listing.clusters(this.subscription.subscriptionId),
    ]);
    for (const result of [vmList, clusterList]) {
      if (result.status === 'rejected' && this.tree.feature.session.handleSignInFailure(result.reason)) {
        return [];
      }
    }
    if (clusterList.status === 'rejected') {
      logError(this.tree.log, `Listing the Kubernetes clusters of ${this.subscription.displayName} failed`, clusterList.reason);
    }
    const clusters = clusterList.status === 'fulfilled' ? clusterList.value : [];
    const clusterFailure = clusterList.status === 'rejected' ? (clusterList.reason as unknown) : undefined;
    const grouped = setting('azure.groupByResourceGroup');
    // Grouped, the clusters sit under their resource groups; a cluster list that failed has no groups, so its error
    // shows under the subscription either way.
    const clusterGroup =
      grouped && clusterFailure === undefined ? undefined : this.tree.clusterNodes.group(this, grouped ? [] : clusters, clusterFailure);
    const withClusters = (children: TreeNode[]): TreeNode[] => (clusterGroup ? [clusterGroup, ...children] : children);
    if (vmList.status === 'rejected') {
      logError(this.tree.log, `Listing VMs of ${this.subscription.displayName} failed`, vmList.reason);
      // The listing keeps no failure: expanding again (or Refresh) retries.
      const group = this.tree.clusterNodes.group(this, clusters, clusterFailure);
      return [...(group ? [group] : []), message(`${this.id}/error`, this, errorMessage(vmList.reason), 'error')];
    }
    const vms = vmList.value;
    const shown = vms.filter((vm) => isShownVm(vm, setting('azure.showAllLinuxVms')));
    const clusterGroups = clustersByResourceGroup(grouped ? clusters : []);
    if (shown.length === 0) {
      const text =
        vms.length > 0 ? vscode.l10n.t('No Azure Linux VMs ({0} other VMs hidden)', vms.length) : vscode.l10n.t('No Azure Linux VMs');
      const empty = message(`${this.id}/empty`, this, text, 'info', {
        title: vscode.l10n.t('Create Azure Linux VM'),
        command: 'azureLinux.azure.createVm',
        arguments: [this],
      });
      return [...withClusters(this.resourceGroupNodes([], clusterGroups)), empty];
    }
    if (grouped) {
      return withClusters(this.resourceGroupNodes(groupByResourceGroup(shown), clusterGroups));
    }
    return withClusters(sortVms(shown).map((vm) => this.tree.vmNode(vm, this)));
  }

  /** One node per resource group that has shown VMs or clusters: its clusters first, then its VMs. */
  private resourceGroupNodes(
    vmGroups: [string, VmInfo[]][],
    clusterGroups: ReturnType<typeof clustersByResourceGroup>,
  ): ResourceGroupNode[] {
    const names = new Map<string, string>();
    for (const [name] of vmGroups) names.set(name.toLowerCase(), name);
    for (const [key, group] of clusterGroups) if (!names.has(key)) names.set(key, group.name);
    return [...names.entries()]
      .sort((a, b) => a[1].localeCompare(b[1], undefined, { sensitivity: 'base' }))
      .map(([key, name]) => {
        const children: TreeNode[] = [];
        const group = new ResourceGroupNode(name, this, children);
        const clusterGroup = this.tree.clusterNodes.group(group, clusterGroups.get(key)?.clusters ?? [], undefined);
        if (clusterGroup) children.push(clusterGroup);
        const groupVms = vmGroups.find(([vmGroup]) => vmGroup.toLowerCase() === key)?.[1] ?? [];
        children.push(...groupVms.map((vm) => this.tree.vmNode(vm, group)));
        return group;
      });
  }
}

export class AccountNode implements TreeNode {
  readonly id = 'azure-account';
  readonly parent = undefined;

  constructor(private readonly tree: VmTree) {}

  getTreeItem(): vscode.TreeItem {
    const session = this.tree.feature.session;
    const label = session.tenantId ? vscode.l10n.t('Azure ({0})', session.tenantId) : vscode.l10n.t('Azure');
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.iconPath = new vscode.ThemeIcon('azure');
    item.description = session.authentication === 'azureCli' ? vscode.l10n.t('Azure CLI') : undefined;
    item.tooltip = vscode.l10n.t('Cloud: {0}\nResource Manager: {1}', session.cloud.name, session.cloud.resourceManagerEndpoint);
    item.contextValue = 'azure.account';
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    let listing;
    try {
      listing = await this.tree.feature.listing.listing();
    } catch (error) {
      if (this.tree.feature.session.handleSignInFailure(error)) {
        return [];
      }
      logError(this.tree.log, 'Listing subscriptions failed', error);
      return [message(`${this.id}/error`, this, errorMessage(error), 'error')];
    }
    if (listing.shown.length === 0) {
      const text = listing.all.length ? vscode.l10n.t('All subscriptions are filtered out') : vscode.l10n.t('No subscriptions');
      return [
        message(`${this.id}/none`, this, text, 'info', {
          title: vscode.l10n.t('Filter Subscriptions'),
          command: 'azureLinux.azure.filterSubscriptions',
        }),
      ];
    }
    return listing.shown.map(({ subscription }) => this.tree.subscriptionNode(subscription, this));
  }
}

/**
 * The Azure view (VMs and AKS clusters) over the Azure feature: the nodes VS Code has been given (kept by id, so the same VM is
 * the same node across redraws), redrawn as the listing changes, and revealed when a command asks.
 */
export class VmTree implements vscode.Disposable {
  private account: AccountNode | undefined;
  private readonly vmNodes = new Map<string, VmNode>();
  private readonly subscriptionNodes = new Map<string, SubscriptionNode>();
  /** The AKS clusters, their pools and their groups. */
  readonly clusterNodes = new ClusterNodes(this);
  private readonly disposables: vscode.Disposable[];

  constructor(
    readonly feature: AzureFeature,
    readonly log: Log,
    private readonly view: vscode.TreeView<TreeNode>,
    private readonly provider: NodeTreeProvider,
  ) {
    this.disposables = [
      feature.listing.onDidChange((change) => this.redraw(change)),
      feature.listing.onDidRequestReveal((vmId) => void this.reveal(vmId)),
    ];
  }

  async roots(): Promise<TreeNode[]> {
    const session = this.feature.session;
    if (session.state !== 'signedIn' && !(await session.trySilentSignIn())) {
      // No nodes: VS Code shows the view's welcome content with "Sign in to Azure".
      this.account = undefined;
      return [];
    }
    return [(this.account ??= new AccountNode(this))];
  }

  vmNode(vm: VmInfo, parent: TreeNode): VmNode {
    const id = vmNodeId(vm.id);
    const node = this.vmNodes.get(id) ?? new VmNode(vm, parent, this);
    node.vm = vm;
    node.parent = parent;
    this.vmNodes.set(id, node);
    return node;
  }

  subscriptionNode(subscription: SubscriptionInfo, account: AccountNode): SubscriptionNode {
    const existing = this.subscriptionNodes.get(subscription.subscriptionId);
    if (existing && existing.parent === account) {
      existing.subscription = subscription;
      return existing;
    }
    const node = new SubscriptionNode(subscription, account, this);
    this.subscriptionNodes.set(subscription.subscriptionId, node);
    return node;
  }

  private redraw(change: VmListingChange): void {
    if (change.kind === 'all') {
      this.account = undefined;
      this.provider.refresh();
      return;
    }
    const node =
      change.kind === 'vm'
        ? this.vmNodes.get(vmNodeId(change.vmId))
        : change.kind === 'cluster'
          ? this.clusterNodes.changed('cluster', change.clusterId)
          : change.kind === 'nodePool'
            ? this.clusterNodes.changed('nodePool', change.poolId)
            : this.subscriptionNodes.get(change.subscriptionId);
    // A node VS Code was never given needs no redraw: it is drawn fresh when its parent expands.
    if (node) this.provider.refresh(node);
  }

  private async reveal(vmId: string): Promise<void> {
    try {
      const vm = (await this.feature.listing.allVms()).find((candidate) => candidate.id.toLowerCase() === vmId.toLowerCase());
      const node = vm && this.vmNodes.get(vmNodeId(vm.id));
      if (node) {
        await this.view.reveal(node, { select: true, focus: true, expand: true });
      } else if (vm) {
        // Not drawn yet: expanding its subscription draws it, then it can be revealed.
        const subscription = this.subscriptionNodes.get(vm.subscriptionId);
        if (subscription) {
          await this.view.reveal(subscription, { expand: true });
          await subscription.getChildren();
          const drawn = this.vmNodes.get(vmNodeId(vm.id));
          if (drawn) await this.view.reveal(drawn, { select: true, focus: true, expand: true });
        }
      }
    } catch (error) {
      this.log.warn(`Could not reveal ${vmId}: ${errorMessage(error)}`);
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
