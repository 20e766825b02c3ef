import type { ConfigFormat, MapEntry, Schema, SchemaAnchor, SyntaxDocument, SyntaxNode } from './types';
import { schemaAtPath } from './schemaCheck';

export type Path = (string | number)[];

/** One step from the root down to the node at an offset. */
export interface Step {
  readonly node: SyntaxNode;
  readonly path: Path;
  /** The entry this node is the value of, when it is a map value. */
  readonly entry?: MapEntry;
}

/** The chain of nodes containing `offset`, root first (a map entry's key counts as inside its entry). */
export function stepsAt(root: SyntaxNode | undefined, offset: number): Step[] {
  const steps: Step[] = [];
  if (!root || offset < root.range.start || offset > root.range.end) return steps;
  let current: Step | undefined = { node: root, path: [] };
  while (current) {
    steps.push(current);
    const { node, path }: Step = current;
    current = undefined;
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        if (offset < entry.range.start || offset > entry.range.end) continue;
        const key = String(entry.key.value);
        if (
          entry.value &&
          offset >= entry.value.range.start &&
          offset <= entry.value.range.end &&
          entry.value.range.start >= entry.key.range.end
        ) {
          current = { node: entry.value, path: [...path, key], entry };
        } else {
          steps.push({ node: entry.key, path: [...path, key], entry });
        }
        break;
      }
    } else if (node.kind === 'seq') {
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i];
        if (offset >= item.range.start && offset <= item.range.end) {
          current = { node: item, path: [...path, i] };
          break;
        }
      }
    }
  }
  return steps;
}

/** The path from `root` to `target` (by identity), or undefined when it is not in the tree. */
export function pathTo(root: SyntaxNode | undefined, target: SyntaxNode): Path | undefined {
  if (!root) return undefined;
  const pending: { node: SyntaxNode; path: Path }[] = [{ node: root, path: [] }];
  while (pending.length) {
    const { node, path } = pending.pop()!;
    if (node === target) return path;
    if (target.range.start < node.range.start || target.range.end > node.range.end) continue;
    if (node.kind === 'map')
      for (const entry of node.entries) if (entry.value) pending.push({ node: entry.value, path: [...path, String(entry.key.value)] });
    if (node.kind === 'seq') node.items.forEach((item, i) => pending.push({ node: item, path: [...path, i] }));
  }
  return undefined;
}

/** The schema at a path from the document root, through the format's anchors (the deepest anchor that contains it). */
export function schemaForPath(
  format: ConfigFormat,
  document: SyntaxDocument,
  path: Path,
): { schema: Schema | undefined; anchor: SchemaAnchor; relative: Path } | undefined {
  let anchors: readonly SchemaAnchor[];
  try {
    anchors = format.anchors(document);
  } catch {
    return undefined;
  }
  let best: { schema: Schema | undefined; anchor: SchemaAnchor; relative: Path } | undefined;
  for (const anchor of anchors) {
    const anchorPath = pathTo(document.root, anchor.node);
    if (!anchorPath || anchorPath.length > path.length) continue;
    if (!anchorPath.every((step, i) => step === path[i] || (typeof step === 'number' && typeof path[i] === 'number'))) continue;
    if (best && pathTo(document.root, best.anchor.node)!.length >= anchorPath.length) continue;
    const relative = path.slice(anchorPath.length);
    best = { schema: schemaAtPath(anchor.schema, relative), anchor, relative };
  }
  return best;
}

/** The document whose range contains `offset`. */
export function documentAt(documents: readonly SyntaxDocument[], offset: number): SyntaxDocument | undefined {
  for (const document of documents) if (offset >= document.range.start && offset <= document.range.end) return document;
  return documents[documents.length - 1];
}
