import type { AzlContext } from '../../context';
import { runPowerOperation } from './powerOperation';

export function restartVm(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  return runPowerOperation(ctx, 'restart', node, nodes);
}
