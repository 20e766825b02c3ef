/*
 * A local HTTPS server that answers like Azure Resource Manager, so the real Azure SDK clients (arm-compute,
 * arm-network, arm-resources, and raw pipeline calls for tenants and subscriptions) run against it unchanged:
 * point a client's `endpoint` at `server.url` and trust the test certificate (NODE_EXTRA_CA_CERTS).
 *
 * It pages with `nextLink`, runs power actions, creates and deletes as long-running operations
 * (`Azure-AsyncOperation` / `Location` polling), answers ARM error bodies, requires a bearer token and
 * `api-version`, and can inject failures and latency. Node built-ins only; no `vscode`.
 *
 * Managed disks can be made for upload or from an image and granted read or write access (disks.ts); the SAS it
 * hands out points back at this server, which then answers as Azure Blob Storage for that page blob (blobs.ts).
 * Galleries, image definitions and versions, boot diagnostics (bootDiagnostics.ts) and VM extensions are here too.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AksFake } from './aks';
import { STANDARD_LOCATIONS, STANDARD_VM_SIZES, standardImages, type ImageSeed, type LocationSeed, type VmSizeSeed } from './catalog';
import { blobPathPattern, StorageError, writeStorageError, type PageBlob } from './blobs';
import { ArmError, bearerChallenge, type FailureShape } from './errors';
import {
  ArmModel,
  resolveKind,
  type ArmResourceJson,
  type Json,
  type Operation,
  type PowerAction,
  type SubscriptionSeed,
  type TenantSeed,
  type VirtualMachineSeed,
} from './model';
import { ResourceGraphFake } from './resourceGraph';

export { armFailures, ArmError } from './errors';
export type { AgentPoolSeed, ManagedClusterSeed } from './aks';
export type { FailureShape } from './errors';
export type { ArmResourceJson, Json, PowerState, SubscriptionSeed, TenantSeed, VirtualMachineSeed } from './model';
export type { ImageSeed, LocationSeed, VmSizeSeed } from './catalog';

export interface ArmServerOptions {
  /** PEM certificate and key; default from AZL_TEST_TLS_CERT / AZL_TEST_TLS_KEY. */
  certPath?: string;
  keyPath?: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Items per page of every paged list (default 100). */
  pageSize?: number;
  /** How long long-running operations stay InProgress (default 0: the first poll sees Succeeded). */
  lroDelayMs?: number;
  /** Artificial latency before every answer, to model ARM round trips (default 0). */
  latencyMs?: number;
}

/** A failure (or slowness) to inject for requests that match. */
export interface InjectionRule {
  /** HTTP method, any case; absent: every method. */
  method?: string;
  /** Tested against the URL path (no query), e.g. /\/virtualMachines\/[^/]+$/. */
  path: RegExp;
  /** Answer with this status and an ARM error body. Absent: the request goes through (after `delayMs`). */
  status?: number;
  code?: string;
  message?: string;
  /** Sends `Retry-After` (seconds; fractions allowed so tests stay fast). */
  retryAfterSeconds?: number;
  /** Tested against the query string (without "?"), e.g. /comp=page/. */
  query?: RegExp;
  /** Lets this many matching requests through before the rule applies ("a 503 mid-upload"). */
  after?: number;
  /** How many matching requests the rule applies to (default: all of them). */
  times?: number;
  /** Waits this long before answering (slow responses, cancel tests). */
  delayMs?: number;
  /**
   * The request is accepted (201/202) but its long-running operation ends Failed with `code`/`message`,
   * as when Azure fails a create after accepting it. A created resource stays behind as provisioningState Failed.
   */
  failOperation?: boolean;
  /**
   * With `status`, on a PUT: the request fails, but Azure had made something before it did, which stays behind for the
   * caller to clean up. `resource`: the resource itself, in provisioningState Failed (for a VM, with the OS disk Azure
   * made from the image), as Azure keeps a VM whose create failed. `osDisk`: only a VM's OS disk, made from the image
   * before the VM failed, and no VM (the orphaned disk a failed VM deployment leaves). Without it a failing PUT makes
   * nothing, as a request ARM refuses up front.
   */
  leaveBehind?: 'resource' | 'osDisk';
}

export interface Injection {
  /** Matching requests the rule has applied to so far. */
  readonly hits: number;
  remove(): void;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Date.now() when the request arrived. */
  time: number;
  /** Status answered and Date.now() when the answer went out (set once answered). */
  status?: number;
  end?: number;
}

interface ActiveInjection extends InjectionRule {
  hits: number;
  passed: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  body: Json;
  headers: Record<string, string | string[] | undefined>;
  apiVersion: string;
  tenantId?: string;
  failWith?: { code: string; message: string };
  /** A failure to answer after the PUT made what `leaveBehind` says (see InjectionRule.leaveBehind). */
  failAfterPut?: { error: ArmError; leaveBehind: 'resource' | 'osDisk' };
}

type Handler = (ctx: RequestContext) => Reply;

interface Route {
  methods: string[];
  pattern: RegExp;
  handler: Handler;
}

const SUB = '/subscriptions/(?<sub>[^/]+)';
const RG = `${SUB}/resourceGroups/(?<rg>[^/]+)`;
const LOC = `${SUB}/providers/Microsoft\\.Compute/locations/(?<loc>[^/]+)`;
const IMAGES = `${LOC}/publishers`;
const VM = `${RG}/providers/Microsoft\\.Compute/virtualMachines/(?<name>[^/]+)`;
const GALLERY = `${RG}/providers/Microsoft\\.Compute/galleries/(?<gallery>[^/]+)`;

export class ArmServer {
  /** https://127.0.0.1:PORT: the `endpoint` for every SDK client. */
  readonly url: string;
  /** Every request in arrival order, so tests can count round trips. Clear with `requests.length = 0`. */
  readonly requests: RequestRecord[] = [];
  /** Items per page of paged lists. */
  pageSize: number;
  /** Artificial latency before every answer. */
  latencyMs: number;
  /** Sends `Retry-After` with InProgress operation answers; absent: the SDK's own poll interval applies. */
  lroRetryAfterSeconds: number | undefined;
  /** Extra token check: return a failure (e.g. armFailures.expiredToken()) to reject a token. */
  tokenValidator: ((token: string) => FailureShape | undefined) | undefined;
  /** Exceptions the handlers threw that were not ARM errors (a bug in the fake): answered as 500. */
  readonly internalErrors: Error[] = [];

  private readonly model = new ArmModel();
  /** AKS managed clusters and agent pools (aks.ts): seed with `aks.addManagedCluster`. */
  readonly aks = new AksFake(this.model);
  /** Azure Resource Graph over everything the fake holds (resourceGraph.ts). */
  readonly resourceGraph = new ResourceGraphFake(this.model, this.aks);
  private readonly injections: ActiveInjection[] = [];
  private readonly routes: Route[];

  constructor(
    private readonly server: Server,
    port: number,
    options: ArmServerOptions,
  ) {
    this.url = `https://127.0.0.1:${port}`;
    this.pageSize = options.pageSize ?? 100;
    this.latencyMs = options.latencyMs ?? 0;
    this.model.lroDelayMs = options.lroDelayMs ?? 0;
    this.model.blobs.baseUrl = this.url;
    this.routes = this.buildRoutes();
  }

  /** How long a started VM takes until its agent is Ready; its serial log fills over this time (default 0). */
  get bootDurationMs(): number {
    return this.model.bootDurationMs;
  }

  set bootDurationMs(value: number) {
    this.model.bootDurationMs = value;
  }

  /** How long long-running operations stay InProgress; applies to operations started afterwards. */
  get lroDelayMs(): number {
    return this.model.lroDelayMs;
  }

  set lroDelayMs(value: number) {
    this.model.lroDelayMs = value;
  }

  // ---- seeding ---------------------------------------------------------------------------------------------

  addTenant(seed: TenantSeed): void {
    this.model.addTenant(seed);
  }

  addSubscription(seed: SubscriptionSeed): void {
    this.model.addSubscription(seed);
  }

  addLocation(seed: LocationSeed): void {
    this.model.addLocation(seed);
  }

  addResourceGroup(subscriptionId: string, name: string, location: string, tags?: Record<string, string>): ArmResourceJson {
    return this.model.addResourceGroup(subscriptionId, name, location, tags);
  }

  /** Adds a VM with its OS disk and (unless `networkProfile` is given) a NIC, VNet and public IP. */
  addVirtualMachine(subscriptionId: string, resourceGroup: string, vm: VirtualMachineSeed): ArmResourceJson {
    return this.model.addVirtualMachine(subscriptionId, resourceGroup, vm);
  }

  /** Adds a NIC, public IP, NSG, VNet or disk as it would exist after a successful create. */
  addResource(subscriptionId: string, resourceGroup: string, type: string, name: string, body: Json): ArmResourceJson {
    return this.model.addResource(subscriptionId, resourceGroup, type, name, body);
  }

  /** Replaces the tags of a resource or resource group, as a change made in the portal would. */
  setTags(resourceId: string, tags: Record<string, string>): void {
    this.model.setTags(resourceId, tags);
  }

  addImage(seed: ImageSeed): void {
    this.model.addImage(seed);
  }

  addVmSize(seed: VmSizeSeed): void {
    this.model.addVmSize(seed);
  }

  /** Regions, Azure Linux (and a few other) images and VM sizes as Azure offers them; see catalog.ts. */
  addStandardCatalog(locations: string[] = STANDARD_LOCATIONS.map((l) => l.name)): void {
    const wanted = new Set(locations.map((l) => l.toLowerCase()));
    for (const location of STANDARD_LOCATIONS.filter((l) => wanted.has(l.name))) {
      this.model.addLocation(location);
      standardImages(location.name).forEach((image) => this.model.addImage(image));
    }
    for (const size of STANDARD_VM_SIZES) {
      const here = size.locations.filter((l) => wanted.has(l));
      if (here.length) this.model.addVmSize({ ...size, locations: here });
    }
  }

  // ---- inspection --------------------------------------------------------------------------------------------

  /** Every resource group and resource that exists now. */
  resources(): ArmResourceJson[] {
    this.model.settle();
    return this.model.allResources();
  }

  /** Ids of everything that exists now, sorted: compare before and after a flow to find leftovers. */
  resourceIds(): string[] {
    return this.resources()
      .map((r) => r.id)
      .sort();
  }

  /** Requests so far that match a method and/or path. */
  requestCount(filter: { method?: string; path?: RegExp } = {}): number {
    return this.requests.filter(
      (r) => (!filter.method || r.method === filter.method.toUpperCase()) && (!filter.path || filter.path.test(r.path)),
    ).length;
  }

  /** The page blob behind a managed disk (what was uploaded to it, or what an export serves). */
  diskBlob(diskId: string): PageBlob | undefined {
    return this.model.disks.blob(diskId);
  }

  /** Makes the disk's current SAS expire now: the next blob request with it fails with 403 AuthenticationFailed. */
  expireDiskAccess(diskId: string): void {
    this.model.disks.expire(diskId);
  }

  /** SHA-256 of the disk an image version was made from, as it was when the version was made. */
  imageVersionSourceSha256(versionId: string): string | undefined {
    return this.model.versionSources.get(versionId.toLowerCase())?.sha256();
  }

  /** The VM prints more on its serial console (boot diagnostics' serial log). */
  appendSerialLog(vmId: string, text: string): void {
    this.model.appendSerialLog(vmId, text);
  }

  /** A VM extension as it was PUT, protected settings included (ARM never returns them). */
  vmExtension(vmId: string, name: string): Json | undefined {
    return this.model.vmExtension(vmId, name);
  }

  // ---- failure injection -----------------------------------------------------------------------------------

  inject(rule: InjectionRule): Injection {
    const active: ActiveInjection = { ...rule, hits: 0, passed: 0 };
    this.injections.push(active);
    return {
      get hits() {
        return active.hits;
      },
      remove: () => {
        const index = this.injections.indexOf(active);
        if (index >= 0) this.injections.splice(index, 1);
      },
    };
  }

  clearInjections(): void {
    this.injections.length = 0;
  }

  close(): Promise<void> {
    this.model.close();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---- HTTP ---------------------------------------------------------------------------------------------------

  /** @internal Called by the HTTPS server for each request. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const method = (request.method ?? 'GET').toUpperCase();
    const record: RequestRecord = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), time: Date.now() };
    this.requests.push(record);
    if (blobPathPattern.test(url.pathname)) {
      // Azure Storage, for a SAS this server handed out: its own error format, no bearer token, no api-version.
      const injection = this.matchInjection(method, url);
      if (injection) {
        injection.hits++;
        if (injection.delayMs) await sleep(injection.delayMs);
        if (injection.status) {
          const failure = new StorageError(
            injection.status,
            injection.code ?? storageCode(injection.status),
            injection.message ?? storageMessage(injection.status),
          );
          request.resume();
          writeStorageError(
            response,
            failure,
            injection.retryAfterSeconds !== undefined ? { 'Retry-After': String(injection.retryAfterSeconds) } : {},
          );
          record.status = failure.status;
          record.end = Date.now();
          return;
        }
      }
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      record.status = await this.model.blobs.handle(request, response, url, method);
      record.end = Date.now();
      return;
    }
    let reply: Reply;
    try {
      const raw = await readBody(request);
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      reply = await this.answer(method, url, request, raw);
    } catch (error) {
      reply = this.errorReply(error);
    }
    record.status = reply.status;
    record.end = Date.now();
    this.send(response, method, reply);
  }

  private async answer(method: string, url: URL, request: IncomingMessage, raw: string): Promise<Reply> {
    const ctx: RequestContext = {
      method,
      path: url.pathname,
      query: url.searchParams,
      params: {},
      body: {},
      headers: request.headers,
      apiVersion: '',
    };
    const injection = this.matchInjection(method, url);
    if (injection) {
      injection.hits++;
      if (injection.delayMs) await sleep(injection.delayMs);
      if (injection.failOperation) {
        ctx.failWith = { code: injection.code ?? 'InternalOperationError', message: injection.message ?? 'The operation failed.' };
      } else if (injection.status) {
        const headers: Record<string, string> = {};
        if (injection.retryAfterSeconds !== undefined) headers['Retry-After'] = String(injection.retryAfterSeconds);
        if (injection.status === 401) headers['WWW-Authenticate'] = bearerChallenge(injection.message ?? 'The access token is invalid.');
        const error = new ArmError(
          injection.status,
          injection.code ?? defaultCode(injection.status),
          injection.message ?? `Injected ${injection.status} for ${method} ${url.pathname}.`,
          headers,
        );
        if (!injection.leaveBehind || method !== 'PUT') throw error;
        ctx.failAfterPut = { error, leaveBehind: injection.leaveBehind };
      }
    }
    ctx.tenantId = this.authenticate(request.headers.authorization);
    const apiVersion = url.searchParams.get('api-version');
    if (!apiVersion) {
      throw new ArmError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    }
    ctx.apiVersion = apiVersion;
    if (raw.trim()) {
      try {
        ctx.body = JSON.parse(raw) as Json;
      } catch {
        throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
      }
    }
    this.model.settle();
    for (const route of this.routes) {
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      if (!route.methods.includes(method)) continue;
      ctx.params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
      return route.handler(ctx);
    }
    // Not a gap to hide: say plainly which call the fake does not know yet.
    throw new ArmError(
      501,
      'FakeArmRouteMissing',
      `The fake ARM server has no route for ${method} ${url.pathname}. Add it to test/fakes/arm/server.ts.`,
    );
  }

  private matchInjection(method: string, url: URL): ActiveInjection | undefined {
    const query = url.search.replace(/^\?/, '');
    const rule = this.injections.find(
      (r) =>
        (!r.method || r.method.toUpperCase() === method) &&
        r.path.test(url.pathname) &&
        (!r.query || r.query.test(query)) &&
        (r.times === undefined || r.hits < r.times),
    );
    if (rule && rule.after !== undefined && rule.passed < rule.after) {
      rule.passed++;
      return undefined;
    }
    return rule;
  }

  /** Checks the bearer token like ARM; returns the tenant a JWT names (for tenant-scoped subscription lists). */
  private authenticate(header: string | undefined): string | undefined {
    if (!header) {
      throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", {
        'WWW-Authenticate': bearerChallenge("The authentication failed because of missing 'Authorization' header."),
      });
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new ArmError(
        401,
        'AuthenticationFailedInvalidHeader',
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
        {
          'WWW-Authenticate': bearerChallenge("The 'Authorization' header is provided in an invalid format."),
        },
      );
    }
    const token = match[1]!;
    const claims = jwtClaims(token);
    const expired = typeof claims?.exp === 'number' && claims.exp * 1000 < Date.now();
    const rejection = expired ? expiredFailure(claims!.exp as number) : this.tokenValidator?.(token);
    if (rejection) {
      throw new ArmError(rejection.status, rejection.code, rejection.message, {
        'WWW-Authenticate': bearerChallenge(
          rejection.code === 'ExpiredAuthenticationToken' ? 'The access token has expired.' : rejection.message,
        ),
      });
    }
    return typeof claims?.tid === 'string' ? claims.tid : undefined;
  }

  private errorReply(error: unknown): Reply {
    if (error instanceof ArmError) {
      return { status: error.status, body: error.body(), headers: error.headers };
    }
    const failure = error instanceof Error ? error : new Error(String(error));
    this.internalErrors.push(failure);
    return { status: 500, body: { error: { code: 'InternalServerError', message: `Fake ARM server bug: ${failure.message}` } } };
  }

  private send(response: ServerResponse, method: string, reply: Reply): void {
    const requestId = randomUUID();
    const headers: Record<string, string> = {
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': requestId,
      'x-ms-routing-request-id': `EASTUS:${new Date().toISOString().replace(/[-:.]/g, '')}:${requestId}`,
      [method === 'GET' || method === 'HEAD'
        ? 'x-ms-ratelimit-remaining-subscription-reads'
        : 'x-ms-ratelimit-remaining-subscription-writes']: '11999',
      'Cache-Control': 'no-cache',
      ...reply.headers,
    };
    if (reply.body === undefined || method === 'HEAD') {
      response.writeHead(reply.status, { ...headers, 'Content-Length': '0' });
      response.end();
      return;
    }
    const text = JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
    });
    response.end(text);
  }

  // ---- replies ------------------------------------------------------------------------------------------------

  /** One page of `items` with a `nextLink` that repeats the query (api-version included) plus a skip token. */
  private page<T>(ctx: RequestContext, items: readonly T[], render: (item: T) => unknown = (item) => item): Reply {
    const offset = Number(ctx.query.get('$skiptoken') ?? '0') || 0;
    const size = Math.max(1, this.pageSize);
    const value = items.slice(offset, offset + size).map(render);
    const body: Json = { value };
    if (offset + size < items.length) {
      const next = new URLSearchParams(ctx.query);
      next.set('$skiptoken', String(offset + size));
      body.nextLink = `${this.url}${ctx.path}?${next.toString()}`;
    }
    return { status: 200, body };
  }

  private operationUrl(operation: Operation, kind: 'operations' | 'operationResults', apiVersion: string): string {
    if (operation.namespace === 'Microsoft.Resources') {
      return `${this.url}/subscriptions/${operation.subscriptionId}/operationresults/${operation.id}?api-version=${encodeURIComponent(apiVersion)}`;
    }
    return `${this.url}/subscriptions/${operation.subscriptionId}/providers/${operation.namespace}/locations/${operation.location}/${kind}/${operation.id}?api-version=${encodeURIComponent(apiVersion)}`;
  }

  /** A long-running answer: `Azure-AsyncOperation` to poll, plus `Location` when `withLocation`. */
  private asyncReply(ctx: RequestContext, operation: Operation, status: number, body: unknown, withLocation: boolean): Reply {
    if (ctx.failWith) operation.failWith = ctx.failWith;
    const headers: Record<string, string> = { 'Azure-AsyncOperation': this.operationUrl(operation, 'operations', ctx.apiVersion) };
    if (withLocation) headers.Location = this.operationUrl(operation, 'operationResults', ctx.apiVersion);
    if (this.lroRetryAfterSeconds !== undefined) headers['Retry-After'] = String(this.lroRetryAfterSeconds);
    return { status, body, headers };
  }

  /** A long-running answer polled through `Location` only (deletes): 202 until done, then 200. */
  private locationReply(ctx: RequestContext, operation: Operation): Reply {
    if (ctx.failWith) operation.failWith = ctx.failWith;
    const headers: Record<string, string> = { Location: this.operationUrl(operation, 'operationResults', ctx.apiVersion) };
    if (this.lroRetryAfterSeconds !== undefined) headers['Retry-After'] = String(this.lroRetryAfterSeconds);
    return { status: 202, headers };
  }

  private operationStatus(ctx: RequestContext): Reply {
    const operation = this.requireOperation(ctx.params.op!);
    const body: Json = { name: operation.id, status: operation.status, startTime: new Date(operation.startedAt).toISOString() };
    if (operation.endTime) body.endTime = new Date(operation.endTime).toISOString();
    if (operation.status === 'Succeeded' && operation.result) body.properties = { output: operation.result };
    if (operation.error) body.error = operation.error;
    const headers: Record<string, string> = {};
    if (operation.status === 'InProgress' && this.lroRetryAfterSeconds !== undefined)
      headers['Retry-After'] = String(this.lroRetryAfterSeconds);
    return { status: 200, body, headers };
  }

  private operationResult(ctx: RequestContext): Reply {
    const operation = this.requireOperation(ctx.params.op!);
    if (operation.status === 'InProgress') {
      const headers: Record<string, string> = { Location: `${this.url}${ctx.path}?${ctx.query.toString()}` };
      if (this.lroRetryAfterSeconds !== undefined) headers['Retry-After'] = String(this.lroRetryAfterSeconds);
      return { status: 202, headers };
    }
    if (operation.status === 'Failed') {
      const error = operation.error ?? { code: 'InternalOperationError', message: 'The operation failed.' };
      throw new ArmError(400, error.code, error.message);
    }
    if (operation.status === 'Canceled') {
      throw new ArmError(400, 'OperationCanceled', 'The operation was canceled.');
    }
    return operation.result ? { status: 200, body: operation.result } : { status: 200 };
  }

  private requireOperation(id: string): Operation {
    const operation = this.model.getOperation(id);
    if (!operation) throw new ArmError(404, 'OperationNotFound', `The operation '${id}' could not be found.`);
    return operation;
  }

  // ---- routes --------------------------------------------------------------------------------------------------

  private buildRoutes(): Route[] {
    const m = this.model;
    const replies = {
      page: (ctx: RequestContext, items: readonly unknown[]) => this.page(ctx, items),
      asyncReply: (ctx: RequestContext, operation: Operation, status: number, body: unknown, withLocation: boolean) =>
        this.asyncReply(ctx, operation, status, body, withLocation),
      locationReply: (ctx: RequestContext, operation: Operation) => this.locationReply(ctx, operation),
    };
    const routes: [string, string, Handler][] = [
      // Before the generic resource routes, which would take these paths for plain resources.
      ...(this.resourceGraph.routes() as [string, string, Handler][]),
      ...(this.aks.routes(replies as Parameters<AksFake['routes']>[0]) as [string, string, Handler][]),
      ['GET', '/tenants', (ctx) => this.page(ctx, m.listTenants())],
      ['GET', '/subscriptions', (ctx) => this.page(ctx, m.listSubscriptions(ctx.tenantId))],
      ['GET', SUB, (ctx) => ({ status: 200, body: m.getSubscription(ctx.params.sub!) })],
      ['GET', `${SUB}/locations`, (ctx) => ({ status: 200, body: { value: m.listLocations(ctx.params.sub!) } })],

      // Long-running operation status (Azure-AsyncOperation) and results (Location).
      ['GET', `${SUB}/providers/(?<ns>[^/]+)/locations/(?<loc>[^/]+)/operations/(?<op>[^/]+)`, (ctx) => this.operationStatus(ctx)],
      ['GET', `${SUB}/providers/(?<ns>[^/]+)/locations/(?<loc>[^/]+)/operationResults/(?<op>[^/]+)`, (ctx) => this.operationResult(ctx)],
      ['GET', `${SUB}/operationresults/(?<op>[^/]+)`, (ctx) => this.operationResult(ctx)],

      // Resource groups.
      ['GET', `${SUB}/resourcegroups`, (ctx) => this.page(ctx, m.listResourceGroups(ctx.params.sub!))],
      ['GET', RG, (ctx) => ({ status: 200, body: m.getResourceGroup(ctx.params.sub!, ctx.params.rg!) })],
      [
        'HEAD',
        RG,
        (ctx) => {
          try {
            m.getResourceGroup(ctx.params.sub!, ctx.params.rg!);
            return { status: 204 };
          } catch {
            return { status: 404 };
          }
        },
      ],
      [
        'PUT',
        RG,
        (ctx) => {
          const { created, json } = m.putResourceGroup(ctx.params.sub!, ctx.params.rg!, ctx.body);
          return { status: created ? 201 : 200, body: json };
        },
      ],
      ['PATCH', RG, (ctx) => ({ status: 200, body: m.patchResourceGroup(ctx.params.sub!, ctx.params.rg!, ctx.body) })],
      ['DELETE', RG, (ctx) => this.locationReply(ctx, m.deleteResourceGroup(ctx.params.sub!, ctx.params.rg!))],
      [
        'GET',
        `${RG}/resources`,
        (ctx) => this.page(ctx, genericList(m.listResources(ctx.params.sub!, ctx.params.rg!, undefined), ctx.query.get('$filter'))),
      ],
      [
        'GET',
        `${SUB}/resources`,
        (ctx) => this.page(ctx, genericList(m.listResources(ctx.params.sub!, undefined, undefined), ctx.query.get('$filter'))),
      ],

      // Image catalogue (bare arrays, as ARM answers these).
      ['GET', IMAGES, (ctx) => ({ status: 200, body: m.listPublishers(ctx.params.sub!, ctx.params.loc!) })],
      [
        'GET',
        `${IMAGES}/(?<pub>[^/]+)/artifacttypes/vmimage/offers`,
        (ctx) => ({ status: 200, body: m.listOffers(ctx.params.sub!, ctx.params.loc!, ctx.params.pub!) }),
      ],
      [
        'GET',
        `${IMAGES}/(?<pub>[^/]+)/artifacttypes/vmimage/offers/(?<offer>[^/]+)/skus`,
        (ctx) => ({
          status: 200,
          body: m.listImageSkus(ctx.params.sub!, ctx.params.loc!, ctx.params.pub!, ctx.params.offer!),
        }),
      ],
      [
        'GET',
        `${IMAGES}/(?<pub>[^/]+)/artifacttypes/vmimage/offers/(?<offer>[^/]+)/skus/(?<sku>[^/]+)/versions`,
        (ctx) => {
          const top = ctx.query.get('$top');
          return {
            status: 200,
            body: m.listImageVersions(
              ctx.params.sub!,
              ctx.params.loc!,
              ctx.params.pub!,
              ctx.params.offer!,
              ctx.params.sku!,
              top ? Number(top) : undefined,
              ctx.query.get('$orderby') ?? undefined,
            ),
          };
        },
      ],
      [
        'GET',
        `${IMAGES}/(?<pub>[^/]+)/artifacttypes/vmimage/offers/(?<offer>[^/]+)/skus/(?<sku>[^/]+)/versions/(?<ver>[^/]+)`,
        (ctx) => ({
          status: 200,
          body: m.getImage(ctx.params.sub!, ctx.params.loc!, ctx.params.pub!, ctx.params.offer!, ctx.params.sku!, ctx.params.ver!),
        }),
      ],
      [
        'GET',
        `${SUB}/providers/Microsoft\\.Compute/skus`,
        (ctx) => {
          const location = /location\s+eq\s+'([^']+)'/i.exec(ctx.query.get('$filter') ?? '')?.[1];
          return this.page(ctx, m.listResourceSkus(ctx.params.sub!, location));
        },
      ],
      [
        'GET',
        `${LOC}/vmSizes`,
        (ctx) => {
          m.requireSubscription(ctx.params.sub!);
          return { status: 200, body: { value: m.listVmSizes(ctx.params.loc!) } };
        },
      ],
      [
        'GET',
        `${LOC}/virtualMachines`,
        (ctx) =>
          this.page(
            ctx,
            m
              .listResources(ctx.params.sub!, undefined, 'virtualMachines')
              .filter((vm) => vm.location.toLowerCase() === ctx.params.loc!.toLowerCase()),
          ),
      ],

      // Virtual machines beyond plain CRUD.
      ['GET', `${VM}/instanceView`, (ctx) => ({ status: 200, body: m.instanceView(ctx.params.sub!, ctx.params.rg!, ctx.params.name!) })],
      [
        'POST',
        `${VM}/(?<action>start|powerOff|deallocate|restart)`,
        (ctx) => {
          const action = (['start', 'powerOff', 'deallocate', 'restart'] as PowerAction[]).find(
            (a) => a.toLowerCase() === ctx.params.action!.toLowerCase(),
          )!;
          return this.asyncReply(ctx, m.powerAction(ctx.params.sub!, ctx.params.rg!, ctx.params.name!, action), 202, undefined, true);
        },
      ],
      [
        'GET',
        `${VM}/vmSizes`,
        (ctx) => {
          const vm = m.getResource(ctx.params.sub!, ctx.params.rg!, 'virtualMachines', ctx.params.name!);
          return { status: 200, body: { value: m.listVmSizes(vm.location) } };
        },
      ],
      [
        'GET',
        `${RG}/providers/Microsoft\\.Network/virtualNetworks/(?<vnet>[^/]+)/subnets/(?<subnet>[^/]+)`,
        (ctx) => ({
          status: 200,
          body: m.getSubnet(ctx.params.sub!, ctx.params.rg!, ctx.params.vnet!, ctx.params.subnet!),
        }),
      ],
      [
        'GET',
        `${RG}/providers/Microsoft\\.Network/virtualNetworks/(?<vnet>[^/]+)/subnets`,
        (ctx) => {
          const vnet = m.getResource(ctx.params.sub!, ctx.params.rg!, 'virtualNetworks', ctx.params.vnet!);
          return this.page(ctx, Array.isArray(vnet.properties.subnets) ? vnet.properties.subnets : []);
        },
      ],

      // Disk access (grant: Azure-AsyncOperation and Location, the SAS from the Location URL once done).
      [
        'POST',
        `${RG}/providers/Microsoft\\.Compute/disks/(?<name>[^/]+)/beginGetAccess`,
        (ctx) => this.asyncReply(ctx, m.grantDiskAccess(ctx.params.sub!, ctx.params.rg!, ctx.params.name!, ctx.body), 202, undefined, true),
      ],
      [
        'POST',
        `${RG}/providers/Microsoft\\.Compute/disks/(?<name>[^/]+)/endGetAccess`,
        (ctx) => this.asyncReply(ctx, m.revokeDiskAccess(ctx.params.sub!, ctx.params.rg!, ctx.params.name!), 202, undefined, true),
      ],
      [
        'POST',
        `${VM}/retrieveBootDiagnosticsData`,
        (ctx) => ({
          status: 200,
          body: m.retrieveBootDiagnosticsData(
            ctx.params.sub!,
            ctx.params.rg!,
            ctx.params.name!,
            Number(ctx.query.get('sasUriExpirationTimeInMinutes') ?? '120') || 120,
          ),
        }),
      ],
      [
        'GET',
        `${VM}/extensions/(?<ext>[^/]+)`,
        (ctx) => ({ status: 200, body: m.getVmExtension(ctx.params.sub!, ctx.params.rg!, ctx.params.name!, ctx.params.ext!) }),
      ],
      [
        'PUT',
        `${VM}/extensions/(?<ext>[^/]+)`,
        (ctx) => {
          const { json, operation } = m.putVmExtension(ctx.params.sub!, ctx.params.rg!, ctx.params.name!, ctx.params.ext!, ctx.body);
          return this.asyncReply(ctx, operation, 201, json, false);
        },
      ],

      // Gallery image definitions and versions (nested under a gallery; the gallery itself is a generic resource).
      ['GET', `${GALLERY}/images`, (ctx) => this.page(ctx, m.listGalleryItems(ctx.params.sub!, ctx.params.rg!, ctx.params.gallery!))],
      [
        'GET',
        `${GALLERY}/images/(?<image>[^/]+)/versions`,
        (ctx) => this.page(ctx, m.listGalleryItems(ctx.params.sub!, ctx.params.rg!, ctx.params.gallery!, ctx.params.image!)),
      ],
      ...(['images/(?<image>[^/]+)', 'images/(?<image>[^/]+)/versions/(?<version>[^/]+)'] as const).flatMap(
        (suffix): [string, string, Handler][] => [
          [
            'GET',
            `${GALLERY}/${suffix}`,
            (ctx) => ({ status: 200, body: m.getGalleryItem(ctx.params.sub!, ctx.params.rg!, galleryPath(ctx)) }),
          ],
          [
            'PUT',
            `${GALLERY}/${suffix}`,
            (ctx) => {
              const { created, json, operation } = m.putGalleryItem(ctx.params.sub!, ctx.params.rg!, galleryPath(ctx), ctx.body);
              return this.asyncReply(ctx, operation, created ? 201 : 200, json, false);
            },
          ],
          [
            'DELETE',
            `${GALLERY}/${suffix}`,
            (ctx) => {
              const operation = m.deleteGalleryItem(ctx.params.sub!, ctx.params.rg!, galleryPath(ctx));
              return operation ? this.asyncReply(ctx, operation, 202, undefined, true) : { status: 204 };
            },
          ],
        ],
      ),

      // Generic resources: VMs, disks, NICs, public IPs, NSGs, VNets.
      [
        'GET',
        `${SUB}/providers/(?<ns>[^/]+)/(?<type>[^/]+)`,
        (ctx) => {
          const { kind } = resolveKind(ctx.params.ns!, ctx.params.type!);
          return this.page(ctx, m.lazyList(ctx.params.sub!, undefined, kind, listExpand(ctx)), (render) => render());
        },
      ],
      [
        'GET',
        `${RG}/providers/(?<ns>[^/]+)/(?<type>[^/]+)`,
        (ctx) => {
          const { kind } = resolveKind(ctx.params.ns!, ctx.params.type!);
          return this.page(ctx, m.lazyList(ctx.params.sub!, ctx.params.rg!, kind, listExpand(ctx)), (render) => render());
        },
      ],
      [
        'GET',
        `${RG}/providers/(?<ns>[^/]+)/(?<type>[^/]+)/(?<name>[^/]+)`,
        (ctx) => {
          const { kind } = resolveKind(ctx.params.ns!, ctx.params.type!);
          return {
            status: 200,
            body: m.getResource(ctx.params.sub!, ctx.params.rg!, kind, ctx.params.name!, ctx.query.get('$expand') ?? ''),
          };
        },
      ],
      [
        'PUT',
        `${RG}/providers/(?<ns>[^/]+)/(?<type>[^/]+)/(?<name>[^/]+)`,
        (ctx) => {
          const { kind } = resolveKind(ctx.params.ns!, ctx.params.type!);
          const { created, json, operation } = m.putResource(ctx.params.sub!, ctx.params.rg!, kind, ctx.params.name!, ctx.body);
          if (ctx.failAfterPut) {
            m.failNow(operation, ctx.failAfterPut.error, ctx.failAfterPut.leaveBehind === 'osDisk' ? json.id : undefined);
            throw ctx.failAfterPut.error;
          }
          return this.asyncReply(ctx, operation, created ? 201 : 200, json, false);
        },
      ],
      [
        'PATCH',
        `${RG}/providers/(?<ns>[^/]+)/(?<type>[^/]+)/(?<name>[^/]+)`,
        (ctx) => {
          const { kind } = resolveKind(ctx.params.ns!, ctx.params.type!);
          const { json, operation } = m.patchResource(ctx.params.sub!, ctx.params.rg!, kind, ctx.params.name!, ctx.body);
          // Polled through Azure-AsyncOperation; the result is then read from the resource itself, as for a PUT.
          return this.asyncReply(ctx, operation, 200, json, false);
        },
      ],
      [
        'DELETE',
        `${RG}/providers/(?<ns>[^/]+)/(?<type>[^/]+)/(?<name>[^/]+)`,
        (ctx) => {
          const { kind } = resolveKind(ctx.params.ns!, ctx.params.type!);
          const operation = m.deleteResource(ctx.params.sub!, ctx.params.rg!, kind, ctx.params.name!);
          if (!operation) return { status: 204 };
          // Compute answers deletes with Azure-AsyncOperation and Location; the others with Location polling.
          return kind === 'virtualMachines' ? this.asyncReply(ctx, operation, 202, undefined, true) : this.locationReply(ctx, operation);
        },
      ],
    ];
    return routes.map(([method, pattern, handler]) => ({ methods: [method], pattern: new RegExp(`^${pattern}$`, 'i'), handler }));
  }
}

/** Starts the fake ARM server on 127.0.0.1 with the test certificate. */
export async function startArmServer(options: ArmServerOptions = {}): Promise<ArmServer> {
  const certPath = options.certPath ?? process.env.AZL_TEST_TLS_CERT;
  const keyPath = options.keyPath ?? process.env.AZL_TEST_TLS_KEY;
  if (!certPath || !keyPath) {
    throw new Error(
      'startArmServer needs a certificate: pass certPath/keyPath or set AZL_TEST_TLS_CERT and AZL_TEST_TLS_KEY (see scripts/lib/testCertificate.mjs).',
    );
  }
  const server = createServer({ cert: readFileSync(certPath), key: readFileSync(keyPath) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const arm = new ArmServer(server, (server.address() as AddressInfo).port, options);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => void arm.handle(request, response));
  return arm;
}

function galleryPath(ctx: RequestContext): { gallery: string; image: string; version?: string } {
  return { gallery: ctx.params.gallery!, image: ctx.params.image!, ...(ctx.params.version ? { version: ctx.params.version } : {}) };
}

/** Blob service error codes for an injected status (Azure Storage REST API, "Common REST API error codes"). */
function storageCode(status: number): string {
  return (
    { 403: 'AuthenticationFailed', 404: 'BlobNotFound', 409: 'LeaseIdMissing', 500: 'InternalError', 503: 'ServerBusy' }[status] ??
    'InternalError'
  );
}

function storageMessage(status: number): string {
  return status === 503 ? 'The server is currently unable to receive requests. Please retry your request.' : `Injected ${status}.`;
}

function listExpand(ctx: RequestContext): string {
  const expand = ctx.query.get('$expand');
  // As Azure: the VM lists take `$expand=instanceView` only together with a `$filter`.
  if (expand && !ctx.query.get('$filter') && /virtualMachines$/i.test(ctx.path)) {
    throw new ArmError(
      400,
      'InvalidParameter',
      "The value 'instanceView' of parameter '$expand' is not supported without a valid '$filter'. Use 'statusOnly=true' to list the run-time status of all virtual machines.",
    );
  }
  // `statusOnly=true` on virtualMachines listAll returns the instance view, like `$expand=instanceView`.
  return ctx.query.get('statusOnly') === 'true' ? 'instanceView' : (expand ?? '');
}

/** The generic resources list (`.../resources`): id, name, type, location, tags; honours ARM's common $filter forms. */
function genericList(resources: ArmResourceJson[], filter: string | null): Json[] {
  let kept = resources;
  const type = /resourceType\s+eq\s+'([^']+)'/i.exec(filter ?? '')?.[1];
  if (type) kept = kept.filter((r) => r.type.toLowerCase() === type.toLowerCase());
  const tagName = /tagName\s+eq\s+'([^']+)'/i.exec(filter ?? '')?.[1];
  const tagValue = /tagValue\s+eq\s+'([^']+)'/i.exec(filter ?? '')?.[1];
  if (tagName) kept = kept.filter((r) => r.tags?.[tagName] !== undefined && (tagValue === undefined || r.tags[tagName] === tagValue));
  return kept.map((r) => ({ id: r.id, name: r.name, type: r.type, location: r.location, ...(r.tags ? { tags: r.tags } : {}) }));
}

function defaultCode(status: number): string {
  return (
    {
      400: 'BadRequest',
      401: 'AuthenticationFailed',
      403: 'AuthorizationFailed',
      404: 'ResourceNotFound',
      409: 'Conflict',
      429: 'TooManyRequests',
      500: 'InternalServerError',
      503: 'ServiceUnavailable',
    }[status] ?? 'Error'
  );
}

function expiredFailure(exp: number): FailureShape {
  return {
    status: 401,
    code: 'ExpiredAuthenticationToken',
    message: `The access token expiry UTC time '${new Date(exp * 1000).toUTCString()}' is earlier than current UTC time '${new Date().toUTCString()}'.`,
  };
}

/** The claims of a JWT-shaped token, or undefined for opaque test tokens. */
function jwtClaims(token: string): Json | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' ? (claims as Json) : undefined;
  } catch {
    return undefined;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
