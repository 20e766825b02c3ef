import type { AzlContext } from '../../context';
import { runPowerOperation } from './powerOperation';

export function startVm(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  return runPowerOperation(ctx, 'start', node, nodes);
}
