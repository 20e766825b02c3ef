import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResourceGraphUnavailableError, type AksServices, type ResourceGraphServices } from '../../../src/azure/aksServices';
import type { ClusterInfo } from '../../../src/azure/core/aks';
import type { SubscriptionInfo, VmInfo } from '../../../src/azure/core/model';
import { startTreeListing } from '../../../src/features/azure/core/loading';

const subscriptions: SubscriptionInfo[] = ['a', 'b', 'c'].map((id) => ({ subscriptionId: id, displayName: id.toUpperCase() }));

function vm(subscriptionId: string, name: string): VmInfo {
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    subscriptionId,
    resourceGroup: 'rg',
    location: 'eastus',
    powerState: 'running',
    privateIps: [],
    publicIps: [],
    networkInterfaceIds: [],
    tags: {},
  };
}

function cluster(subscriptionId: string, name: string): ClusterInfo {
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`,
    name,
    subscriptionId,
    resourceGroup: 'rg',
    location: 'eastus',
    tags: {},
    pools: [],
  };
}

/** Services whose per-subscription and Resource Graph lists are the given functions; the rest is never called. */
function services(parts: {
  listVms?: (subscriptionId: string) => Promise<VmInfo[]>;
  listClusters?: (subscriptionId: string) => Promise<ClusterInfo[]>;
  queryVms?: (ids: readonly string[]) => Promise<VmInfo[]>;
  queryClusters?: (ids: readonly string[]) => Promise<ClusterInfo[]>;
}) {
  const never = () => Promise.reject(new Error('not expected in this test'));
  return {
    listSubscriptions: () => Promise.resolve(subscriptions),
    listVms: parts.listVms ?? never,
    aks: { listClusters: parts.listClusters ?? (() => Promise.resolve([])) } as unknown as AksServices,
    graph: {
      queryVms: parts.queryVms ?? never,
      queryClusters: parts.queryClusters ?? (() => Promise.resolve([])),
    } as ResourceGraphServices,
  };
}

const signal = new AbortController().signal;

describe('tree loading fan-out', () => {
  it("per subscription: starts every shown subscription's VM list before any answers, and keeps the filter", async () => {
    const started: string[] = [];
    const answers = new Map<string, (vms: VmInfo[]) => void>();
    const listing = await startTreeListing(
      services({
        listVms: (subscriptionId) => {
          started.push(subscriptionId);
          return new Promise<VmInfo[]>((resolve) => answers.set(subscriptionId, resolve));
        },
      }),
      ['a', 'c'],
      signal,
      { resourceGraph: false },
    );
    assert.deepEqual(
      listing.all.map((s) => s.subscriptionId),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(
      listing.shown.map((s) => s.subscription.subscriptionId),
      ['a', 'c'],
    );
    assert.deepEqual(started, ['a', 'c'], 'both lists went out before either answered');
    answers.get('a')!([]);
    answers.get('c')!([]);
    assert.deepEqual(await Promise.all(listing.shown.map((s) => s.vms)), [[], []]);
  });

  it('per subscription: lets one subscription fail on its own', async () => {
    const listing = await startTreeListing(
      services({
        listVms: (subscriptionId) => (subscriptionId === 'b' ? Promise.reject(new Error('AuthorizationFailed')) : Promise.resolve([])),
      }),
      undefined,
      signal,
      { resourceGraph: false },
    );
    const results = await Promise.allSettled(listing.shown.map((s) => s.vms));
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
  });

  it('through Resource Graph: one query for every shown subscription, split by subscription, no per-subscription list', async () => {
    const queried: (readonly string[])[] = [];
    const listing = await startTreeListing(
      services({
        queryVms: (ids) => {
          queried.push(ids);
          return Promise.resolve([vm('a', 'one'), vm('c', 'two'), vm('A', 'three')]);
        },
        queryClusters: () => Promise.resolve([cluster('c', 'aks')]),
      }),
      ['a', 'c'],
      signal,
    );
    assert.deepEqual(queried, [['a', 'c']]);
    const [a, c] = listing.shown;
    assert.deepEqual(
      (await a!.vms).map((v) => v.name),
      ['one', 'three'],
      'subscription ids match in any case',
    );
    assert.deepEqual(
      (await c!.vms).map((v) => v.name),
      ['two'],
    );
    assert.deepEqual(await a!.clusters, []);
    assert.deepEqual(
      (await c!.clusters).map((found) => found.name),
      ['aks'],
    );
  });

  it('falls back to per-subscription lists where Resource Graph is unavailable, saying why once', async () => {
    const reasons: string[] = [];
    const perSubscription: string[] = [];
    const listing = await startTreeListing(
      services({
        queryVms: () => Promise.reject(new ResourceGraphUnavailableError("The resource namespace 'Microsoft.ResourceGraph' is invalid.")),
        queryClusters: () => Promise.reject(new ResourceGraphUnavailableError('same')),
        listVms: (subscriptionId) => {
          perSubscription.push(subscriptionId);
          return Promise.resolve([vm(subscriptionId, `vm-${subscriptionId}`)]);
        },
        listClusters: (subscriptionId) => Promise.resolve([cluster(subscriptionId, `aks-${subscriptionId}`)]),
      }),
      undefined,
      signal,
      { onFallback: (reason) => reasons.push(reason) },
    );
    assert.deepEqual(
      (await Promise.all(listing.shown.map((s) => s.vms))).map((list) => list.map((v) => v.name)),
      [['vm-a'], ['vm-b'], ['vm-c']],
    );
    assert.deepEqual(
      (await Promise.all(listing.shown.map((s) => s.clusters))).map((list) => list.map((found) => found.name)),
      [['aks-a'], ['aks-b'], ['aks-c']],
    );
    assert.deepEqual(perSubscription.sort(), ['a', 'b', 'c']);
    assert.deepEqual(reasons, ["The resource namespace 'Microsoft.ResourceGraph' is invalid."]);
  });

  it('shows any other Resource Graph failure on every subscription, without falling back', async () => {
    const listing = await startTreeListing(
      services({ queryVms: () => Promise.reject(new Error('Too many requests')), listVms: () => Promise.resolve([]) }),
      undefined,
      signal,
      { onFallback: () => assert.fail('no fallback for a throttled query') },
    );
    const results = await Promise.allSettled(listing.shown.map((s) => s.vms));
    assert.deepEqual(
      results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok')),
      ['Too many requests', 'Too many requests', 'Too many requests'],
    );
  });
});
