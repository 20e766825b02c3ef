import type { AzlContext } from '../../context';

export function refreshWsl(ctx: AzlContext): void {
  ctx.wsl.refresh();
}
