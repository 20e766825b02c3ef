import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SubscriptionInfo, VmInfo } from '../../../src/azure/core/model';
import { startTreeListing } from '../../../src/features/azure/core/loading';

const subscriptions: SubscriptionInfo[] = ['a', 'b', 'c'].map((id) => ({ subscriptionId: id, displayName: id.toUpperCase() }));

describe('tree loading fan-out', () => {
  it("starts every shown subscription's VM list before any answers, and keeps the filter", async () => {
    const started: string[] = [];
    const answers = new Map<string, (vms: VmInfo[]) => void>();
    const services = {
      listSubscriptions: () => Promise.resolve(subscriptions),
      listVms: (subscriptionId: string) => {
        started.push(subscriptionId);
        return new Promise<VmInfo[]>((resolve) => answers.set(subscriptionId, resolve));
      },
    };
    const listing = await startTreeListing(services, ['a', 'c'], new AbortController().signal);
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

  it('lets one subscription fail on its own', async () => {
    const services = {
      listSubscriptions: () => Promise.resolve(subscriptions),
      listVms: (subscriptionId: string) =>
        subscriptionId === 'b' ? Promise.reject(new Error('AuthorizationFailed')) : Promise.resolve([]),
    };
    const listing = await startTreeListing(services, undefined, new AbortController().signal);
    const results = await Promise.allSettled(listing.shown.map((s) => s.vms));
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
  });
});
