import type * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import type { NodeTreeProvider, TreeNode } from '../treeNode';

/** Gives the VM view its roots and lets the Azure feature drive it (refresh, reveal). */
export function withVmTree<T extends { view: vscode.TreeView<TreeNode>; provider: NodeTreeProvider }>(
  ctx: AzlContext,
  create: (roots: () => Promise<TreeNode[]>) => T,
): T {
  const created = create(() => ctx.azure().tree.roots());
  ctx.azure().tree.attach(created.view, created.provider);
  return created;
}
