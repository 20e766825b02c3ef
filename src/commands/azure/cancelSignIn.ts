import type { AzlContext } from '../../context';
import { loadedAzureFeature } from '../../features/azure';

/** Stops waiting for the sign-in under way; the view goes back to "Sign in to Azure". */
export async function cancelSignIn(ctx: AzlContext): Promise<void> {
  await loadedAzureFeature(ctx.extension)?.session.cancelSignIn();
}
