import type { AzlContext } from '../../context';
import { requireTrust } from './common';

/** Runs `az login` in a terminal; once it succeeds, the extension signs in with the Azure CLI's login. */
export function runAzLogin(ctx: AzlContext): void {
  requireTrust();
  ctx.azure().session.runAzLogin();
}
