import type { AzlContext } from '../../context';

export async function signOut(ctx: AzlContext): Promise<void> {
  await ctx.azure().session.signOut();
}
