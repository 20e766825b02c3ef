import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import { isShownVm } from '../../azure/core/classify';
import type { SubscriptionInfo, VmInfo } from '../../azure/core/model';
import type { AzureSession } from '../../azure/session';
import { errorMessage } from '../../util/errors';
import type { Log } from '../../util/log';
import { logError } from '../../util/log';
import type { NodeTreeProvider, TreeNode } from '../treeNode';
import { startTreeListing, type SubscriptionListing } from './core/loading';
import { groupByResourceGroup, sortVms, vmBusyContextValue, vmContextValue, vmDescription, vmIcon, vmTooltip } from './core/presentation';

/*
 * Account -> subscriptions -> (resource groups) -> VMs. Each subscription loads on its own, all in parallel as
 * soon as the subscriptions are known; a failing subscription shows its error as a child and the rest of the
 * tree stays. Node objects live as long as their data, so a refresh of one VM node updates it in place.
 */

const section = 'azureLinux.azure';
const subscriptionFilterKey = 'azureLinux.azure.subscriptionFilter';

export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
    private readonly message: string,
    private readonly kind: 'error' | 'info',
    private readonly command?: vscode.Command,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(
      this.kind === 'error' ? 'error' : 'info',
      this.kind === 'error' ? new vscode.ThemeColor('errorForeground') : undefined,
    );
    item.tooltip = this.message;
    item.contextValue = this.kind === 'error' ? 'azureError' : 'azureInfo';
    item.command = this.command;
    return item;
  }
}

/** The progress text of each VM with an action running ("Stopping…"), by VM id in lower case. */
export type BusyTexts = ReadonlyMap<string, string>;

export class VmNode implements TreeNode {
  readonly id: string;

  constructor(
    public vm: VmInfo,
    /** Changes when the grouping does; the node itself stays. */
    public parent: TreeNode,
    /** The tree's, so a node made by a Refresh while an action runs still shows its progress. */
    private readonly busyTexts: BusyTexts,
  ) {
    this.id = `vm:${vm.id.toLowerCase()}`;
  }

  /** A temporary description while an action runs, or undefined. */
  get busy(): string | undefined {
    return this.busyTexts.get(this.vm.id.toLowerCase());
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.vm.name, vscode.TreeItemCollapsibleState.None);
    item.description = this.busy ?? vmDescription(this.vm, vscode.l10n);
    item.tooltip = new vscode.MarkdownString(vmTooltip(this.vm, vscode.l10n));
    const icon = vmIcon(this.busy ? 'starting' : this.vm.powerState);
    item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = this.busy ? vmBusyContextValue : vmContextValue(this.vm.powerState);
    return item;
  }
}

export class ResourceGroupNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly name: string,
    readonly parent: SubscriptionNode,
    readonly children: VmNode[],
  ) {
    this.id = `${parent.id}/rg:${name.toLowerCase()}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Expanded);
    item.iconPath = new vscode.ThemeIcon('folder');
    item.description = String(this.children.length);
    item.contextValue = 'azureResourceGroup';
    return item;
  }

  getChildren(): readonly TreeNode[] {
    return this.children;
  }
}

export class SubscriptionNode implements TreeNode {
  readonly id: string;
  private loading: Promise<VmInfo[]> | undefined;
  private childNodes: TreeNode[] | undefined;
  busy: string | undefined;

  constructor(
    readonly subscription: SubscriptionInfo,
    readonly parent: AccountNode,
    private readonly tree: VmTree,
    /** The VM list the account's load started already, if any. */
    started?: Promise<VmInfo[]>,
  ) {
    this.id = `subscription:${subscription.subscriptionId}`;
    this.loading = started;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.subscription.displayName, vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = new vscode.ThemeIcon('key');
    item.description = this.busy;
    item.tooltip = `${this.subscription.displayName}\n${this.subscription.subscriptionId}`;
    item.contextValue = 'azureSubscription';
    return item;
  }

  /** Starts loading (once) and returns the subscription's VMs; errors reject. */
  load(): Promise<VmInfo[]> {
    if (!this.loading) {
      this.loading = this.tree.session.services().listVms(this.subscription.subscriptionId, this.tree.signal);
      // Marked handled here; getChildren reports the failure where the person looks.
      this.loading.catch(() => undefined);
    }
    return this.loading;
  }

  async getChildren(): Promise<readonly TreeNode[]> {
    if (this.childNodes) {
      return this.childNodes;
    }
    let vms: VmInfo[];
    try {
      vms = await this.load();
    } catch (error) {
      if (this.tree.session.handleSignInFailure(error)) {
        this.tree.refresh();
        return [];
      }
      logError(this.tree.log, `Listing VMs of ${this.subscription.displayName} failed`, error);
      // Not cached: expanding again (or Refresh) retries.
      this.loading = undefined;
      return [new MessageNode(`${this.id}/error`, this, errorMessage(error), 'error')];
    }
    this.childNodes = this.buildChildren(vms);
    return this.childNodes;
  }

  vmNodes(): VmNode[] {
    return (this.childNodes ?? []).flatMap((node) =>
      node instanceof VmNode ? [node] : node instanceof ResourceGroupNode ? node.children : [],
    );
  }

  /**
   * The children for `vms`. A VM that already has a node keeps it (updated), so an action running on it keeps its
   * progress text and the command holding the node still reaches the one the tree shows.
   */
  private buildChildren(vms: readonly VmInfo[]): TreeNode[] {
    const existing = new Map(this.vmNodes().map((node) => [node.id, node]));
    const nodeFor = (vm: VmInfo, parent: TreeNode): VmNode => {
      const node = existing.get(`vm:${vm.id.toLowerCase()}`);
      if (!node) {
        return new VmNode(vm, parent, this.tree.busyTexts);
      }
      node.vm = vm;
      node.parent = parent;
      return node;
    };
    const config = vscode.workspace.getConfiguration(section);
    const shown = vms.filter((vm) => isShownVm(vm, config.get<boolean>('showAllLinuxVms', false)));
    if (shown.length === 0) {
      const message =
        vms.length > 0 ? vscode.l10n.t('No Azure Linux VMs ({0} other VMs hidden)', vms.length) : vscode.l10n.t('No Azure Linux VMs');
      return [
        new MessageNode(`${this.id}/empty`, this, message, 'info', {
          title: vscode.l10n.t('Create Azure Linux VM'),
          command: 'azureLinux.azure.createVm',
          arguments: [this],
        }),
      ];
    }
    if (config.get<boolean>('groupByResourceGroup', false)) {
      return groupByResourceGroup(shown).map(([name, groupVms]) => {
        const children: VmNode[] = [];
        const group = new ResourceGroupNode(name, this, children);
        children.push(...groupVms.map((vm) => nodeFor(vm, group)));
        return group;
      });
    }
    return sortVms(shown).map((vm) => nodeFor(vm, this));
  }

  /** Adds, replaces or (with `removeId`) drops one VM without reloading the subscription. */
  updateVm(vm: VmInfo | undefined, removeId?: string): void {
    const current = this.vmNodes().map((node) => node.vm);
    const key = (vm?.id ?? removeId ?? '').toLowerCase();
    const others = current.filter((existing) => existing.id.toLowerCase() !== key);
    this.childNodes = this.buildChildren(vm ? [...others, vm] : others);
    this.loading = Promise.resolve(this.vmNodes().map((node) => node.vm));
  }
}

export class AccountNode implements TreeNode {
  readonly id = 'azure-account';
  readonly parent = undefined;
  private children: Promise<TreeNode[]> | undefined;

  constructor(private readonly tree: VmTree) {}

  getTreeItem(): vscode.TreeItem {
    const session = this.tree.session;
    const label = session.tenantId ? vscode.l10n.t('Azure ({0})', session.tenantId) : vscode.l10n.t('Azure');
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.iconPath = new vscode.ThemeIcon('azure');
    item.description = session.authentication === 'azureCli' ? vscode.l10n.t('Azure CLI') : undefined;
    item.tooltip = vscode.l10n.t('Cloud: {0}\nResource Manager: {1}', session.cloud.name, session.cloud.resourceManagerEndpoint);
    item.contextValue = 'azureAccount';
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return (this.children ??= this.loadChildren());
  }

  async subscriptionNodes(): Promise<SubscriptionNode[]> {
    return (await this.getChildren()).filter((node): node is SubscriptionNode => node instanceof SubscriptionNode);
  }

  private async loadChildren(): Promise<TreeNode[]> {
    let subscriptions: readonly SubscriptionInfo[];
    let shown: readonly SubscriptionListing[];
    try {
      // Every shown subscription's VMs start loading now and in parallel, so expanding any of them is instant.
      ({ all: subscriptions, shown } = await startTreeListing(
        this.tree.session.services(),
        this.tree.subscriptionFilter(),
        this.tree.signal,
      ));
    } catch (error) {
      this.children = undefined;
      if (this.tree.session.handleSignInFailure(error)) {
        this.tree.refresh();
        return [];
      }
      logError(this.tree.log, 'Listing subscriptions failed', error);
      return [new MessageNode(`${this.id}/error`, this, errorMessage(error), 'error')];
    }
    if (shown.length === 0) {
      return [
        new MessageNode(
          `${this.id}/none`,
          this,
          subscriptions.length ? vscode.l10n.t('All subscriptions are filtered out') : vscode.l10n.t('No subscriptions'),
          'info',
          {
            title: vscode.l10n.t('Filter Subscriptions'),
            command: 'azureLinux.azure.filterSubscriptions',
          },
        ),
      ];
    }
    return shown.map((listing) => new SubscriptionNode(listing.subscription, this, this.tree, listing.vms));
  }
}

/** The VM tree's state: its nodes, the session they come from, and the TreeView they show in. */
export class VmTree implements vscode.Disposable {
  private account: AccountNode | undefined;
  private abort = VmTree.newAbortController();
  view: vscode.TreeView<TreeNode> | undefined;
  provider: NodeTreeProvider | undefined;
  /** Actions' progress by VM: kept here, not on nodes, so it outlives a Refresh that rebuilds them. */
  private readonly busy = new Map<string, string>();
  readonly busyTexts: BusyTexts = this.busy;

  constructor(
    readonly session: AzureSession,
    readonly log: Log,
    private readonly globalState: vscode.Memento,
  ) {}

  /** One signal is shared by every load of a tree generation (dozens of SDK requests listen to it). */
  private static newAbortController(): AbortController {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    return controller;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  attach(view: vscode.TreeView<TreeNode>, provider: NodeTreeProvider): void {
    this.view = view;
    this.provider = provider;
  }

  async roots(): Promise<TreeNode[]> {
    if (this.session.state !== 'signedIn' && !(await this.session.trySilentSignIn())) {
      // No nodes: VS Code shows the view's welcome content with "Sign in to Azure".
      this.account = undefined;
      return [];
    }
    return [(this.account ??= new AccountNode(this))];
  }

  /** Reloads everything: cancels in-flight loads and drops every cached list. */
  refresh(): void {
    this.abort.abort();
    this.abort = VmTree.newAbortController();
    this.account = undefined;
    this.provider?.refresh();
  }

  refreshNode(node: TreeNode): void {
    this.provider?.refresh(node);
  }

  subscriptionFilter(): string[] | undefined {
    return this.globalState.get<string[]>(subscriptionFilterKey);
  }

  async setSubscriptionFilter(subscriptionIds: string[] | undefined): Promise<void> {
    await this.globalState.update(subscriptionFilterKey, subscriptionIds);
    this.refresh();
  }

  async subscriptionNodes(): Promise<SubscriptionNode[]> {
    const roots = await this.roots();
    const account = roots.find((node): node is AccountNode => node instanceof AccountNode);
    return account ? account.subscriptionNodes() : [];
  }

  /** Every shown VM node across the shown subscriptions (loading them as needed); failing subscriptions are skipped. */
  async allVmNodes(): Promise<VmNode[]> {
    const subscriptions = await this.subscriptionNodes();
    const perSubscription = await Promise.all(
      subscriptions.map(async (node) => {
        await node.getChildren();
        return node.vmNodes();
      }),
    );
    return perSubscription.flat();
  }

  async findVmNode(vmId: string): Promise<VmNode | undefined> {
    const key = vmId.toLowerCase();
    return (await this.allVmNodes()).find((node) => node.vm.id.toLowerCase() === key);
  }

  async findSubscriptionNode(subscriptionId: string): Promise<SubscriptionNode | undefined> {
    return (await this.subscriptionNodes()).find((node) => node.subscription.subscriptionId === subscriptionId);
  }

  /** Shows (or with undefined ends) an action's progress on a VM: on the node the tree shows now, whichever it is. */
  setBusy(node: VmNode, text: string | undefined): void {
    const key = node.vm.id.toLowerCase();
    if (text === undefined) this.busy.delete(key);
    else this.busy.set(key, text);
    this.refreshNode(node);
    void this.findVmNode(node.vm.id).then(
      (shown) => shown && shown !== node && this.refreshNode(shown),
      () => undefined,
    );
  }

  /** Shows a VM's new state; a VM the tree did not have (just created) joins its subscription. */
  async showVm(vm: VmInfo): Promise<VmNode | undefined> {
    const existing = await this.findVmNode(vm.id);
    if (existing) {
      existing.vm = vm;
      this.busy.delete(vm.id.toLowerCase());
      this.refreshNode(existing);
      return existing;
    }
    const subscription = await this.findSubscriptionNode(vm.subscriptionId);
    if (!subscription) {
      return undefined;
    }
    await subscription.getChildren();
    subscription.updateVm(vm);
    this.refreshNode(subscription);
    return this.findVmNode(vm.id);
  }

  async removeVm(vm: VmInfo): Promise<void> {
    const subscription = await this.findSubscriptionNode(vm.subscriptionId);
    if (subscription) {
      subscription.updateVm(undefined, vm.id);
      this.refreshNode(subscription);
    }
  }

  async reveal(node: TreeNode): Promise<void> {
    await this.view?.reveal(node, { select: true, focus: true, expand: true });
  }

  dispose(): void {
    this.abort.abort();
  }
}
