import type { AzlContext } from '../../context';
import { runClusterPower } from './clusterPower';

export function stopCluster(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  return runClusterPower(ctx, 'stop', node, nodes);
}
