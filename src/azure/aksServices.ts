import type { ClusterInfo, NodePoolInfo } from './core/aks';
import type { VmInfo } from './core/model';

/*
 * What the AKS feature and the fleet listing ask of Azure. One real implementation each (arm/aks.ts over
 * @azure/arm-containerservice, arm/resourceGraph.ts over @azure/arm-resourcegraph); every method takes an
 * AbortSignal and fails with a sentence a person can act on, in AKS's own words where AKS gave any.
 */

/** A pool's body as AKS returns it (REST shape: `properties` nested) and the eTag it had then. */
export interface NodePoolBody {
  readonly pool: NodePoolInfo;
  /** The GET's JSON, `properties` and all. */
  readonly resource: Record<string, unknown>;
  readonly eTag?: string;
}

/** Changes a scale or a migration makes to a pool. */
export interface NodePoolChange {
  readonly count?: number;
  readonly minCount?: number;
  readonly maxCount?: number;
  readonly osSKU?: string;
}

/** How a PUT of a whole body guards against overwriting: only when the pool is still at `ifMatch`, or only when it does not exist. */
export type PutCondition = { readonly ifMatch: string } | { readonly ifNoneMatch: '*' };

export type ClusterPowerOperation = 'start' | 'stop';

export interface AksServices {
  /** Every cluster of the subscription with its pools (the per-subscription listing). */
  listClusters(subscriptionId: string, signal: AbortSignal): Promise<ClusterInfo[]>;
  /** One cluster as AKS reports it now (after an action: only this resource is read). */
  getCluster(clusterId: string, signal: AbortSignal): Promise<ClusterInfo>;
  /** One pool's current body and eTag. */
  getNodePool(poolId: string, signal: AbortSignal): Promise<NodePoolBody>;
  /** Reads the pool and writes it back with `change`, If-Match the eTag it read, then follows the operation to the end. */
  updateNodePool(poolId: string, change: NodePoolChange, signal: AbortSignal): Promise<void>;
  /** PUTs `body` (REST shape, sent as given) as pool `poolName` of the cluster, then follows the operation to the end. */
  putNodePool(
    clusterId: string,
    poolName: string,
    body: Record<string, unknown>,
    condition: PutCondition,
    signal: AbortSignal,
  ): Promise<void>;
  upgradeNodeImage(poolId: string, signal: AbortSignal): Promise<void>;
  /** Deletes the pool (If-Match `eTag` when given). AKS cannot abort a delete: the signal only stops the waiting. */
  deleteNodePool(poolId: string, eTag: string | undefined, signal: AbortSignal): Promise<void>;
  setClusterPower(clusterId: string, operation: ClusterPowerOperation, signal: AbortSignal): Promise<void>;
  /** Asks AKS to abort the operation running on a pool (or, for a cluster id, on the cluster). */
  abortLatestOperation(resourceId: string, signal: AbortSignal): Promise<void>;
}

/** Resource Graph cannot be used here (no such provider in this cloud, or refused): list per subscription instead. */
export class ResourceGraphUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`Azure Resource Graph is not available: ${reason}`);
    this.name = 'ResourceGraphUnavailableError';
  }
}

export interface ResourceGraphServices {
  /** The VMs of these subscriptions with their power state and addresses, in one paged query per 1,000 subscriptions. */
  queryVms(subscriptionIds: readonly string[], signal: AbortSignal): Promise<VmInfo[]>;
  /** The AKS clusters of these subscriptions with their pools. */
  queryClusters(subscriptionIds: readonly string[], signal: AbortSignal): Promise<ClusterInfo[]>;
}
