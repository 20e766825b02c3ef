import * as vscode from 'vscode';

/**
 * Every tree in the extension is made of nodes that know their own item and children, so a tree provider is
 * one generic class and features add sections without touching each other's code.
 */
export interface TreeNode {
  /** Stable across refreshes (used as the TreeItem id so selection and expansion survive). */
  readonly id: string;
  /** Needed by `TreeView.reveal`; nodes that are never revealed may leave it out. */
  readonly parent?: TreeNode;
  getTreeItem(): vscode.TreeItem;
  getChildren?(token: vscode.CancellationToken): Promise<readonly TreeNode[]> | readonly TreeNode[];
}

/** A provider over a root function; `refresh()` fires the change event (debounced by VS Code per tick). */
export class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly cancellation = new vscode.CancellationTokenSource();

  constructor(private readonly roots: (token: vscode.CancellationToken) => Promise<readonly TreeNode[]> | readonly TreeNode[]) {}

  refresh(node?: TreeNode): void {
    this.changed.fire(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = node.getTreeItem();
    item.id ??= node.id;
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const token = this.cancellation.token;
    const children = node ? await node.getChildren?.(token) : await this.roots(token);
    return children ? [...children] : [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  dispose(): void {
    this.cancellation.cancel();
    this.cancellation.dispose();
    this.changed.dispose();
  }
}
