import type { TokenCredential } from '@azure/core-auth';
import type * as ContainerServiceTypes from '@azure/arm-containerservice';
import { azurePackages } from '../../util/lazyPackages';
import type { AksServices, ClusterPowerOperation, NodePoolBody, NodePoolChange, PutCondition } from '../aksServices';
import { clusterInfo, nodePoolInfo, notEditedPoolProperties, type ClusterInfo } from '../core/aks';
import type { CloudEndpoints } from '../core/cloud';
import { parseArmId } from '../core/model';
import { callAzure, collectWithErrorBody } from './armAzureServices';
import { ArmHttpError } from './armRest';

type Client = ContainerServiceTypes.ContainerServiceClient;
type AgentPool = ContainerServiceTypes.AgentPool;

/** The AKS API version of the installed @azure/arm-containerservice, used for the PUTs of whole bodies too. */
const aksApiVersion = '2026-06-01';

interface PoolAddress {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly cluster: string;
  readonly pool?: string;
}

/** Splits a cluster id or a pool id ({cluster id}/agentPools/{name}). */
function addressOf(resourceId: string): PoolAddress {
  const parts = parseArmId(resourceId);
  const pool = /\/agentPools\/([^/]+)$/i.exec(resourceId)?.[1];
  if (!parts?.name || !/managedClusters/i.test(parts.type ?? '')) {
    throw new Error(`Not an AKS cluster or node pool id: ${resourceId}`);
  }
  return { subscriptionId: parts.subscriptionId, resourceGroup: parts.resourceGroup, cluster: parts.name, pool };
}

function parse(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * AKS through @azure/arm-containerservice (loaded lazily): listing, reads and the operations on clusters and node
 * pools, each followed to the end. The PUT of a whole body from a file goes through the SDK's pipeline and its
 * long-running-operation poller (@azure/core-lro) as written, so keys this SDK version does not know reach AKS
 * instead of being dropped by the model's serializer.
 */
export class ArmAksServices implements AksServices {
  private readonly clients = new Map<string, Client>();
  private pipelineClient: InstanceType<ReturnType<typeof azurePackages>['ServiceClient']> | undefined;

  constructor(
    private readonly credential: TokenCredential,
    private readonly cloud: CloudEndpoints,
    private readonly pollIntervalMs?: number,
  ) {}

  private client(subscriptionId: string): Client {
    let client = this.clients.get(subscriptionId);
    if (!client) {
      const { containerService } = azurePackages();
      client = new containerService.ContainerServiceClient(this.credential, subscriptionId, {
        endpoint: this.cloud.resourceManagerEndpoint,
        credentials: { scopes: [this.cloud.managementScope] },
      });
      this.clients.set(subscriptionId, client);
    }
    return client;
  }

  private call<T>(what: string, work: () => Promise<T>): Promise<T> {
    return callAzure(what, work);
  }

  /** Sends the operation (never aborted: it must be known whether AKS took it), then waits for it, which the signal stops. */
  private async follow<T>(
    poller: { submitted(): Promise<void>; pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T> },
    signal: AbortSignal,
  ): Promise<void> {
    await poller.submitted();
    await poller.pollUntilDone({ abortSignal: signal });
  }

  private lro() {
    return { updateIntervalInMs: this.pollIntervalMs };
  }

  listClusters(subscriptionId: string, signal: AbortSignal): Promise<ClusterInfo[]> {
    return this.call('Listing the Kubernetes clusters failed', async () => {
      const clusters = await collectWithErrorBody((options) =>
        this.client(subscriptionId).managedClusters.list({ abortSignal: signal, ...options }),
      );
      return clusters.map((cluster) => clusterInfo(cluster));
    });
  }

  getCluster(clusterId: string, signal: AbortSignal): Promise<ClusterInfo> {
    const address = addressOf(clusterId);
    return this.call(`Reading the cluster ${address.cluster} failed`, async () =>
      clusterInfo(
        await this.client(address.subscriptionId).managedClusters.get(address.resourceGroup, address.cluster, { abortSignal: signal }),
      ),
    );
  }

  getNodePool(poolId: string, signal: AbortSignal): Promise<NodePoolBody> {
    const address = addressOf(poolId);
    return this.call(`Reading the node pool ${address.pool} failed`, async () => {
      let resource: Record<string, unknown> = {};
      const pool = await this.client(address.subscriptionId).agentPools.get(address.resourceGroup, address.cluster, address.pool!, {
        abortSignal: signal,
        // The body as AKS sent it (REST shape), for the person to read and edit; the model is the SDK's flattening of it.
        onResponse: (raw) => {
          const parsed = raw.parsedBody ?? parse(raw.bodyAsText ?? undefined);
          if (parsed && typeof parsed === 'object') resource = parsed as Record<string, unknown>;
        },
      });
      const cluster = {
        id: poolId.replace(/\/agentPools\/[^/]+$/i, ''),
        name: address.cluster,
        subscriptionId: address.subscriptionId,
        resourceGroup: address.resourceGroup,
      };
      return { pool: nodePoolInfo(cluster, pool), resource, eTag: pool.eTag };
    });
  }

  updateNodePool(poolId: string, change: NodePoolChange, signal: AbortSignal): Promise<void> {
    const address = addressOf(poolId);
    return this.call(`Changing the node pool ${address.pool} failed`, async () => {
      const pools = this.client(address.subscriptionId).agentPools;
      const current = await pools.get(address.resourceGroup, address.cluster, address.pool!, { abortSignal: signal });
      const updated: AgentPool = { ...current, ...change };
      // Values AKS sets, and the node image, which a PUT would take as a request to roll the nodes back to it.
      for (const key of notEditedPoolProperties) delete (updated as Record<string, unknown>)[key];
      await this.follow(
        pools.createOrUpdate(address.resourceGroup, address.cluster, address.pool!, updated, { ...this.lro(), ifMatch: current.eTag }),
        signal,
      );
    });
  }

  putNodePool(
    clusterId: string,
    poolName: string,
    body: Record<string, unknown>,
    condition: PutCondition,
    signal: AbortSignal,
  ): Promise<void> {
    const address = addressOf(clusterId);
    return this.call(`Writing the node pool ${poolName} failed`, async () => {
      const { ServiceClient, createPipelineRequest, createHttpPoller } = azurePackages();
      this.pipelineClient ??= new ServiceClient({
        credential: this.credential,
        credentialScopes: [this.cloud.managementScope],
        endpoint: this.cloud.resourceManagerEndpoint,
      });
      const client = this.pipelineClient;
      const path = `/subscriptions/${encodeURIComponent(address.subscriptionId)}/resourceGroups/${encodeURIComponent(address.resourceGroup)}/providers/Microsoft.ContainerService/managedClusters/${encodeURIComponent(address.cluster)}/agentPools/${encodeURIComponent(poolName)}`;
      const url = `${this.cloud.resourceManagerEndpoint}${path}?api-version=${aksApiVersion}`;
      const send = async (method: 'PUT' | 'GET', target: string, abortSignal?: AbortSignal) => {
        const request = createPipelineRequest({ url: target, method, abortSignal });
        if (method === 'PUT') {
          request.body = JSON.stringify(body);
          request.headers.set('Content-Type', 'application/json');
          if ('ifMatch' in condition) request.headers.set('If-Match', condition.ifMatch);
          else request.headers.set('If-None-Match', condition.ifNoneMatch);
        }
        const response = await client.sendRequest(request);
        const parsed = parse(response.bodyAsText ?? undefined);
        if (response.status >= 400) {
          const error = (parsed as { error?: { message?: string }; message?: string } | undefined) ?? {};
          throw new ArmHttpError(response.status, parsed, error.error?.message ?? error.message ?? `AKS answered ${response.status}.`);
        }
        return {
          flatResponse: parsed,
          rawResponse: { statusCode: response.status, headers: response.headers.toJSON(), body: parsed, request: { method, url: target } },
        };
      };
      const poller = createHttpPoller(
        {
          sendInitialRequest: () => send('PUT', url),
          sendPollRequest: (target: string, options?: { abortSignal?: unknown }) =>
            send('GET', target, options?.abortSignal as AbortSignal | undefined),
        },
        { resourceLocationConfig: 'azure-async-operation', intervalInMs: this.pollIntervalMs },
      );
      await this.follow(poller, signal);
    });
  }

  upgradeNodeImage(poolId: string, signal: AbortSignal): Promise<void> {
    const address = addressOf(poolId);
    return this.call(`Upgrading the node image of ${address.pool} failed`, () =>
      this.follow(
        this.client(address.subscriptionId).agentPools.upgradeNodeImageVersion(
          address.resourceGroup,
          address.cluster,
          address.pool!,
          this.lro(),
        ),
        signal,
      ),
    );
  }

  deleteNodePool(poolId: string, eTag: string | undefined, signal: AbortSignal): Promise<void> {
    const address = addressOf(poolId);
    return this.call(`Deleting the node pool ${address.pool} failed`, () =>
      this.follow(
        this.client(address.subscriptionId).agentPools.delete(address.resourceGroup, address.cluster, address.pool!, {
          ...this.lro(),
          ...(eTag ? { ifMatch: eTag } : {}),
        }),
        signal,
      ),
    );
  }

  setClusterPower(clusterId: string, operation: ClusterPowerOperation, signal: AbortSignal): Promise<void> {
    const address = addressOf(clusterId);
    const clusters = this.client(address.subscriptionId).managedClusters;
    return this.call(`${operation === 'start' ? 'Starting' : 'Stopping'} the cluster ${address.cluster} failed`, () =>
      this.follow(
        operation === 'start'
          ? clusters.start(address.resourceGroup, address.cluster, this.lro())
          : clusters.stop(address.resourceGroup, address.cluster, this.lro()),
        signal,
      ),
    );
  }

  abortLatestOperation(resourceId: string, signal: AbortSignal): Promise<void> {
    const address = addressOf(resourceId);
    const client = this.client(address.subscriptionId);
    return this.call(`Aborting the operation on ${address.pool ?? address.cluster} failed`, () =>
      this.follow(
        address.pool
          ? client.agentPools.abortLatestOperation(address.resourceGroup, address.cluster, address.pool, this.lro())
          : client.managedClusters.abortLatestOperation(address.resourceGroup, address.cluster, this.lro()),
        signal,
      ),
    );
  }
}
