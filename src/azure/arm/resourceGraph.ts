import type { TokenCredential } from '@azure/core-auth';
import type * as ResourceGraphTypes from '@azure/arm-resourcegraph';
import { azurePackages } from '../../util/lazyPackages';
import { ResourceGraphUnavailableError, type ResourceGraphServices } from '../aksServices';
import { clusterInfo, type ClusterInfo } from '../core/aks';
import { azureErrorDetails, isSignInError } from '../core/armErrors';
import type { CloudEndpoints } from '../core/cloud';
import type { VmInfo } from '../core/model';
import { clusterQuery, graphPageSize, quotaResetMs, subscriptionBatches, vmQuery, vmsFromRows } from '../core/resourceGraph';
import { AzureRequestError } from './armAzureServices';

type Client = ResourceGraphTypes.ResourceGraphClient;

/** Error codes that mean this cloud has no Resource Graph, or this account may not use it. */
const unavailableCodes = new Set([
  'invalidresourcenamespace',
  'noregisteredproviderfound',
  'missingsubscriptionregistration',
  'authorizationfailed',
]);

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted)
      return reject(signal.reason instanceof Error ? signal.reason : Object.assign(new Error('Aborted'), { name: 'AbortError' }));
    const timer = setTimeout(done, ms);
    function done(): void {
      signal.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted(): void {
      clearTimeout(timer);
      reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }));
    }
    signal.addEventListener('abort', aborted, { once: true });
  });
}

/**
 * Resource Graph's reason for a refused query sits in `error.details` (its top message only asks for a support
 * timestamp): put the last detail's code and message on the error, so the person reads the reason.
 */
function withGraphDetails(error: unknown): unknown {
  const typed = error as { details?: { error?: { details?: { code?: string; message?: string }[] } } };
  const detail = typed.details?.error?.details?.at(-1);
  if (error instanceof Error && detail?.message) {
    Object.assign(error, { details: { error: { code: detail.code, message: detail.message } } });
  }
  return error;
}

/**
 * The fleet listing over Azure Resource Graph. Where a query is refused in a way that says Resource Graph is not
 * there for this account (another cloud without it, no permission), it says so once and every later call fails at
 * once with ResourceGraphUnavailableError, so the caller lists per subscription without asking again.
 */
export class ArmResourceGraph implements ResourceGraphServices {
  private clientValue: Client | undefined;
  private unavailable: string | undefined;

  constructor(
    private readonly credential: TokenCredential,
    private readonly cloud: CloudEndpoints,
  ) {}

  private client(): Client {
    if (!this.clientValue) {
      const { resourceGraph } = azurePackages();
      this.clientValue = new resourceGraph.ResourceGraphClient(this.credential, {
        endpoint: this.cloud.resourceManagerEndpoint,
        credentials: { scopes: [this.cloud.managementScope] },
      });
    }
    return this.clientValue;
  }

  async queryVms(subscriptionIds: readonly string[], signal: AbortSignal): Promise<VmInfo[]> {
    return vmsFromRows(
      await this.queryAll('Listing the virtual machines through Azure Resource Graph failed', vmQuery, subscriptionIds, signal),
    );
  }

  async queryClusters(subscriptionIds: readonly string[], signal: AbortSignal): Promise<ClusterInfo[]> {
    const rows = await this.queryAll(
      'Listing the Kubernetes clusters through Azure Resource Graph failed',
      clusterQuery,
      subscriptionIds,
      signal,
    );
    return rows.map((row) => clusterInfo(row));
  }

  /** Every row of `query` over the subscriptions: one request per 1,000 rows per 1,000 subscriptions. */
  private async queryAll(
    what: string,
    query: string,
    subscriptionIds: readonly string[],
    signal: AbortSignal,
  ): Promise<Record<string, unknown>[]> {
    if (this.unavailable) throw new ResourceGraphUnavailableError(this.unavailable);
    const rows: Record<string, unknown>[] = [];
    try {
      for (const batch of subscriptionBatches(subscriptionIds)) {
        let skipToken: string | undefined;
        do {
          let headers: { get(name: string): string | undefined } | undefined;
          const response = await this.client().resources(
            { subscriptions: batch, query, options: { top: graphPageSize, skipToken, resultFormat: 'objectArray' } },
            { abortSignal: signal, onResponse: (raw) => (headers = raw.headers) },
          );
          rows.push(...(Array.isArray(response.data) ? (response.data as Record<string, unknown>[]) : []));
          if (response.resultTruncated === 'true' && !response.skipToken) {
            throw new Error(`Azure Resource Graph cut the result at ${rows.length} rows and cannot page this query.`);
          }
          skipToken = response.skipToken;
          // Out of quota for this window: wait for it to reset rather than be throttled (Guidance for throttled requests).
          if (skipToken && headers?.get('x-ms-user-quota-remaining') === '0') {
            const wait = quotaResetMs(headers.get('x-ms-user-quota-resets-after'));
            if (wait) await sleep(Math.min(wait, 60_000), signal);
          }
        } while (skipToken);
      }
    } catch (error) {
      if (isAbortError(error) || isSignInError(error)) throw error;
      const details = azureErrorDetails(error);
      const code = details.code?.toLowerCase() ?? '';
      if (details.statusCode === 403 || details.statusCode === 404 || unavailableCodes.has(code)) {
        this.unavailable = `${details.message}${details.code ? ` (${details.code})` : ''}`;
        throw new ResourceGraphUnavailableError(this.unavailable);
      }
      throw new AzureRequestError(what, withGraphDetails(error));
    }
    return rows;
  }
}
