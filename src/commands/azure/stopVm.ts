import type { AzlContext } from '../../context';
import { runPowerOperation } from './powerOperation';

/** Stops and deallocates, so the VM no longer bills for compute. */
export function stopVm(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  return runPowerOperation(ctx, 'deallocate', node, nodes);
}
