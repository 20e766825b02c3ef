import { english, type L10n } from '../../util/l10n';
import { parseArmId } from './model';

/*
 * Our own plain shapes for AKS managed clusters and their node pools (agent pools), read from the resource as
 * Resource Manager returns it (Resource Graph and REST: `properties` nested) or as the SDK returns it (properties
 * flattened onto the model); the mappers accept both. Plus the AKS rules the extension applies before it asks
 * AKS: which OS SKU a pool can migrate to, which pool may be deleted, what a scale may set.
 *
 * Sources: the AKS REST API reference (Managed Clusters, Agent Pools), "Upgrade operating system (OS) versions in
 * AKS" (MicrosoftDocs/azure-aks-docs articles/aks/upgrade-os-version.md: which OS SKU each Kubernetes version
 * supports), the Azure Linux migration tutorial (MicrosoftDocs/azure-docs articles/azure-linux/
 * tutorial-azure-linux-migration.md: what blocks an in-place OS SKU migration), and the Azure Linux Container Host
 * support lifecycle (Azure Linux 2.0: last AKS 1.31; 3.0 default from 1.32).
 */

export type ClusterPowerState = 'Running' | 'Stopped';

export interface NodePoolInfo {
  /** The agent pool's ARM id: {cluster id}/agentPools/{name}. */
  readonly id: string;
  readonly name: string;
  readonly clusterId: string;
  readonly clusterName: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly osType?: string;
  readonly osSKU?: string;
  /** The Kubernetes version the pool runs (currentOrchestratorVersion, else orchestratorVersion). */
  readonly kubernetesVersion?: string;
  readonly nodeImageVersion?: string;
  readonly count?: number;
  readonly enableAutoScaling: boolean;
  readonly minCount?: number;
  readonly maxCount?: number;
  readonly mode?: string;
  readonly vmSize?: string;
  readonly provisioningState?: string;
  readonly powerState?: ClusterPowerState;
  readonly maxPods?: number;
  readonly availabilityZones: readonly string[];
  readonly osDiskSizeGB?: number;
  readonly osDiskType?: string;
  readonly maxSurge?: string;
  readonly scaleDownMode?: string;
  readonly workloadRuntime?: string;
  readonly enableFIPS: boolean;
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly nodeTaints: readonly string[];
  /** AKS's optimistic-concurrency tag: a change made with If-Match of an older one is refused. */
  readonly eTag?: string;
}

export interface ClusterInfo {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly kubernetesVersion?: string;
  readonly provisioningState?: string;
  readonly powerState?: ClusterPowerState;
  readonly fqdn?: string;
  readonly nodeResourceGroup?: string;
  readonly skuTier?: string;
  readonly eTag?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly pools: readonly NodePoolInfo[];
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(value)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
function powerCode(value: unknown): ClusterPowerState | undefined {
  const code = str(obj(value).code)?.toLowerCase();
  return code === 'running' ? 'Running' : code === 'stopped' ? 'Stopped' : undefined;
}
/** The resource's properties: nested under `properties` (REST, Resource Graph) or flattened onto it (the SDK). */
function propertiesOf(resource: Json): Json {
  const nested = resource.properties;
  return nested !== null && typeof nested === 'object' && !Array.isArray(nested) ? (nested as Json) : resource;
}

export function nodePoolId(clusterId: string, poolName: string): string {
  return `${clusterId}/agentPools/${poolName}`;
}

/** A node pool from an agent pool resource (REST or SDK) or from a cluster's `agentPoolProfiles` entry. */
export function nodePoolInfo(
  cluster: Pick<ClusterInfo, 'id' | 'name' | 'subscriptionId' | 'resourceGroup'>,
  resource: unknown,
): NodePoolInfo {
  const record = obj(resource);
  const p = propertiesOf(record);
  const name = str(record.name) ?? str(p.name) ?? '';
  return {
    id: nodePoolId(cluster.id, name),
    name,
    clusterId: cluster.id,
    clusterName: cluster.name,
    subscriptionId: cluster.subscriptionId,
    resourceGroup: cluster.resourceGroup,
    osType: str(p.osType),
    osSKU: str(p.osSKU),
    kubernetesVersion: str(p.currentOrchestratorVersion) ?? str(p.orchestratorVersion),
    nodeImageVersion: str(p.nodeImageVersion),
    count: num(p.count),
    enableAutoScaling: p.enableAutoScaling === true,
    minCount: num(p.minCount),
    maxCount: num(p.maxCount),
    mode: str(p.mode),
    vmSize: str(p.vmSize),
    provisioningState: str(p.provisioningState),
    powerState: powerCode(p.powerState),
    maxPods: num(p.maxPods),
    availabilityZones: strings(p.availabilityZones),
    osDiskSizeGB: num(p.osDiskSizeGB),
    osDiskType: str(p.osDiskType),
    maxSurge: str(obj(p.upgradeSettings).maxSurge),
    scaleDownMode: str(p.scaleDownMode),
    workloadRuntime: str(p.workloadRuntime),
    enableFIPS: p.enableFIPS === true,
    nodeLabels: stringMap(p.nodeLabels),
    nodeTaints: strings(p.nodeTaints),
    eTag: str(p.eTag) ?? str(record.eTag),
  };
}

/** A cluster with its pools from a managed cluster resource (Resource Graph, REST or the SDK's model). */
export function clusterInfo(resource: unknown): ClusterInfo {
  const record = obj(resource);
  const p = propertiesOf(record);
  const id = str(record.id) ?? '';
  const parts = parseArmId(id);
  const base = {
    id,
    name: str(record.name) ?? parts?.name ?? '',
    subscriptionId: parts?.subscriptionId ?? '',
    // From the id, which keeps the group's case (Resource Graph's resourceGroup column does not).
    resourceGroup: parts?.resourceGroup ?? '',
  };
  const profiles = Array.isArray(p.agentPoolProfiles) ? p.agentPoolProfiles : [];
  return {
    ...base,
    location: str(record.location) ?? '',
    kubernetesVersion: str(p.currentKubernetesVersion) ?? str(p.kubernetesVersion),
    provisioningState: str(p.provisioningState),
    powerState: powerCode(p.powerState),
    fqdn: str(p.fqdn) ?? str(p.privateFQDN) ?? str(p.privateFqdn),
    nodeResourceGroup: str(p.nodeResourceGroup),
    skuTier: str(obj(record.sku).tier),
    eTag: str(record.eTag) ?? str(p.eTag),
    tags: stringMap(record.tags),
    pools: profiles.map((profile) => nodePoolInfo(base, profile)),
  };
}

// ---- OS families -------------------------------------------------------------------------------------------------

export type NodeOsFamily = 'azureLinux' | 'azureContainerLinux' | 'ubuntu' | 'windows' | 'otherLinux';

const ubuntuSkus = new Set(['ubuntu', 'ubuntu2204', 'ubuntu2404']);
/** `Mariner` and `CBLMariner` are the older names of `AzureLinux` (Azure Linux 2.0 on the versions where it is the default). */
const azureLinuxSkus = new Set(['azurelinux', 'azurelinux3', 'cblmariner', 'mariner']);

/** The node OS family from the pool's OS SKU (Linux without one is Ubuntu, the API's default). */
export function nodeOsFamily(pool: Pick<NodePoolInfo, 'osType' | 'osSKU'>): NodeOsFamily {
  const sku = pool.osSKU?.toLowerCase();
  if (pool.osType?.toLowerCase() === 'windows' || sku?.startsWith('windows')) return 'windows';
  if (!sku) return 'ubuntu';
  if (sku === 'azurecontainerlinux') return 'azureContainerLinux';
  if (azureLinuxSkus.has(sku)) return 'azureLinux';
  if (ubuntuSkus.has(sku)) return 'ubuntu';
  return 'otherLinux';
}

/** The badge a pool's OS earns: Azure Linux or Azure Container Linux, else none. */
export function azureLinuxBadge(pool: Pick<NodePoolInfo, 'osType' | 'osSKU'>, l10n: L10n = english): string | undefined {
  switch (nodeOsFamily(pool)) {
    case 'azureLinux':
      return l10n.t('Azure Linux');
    case 'azureContainerLinux':
      return l10n.t('Azure Container Linux');
    default:
      return undefined;
  }
}

/** [major, minor] of a Kubernetes version ("1.31.2", "1.32"), or undefined. */
export function kubernetesMinor(version: string | undefined): readonly [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function minorAtLeast(version: readonly [number, number], major: number, minor: number): boolean {
  return version[0] > major || (version[0] === major && version[1] >= minor);
}

/** The Azure Linux release `osSKU: AzureLinux` (or its older names) means on a Kubernetes version: 2.0 up to 1.31, 3.0 from 1.32. */
export function azureLinuxReleaseFor(kubernetesVersion: string | undefined): '2.0' | '3.0' | undefined {
  const version = kubernetesMinor(kubernetesVersion);
  if (!version) return undefined;
  return minorAtLeast(version, 1, 32) ? '3.0' : '2.0';
}

// ---- migration to Azure Linux --------------------------------------------------------------------------------------

export interface MigrationTarget {
  readonly osSKU: 'AzureLinux' | 'AzureLinux3';
  /** The Azure Linux release the pool's nodes get. */
  readonly release: '3.0';
}

export type MigrationPlan = { readonly targets: readonly MigrationTarget[] } | { readonly refused: string };

/**
 * Where AKS supports changing this pool's OS SKU in place to Azure Linux, and to which SKUs; otherwise the reason.
 * Only targets that give Azure Linux 3.0 are offered: Azure Linux 2.0 (what `AzureLinux` means up to Kubernetes
 * 1.31) is out of support. `AzureLinux3` is supported on Kubernetes 1.28 to 1.36; `AzureLinux` is 3.0 on 1.32 to
 * 1.36 (the docs name no release beyond).
 */
export function migrationPlan(pool: NodePoolInfo, l10n: L10n = english): MigrationPlan {
  const family = nodeOsFamily(pool);
  const sku = pool.osSKU ?? 'Ubuntu';
  if (family === 'windows') {
    return { refused: l10n.t('{0} is a Windows node pool: AKS changes the OS SKU in place only between Linux ones.', pool.name) };
  }
  if (family === 'azureContainerLinux') {
    return { refused: l10n.t('{0} already runs Azure Container Linux.', pool.name) };
  }
  if (family === 'otherLinux') {
    return { refused: l10n.t('{0} runs {1}: AKS migrates in place only between Ubuntu and Azure Linux.', pool.name, sku) };
  }
  if (pool.workloadRuntime && /kata/i.test(pool.workloadRuntime)) {
    return {
      refused: l10n.t(
        '{0} runs pod sandboxing ({1}): AKS cannot change the OS SKU of a node pool with Kata enabled.',
        pool.name,
        pool.workloadRuntime,
      ),
    };
  }
  const version = kubernetesMinor(pool.kubernetesVersion);
  if (!version) {
    return {
      refused: l10n.t(
        'The Kubernetes version of {0} is not known, so the supported OS SKUs are not either. Refresh and try again.',
        pool.name,
      ),
    };
  }
  const text = `${version[0]}.${version[1]}`;
  const azureLinux3 = minorAtLeast(version, 1, 28) && !minorAtLeast(version, 1, 37);
  const azureLinuxIs3 = minorAtLeast(version, 1, 32) && !minorAtLeast(version, 1, 37);
  const skuLower = sku.toLowerCase();
  if (family === 'azureLinux' && (skuLower === 'azurelinux3' || azureLinuxReleaseFor(pool.kubernetesVersion) === '3.0')) {
    return { refused: l10n.t('{0} already runs Azure Linux 3.0 ({1}).', pool.name, sku) };
  }
  const targets: MigrationTarget[] = [];
  if (azureLinuxIs3 && family === 'ubuntu') targets.push({ osSKU: 'AzureLinux', release: '3.0' });
  if (azureLinux3) targets.push({ osSKU: 'AzureLinux3', release: '3.0' });
  if (targets.length === 0) {
    return {
      refused: minorAtLeast(version, 1, 37)
        ? l10n.t('AKS documents no Azure Linux OS SKU migration for Kubernetes {0} yet (AzureLinux3 is supported up to 1.36).', text)
        : l10n.t(
            'Kubernetes {0} is too old: AzureLinux3 needs 1.28 or newer, and AzureLinux there means Azure Linux 2.0, which is out of support. Upgrade the cluster first.',
            text,
          ),
    };
  }
  return { targets };
}

// ---- provisioning states, deletes, scaling ------------------------------------------------------------------------

/** Provisioning states in which AKS refuses another operation on the pool or cluster (409 OperationNotAllowed). */
export function isOperationRunning(provisioningState: string | undefined): boolean {
  const state = provisioningState?.toLowerCase();
  return state !== undefined && state !== 'succeeded' && state !== 'failed' && state !== 'canceled';
}

/** Why AKS would refuse deleting this pool (a cluster keeps at least one System pool), or undefined. */
export function deletePoolRefusal(cluster: Pick<ClusterInfo, 'pools'>, pool: NodePoolInfo, l10n: L10n = english): string | undefined {
  if (pool.mode?.toLowerCase() !== 'system') return undefined;
  const others = cluster.pools.filter((other) => other.name !== pool.name && other.mode?.toLowerCase() === 'system');
  return others.length === 0
    ? l10n.t('{0} is the cluster\u2019s only System node pool, and a cluster needs one. Add another System pool first.', pool.name)
    : undefined;
}

/** Checks a node count typed for a scale: 0 to 1000 for User pools, 1 to 1000 for System pools. */
export function nodeCountError(text: string, pool: Pick<NodePoolInfo, 'mode'>, l10n: L10n = english): string | undefined {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return l10n.t('Enter a whole number of nodes.');
  const count = Number(value);
  const system = pool.mode?.toLowerCase() === 'system';
  const min = system ? 1 : 0;
  if (count < min || count > 1000) {
    return system ? l10n.t('A System node pool has 1 to 1000 nodes.') : l10n.t('A node pool has 0 to 1000 nodes.');
  }
  return undefined;
}

/** Checks an autoscaler range typed as "MIN-MAX" (same bounds as a count, MIN at most MAX). */
export function autoscaleRangeError(text: string, pool: Pick<NodePoolInfo, 'mode'>, l10n: L10n = english): string | undefined {
  const match = /^\s*(\d+)\s*[-–]\s*(\d+)\s*$/.exec(text);
  if (!match) return l10n.t('Enter the range as MIN-MAX, for example 1-5.');
  const [min, max] = [match[1]!, match[2]!];
  const error = nodeCountError(min, pool, l10n) ?? nodeCountError(max, pool, l10n);
  if (error) return error;
  return Number(min) > Number(max) ? l10n.t('The minimum is larger than the maximum.') : undefined;
}

export function parseAutoscaleRange(text: string): { minCount: number; maxCount: number } {
  const match = /^\s*(\d+)\s*[-–]\s*(\d+)\s*$/.exec(text);
  return { minCount: Number(match?.[1] ?? 0), maxCount: Number(match?.[2] ?? 0) };
}

// ---- pool bodies as documents ---------------------------------------------------------------------------------------

/**
 * What "Open as File" shows of a pool and Apply sends back: the REST body's properties without the ones AKS sets
 * itself, and without `nodeImageVersion`, which a PUT would take as a request to roll the nodes back to that image.
 */
export const notEditedPoolProperties: readonly string[] = [
  'eTag',
  'provisioningState',
  'currentOrchestratorVersion',
  'nodeImageVersion',
  'status',
  'virtualMachineNodesStatus',
];

export function editableNodePoolBody(resource: Record<string, unknown>): { properties: Record<string, unknown> } {
  const properties = { ...obj(resource.properties) };
  for (const key of notEditedPoolProperties) delete properties[key];
  return { properties };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The top-level properties that differ between two pool bodies, and what those changes do to the running nodes. */
export function describePoolChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  l10n: L10n = english,
): { readonly changed: readonly string[]; readonly effects: readonly string[] } {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changed = keys.filter((key) => !same(before[key], after[key]));
  const effects: string[] = [];
  const has = (key: string) => changed.includes(key);
  if (has('osSKU')) {
    effects.push(l10n.t('The OS SKU changes: AKS reimages every node (surge, then drain and replace each one).'));
  }
  if (has('kubeletConfig') || has('linuxOSConfig') || has('enableFIPS') || has('messageOfTheDay')) {
    effects.push(l10n.t('Node configuration changes: AKS reimages the nodes to apply it.'));
  }
  if (has('count')) {
    const from = num(before.count) ?? 0;
    const to = num(after.count) ?? 0;
    effects.push(
      to < from
        ? l10n.t('{0} nodes are drained (pods evicted, respecting Pod Disruption Budgets) and removed.', from - to)
        : l10n.t('{0} nodes are added; running nodes are not touched.', to - from),
    );
  }
  if (has('orchestratorVersion')) {
    effects.push(l10n.t('The Kubernetes version changes: AKS upgrades the nodes one surge batch at a time.'));
  }
  if (has('nodeTaints') || has('nodeLabels')) {
    effects.push(l10n.t('Labels and taints are applied to the nodes in place; taints affect where new pods are scheduled.'));
  }
  if (effects.length === 0 && changed.length > 0) {
    effects.push(l10n.t('AKS updates the pool; these settings do not restart running nodes.'));
  }
  return { changed, effects };
}
