import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { signedInFeature } from './common';

/**
 * Chooses the subscriptions the tree shows; the choice is remembered. `subscriptionIds` skips the picker
 * (tests, other extensions); an empty list or all of them means "no filter".
 */
export async function filterSubscriptions(ctx: AzlContext, subscriptionIds?: string[]): Promise<void> {
  const { feature, services } = await signedInFeature(ctx);
  const subscriptions = await services.listSubscriptions(feature.listing.signal);
  let chosen = subscriptionIds;
  if (!Array.isArray(chosen)) {
    const filter = feature.listing.subscriptionFilter();
    const picked = await vscode.window.showQuickPick(
      subscriptions.map((subscription) => ({
        label: subscription.displayName,
        description: subscription.subscriptionId,
        picked: !filter || filter.includes(subscription.subscriptionId),
        subscriptionId: subscription.subscriptionId,
      })),
      { canPickMany: true, placeHolder: vscode.l10n.t('Subscriptions to show') },
    );
    if (!picked) {
      throw new UserCancelledError();
    }
    chosen = picked.map((item) => item.subscriptionId);
  }
  const showsAll = chosen.length === 0 || subscriptions.every((subscription) => chosen.includes(subscription.subscriptionId));
  await feature.listing.setSubscriptionFilter(showsAll ? undefined : chosen);
}
