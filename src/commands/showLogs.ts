import type { AzlContext } from '../context';

export function showLogs(ctx: AzlContext): void {
  ctx.log.show(true);
}
