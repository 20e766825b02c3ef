import type { ConfigFormat, ObjectSchema, Schema, SchemaAnchor, SyntaxDocument } from '../types';
import { nodePoolRules } from './rules';
import { armTolerant, unknownSeverityFor } from './schema';
import { shapeOf } from './shapes';

export { nodePoolNameError, suggestNodePoolName } from './names';
export { shapeOf, type PoolSite, type ShapeKind } from './shapes';

/** An anchor's own node is always a map, so only the values below it may be template expressions. */
function armTolerantObject(schema: ObjectSchema): Schema {
  const tolerant = armTolerant(schema);
  return tolerant.type === 'anyOf' ? tolerant.options[0] : tolerant;
}

/**
 * AKS node pools: REST bodies, ARM templates (agentPools resources and agentPoolProfiles), the `--kubelet-config`
 * and `--linux-os-config` files, and YAML with the same properties.
 */
export const nodePoolFormat: ConfigFormat = {
  kind: 'nodepool',
  recognizes(document: SyntaxDocument): boolean {
    return shapeOf(document).confident;
  },
  anchors(document: SyntaxDocument): readonly SchemaAnchor[] {
    // No label: the checker prefixes it to key paths, and the range already shows which pool a problem is in.
    return shapeOf(document).pools.map((pool) => ({
      node: pool.anchor,
      schema: pool.arm ? armTolerantObject(pool.schema) : pool.schema,
      unknownSeverity: unknownSeverityFor(pool.apiVersion),
    }));
  },
  rules: nodePoolRules,
  // Each anchor says how unknown keys and values are reported (from the API version its file names); these are
  // the defaults for files that name one newer than the schema: the API may have grown keys and values since.
  unknownKeySeverity: 'warning',
  unknownValueSeverity: 'warning',
  docsUrl: (schema) =>
    (schema?.type === 'object' ? schema.docsUrl : undefined) ?? 'https://learn.microsoft.com/azure/aks/create-node-pools',
  // Node-pool configs point at no local files.
  fileReferences: () => [],
};
