import * as vscode from 'vscode';
import type { AzlContext } from '../context';
import { NodeTreeProvider, type TreeNode } from './treeNode';
import { withVmTree } from './azure';

export interface AzlViews {
  readonly virtualMachines: { readonly view: vscode.TreeView<TreeNode>; readonly provider: NodeTreeProvider };
  readonly localEnvironments: { readonly view: vscode.TreeView<TreeNode>; readonly provider: NodeTreeProvider };
}

function createTree(ctx: AzlContext, id: string, roots: ConstructorParameters<typeof NodeTreeProvider>[0]) {
  const provider = new NodeTreeProvider(roots);
  const view = vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });
  ctx.extension.subscriptions.push(provider, view);
  return { view, provider };
}

/** Until a tree has nodes VS Code shows the view's `viewsWelcome` content in its place. */
export function registerViews(ctx: AzlContext): AzlViews {
  return {
    virtualMachines: withVmTree(ctx, (roots) => createTree(ctx, 'azureLinux.virtualMachines', roots)),
    localEnvironments: ctx.wsl.attach(
      ctx.localEnvironments.attach(
        createTree(ctx, 'azureLinux.localEnvironments', () => {
          const wsl = ctx.wsl.roots();
          return [...ctx.localEnvironments.roots({ besideOtherSections: wsl.length > 0 }), ...wsl];
        }),
      ),
    ),
  };
}
