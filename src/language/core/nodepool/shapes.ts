import { asMap, asScalar, asSeq, entryOf, stringValue, valueOf } from '../syntax';
import type { MapNode, ObjectSchema, ScalarNode, SyntaxDocument, SyntaxNode } from '../types';
import {
  agentPoolBodySchema,
  agentPoolProfileSchema,
  agentPoolPropertiesSchema,
  ARM_EXPRESSION,
  flatAgentPoolSchema,
  kubeletConfigSchema,
  linuxOSConfigSchema,
  SYSCTLS,
} from './schema';

/*
 * Where node-pool settings sit in a document. Every shape resolves to one or more pools: the map holding the pool's
 * properties, its name when the shape has one, and the schema the generic checker applies to the anchor node.
 */

export type ShapeKind = 'rest' | 'flat' | 'arm-agentpool' | 'arm-profile' | 'kubelet-config' | 'linux-os-config';

export interface PoolSite {
  readonly shape: ShapeKind;
  /** The node the schema anchors to (the REST body root, an ARM resource's `properties`, a profile, a file root). */
  readonly anchor: MapNode;
  readonly schema: ObjectSchema;
  /** The map with the agent pool properties (`count`, `osSKU`, ...); for config files, the file's root. */
  readonly properties: MapNode;
  /** The scalar holding the pool's name, when the shape names the pool. */
  readonly nameNode?: ScalarNode;
  /** Inside an ARM template: values may be template expressions. */
  readonly arm: boolean;
  /** For outline and messages, e.g. "agent pool 'np1'". */
  readonly label: string;
  /** The API version the file names for this pool (an ARM resource's `apiVersion`), when it names one literally. */
  readonly apiVersion?: string;
}

export interface DocumentShape {
  readonly pools: readonly PoolSite[];
  /** The managed cluster maps of an ARM template, for cluster-level checks (OS upgrade channel). */
  readonly clusters: readonly { readonly properties: MapNode; readonly pools: readonly PoolSite[] }[];
  /** Strong enough evidence to claim a file by content alone. */
  readonly confident: boolean;
}

const AGENT_POOL_KEYS = new Set(Object.keys(agentPoolPropertiesSchema.properties));
const KUBELET_KEYS = new Set(Object.keys(kubeletConfigSchema.properties));
const LINUX_OS_KEYS = new Set(Object.keys(linuxOSConfigSchema.properties));

/** Keys that, unlike `count`, `type`, `mode` or `tags`, hardly appear outside a node pool. */
const DISTINCTIVE_POOL_KEYS = new Set([
  'vmSize',
  'osSKU',
  'osType',
  'enableAutoScaling',
  'minCount',
  'maxCount',
  'maxPods',
  'orchestratorVersion',
  'nodeLabels',
  'nodeTaints',
  'kubeletConfig',
  'linuxOSConfig',
  'availabilityZones',
  'osDiskSizeGB',
  'osDiskType',
  'scaleSetPriority',
  'scaleSetEvictionPolicy',
  'spotMaxPrice',
  'scaleDownMode',
  'vnetSubnetID',
  'podSubnetID',
  'enableNodePublicIP',
  'upgradeSettings',
  'enableEncryptionAtHost',
  'nodeInitializationTaints',
]);

const KUBELET_DISTINCTIVE = new Set([...KUBELET_KEYS]);
const LINUX_OS_DISTINCTIVE = new Set(['transparentHugePageEnabled', 'transparentHugePageDefrag', 'swapFileSizeMB']);

const AGENT_POOLS_TYPE = 'microsoft.containerservice/managedclusters/agentpools';
const MANAGED_CLUSTERS_TYPE = 'microsoft.containerservice/managedclusters';

export function isArmExpression(node: SyntaxNode | undefined): boolean {
  const scalar = asScalar(node);
  return typeof scalar?.value === 'string' && scalar.quoted !== false && ARM_EXPRESSION.test(scalar.value);
}

const cache = new WeakMap<SyntaxDocument, DocumentShape>();

/** The pools in a document, computed once per parsed document and shared by `anchors`, `recognizes` and the rules. */
export function shapeOf(document: SyntaxDocument): DocumentShape {
  let shape = cache.get(document);
  if (!shape) {
    shape = detect(document.root);
    cache.set(document, shape);
  }
  return shape;
}

const EMPTY: DocumentShape = { pools: [], clusters: [], confident: false };

function detect(root: SyntaxNode | undefined): DocumentShape {
  const map = asMap(root);
  if (!map) return EMPTY;
  if (isKubernetesManifest(map)) return EMPTY;
  if (isArmTemplate(map)) return fromArmTemplate(map);

  const properties = asMap(valueOf(map, 'properties'));
  if (properties) {
    if (asSeq(valueOf(properties, 'agentPoolProfiles'))) return fromProfiles(properties);
    const evidence = poolEvidence(properties);
    if (evidence.known > 0) {
      return {
        pools: [
          {
            shape: 'rest',
            anchor: map,
            schema: agentPoolBodySchema,
            properties,
            nameNode: asScalar(valueOf(map, 'name')),
            arm: false,
            label: poolLabel(asScalar(valueOf(map, 'name'))),
          },
        ],
        clusters: [],
        confident: evidence.distinctive >= 1 && evidence.known * 2 >= properties.entries.length,
      };
    }
  }
  if (asSeq(valueOf(map, 'agentPoolProfiles'))) return fromProfiles(map);

  return bestFileShape(map);
}

/** Picks among a flat pool, a kubelet config file and a Linux OS config file by which keys the root holds. */
function bestFileShape(map: MapNode): DocumentShape {
  const pool = poolEvidence(map);
  let kubelet = 0;
  let kubeletDistinctive = 0;
  let linuxOs = 0;
  let linuxOsDistinctive = 0;
  for (const entry of map.entries) {
    const key = entry.key.value;
    if (typeof key !== 'string') continue;
    if (KUBELET_KEYS.has(key)) {
      kubelet++;
      if (KUBELET_DISTINCTIVE.has(key)) kubeletDistinctive++;
    }
    if (LINUX_OS_KEYS.has(key)) {
      linuxOs++;
      if (LINUX_OS_DISTINCTIVE.has(key) || (key === 'sysctls' && hasKnownSysctl(entry.value))) linuxOsDistinctive++;
    }
  }
  const size = map.entries.length;
  const best = Math.max(pool.known, kubelet, linuxOs);
  if (best === 0) {
    // Nothing known: when the caller insists this is a node pool (by file name), check it as a flat pool.
    return { pools: [flatSite(map)], clusters: [], confident: false };
  }
  if (pool.known === best) {
    return { pools: [flatSite(map)], clusters: [], confident: pool.distinctive >= 1 && pool.known >= 2 && pool.known * 2 >= size };
  }
  if (kubelet === best) {
    return {
      pools: [{ shape: 'kubelet-config', anchor: map, schema: kubeletConfigSchema, properties: map, arm: false, label: 'kubelet config' }],
      clusters: [],
      confident: kubeletDistinctive >= 1 && kubelet * 2 >= size,
    };
  }
  return {
    pools: [{ shape: 'linux-os-config', anchor: map, schema: linuxOSConfigSchema, properties: map, arm: false, label: 'Linux OS config' }],
    clusters: [],
    confident: linuxOsDistinctive >= 1 && linuxOs * 2 >= size,
  };
}

function flatSite(map: MapNode): PoolSite {
  const nameNode = asScalar(valueOf(map, 'name'));
  return { shape: 'flat', anchor: map, schema: flatAgentPoolSchema, properties: map, nameNode, arm: false, label: poolLabel(nameNode) };
}

function poolEvidence(map: MapNode): { known: number; distinctive: number } {
  let known = 0;
  let distinctive = 0;
  for (const entry of map.entries) {
    const key = entry.key.value;
    if (typeof key !== 'string') continue;
    if (AGENT_POOL_KEYS.has(key)) known++;
    if (DISTINCTIVE_POOL_KEYS.has(key)) distinctive++;
  }
  return { known, distinctive };
}

function hasKnownSysctl(node: SyntaxNode | undefined): boolean {
  const map = asMap(node);
  return !!map && map.entries.some((entry) => typeof entry.key.value === 'string' && entry.key.value in SYSCTLS);
}

function isKubernetesManifest(map: MapNode): boolean {
  return entryOf(map, 'apiVersion') !== undefined && entryOf(map, 'kind') !== undefined;
}

function isArmTemplate(map: MapNode): boolean {
  const schema = stringValue(valueOf(map, '$schema'));
  if (schema && /deploymentTemplate\.json/i.test(schema)) return true;
  // Templates without `$schema` still have `resources` next to `contentVersion` or `parameters`.
  return (
    entryOf(map, 'resources') !== undefined && (entryOf(map, 'contentVersion') !== undefined || entryOf(map, 'parameters') !== undefined)
  );
}

/** `resources` is an array, or an object keyed by symbolic name (languageVersion 2.0). */
function resourceList(node: SyntaxNode | undefined): MapNode[] {
  const seq = asSeq(node);
  if (seq) return seq.items.map(asMap).filter((item): item is MapNode => !!item);
  const map = asMap(node);
  if (map) return map.entries.map((entry) => asMap(entry.value)).filter((item): item is MapNode => !!item);
  return [];
}

function fromArmTemplate(template: MapNode): DocumentShape {
  const pools: PoolSite[] = [];
  const clusters: { properties: MapNode; pools: PoolSite[] }[] = [];
  const visit = (resources: SyntaxNode | undefined, parentIsCluster: boolean, depth: number) => {
    if (depth > 8) return;
    for (const resource of resourceList(resources)) {
      const type = stringValue(valueOf(resource, 'type'))?.toLowerCase();
      if (type === AGENT_POOLS_TYPE || (parentIsCluster && type === 'agentpools')) {
        const properties = asMap(valueOf(resource, 'properties'));
        if (properties) {
          const nameNode = asScalar(valueOf(resource, 'name'));
          pools.push({
            shape: 'arm-agentpool',
            anchor: properties,
            schema: agentPoolPropertiesSchema,
            properties,
            nameNode,
            arm: true,
            label: poolLabel(nameNode),
            apiVersion: literalApiVersion(resource),
          });
        }
      } else if (type === MANAGED_CLUSTERS_TYPE) {
        const properties = asMap(valueOf(resource, 'properties'));
        if (properties) {
          const found = profileSites(properties, true, literalApiVersion(resource));
          pools.push(...found);
          clusters.push({ properties, pools: found });
        }
        visit(valueOf(resource, 'resources'), true, depth + 1);
      } else if (type === 'microsoft.resources/deployments') {
        // Nested templates carry their own resources.
        visit(valueOf(asMap(valueOf(asMap(valueOf(resource, 'properties')), 'template')), 'resources'), false, depth + 1);
      }
    }
  };
  visit(valueOf(template, 'resources'), false, 0);
  return { pools, clusters, confident: pools.length > 0 };
}

/** A managed cluster's REST body or YAML with its `agentPoolProfiles`. */
function fromProfiles(properties: MapNode): DocumentShape {
  const pools = profileSites(properties, false);
  return { pools, clusters: [{ properties, pools }], confident: pools.length > 0 };
}

/** `agentPoolProfiles[]`, including the `copy` loop form ARM templates use to repeat profiles. */
function profileSites(clusterProperties: MapNode, arm: boolean, apiVersion?: string): PoolSite[] {
  const items: MapNode[] = [];
  const profiles = asSeq(valueOf(clusterProperties, 'agentPoolProfiles'));
  for (const item of profiles?.items ?? []) {
    const map = asMap(item);
    if (map) items.push(map);
  }
  if (arm) {
    for (const loop of asSeq(valueOf(clusterProperties, 'copy'))?.items ?? []) {
      const loopMap = asMap(loop);
      const input = asMap(valueOf(loopMap, 'input'));
      if (input && stringValue(valueOf(loopMap, 'name')) === 'agentPoolProfiles') items.push(input);
    }
  }
  return items.map((map) => {
    const nameNode = asScalar(valueOf(map, 'name'));
    return {
      shape: 'arm-profile',
      anchor: map,
      schema: agentPoolProfileSchema,
      properties: map,
      nameNode,
      arm,
      label: poolLabel(nameNode),
      ...(apiVersion ? { apiVersion } : {}),
    };
  });
}

/** An ARM resource's `apiVersion` when written as a literal (an expression is decided at deployment). */
function literalApiVersion(resource: MapNode): string | undefined {
  const node = asScalar(valueOf(resource, 'apiVersion'));
  return typeof node?.value === 'string' && !isArmExpression(node) ? node.value : undefined;
}

function poolLabel(nameNode: ScalarNode | undefined): string {
  const name = typeof nameNode?.value === 'string' && !ARM_EXPRESSION.test(nameNode.value) ? nameNode.value : undefined;
  return name ? `agent pool '${name.split('/').pop()}'` : 'agent pool';
}
