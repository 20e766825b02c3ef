import {
  azureLinuxBadge,
  deletePoolRefusal,
  isOperationRunning,
  nodeOsFamily,
  type ClusterInfo,
  type NodePoolInfo,
} from '../../../azure/core/aks';
import { english, type L10n } from '../../../util/l10n';
import type { IconSpec } from './presentation';

/*
 * How AKS clusters and node pools look in the Azure tree and which actions they offer, as pure functions. The
 * package.json menus match the same contextValues with regexes; test/unit/azure/aksMenus.test.ts holds the two together.
 */

export type ClusterAction = 'start' | 'stop' | 'addNodePool' | 'cancelOperation';
export type PoolAction = 'migrateToAzureLinux' | 'upgradeNodeImage' | 'scale' | 'delete' | 'openAsFile' | 'cancelOperation';

export const clusterActionCommands: Record<ClusterAction, string> = {
  start: 'azureLinux.aks.startCluster',
  stop: 'azureLinux.aks.stopCluster',
  addNodePool: 'azureLinux.aks.addNodePoolFromFile',
  cancelOperation: 'azureLinux.aks.cancelOperation',
};

export const poolActionCommands: Record<PoolAction, string> = {
  migrateToAzureLinux: 'azureLinux.aks.migrateToAzureLinux',
  upgradeNodeImage: 'azureLinux.aks.upgradeNodeImage',
  scale: 'azureLinux.aks.scaleNodePool',
  delete: 'azureLinux.aks.deleteNodePool',
  cancelOperation: 'azureLinux.aks.cancelOperation',
  openAsFile: 'azureLinux.aks.openNodePoolAsFile',
};

export function clusterNodeId(clusterId: string): string {
  return `cluster:${clusterId.toLowerCase()}`;
}

export function nodePoolNodeId(poolId: string): string {
  return `nodePool:${poolId.toLowerCase()}`;
}

// ---- clusters ---------------------------------------------------------------------------------------------------

/** running, stopped, busy (an operation of ours or of AKS runs), or unknown (AKS reported no power state). */
export type ClusterState = 'running' | 'stopped' | 'busy' | 'unknown';

export const allClusterStates: readonly ClusterState[] = ['running', 'stopped', 'busy', 'unknown'];

export function clusterState(cluster: ClusterInfo, busy: boolean): ClusterState {
  if (busy || isOperationRunning(cluster.provisioningState)) return 'busy';
  if (cluster.powerState === 'Running') return 'running';
  if (cluster.powerState === 'Stopped') return 'stopped';
  return 'unknown';
}

/** `azure.cluster.<state>`, with `.cancellable` while an action of ours that AKS can abort runs on it. */
export function clusterContextValue(state: ClusterState, cancellable = false): string {
  return `azure.cluster.${state}${state === 'busy' && cancellable ? '.cancellable' : ''}`;
}

export function clusterActions(state: ClusterState, cancellable = false): ClusterAction[] {
  switch (state) {
    case 'running':
      return ['stop', 'addNodePool'];
    case 'stopped':
      return ['start'];
    case 'unknown':
      return ['start', 'stop'];
    case 'busy':
      return cancellable ? ['cancelOperation'] : [];
  }
}

function provisioningLabel(state: string | undefined, l10n: L10n): string | undefined {
  if (!state || state === 'Succeeded') return undefined;
  // AKS's own state names (Creating, Scaling, UpgradingNodeImageVersion, ...), split into words; they are AKS's, not ours.
  return state === 'Failed' ? l10n.t('Failed') : state.replace(/([a-z])([A-Z])/g, '$1 $2');
}

export function clusterDescription(cluster: ClusterInfo, l10n: L10n = english): string {
  const azureLinux = cluster.pools.filter((pool) => azureLinuxBadge(pool) !== undefined).length;
  const pools = cluster.pools.length === 1 ? l10n.t('1 node pool') : l10n.t('{0} node pools', cluster.pools.length);
  return [
    provisioningLabel(cluster.provisioningState, l10n) ??
      (cluster.powerState === 'Stopped' ? l10n.t('Stopped') : cluster.powerState === 'Running' ? l10n.t('Running') : undefined),
    cluster.kubernetesVersion ? l10n.t('Kubernetes {0}', cluster.kubernetesVersion) : undefined,
    azureLinux > 0 ? l10n.t('{0} ({1} Azure Linux)', pools, azureLinux) : pools,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function clusterIcon(state: ClusterState, failed: boolean): IconSpec {
  if (failed) return { id: 'error', color: 'errorForeground' };
  switch (state) {
    case 'busy':
      return { id: 'loading~spin' };
    case 'running':
      return { id: 'server-environment', color: 'testing.iconPassed' };
    case 'stopped':
      return { id: 'server-environment', color: 'disabledForeground' };
    case 'unknown':
      return { id: 'server-environment' };
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function rowsToMarkdown(title: string, rows: [string, string | undefined][], l10n: L10n): string {
  const lines = [`**${escapeMarkdown(title)}**`, ''];
  for (const [label, value] of rows) {
    if (value) lines.push(l10n.t('{0}: {1}', label, `${escapeMarkdown(value)}  `));
  }
  return lines.join('\n');
}

function tagsText(tags: Readonly<Record<string, string>>): string | undefined {
  return (
    Object.entries(tags)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ') || undefined
  );
}

export function clusterTooltip(cluster: ClusterInfo, l10n: L10n = english): string {
  return rowsToMarkdown(
    cluster.name,
    [
      [l10n.t('Kubernetes version'), cluster.kubernetesVersion],
      [l10n.t('Power state'), cluster.powerState],
      [l10n.t('Provisioning state'), cluster.provisioningState],
      [l10n.t('Region'), cluster.location],
      [l10n.t('Resource group'), cluster.resourceGroup],
      [l10n.t('Node resource group'), cluster.nodeResourceGroup],
      [l10n.t('API server'), cluster.fqdn],
      [l10n.t('Pricing tier'), cluster.skuTier],
      [l10n.t('Tags'), tagsText(cluster.tags)],
    ],
    l10n,
  );
}

// ---- node pools -------------------------------------------------------------------------------------------------

export type PoolState = 'ready' | 'busy' | 'stopped';

/** ready (actions allowed), busy (an operation of ours or AKS's runs on it or its cluster), stopped (its cluster is stopped). */
export function poolState(pool: NodePoolInfo, cluster: ClusterInfo, busy: boolean): PoolState {
  if (busy || isOperationRunning(pool.provisioningState) || isOperationRunning(cluster.provisioningState)) return 'busy';
  if (cluster.powerState === 'Stopped' || pool.powerState === 'Stopped') return 'stopped';
  return 'ready';
}

/** Whether the pool is one "Migrate to Azure Linux" is for: Linux, and on Ubuntu or on an Azure Linux older than 3.0. */
export function isMigrationCandidate(pool: NodePoolInfo): boolean {
  const family = nodeOsFamily(pool);
  if (family === 'ubuntu') return true;
  if (family !== 'azureLinux') return false;
  const sku = pool.osSKU?.toLowerCase();
  if (sku === 'azurelinux3') return false;
  const minor = /^(\d+)\.(\d+)/.exec(pool.kubernetesVersion ?? '');
  return minor ? Number(minor[1]) === 1 && Number(minor[2]) <= 31 : false;
}

export interface PoolFlags {
  readonly migratable: boolean;
  readonly deletable: boolean;
}

export function poolFlags(pool: NodePoolInfo, cluster: ClusterInfo): PoolFlags {
  return { migratable: isMigrationCandidate(pool), deletable: deletePoolRefusal(cluster, pool) === undefined };
}

/** `cancellable`: an action of ours that AKS can abort runs on the pool itself (see VmListing.setPoolBusy). */
export function poolContextValue(state: PoolState, flags: PoolFlags, cancellable = false): string {
  return [
    `azure.nodePool.${state}`,
    flags.migratable ? 'migratable' : undefined,
    flags.deletable ? 'deletable' : undefined,
    state === 'busy' && cancellable ? 'cancellable' : undefined,
  ]
    .filter(Boolean)
    .join('.');
}

export function poolActions(state: PoolState, flags: PoolFlags, cancellable = false): PoolAction[] {
  if (state === 'busy' && cancellable) return ['cancelOperation', 'openAsFile'];
  if (state !== 'ready') return ['openAsFile'];
  return [
    ...(flags.migratable ? (['migrateToAzureLinux'] as const) : []),
    'upgradeNodeImage',
    'scale',
    ...(flags.deletable ? (['delete'] as const) : []),
    'openAsFile',
  ];
}

export function poolCountText(pool: NodePoolInfo, l10n: L10n = english): string | undefined {
  const count = pool.count === undefined ? undefined : pool.count === 1 ? l10n.t('1 node') : l10n.t('{0} nodes', pool.count);
  if (pool.enableAutoScaling && pool.minCount !== undefined && pool.maxCount !== undefined) {
    return l10n.t('{0} (autoscale {1}–{2})', count ?? l10n.t('? nodes'), pool.minCount, pool.maxCount);
  }
  return count;
}

export function poolDescription(pool: NodePoolInfo, l10n: L10n = english): string {
  return [
    provisioningLabel(pool.provisioningState, l10n) ?? (pool.powerState === 'Stopped' ? l10n.t('Stopped') : undefined),
    azureLinuxBadge(pool, l10n) ?? pool.osSKU ?? (nodeOsFamily(pool) === 'windows' ? 'Windows' : 'Ubuntu'),
    poolCountText(pool, l10n),
    pool.mode,
    pool.vmSize,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function poolIcon(pool: NodePoolInfo, state: PoolState): IconSpec {
  if (state === 'busy') return { id: 'loading~spin' };
  if (pool.provisioningState === 'Failed') return { id: 'error', color: 'errorForeground' };
  if (state === 'stopped') return { id: 'layers', color: 'disabledForeground' };
  return azureLinuxBadge(pool) ? { id: 'layers-active', color: 'testing.iconPassed' } : { id: 'layers' };
}

export function poolTooltip(pool: NodePoolInfo, l10n: L10n = english): string {
  const badge = azureLinuxBadge(pool, l10n);
  return rowsToMarkdown(
    pool.name,
    [
      [l10n.t('OS'), [badge, pool.osSKU ? `(${pool.osSKU})` : undefined].filter(Boolean).join(' ') || pool.osType],
      [l10n.t('Kubernetes version'), pool.kubernetesVersion],
      [l10n.t('Node image'), pool.nodeImageVersion],
      [l10n.t('Nodes'), poolCountText(pool, l10n)],
      [l10n.t('Mode'), pool.mode],
      [l10n.t('VM size'), pool.vmSize],
      [l10n.t('Provisioning state'), pool.provisioningState],
      [l10n.t('Power state'), pool.powerState],
      [l10n.t('Max pods per node'), pool.maxPods === undefined ? undefined : String(pool.maxPods)],
      [l10n.t('Availability zones'), pool.availabilityZones.join(', ') || undefined],
      [l10n.t('OS disk'), pool.osDiskSizeGB === undefined ? pool.osDiskType : `${pool.osDiskSizeGB} GB ${pool.osDiskType ?? ''}`.trim()],
      [l10n.t('Max surge'), pool.maxSurge],
      [l10n.t('Scale-down mode'), pool.scaleDownMode],
      [l10n.t('FIPS'), pool.enableFIPS ? l10n.t('Enabled') : undefined],
      [l10n.t('Labels'), tagsText(pool.nodeLabels)],
      [l10n.t('Taints'), pool.nodeTaints.join(', ') || undefined],
    ],
    l10n,
  );
}

export function sortClusters(clusters: readonly ClusterInfo[]): ClusterInfo[] {
  return [...clusters].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

/** System pools first, then by name. */
export function sortPools(pools: readonly NodePoolInfo[]): NodePoolInfo[] {
  const rank = (pool: NodePoolInfo) => (pool.mode?.toLowerCase() === 'system' ? 0 : 1);
  return [...pools].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}
