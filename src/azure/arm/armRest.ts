import type { AccessToken, TokenCredential } from '@azure/core-auth';
import * as https from 'node:https';
import type { CloudEndpoints } from '../core/cloud';

/*
 * Plain Resource Manager GETs for the few calls no installed SDK package covers (the tenant and subscription
 * lists). Same transport as the SDK (node:https), same bearer token, same error shape ({ statusCode, details }),
 * so error handling upstream does not care which path a request took.
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

interface Page<T> {
  value?: T[];
  nextLink?: string;
}

function getJson(url: URL, token: AccessToken, signal: AbortSignal): Promise<{ status: number; body: unknown; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      { method: 'GET', headers: { authorization: `Bearer ${token.token}`, accept: 'application/json' }, signal, timeout: 60_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON: keep the text for the error message.
          }
          resolve({ status: response.statusCode ?? 0, body, retryAfter: response.headers['retry-after'] });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`No answer from ${url.host} within 60 seconds.`)));
    request.on('error', reject);
    request.end();
  });
}

const maxThrottleRetries = 3;

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason instanceof Error ? signal.reason : new Error('Cancelled'));
    }, { once: true });
  });
}

/** GETs every page of an ARM list, following `nextLink`, retrying 429s after `Retry-After`. */
export async function armListAll<T>(
  credential: TokenCredential,
  cloud: CloudEndpoints,
  path: string,
  apiVersion: string,
  signal: AbortSignal,
): Promise<T[]> {
  const token = await credential.getToken(cloud.managementScope, { abortSignal: signal });
  if (!token) {
    throw new ArmHttpError(401, undefined, 'No access token for Azure Resource Manager; sign in again.');
  }
  const items: T[] = [];
  let next: URL | undefined = new URL(`${cloud.resourceManagerEndpoint}${path}?api-version=${encodeURIComponent(apiVersion)}`);
  let throttled = 0;
  while (next) {
    const { status, body, retryAfter } = await getJson(next, token, signal);
    if (status === 429 && throttled < maxThrottleRetries) {
      throttled++;
      const seconds = Number(retryAfter);
      await delay(Number.isFinite(seconds) ? Math.min(seconds, 30) * 1000 : 1000 * throttled, signal);
      continue;
    }
    if (status < 200 || status >= 300) {
      const error = (body as { error?: { message?: string } } | undefined)?.error;
      throw new ArmHttpError(status, body, error?.message ?? `Azure Resource Manager answered ${status}.`);
    }
    const page = body as Page<T>;
    items.push(...(page.value ?? []));
    next = page.nextLink ? new URL(page.nextLink) : undefined;
  }
  return items;
}
