import type { AzlContext } from '../../context';

/** Refresh, and Retry when the engine was unreachable. */
export async function refreshLocalEnvironments(ctx: AzlContext): Promise<void> {
  await ctx.localEnvironments.refresh();
}
