/*
 * Azure Resource Graph in the fake ARM server: `POST /providers/Microsoft.ResourceGraph/resources` over the
 * `resources` table (every resource the fake holds, AKS clusters included), as Microsoft's Resource Graph docs
 * describe it:
 * - the request (REST API, Resources, 2024-04-01): `{ subscriptions, query, options: { $top, $skip, $skipToken,
 *   resultFormat } }`; no `subscriptions`: every subscription the caller can see; at most 1,000 subscriptions;
 *   subscriptions the caller cannot read are left out silently, as Resource Graph returns only what the caller may read;
 * - the answer: `{ totalRecords, count, resultTruncated: "true"|"false", $skipToken?, data, facets }`, rows as
 *   objects (`objectArray`, the default) or `{ columns, rows }` (`table`);
 * - paging ("Guidance for pagination"): pages of at most 1,000 rows; `$skipToken` continues the same query; no
 *   token (and `resultTruncated: "true"`) when the query ends in limit/take or every output column is `dynamic`;
 * - throttling ("Guidance for throttled requests"): a quota of queries per user per time window (15 per 5 s in the
 *   docs' example), sent with every answer as `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after`
 *   (hh:mm:ss); over it, 429 with `Retry-After`;
 * - the table ("Understanding the Resource Graph query language", "Resource Graph table and resource type
 *   reference"): columns id, name, type (in lower case), tenantId, kind, location, resourceGroup (in lower case),
 *   subscriptionId, managedBy, sku, plan, properties, tags, identity, zones, extendedLocation; a VM's power state is
 *   `properties.extended.instanceView.powerState.code`;
 * - errors: 400 with `{ error: { code: "BadRequest", message, details: [{ code: "InvalidQuery" }, { code, message }] } }`.
 * A cloud without Resource Graph (Azure Stack Hub, some custom clouds) is modelled by `available = false`: ARM then
 * knows no such resource provider and answers 400 InvalidResourceNamespace.
 */
import { randomUUID } from 'node:crypto';
import { AksFake } from './aks';
import { ArmError } from './errors';
import { KqlError, runKql, type KqlColumn, type KqlResult, type KqlSource } from './kql';
import { knownResourceTypes, resolveKind, type ArmModel, type Json } from './model';

export class GraphError extends ArmError {
  constructor(
    status: number,
    code: string,
    message: string,
    private readonly details: { code: string; message: string }[] = [],
    headers: Record<string, string> = {},
  ) {
    super(status, code, message, headers);
  }

  override body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message, ...(this.details.length ? { details: this.details } : {}) } };
  }
}

export interface GraphRequest {
  readonly body: Json;
  readonly tenantId?: string;
}

export interface GraphReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const COLUMNS: KqlColumn[] = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'tenantId', type: 'string' },
  { name: 'kind', type: 'string' },
  { name: 'location', type: 'string' },
  { name: 'resourceGroup', type: 'string' },
  { name: 'subscriptionId', type: 'string' },
  { name: 'managedBy', type: 'string' },
  { name: 'sku', type: 'dynamic' },
  { name: 'plan', type: 'dynamic' },
  { name: 'properties', type: 'dynamic' },
  { name: 'tags', type: 'dynamic' },
  { name: 'identity', type: 'dynamic' },
  { name: 'zones', type: 'dynamic' },
  { name: 'extendedLocation', type: 'dynamic' },
];

const MANAGED_CLUSTERS = 'microsoft.containerservice/managedclusters';
const MAX_PAGE = 1000;
const MAX_SUBSCRIPTIONS = 1000;

interface StoredResult {
  readonly result: KqlResult;
  readonly query: string;
}

function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function hms(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

export class ResourceGraphFake {
  /** False: a cloud without Resource Graph; every query is answered 400 InvalidResourceNamespace. */
  available = true;
  private quotaValue = { limit: 15, windowMs: 5000 };
  /** Subscriptions the caller may not read: Resource Graph leaves their resources out without saying so. */
  readonly unreadable = new Set<string>();
  /** Queries answered so far (for tests: how many requests a listing took). */
  queries = 0;
  private window = { start: 0, used: 0 };

  /** Queries allowed per window (Resource Graph's documented example: 15 per 5 seconds); setting it starts a new window. */
  get quota(): { limit: number; windowMs: number } {
    return this.quotaValue;
  }

  set quota(value: { limit: number; windowMs: number }) {
    this.quotaValue = { ...value };
    this.window = { start: 0, used: 0 };
  }
  private readonly results = new Map<string, StoredResult>();

  constructor(
    private readonly model: ArmModel,
    private readonly aks: AksFake,
  ) {}

  routes(): [string, string, (ctx: GraphRequest) => GraphReply][] {
    return [['POST', '/providers/Microsoft\\.ResourceGraph/resources', (ctx) => this.query(ctx)]];
  }

  private query(ctx: GraphRequest): GraphReply {
    if (!this.available) {
      throw new ArmError(400, 'InvalidResourceNamespace', "The resource namespace 'Microsoft.ResourceGraph' is invalid.");
    }
    const quota = this.takeQuota();
    try {
      return { ...this.answer(ctx), headers: quota };
    } catch (error) {
      if (error instanceof ArmError) Object.assign(error.headers, quota);
      throw error;
    }
  }

  /** Counts the query against the caller's quota; over it, 429 with Retry-After. Returns the quota headers. */
  private takeQuota(): Record<string, string> {
    const now = Date.now();
    if (now - this.window.start >= this.quota.windowMs) this.window = { start: now, used: 0 };
    const resetsIn = this.window.start + this.quota.windowMs - now;
    if (this.window.used >= this.quota.limit) {
      throw new GraphError(
        429,
        'RateLimiting',
        'Please provide below info when asking for support: timestamp, correlationId. Details: Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.',
        [],
        {
          'Retry-After': String(Math.max(1, Math.ceil(resetsIn / 1000))),
          'x-ms-user-quota-remaining': '0',
          'x-ms-user-quota-resets-after': hms(resetsIn),
        },
      );
    }
    this.window.used++;
    this.queries++;
    return {
      'x-ms-user-quota-remaining': String(this.quota.limit - this.window.used),
      'x-ms-user-quota-resets-after': hms(resetsIn),
    };
  }

  private answer(ctx: GraphRequest): GraphReply {
    const body = ctx.body;
    const query = typeof body.query === 'string' ? body.query : undefined;
    if (!query) throw this.badRequest('MissingQuery', "The request body needs a 'query'.");
    const options = obj(body.options);
    const top = options.$top === undefined ? MAX_PAGE : Number(options.$top);
    if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE) {
      throw this.badRequest('InvalidTop', `The value of '$top' must be between 1 and ${MAX_PAGE}.`);
    }
    const skip = options.$skip === undefined ? 0 : Number(options.$skip);
    const format = options.resultFormat === undefined ? 'objectArray' : String(options.resultFormat);
    if (format !== 'objectArray' && format !== 'table') {
      throw this.badRequest('InvalidResultFormat', `The result format '${format}' is not one of objectArray, table.`);
    }
    let stored: StoredResult;
    let offset: number;
    const token = typeof options.$skipToken === 'string' ? options.$skipToken : undefined;
    if (token) {
      const decoded = this.decodeToken(token);
      const found = decoded && this.results.get(decoded.id);
      // The token continues the same query only: the docs have the request stay the same apart from $skipToken.
      if (!found || !decoded || found.query !== query)
        throw this.badRequest('InvalidSkipToken', 'The $skipToken is invalid or belongs to another query.');
      stored = found;
      offset = decoded.offset;
    } else {
      stored = { result: this.evaluate(query, body.subscriptions), query };
      offset = skip;
    }
    const { result } = stored;
    const pageable = !result.limited && result.columns.some((column) => column.type !== 'dynamic');
    const rows = result.rows.slice(offset, offset + top);
    const more = offset + rows.length < result.rows.length;
    const reply: Json = {
      totalRecords: result.rows.length,
      count: rows.length,
      resultTruncated: more && !pageable ? 'true' : 'false',
      data:
        format === 'table'
          ? {
              columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
              rows: rows.map((row) => result.columns.map((c) => row[c.name] ?? null)),
            }
          : rows.map((row) => Object.fromEntries(result.columns.map((c) => [c.name, row[c.name] ?? null]))),
      facets: [],
    };
    if (more && pageable) {
      const id = this.keep(stored);
      reply.$skipToken = Buffer.from(JSON.stringify({ id, offset: offset + rows.length })).toString('base64');
    }
    return { status: 200, body: reply };
  }

  private keep(stored: StoredResult): string {
    for (const [id, candidate] of this.results) if (candidate === stored) return id;
    const id = randomUUID();
    this.results.set(id, stored);
    // Old result sets go: a token is for reading a result through, not for keeping.
    if (this.results.size > 50) this.results.delete(this.results.keys().next().value!);
    return id;
  }

  private decodeToken(token: string): { id: string; offset: number } | undefined {
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { id?: unknown; offset?: unknown };
      return typeof decoded.id === 'string' && typeof decoded.offset === 'number' ? { id: decoded.id, offset: decoded.offset } : undefined;
    } catch {
      return undefined;
    }
  }

  private evaluate(query: string, subscriptions: unknown): KqlResult {
    const visible = this.model.listSubscriptions().map((subscription) => String(subscription.subscriptionId));
    let scope = visible;
    if (subscriptions !== undefined) {
      if (!Array.isArray(subscriptions) || subscriptions.some((id) => typeof id !== 'string')) {
        throw this.badRequest('InvalidSubscriptions', "'subscriptions' must be a list of subscription ids.");
      }
      if (subscriptions.length > MAX_SUBSCRIPTIONS) {
        throw this.badRequest(
          'TooManySubscriptions',
          `A query can name at most ${MAX_SUBSCRIPTIONS} subscriptions; see https://aka.ms/arg-error-toomanysubs.`,
        );
      }
      const wanted = new Set((subscriptions as string[]).map((id) => id.toLowerCase()));
      scope = visible.filter((id) => wanted.has(id.toLowerCase()));
    }
    scope = scope.filter((id) => !this.unreadable.has(id.toLowerCase()));
    const source: KqlSource = { columns: COLUMNS, rows: (types) => this.rows(scope, types) };
    try {
      return runKql(query, { resources: source });
    } catch (error) {
      if (error instanceof KqlError) {
        throw this.badRequest(error.code, error.message);
      }
      throw error;
    }
  }

  private rows(subscriptions: readonly string[], types: readonly string[] | undefined): Record<string, unknown>[] {
    const wanted = types ?? [...knownResourceTypes(), MANAGED_CLUSTERS];
    const rows: Record<string, unknown>[] = [];
    const tenants = new Map(this.model.listSubscriptions().map((s) => [String(s.subscriptionId).toLowerCase(), String(s.tenantId)]));
    for (const subscriptionId of subscriptions) {
      const tenantId = tenants.get(subscriptionId.toLowerCase()) ?? '';
      for (const type of wanted) {
        if (type === MANAGED_CLUSTERS) {
          for (const cluster of this.aks.allClusters(subscriptionId)) rows.push(this.record(cluster, subscriptionId, tenantId));
          continue;
        }
        if (!knownResourceTypes().includes(type)) continue;
        const [namespace, name] = type.split('/');
        const { kind } = resolveKind(namespace!, name!);
        for (const render of this.model.lazyList(subscriptionId, undefined, kind, kind === 'virtualMachines' ? 'instanceView' : '')) {
          rows.push(this.record(render(), subscriptionId, tenantId));
        }
      }
    }
    return rows;
  }

  /** A resource as a row of the `resources` table. */
  private record(resource: Json, subscriptionId: string, tenantId: string): Record<string, unknown> {
    const id = String(resource.id);
    const resourceGroup = /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '';
    const type = String(resource.type).toLowerCase();
    // Every resource reaches here as a fresh copy (the model presents clones), so it may be changed in place.
    const properties = obj(resource.properties);
    if (type === 'microsoft.compute/virtualmachines') {
      // Resource Graph keeps a VM's run-time state under properties.extended.instanceView, not the instance view itself.
      const view = obj(properties.instanceView);
      delete properties.instanceView;
      const statuses = Array.isArray(view.statuses) ? (view.statuses as Json[]) : [];
      const power = statuses.find((status) => String(status.code ?? '').startsWith('PowerState/'));
      properties.extended = {
        instanceView: {
          computerName: view.computerName ?? null,
          osName: view.osName ?? null,
          osVersion: view.osVersion ?? null,
          hyperVGeneration: view.hyperVGeneration ?? null,
          powerState: power ? { code: power.code, displayStatus: power.displayStatus, level: power.level } : null,
        },
      };
    }
    return {
      id,
      name: resource.name,
      type,
      tenantId,
      kind: typeof resource.kind === 'string' ? resource.kind : '',
      location: resource.location,
      resourceGroup: resourceGroup.toLowerCase(),
      subscriptionId,
      managedBy: typeof resource.managedBy === 'string' ? resource.managedBy : '',
      sku: resource.sku ?? null,
      plan: resource.plan ?? null,
      properties,
      tags: resource.tags ?? null,
      identity: resource.identity ?? null,
      zones: resource.zones ?? null,
      extendedLocation: resource.extendedLocation ?? null,
    };
  }

  private badRequest(code: string, message: string): GraphError {
    return new GraphError(
      400,
      'BadRequest',
      `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${randomUUID()}.`,
      [
        {
          code: 'InvalidQuery',
          message:
            'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.',
        },
        { code, message },
      ],
    );
  }
}
