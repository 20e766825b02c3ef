import * as vscode from 'vscode';
import type { ClusterInfo, NodePoolInfo } from '../../azure/core/aks';
import { errorMessage } from '../../util/errors';
import { MessageNode } from '../messageNode';
import type { TreeNode } from '../treeNode';
import {
  clusterContextValue,
  clusterDescription,
  clusterIcon,
  clusterNodeId,
  clusterState,
  clusterTooltip,
  nodePoolNodeId,
  poolContextValue,
  poolDescription,
  poolFlags,
  poolIcon,
  poolState,
  poolTooltip,
  sortClusters,
  sortPools,
} from './core/aksPresentation';
import type { IconSpec } from './core/presentation';
import type { VmTree } from './vmTree';

/*
 * The AKS part of the Azure tree: under a subscription (or a resource group, when grouped) a "Kubernetes clusters"
 * node, each cluster with its node pools. Drawn from the Azure feature's listing (clusters per subscription, busy
 * texts); the nodes hold no state of their own beyond what they draw, and are kept by id so a change redraws the
 * node VS Code already shows.
 */

function icon(spec: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(spec.id, spec.color ? new vscode.ThemeColor(spec.color) : undefined);
}

export class NodePoolNode implements TreeNode {
  readonly id: string;

  constructor(
    public pool: NodePoolInfo,
    public cluster: ClusterInfo,
    public parent: ClusterNode,
    private readonly tree: VmTree,
  ) {
    this.id = nodePoolNodeId(pool.id);
  }

  get busy(): string | undefined {
    return this.tree.feature.listing.busyText(this.pool.id);
  }

  getTreeItem(): vscode.TreeItem {
    const busy = this.busy;
    const state = poolState(this.pool, this.cluster, busy !== undefined || this.parent.busy !== undefined);
    const item = new vscode.TreeItem(this.pool.name, vscode.TreeItemCollapsibleState.None);
    item.description = busy ?? poolDescription(this.pool, vscode.l10n);
    item.tooltip = new vscode.MarkdownString(poolTooltip(this.pool, vscode.l10n));
    item.iconPath = icon(poolIcon(this.pool, state));
    item.contextValue = poolContextValue(state, poolFlags(this.pool, this.cluster), this.tree.feature.listing.isCancellable(this.pool.id));
    return item;
  }
}

export class ClusterNode implements TreeNode {
  readonly id: string;

  constructor(
    public cluster: ClusterInfo,
    public parent: TreeNode,
    private readonly tree: VmTree,
  ) {
    this.id = clusterNodeId(cluster.id);
  }

  get busy(): string | undefined {
    return this.tree.feature.listing.busyText(this.cluster.id);
  }

  getTreeItem(): vscode.TreeItem {
    const busy = this.busy;
    const state = clusterState(this.cluster, busy !== undefined);
    const item = new vscode.TreeItem(this.cluster.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = busy ?? clusterDescription(this.cluster, vscode.l10n);
    item.tooltip = new vscode.MarkdownString(clusterTooltip(this.cluster, vscode.l10n));
    item.iconPath = icon(clusterIcon(state, this.cluster.provisioningState === 'Failed'));
    item.contextValue = clusterContextValue(state, this.tree.feature.listing.isCancellable(this.cluster.id));
    return item;
  }

  getChildren(): readonly TreeNode[] {
    if (this.cluster.pools.length === 0) {
      return [
        new MessageNode(`${this.id}/empty`, vscode.l10n.t('No node pools'), { icon: 'info', parent: this, contextValue: 'azure.message' }),
      ];
    }
    return sortPools(this.cluster.pools).map((pool) => this.tree.clusterNodes.poolNode(pool, this));
  }
}

export class ClusterGroupNode implements TreeNode {
  constructor(
    readonly id: string,
    public parent: TreeNode,
    public clusters: readonly ClusterInfo[],
    /** The cluster list failed: the group shows the failure instead. */
    public failure: unknown,
    private readonly tree: VmTree,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Kubernetes clusters'), vscode.TreeItemCollapsibleState.Expanded);
    item.iconPath = new vscode.ThemeIcon('server-environment');
    item.description = this.failure === undefined ? String(this.clusters.length) : undefined;
    item.contextValue = 'azure.clusterGroup';
    return item;
  }

  getChildren(): readonly TreeNode[] {
    if (this.failure !== undefined) {
      return [
        new MessageNode(`${this.id}/error`, errorMessage(this.failure), { icon: 'error', parent: this, contextValue: 'azure.message' }),
      ];
    }
    return sortClusters(this.clusters).map((cluster) => this.tree.clusterNodes.clusterNode(cluster, this));
  }
}

/** The cluster, pool and group nodes VS Code has been given, by id, so a change redraws the very node it shows. */
export class ClusterNodes {
  private readonly groups = new Map<string, ClusterGroupNode>();
  private readonly clusters = new Map<string, ClusterNode>();
  private readonly pools = new Map<string, NodePoolNode>();

  constructor(private readonly tree: VmTree) {}

  /** The "Kubernetes clusters" node under `parent`, or undefined when there is nothing to show (no clusters, no failure). */
  group(parent: TreeNode, clusters: readonly ClusterInfo[], failure: unknown): ClusterGroupNode | undefined {
    if (clusters.length === 0 && failure === undefined) return undefined;
    const id = `${parent.id}/clusters`;
    const node = this.groups.get(id) ?? new ClusterGroupNode(id, parent, clusters, failure, this.tree);
    node.parent = parent;
    node.clusters = clusters;
    node.failure = failure;
    this.groups.set(id, node);
    return node;
  }

  clusterNode(cluster: ClusterInfo, parent: TreeNode): ClusterNode {
    const id = clusterNodeId(cluster.id);
    const node = this.clusters.get(id) ?? new ClusterNode(cluster, parent, this.tree);
    node.cluster = cluster;
    node.parent = parent;
    this.clusters.set(id, node);
    return node;
  }

  poolNode(pool: NodePoolInfo, parent: ClusterNode): NodePoolNode {
    const id = nodePoolNodeId(pool.id);
    const node = this.pools.get(id) ?? new NodePoolNode(pool, parent.cluster, parent, this.tree);
    node.pool = pool;
    node.cluster = parent.cluster;
    node.parent = parent;
    this.pools.set(id, node);
    return node;
  }

  /** The drawn node a change is about, if VS Code has it. */
  changed(kind: 'cluster' | 'nodePool', resourceId: string): TreeNode | undefined {
    return kind === 'cluster' ? this.clusters.get(clusterNodeId(resourceId)) : this.pools.get(nodePoolNodeId(resourceId));
  }
}

/** Clusters by resource group name (as the ids spell it), for the grouped tree. */
export function clustersByResourceGroup(clusters: readonly ClusterInfo[]): Map<string, { name: string; clusters: ClusterInfo[] }> {
  const groups = new Map<string, { name: string; clusters: ClusterInfo[] }>();
  for (const cluster of clusters) {
    const key = cluster.resourceGroup.toLowerCase();
    const group = groups.get(key) ?? { name: cluster.resourceGroup, clusters: [] };
    group.clusters.push(cluster);
    groups.set(key, group);
  }
  return groups;
}
