import type { AzlContext } from '../../context';
import { requireTrust } from './common';

export async function signIn(ctx: AzlContext): Promise<boolean> {
  requireTrust();
  return ctx.azure().session.signIn();
}
