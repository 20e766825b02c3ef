import * as vscode from 'vscode';
import type { AzlContext } from '../context';
import { VmTree } from './azure/vmTree';
import { imageBuildRoots } from './imageBuilds/buildNodes';
import { containerRoots, followInView } from './localEnvironments/environmentNodes';
import { NodeTreeProvider, type TreeNode } from './treeNode';
import { wslRoots } from './wsl/distributionNodes';

export interface AzlView {
  readonly view: vscode.TreeView<TreeNode>;
  readonly provider: NodeTreeProvider;
}

export interface AzlViews {
  readonly virtualMachines: AzlView;
  readonly localEnvironments: AzlView;
}

function createTree(ctx: AzlContext, id: string, roots: ConstructorParameters<typeof NodeTreeProvider>[0]): AzlView {
  const provider = new NodeTreeProvider(roots);
  const view = vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });
  ctx.extension.subscriptions.push(provider, view);
  return { view, provider };
}

/**
 * The two trees, each drawn from the features it shows. Until a tree has nodes VS Code shows the view's
 * `viewsWelcome` content in its place.
 */
export function registerViews(ctx: AzlContext): AzlViews {
  const vmTree: { current?: VmTree } = {};
  const virtualMachines = createTree(ctx, 'azureLinux.virtualMachines', () => vmTree.current?.roots() ?? []);
  vmTree.current = new VmTree(ctx.azure(), ctx.log, virtualMachines.view, virtualMachines.provider);

  const localEnvironments = createTree(ctx, 'azureLinux.localEnvironments', () => {
    const wsl = wslRoots(ctx.wsl);
    const builds = imageBuildRoots(ctx.imageBuilds);
    return [...containerRoots(ctx.localEnvironments, builds.length + wsl.length), ...builds, ...wsl];
  });
  const redraw = () => localEnvironments.provider.refresh();
  ctx.extension.subscriptions.push(
    vmTree.current,
    followInView(ctx.localEnvironments, localEnvironments.view, redraw),
    ctx.wsl.onDidChange(redraw),
    ctx.imageBuilds.onDidChange(redraw),
  );
  return { virtualMachines, localEnvironments };
}
