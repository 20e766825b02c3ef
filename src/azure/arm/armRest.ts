import type { PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';

/*
 * Resource Manager GETs for the few calls no installed SDK package covers (the tenant, subscription and region
 * lists), sent through the SDK's own pipeline (an `@azure/core-client` ServiceClient: bearer-token policy, retries
 * of 429, 5xx and dropped connections, `Retry-After`), with the SDK's error shape ({ statusCode, details }), so
 * error handling upstream does not care which path a request took.
 */

export class ArmHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly details: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'RestError';
  }
}

/** What armListAll needs of a ServiceClient and of core-rest-pipeline (both come from the lazily loaded bundle). */
export interface ArmPipeline {
  sendRequest(request: PipelineRequest): Promise<PipelineResponse>;
  createRequest(options: { url: string; method: 'GET'; abortSignal: AbortSignal }): PipelineRequest;
}

interface Page<T> {
  value?: T[];
  nextLink?: string;
}

function parse(text: string | undefined): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: keep the text for the error message.
    return text;
  }
}

/** GETs every page of an ARM list, following `nextLink`; the pipeline retries transient failures. */
export async function armListAll<T>(
  pipeline: ArmPipeline,
  endpoint: string,
  path: string,
  apiVersion: string,
  signal: AbortSignal,
): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = `${endpoint}${path}?api-version=${encodeURIComponent(apiVersion)}`;
  while (next) {
    const response = await pipeline.sendRequest(pipeline.createRequest({ url: next, method: 'GET', abortSignal: signal }));
    const body = parse(response.bodyAsText ?? undefined);
    if (response.status < 200 || response.status >= 300) {
      const error = (body as { error?: { message?: string } } | undefined)?.error;
      throw new ArmHttpError(response.status, body, error?.message ?? `Azure Resource Manager answered ${response.status}.`);
    }
    const page = body as Page<T>;
    items.push(...(page.value ?? []));
    next = page.nextLink;
  }
  return items;
}
