import type { AzlContext } from '../../context';

/** Reloads the tree and asks for a fresh token, so an expired sign-in shows up now rather than later. */
export function refreshVms(ctx: AzlContext): void {
  const feature = ctx.azure();
  feature.session.resetCredential();
  feature.listing.refresh();
}
