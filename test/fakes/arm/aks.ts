/*
 * AKS in the fake Azure Resource Manager: managed clusters with their agent pools, and the operations the extension
 * runs on them, answered as AKS answers them. Written from the AKS REST API reference and its examples
 * (Azure/azure-rest-api-specs .../Microsoft.ContainerService/aks/stable/2025-07-01: Agent Pools Get, Create Or
 * Update (200 or 201 with Azure-AsyncOperation, provisioningState Creating/Updating), Delete (202 with Location),
 * Upgrade Node Image Version (202 with Azure-AsyncOperation, provisioningState UpgradingNodeImageVersion), Abort
 * Latest Operation; Managed Clusters Get, List, Start, Stop (202 with Location)), from "Enhance concurrency control
 * with entity tags (eTags) in AKS" (MicrosoftDocs/azure-aks-docs articles/aks/use-etags.md: If-Match and
 * If-None-Match per operation, 412 on a mismatch, a pool operation changes only the pool's eTag, a cluster
 * operation both), and from the OS SKU rules of "Upgrade operating system (OS) versions in AKS" (upgrade-os-version.md)
 * and the Azure Linux migration tutorial's limitations (Kata, Windows, count changed together with the OS SKU).
 *
 * AKS answers errors with the error at the top level of the body ({ code, details, message, subcode }), not under
 * `error` as other providers do; the texts of OperationNotAllowed (an operation in progress) and InvalidOSSKU are
 * AKS's as seen in public bug reports, the rest are ours in AKS's style.
 */
import { randomUUID } from 'node:crypto';
import { ArmError } from './errors';
import type { ArmModel, Json, Operation } from './model';

/** An error in AKS's shape: code and message at the top level. */
export class AksError extends ArmError {
  override body(): { error: { code: string; message: string } } {
    return { code: this.code, details: null, message: this.message, subcode: '' } as unknown as {
      error: { code: string; message: string };
    };
  }
}

export interface AgentPoolSeed {
  name: string;
  mode?: 'System' | 'User';
  count?: number;
  vmSize?: string;
  osType?: 'Linux' | 'Windows';
  osSKU?: string;
  orchestratorVersion?: string;
  enableAutoScaling?: boolean;
  minCount?: number;
  maxCount?: number;
  maxPods?: number;
  workloadRuntime?: string;
  availabilityZones?: string[];
  nodeImageVersion?: string;
  /** Extra properties, as AKS stores them. */
  properties?: Json;
}

export interface ManagedClusterSeed {
  name: string;
  location?: string;
  kubernetesVersion?: string;
  powerState?: 'Running' | 'Stopped';
  skuTier?: 'Free' | 'Standard' | 'Premium';
  tags?: Record<string, string>;
  pools: AgentPoolSeed[];
}

interface PoolRecord {
  name: string;
  properties: Json;
  operation?: Operation;
}

interface ClusterRecord {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  properties: Json;
  pools: Map<string, PoolRecord>;
  operation?: Operation;
}

/** What a route handler gets of the request (a subset of the server's RequestContext). */
export interface AksRequest {
  readonly method: string;
  readonly params: Record<string, string>;
  readonly body: Json;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly apiVersion: string;
}

export interface AksReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The server's reply helpers the AKS routes answer through (paging, long-running answers). */
export interface AksReplies {
  page(ctx: AksRequest, items: readonly unknown[]): AksReply;
  asyncReply(ctx: AksRequest, operation: Operation, status: number, body: unknown, withLocation: boolean): AksReply;
  locationReply(ctx: AksRequest, operation: Operation): AksReply;
}

const NAMESPACE = 'Microsoft.ContainerService';
/** Properties AKS sets itself; a PUT cannot set them. */
const READ_ONLY = ['provisioningState', 'currentOrchestratorVersion', 'eTag', 'status', 'virtualMachineNodesStatus'];
/** Provisioning states in which AKS accepts no other operation. */
const SETTLED = new Set(['Succeeded', 'Failed', 'Canceled']);

function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
function minor(version: string | undefined): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}
function atLeast(version: [number, number], major: number, minorVersion: number): boolean {
  return version[0] > major || (version[0] === major && version[1] >= minorVersion);
}
function header(ctx: AksRequest, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const LINUX_SKUS = ['Ubuntu', 'Ubuntu2204', 'Ubuntu2404', 'AzureLinux', 'AzureLinux3', 'AzureContainerLinux', 'CBLMariner', 'Mariner'];
const WINDOWS_SKUS = ['Windows2019', 'Windows2022', 'Windows2025', 'WindowsAnnual'];
/** Linux OS SKUs an existing pool may move between in place (Ubuntu and Azure Linux, per the migration tutorial). */
const MIGRATABLE = new Set(['ubuntu', 'ubuntu2204', 'ubuntu2404', 'azurelinux', 'azurelinux3', 'cblmariner', 'mariner']);

/** The node image AKS gives an OS SKU on a Kubernetes version, named as AKS names them (AKSUbuntu-2204gen2containerd-...). */
export function nodeImageFor(osSKU: string | undefined, kubernetesVersion: string, date: string): string {
  const version = minor(kubernetesVersion) ?? [1, 33];
  const sku = (osSKU ?? 'Ubuntu').toLowerCase();
  if (sku === 'azurelinux3' || ((sku === 'azurelinux' || sku === 'cblmariner' || sku === 'mariner') && atLeast(version, 1, 32))) {
    return `AKSAzureLinux-V3gen2-${date}`;
  }
  if (sku === 'azurelinux' || sku === 'cblmariner' || sku === 'mariner') return `AKSAzureLinux-V2gen2-${date}`;
  if (sku === 'azurecontainerlinux') return `AKSAzureContainerLinux-gen2-${date}`;
  if (sku.startsWith('windows')) return `AKSWindows-${sku.replace('windows', '')}-containerd-${date}`;
  if (sku === 'ubuntu2404' || (sku === 'ubuntu' && atLeast(version, 1, 35))) return `AKSUbuntu-2404gen2containerd-${date}`;
  return `AKSUbuntu-2204gen2containerd-${date}`;
}

export class AksFake {
  /** The date part of the newest node image; Upgrade Node Image moves pools to it. */
  latestNodeImageDate = '202601.13.0';
  /** How long AKS operations stay InProgress (default: the server's lroDelayMs). */
  operationDelayMs: number | undefined;
  private readonly clusters = new Map<string, ClusterRecord>();

  constructor(private readonly model: ArmModel) {}

  // ---- seeding and inspection ----------------------------------------------------------------------------------

  addManagedCluster(subscriptionId: string, resourceGroup: string, seed: ManagedClusterSeed): Json {
    const location = seed.location ?? 'eastus';
    const rg = this.model.addResourceGroup(subscriptionId, resourceGroup, location);
    const kubernetesVersion = seed.kubernetesVersion ?? '1.33.3';
    const powerState = seed.powerState ?? 'Running';
    const record: ClusterRecord = {
      subscriptionId,
      resourceGroup: rg.name,
      name: seed.name,
      location,
      tags: { ...(seed.tags ?? {}) },
      properties: {
        provisioningState: 'Succeeded',
        powerState: { code: powerState },
        kubernetesVersion,
        currentKubernetesVersion: kubernetesVersion,
        dnsPrefix: `${seed.name}-dns`,
        fqdn: `${seed.name}-dns-${randomUUID().slice(0, 8)}.hcp.${location}.azmk8s.io`,
        nodeResourceGroup: `MC_${rg.name}_${seed.name}_${location}`,
        enableRBAC: true,
        maxAgentPools: 100,
        eTag: randomUUID(),
      },
      pools: new Map(),
    };
    for (const pool of seed.pools) {
      const version = pool.orchestratorVersion ?? kubernetesVersion;
      record.pools.set(pool.name.toLowerCase(), {
        name: pool.name,
        properties: {
          count: pool.count ?? 3,
          vmSize: pool.vmSize ?? 'Standard_D4ds_v5',
          osType: pool.osType ?? 'Linux',
          ...(pool.osSKU ? { osSKU: pool.osSKU } : {}),
          mode: pool.mode ?? 'User',
          maxPods: pool.maxPods ?? 110,
          type: 'VirtualMachineScaleSets',
          orchestratorVersion: version,
          currentOrchestratorVersion: version,
          nodeImageVersion: pool.nodeImageVersion ?? nodeImageFor(pool.osSKU, version, '202512.06.0'),
          enableAutoScaling: pool.enableAutoScaling ?? false,
          ...(pool.enableAutoScaling ? { minCount: pool.minCount ?? 1, maxCount: pool.maxCount ?? 5 } : {}),
          ...(pool.workloadRuntime ? { workloadRuntime: pool.workloadRuntime } : {}),
          ...(pool.availabilityZones ? { availabilityZones: pool.availabilityZones } : {}),
          upgradeSettings: { maxSurge: '10%' },
          powerState: { code: powerState },
          provisioningState: 'Succeeded',
          osDiskSizeGB: 128,
          osDiskType: 'Managed',
          ...(pool.properties ?? {}),
          eTag: randomUUID(),
        },
      });
    }
    this.clusters.set(this.key(subscriptionId, rg.name, seed.name), record);
    return this.clusterJson(record);
  }

  /** The cluster as AKS returns it now (for assertions). */
  cluster(subscriptionId: string, resourceGroup: string, name: string): Json {
    this.model.settle();
    return this.clusterJson(this.requireCluster(subscriptionId, resourceGroup, name));
  }

  /** The agent pool as AKS returns it now (for assertions). */
  agentPool(subscriptionId: string, resourceGroup: string, cluster: string, pool: string): Json {
    this.model.settle();
    const record = this.requireCluster(subscriptionId, resourceGroup, cluster);
    return this.poolJson(record, this.requirePool(record, pool));
  }

  /** Changes a pool as a change made elsewhere (the portal, the CLI) would: new values and a new eTag. */
  changeAgentPool(subscriptionId: string, resourceGroup: string, cluster: string, pool: string, properties: Json): void {
    const record = this.requireCluster(subscriptionId, resourceGroup, cluster);
    const stored = this.requirePool(record, pool);
    Object.assign(stored.properties, properties, { eTag: randomUUID() });
  }

  /** Every cluster as Resource Manager serialises it, for Resource Graph's `resources` table. */
  allClusters(subscriptionId?: string): Json[] {
    return [...this.clusters.values()]
      .filter((record) => !subscriptionId || record.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())
      .map((record) => this.clusterJson(record));
  }

  // ---- routes --------------------------------------------------------------------------------------------------

  routes(replies: AksReplies): [string, string, (ctx: AksRequest) => AksReply][] {
    const SUB = '/subscriptions/(?<sub>[^/]+)';
    const RG = `${SUB}/resourceGroups/(?<rg>[^/]+)`;
    const MC = `${RG}/providers/Microsoft\\.ContainerService/managedClusters/(?<cluster>[^/]+)`;
    const AP = `${MC}/agentPools/(?<pool>[^/]+)`;
    return [
      ['GET', `${SUB}/providers/Microsoft\\.ContainerService/managedClusters`, (ctx) => replies.page(ctx, this.list(ctx.params.sub!))],
      [
        'GET',
        `${RG}/providers/Microsoft\\.ContainerService/managedClusters`,
        (ctx) => {
          this.model.getResourceGroup(ctx.params.sub!, ctx.params.rg!);
          return replies.page(ctx, this.list(ctx.params.sub!, ctx.params.rg!));
        },
      ],
      ['GET', MC, (ctx) => ({ status: 200, body: this.clusterJson(this.clusterOf(ctx)) })],
      ['POST', `${MC}/(?<action>start|stop)`, (ctx) => this.powerAction(ctx, replies)],
      ['POST', `${MC}/abort`, (ctx) => this.abort(ctx, replies, undefined)],
      [
        'GET',
        `${MC}/agentPools`,
        (ctx) =>
          replies.page(
            ctx,
            [...this.clusterOf(ctx).pools.values()].map((pool) => this.poolJson(this.clusterOf(ctx), pool)),
          ),
      ],
      [
        'GET',
        AP,
        (ctx) => ({ status: 200, body: this.poolJson(this.clusterOf(ctx), this.requirePool(this.clusterOf(ctx), ctx.params.pool!)) }),
      ],
      ['PUT', AP, (ctx) => this.putPool(ctx, replies)],
      ['DELETE', AP, (ctx) => this.deletePool(ctx, replies)],
      ['POST', `${AP}/upgradeNodeImageVersion`, (ctx) => this.upgradeNodeImage(ctx, replies)],
      ['POST', `${AP}/abort`, (ctx) => this.abort(ctx, replies, ctx.params.pool!)],
    ];
  }

  // ---- operations ------------------------------------------------------------------------------------------------

  private list(subscriptionId: string, resourceGroup?: string): Json[] {
    this.model.requireSubscription(subscriptionId);
    return [...this.clusters.values()]
      .filter((record) => record.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())
      .filter((record) => !resourceGroup || record.resourceGroup.toLowerCase() === resourceGroup.toLowerCase())
      .map((record) => this.clusterJson(record));
  }

  private putPool(ctx: AksRequest, replies: AksReplies): AksReply {
    const cluster = this.clusterOf(ctx);
    const name = ctx.params.pool!;
    const existing = cluster.pools.get(name.toLowerCase());
    this.checkConditions(ctx, existing?.properties.eTag as string | undefined);
    this.checkIdle(cluster, existing);
    if (str(obj(cluster.properties.powerState).code) === 'Stopped') {
      throw new AksError(
        409,
        'OperationNotAllowed',
        'Operation is not allowed: the managed cluster is stopped. Start it before changing its agent pools.',
      );
    }
    const requested = obj(ctx.body.properties);
    const wanted: Json = Object.fromEntries(Object.entries(requested).filter(([key]) => !READ_ONLY.includes(key)));
    const version = str(cluster.properties.currentKubernetesVersion)!;
    if (!existing) {
      this.validateNew(name, wanted, cluster);
      const orchestrator = str(wanted.orchestratorVersion) || version;
      const pool: PoolRecord = {
        name,
        properties: {
          osType: 'Linux',
          mode: 'User',
          count: 1,
          maxPods: 110,
          type: 'VirtualMachineScaleSets',
          enableAutoScaling: false,
          upgradeSettings: { maxSurge: '10%' },
          osDiskSizeGB: 128,
          osDiskType: 'Managed',
          ...wanted,
          orchestratorVersion: orchestrator,
          currentOrchestratorVersion: orchestrator,
          nodeImageVersion: nodeImageFor(str(wanted.osSKU), orchestrator, this.latestNodeImageDate),
          powerState: { code: 'Running' },
          provisioningState: 'Creating',
          eTag: randomUUID(),
        },
      };
      cluster.pools.set(name.toLowerCase(), pool);
      pool.operation = this.begin(cluster, `CreateAgentPool ${name}`, () => {
        pool.properties.provisioningState = 'Succeeded';
        pool.properties.eTag = randomUUID();
      });
      return replies.asyncReply(ctx, pool.operation, 201, this.poolJson(cluster, pool), false);
    }
    const current = existing.properties;
    const osSkuChanged =
      str(wanted.osSKU) !== undefined && str(wanted.osSKU)!.toLowerCase() !== (str(current.osSKU) ?? 'Ubuntu').toLowerCase();
    const countChanged = typeof wanted.count === 'number' && wanted.count !== current.count;
    if (osSkuChanged) this.validateMigration(existing, str(wanted.osSKU)!, countChanged);
    if (typeof wanted.count === 'number') this.validateCount(wanted.count, str(wanted.mode) ?? str(current.mode));
    this.validateAutoscale({ ...current, ...wanted });
    const state = osSkuChanged ? 'Upgrading' : countChanged ? 'Scaling' : 'Updating';
    current.provisioningState = state;
    existing.operation = this.begin(cluster, `${state} ${name}`, () => {
      Object.assign(current, wanted);
      if (osSkuChanged) {
        current.nodeImageVersion = nodeImageFor(
          str(wanted.osSKU),
          str(current.currentOrchestratorVersion) ?? version,
          this.latestNodeImageDate,
        );
      }
      current.provisioningState = 'Succeeded';
      current.eTag = randomUUID();
    });
    return replies.asyncReply(ctx, existing.operation, 200, this.poolJson(cluster, existing), false);
  }

  private deletePool(ctx: AksRequest, replies: AksReplies): AksReply {
    const cluster = this.clusterOf(ctx);
    const pool = cluster.pools.get(ctx.params.pool!.toLowerCase());
    if (!pool) {
      // As the eTag table says: deleting what does not exist is a 204, whatever the If-Match.
      return { status: 204 };
    }
    this.checkConditions(ctx, pool.properties.eTag as string | undefined);
    this.checkIdle(cluster, pool);
    if (str(pool.properties.mode) === 'System') {
      const systemPools = [...cluster.pools.values()].filter((other) => str(other.properties.mode) === 'System');
      if (systemPools.length <= 1) {
        throw new AksError(400, 'MustDefineAtLeastOneSystemPool', 'There has to be at least one system agent pool.');
      }
    }
    pool.properties.provisioningState = 'Deleting';
    pool.operation = this.begin(cluster, `DeleteAgentPool ${pool.name}`, () => {
      cluster.pools.delete(pool.name.toLowerCase());
    });
    return replies.locationReply(ctx, pool.operation);
  }

  private upgradeNodeImage(ctx: AksRequest, replies: AksReplies): AksReply {
    const cluster = this.clusterOf(ctx);
    const pool = this.requirePool(cluster, ctx.params.pool!);
    this.checkIdle(cluster, pool);
    pool.properties.provisioningState = 'UpgradingNodeImageVersion';
    pool.operation = this.begin(cluster, `UpgradeNodeImageVersion ${pool.name}`, () => {
      const version = str(pool.properties.currentOrchestratorVersion) ?? str(cluster.properties.currentKubernetesVersion)!;
      pool.properties.nodeImageVersion = nodeImageFor(str(pool.properties.osSKU), version, this.latestNodeImageDate);
      pool.properties.provisioningState = 'Succeeded';
      pool.properties.eTag = randomUUID();
    });
    return replies.asyncReply(ctx, pool.operation, 202, this.poolJson(cluster, pool), false);
  }

  private powerAction(ctx: AksRequest, replies: AksReplies): AksReply {
    const cluster = this.clusterOf(ctx);
    this.checkIdle(cluster, undefined);
    const start = ctx.params.action!.toLowerCase() === 'start';
    cluster.properties.provisioningState = start ? 'Starting' : 'Stopping';
    cluster.operation = this.begin(cluster, start ? 'StartManagedCluster' : 'StopManagedCluster', () => {
      const code = start ? 'Running' : 'Stopped';
      cluster.properties.powerState = { code };
      cluster.properties.provisioningState = 'Succeeded';
      cluster.properties.eTag = randomUUID();
      for (const pool of cluster.pools.values()) {
        pool.properties.powerState = { code };
        pool.properties.eTag = randomUUID();
      }
    });
    return replies.asyncReply(ctx, cluster.operation, 202, undefined, true);
  }

  private abort(ctx: AksRequest, replies: AksReplies, poolName: string | undefined): AksReply {
    const cluster = this.clusterOf(ctx);
    const target = poolName ? this.requirePool(cluster, poolName) : cluster;
    const running = target.operation?.status === 'InProgress' ? target.operation : undefined;
    if (!running) {
      throw new AksError(
        409,
        'OperationNotAllowed',
        'Operation is not allowed: there is no operation in progress to abort, or it completed first.',
      );
    }
    this.model.cancelOperation(running);
    target.properties.provisioningState = 'Canceled';
    target.properties.eTag = randomUUID();
    const aborted = this.begin(cluster, 'AbortLatestOperation', () => undefined, 0);
    return replies.asyncReply(ctx, aborted, 202, undefined, true);
  }

  // ---- AKS's rules ---------------------------------------------------------------------------------------------

  /** If-Match / If-None-Match as the eTag table of use-etags.md describes them. */
  private checkConditions(ctx: AksRequest, currentETag: string | undefined): void {
    const ifMatch = header(ctx, 'if-match');
    const ifNoneMatch = header(ctx, 'if-none-match');
    if (ifNoneMatch !== undefined && ifNoneMatch !== '' && ifNoneMatch !== '*') {
      throw new AksError(400, 'BadRequest', "The 'If-None-Match' header can only be empty or '*'.");
    }
    if (ifMatch && ifNoneMatch === '*') {
      throw new AksError(400, 'BadRequest', "The 'If-Match' and 'If-None-Match' headers cannot be used together.");
    }
    const exists = currentETag !== undefined;
    if (ifNoneMatch === '*' && exists) {
      throw new AksError(412, 'PreconditionFailed', "The resource already exists and 'If-None-Match: *' was given.");
    }
    if (ifMatch) {
      if (!exists) throw new AksError(412, 'PreconditionFailed', "The resource does not exist, so 'If-Match' cannot match it.");
      if (ifMatch !== '*' && ifMatch.replace(/^W\//, '').replace(/"/g, '') !== currentETag) {
        throw new AksError(
          412,
          'PreconditionFailed',
          `The eTag '${ifMatch}' in the 'If-Match' header does not match the latest eTag of the resource. Get the resource again for its latest eTag.`,
        );
      }
    }
  }

  private checkIdle(cluster: ClusterRecord, pool: PoolRecord | undefined): void {
    const busyPool = [...cluster.pools.values()].find((other) => !SETTLED.has(str(other.properties.provisioningState) ?? 'Succeeded'));
    const clusterState = str(cluster.properties.provisioningState) ?? 'Succeeded';
    if (!SETTLED.has(clusterState)) {
      throw new AksError(
        409,
        'OperationNotAllowed',
        `Operation is not allowed: Another operation (${cluster.name} - ${clusterState}) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
      );
    }
    if (busyPool && (!pool || busyPool === pool)) {
      throw new AksError(
        409,
        'OperationNotAllowed',
        `Operation is not allowed: Another agentpool operation (${busyPool.name} - ${str(busyPool.properties.provisioningState)}) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
      );
    }
  }

  private validateNew(name: string, wanted: Json, cluster: ClusterRecord): void {
    const osType = str(wanted.osType) ?? 'Linux';
    const windows = osType === 'Windows';
    const pattern = windows ? /^[a-z][a-z0-9]{0,5}$/ : /^[a-z][a-z0-9]{0,11}$/;
    if (!pattern.test(name)) {
      throw new AksError(
        400,
        'InvalidParameter',
        windows
          ? `The value of parameter agentPoolProfile.name is invalid: '${name}'. Windows agent pool names must start with a lowercase letter, contain only lowercase letters and numbers, and be at most 6 characters long.`
          : `The value of parameter agentPoolProfile.name is invalid: '${name}'. Agent pool names must start with a lowercase letter, contain only lowercase letters and numbers, and be at most 12 characters long.`,
      );
    }
    if (!str(wanted.vmSize)) throw new AksError(400, 'InvalidParameter', 'The value of parameter agentPoolProfile.vmSize is required.');
    const sku = str(wanted.osSKU);
    if (sku) {
      const allowed = windows ? WINDOWS_SKUS : LINUX_SKUS;
      if (!allowed.some((candidate) => candidate.toLowerCase() === sku.toLowerCase())) {
        throw new AksError(
          400,
          'InvalidOSSKU',
          `OSSKU '${sku}' is invalid for OSType '${osType}'. Valid values are: ${allowed.join(', ')}.`,
        );
      }
    }
    const mode = str(wanted.mode) ?? 'User';
    if (mode === 'System' && windows) throw new AksError(400, 'InvalidParameter', 'System agent pools must use osType Linux.');
    this.validateCount(typeof wanted.count === 'number' ? wanted.count : 1, mode);
    this.validateAutoscale(wanted);
    const version = str(wanted.orchestratorVersion);
    const clusterVersion = str(cluster.properties.currentKubernetesVersion)!;
    if (
      version &&
      minor(version) &&
      minor(clusterVersion) &&
      atLeast(minor(version)!, minor(clusterVersion)![0], minor(clusterVersion)![1] + 1)
    ) {
      throw new AksError(
        400,
        'InvalidParameter',
        `Node pool version ${version} cannot be greater than the control plane version ${clusterVersion}.`,
      );
    }
  }

  private validateCount(count: number, mode: string | undefined): void {
    const min = mode === 'System' ? 1 : 0;
    if (!Number.isInteger(count) || count < min || count > 1000) {
      throw new AksError(
        400,
        'InvalidParameter',
        `The value of parameter agentPoolProfile.count is invalid: ${count}. It must be between ${min} and 1000 for ${mode ?? 'User'} agent pools.`,
      );
    }
  }

  private validateAutoscale(properties: Json): void {
    if (properties.enableAutoScaling !== true) return;
    const min = properties.minCount;
    const max = properties.maxCount;
    if (typeof min !== 'number' || typeof max !== 'number' || min > max) {
      throw new AksError(
        400,
        'InvalidParameter',
        'When enableAutoScaling is true, minCount and maxCount must be set and minCount must not exceed maxCount.',
      );
    }
  }

  /** In-place OS SKU migration, as upgrade-os-version.md and the migration tutorial bound it. */
  private validateMigration(pool: PoolRecord, target: string, countChanged: boolean): void {
    const p = pool.properties;
    const from = (str(p.osSKU) ?? 'Ubuntu').toLowerCase();
    const to = target.toLowerCase();
    const version = str(p.currentOrchestratorVersion) ?? '';
    const refuse = (message: string) => new AksError(400, 'InvalidOSSKU', message);
    if (str(p.osType) === 'Windows' || from.startsWith('windows') || to.startsWith('windows')) {
      throw refuse(`OSSKU migration from '${str(p.osSKU)}' to '${target}' is not supported: Windows agent pools cannot change OSSKU.`);
    }
    if (!MIGRATABLE.has(from) || !MIGRATABLE.has(to)) {
      throw refuse(
        `OSSKU migration from '${str(p.osSKU) ?? 'Ubuntu'}' to '${target}' is not supported. Supported Linux migration targets are Ubuntu and Azure Linux.`,
      );
    }
    if (countChanged) throw new AksError(400, 'InvalidParameter', 'The agent pool count must not change during an OSSKU migration.');
    if (/kata/i.test(str(p.workloadRuntime) ?? '')) {
      throw refuse(`OSSKU migration is not supported for agent pool '${pool.name}' with workloadRuntime '${str(p.workloadRuntime)}'.`);
    }
    const v = minor(version);
    if (!v) throw refuse(`OSSKU '${target}' cannot be checked against Kubernetes version '${version}'.`);
    const supported =
      to === 'azurelinux3'
        ? atLeast(v, 1, 28) && !atLeast(v, 1, 37)
        : to === 'ubuntu2404'
          ? atLeast(v, 1, 32) && !atLeast(v, 1, 39)
          : to === 'ubuntu2204'
            ? atLeast(v, 1, 25) && !atLeast(v, 1, 34)
            : true;
    if (!supported) {
      throw refuse(
        `OSSKU '${target}' is not supported in Kubernetes version ${version}. See https://aka.ms/aks/supported-ubuntu-versions and upgrade-os-version for the supported versions.`,
      );
    }
  }

  // ---- presentation --------------------------------------------------------------------------------------------

  private clusterJson(record: ClusterRecord): Json {
    const id = `/subscriptions/${record.subscriptionId}/resourcegroups/${record.resourceGroup}/providers/${NAMESPACE}/managedClusters/${record.name}`;
    return {
      id,
      location: record.location,
      name: record.name,
      type: `${NAMESPACE}/ManagedClusters`,
      tags: { ...record.tags },
      sku: { name: 'Base', tier: 'Free' },
      eTag: record.properties.eTag,
      properties: {
        ...structuredClone(record.properties),
        agentPoolProfiles: [...record.pools.values()].map((pool) => ({ name: pool.name, ...structuredClone(pool.properties) })),
      },
    };
  }

  private poolJson(cluster: ClusterRecord, pool: PoolRecord): Json {
    return {
      id: `/subscriptions/${cluster.subscriptionId}/resourcegroups/${cluster.resourceGroup}/providers/${NAMESPACE}/managedClusters/${cluster.name}/agentPools/${pool.name}`,
      name: pool.name,
      type: `${NAMESPACE}/managedClusters/agentPools`,
      properties: structuredClone(pool.properties),
    };
  }

  // ---- lookups -------------------------------------------------------------------------------------------------

  private begin(cluster: ClusterRecord, name: string, finish: () => void, delayMs = this.operationDelayMs): Operation {
    return this.model.beginOperation(cluster.subscriptionId, NAMESPACE, cluster.location, name, finish, delayMs);
  }

  private key(subscriptionId: string, resourceGroup: string, name: string): string {
    return `${subscriptionId}/${resourceGroup}/${name}`.toLowerCase();
  }

  private clusterOf(ctx: AksRequest): ClusterRecord {
    return this.requireCluster(ctx.params.sub!, ctx.params.rg!, ctx.params.cluster!);
  }

  private requireCluster(subscriptionId: string, resourceGroup: string, name: string): ClusterRecord {
    this.model.requireSubscription(subscriptionId);
    const record = this.clusters.get(this.key(subscriptionId, resourceGroup, name));
    if (!record) {
      throw new AksError(
        404,
        'ResourceNotFound',
        `The Resource '${NAMESPACE}/managedClusters/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    }
    return record;
  }

  private requirePool(cluster: ClusterRecord, name: string): PoolRecord {
    const pool = cluster.pools.get(name.toLowerCase());
    if (!pool) throw new AksError(404, 'NotFound', `Agent pool '${name}' was not found in managed cluster '${cluster.name}'.`);
    return pool;
  }
}
