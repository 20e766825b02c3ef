import type { AzlContext } from '../../context';
import { runClusterPower } from './clusterPower';

export function startCluster(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  return runClusterPower(ctx, 'start', node, nodes);
}
