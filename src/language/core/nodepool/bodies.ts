import { asMap, asScalar, asSeq } from '../syntax';
import type { SyntaxDocument, SyntaxNode } from '../types';
import { isArmExpression, shapeOf, type ShapeKind } from './shapes';

/*
 * The agent pools a node-pool file holds, as the bodies AKS's Create Or Update takes (`{ "properties": { ... } }`),
 * read from the same shapes the checks recognise: a REST body, a flat pool (YAML), an ARM template's agentPools
 * resource or agentPoolProfiles entry. `--kubelet-config` and `--linux-os-config` files configure a pool but are
 * not one. Values are taken as the parser resolved them (YAML 1.2 core schema), so the body is what the checks saw.
 */

export interface PoolBody {
  readonly shape: ShapeKind;
  /** For messages and pickers: "agent pool 'np1'". */
  readonly label: string;
  /** The pool's name where the file gives one (for an ARM agentPools resource, the part after the cluster's). */
  readonly name?: string;
  /** The body to PUT: `{ properties }`. */
  readonly body: { properties: Record<string, unknown> };
  /** Key paths whose values are ARM template expressions, which only a deployment resolves. */
  readonly expressions: readonly string[];
}

export type PoolBodies = { readonly bodies: readonly PoolBody[] } | { readonly notAPool: 'kubelet-config' | 'linux-os-config' | 'none' };

/** The plain JSON value of a syntax node. */
export function plainValue(node: SyntaxNode | undefined): unknown {
  if (!node) return null;
  const map = asMap(node);
  if (map) {
    const result: Record<string, unknown> = {};
    for (const entry of map.entries) {
      if (entry.key.value !== null) result[String(entry.key.value)] = plainValue(entry.value);
    }
    return result;
  }
  const seq = asSeq(node);
  if (seq) return seq.items.map((item) => plainValue(item));
  return asScalar(node)?.value ?? null;
}

function expressionPaths(node: SyntaxNode | undefined, path: string, found: string[]): void {
  if (!node) return;
  if (isArmExpression(node)) {
    found.push(path || '(the value)');
    return;
  }
  const map = asMap(node);
  if (map) {
    for (const entry of map.entries)
      expressionPaths(entry.value, path ? `${path}.${String(entry.key.value)}` : String(entry.key.value), found);
    return;
  }
  asSeq(node)?.items.forEach((item, index) => expressionPaths(item, `${path}[${index}]`, found));
}

/** The pools of a parsed node-pool document, or why it holds none. */
export function poolBodies(document: SyntaxDocument | undefined): PoolBodies {
  if (!document) return { notAPool: 'none' };
  const shape = shapeOf(document);
  const pools = shape.pools.filter((pool) => pool.shape !== 'kubelet-config' && pool.shape !== 'linux-os-config');
  if (pools.length === 0) {
    const config = shape.pools[0]?.shape;
    return { notAPool: config === 'kubelet-config' || config === 'linux-os-config' ? config : 'none' };
  }
  return {
    bodies: pools.map((pool) => {
      const properties = plainValue(pool.properties) as Record<string, unknown>;
      // The name belongs to the URL, not the properties (a flat pool and a profile carry it among them).
      delete properties.name;
      const rawName = pool.nameNode?.value;
      const nameText = typeof rawName === 'string' && !isArmExpression(pool.nameNode) ? rawName : undefined;
      const name = pool.shape === 'arm-agentpool' ? nameText?.split('/').at(-1) : nameText;
      const expressions: string[] = [];
      expressionPaths(pool.properties, '', expressions);
      return { shape: pool.shape, label: pool.label, name: name || undefined, body: { properties }, expressions };
    }),
  };
}
