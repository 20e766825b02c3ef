import * as vscode from 'vscode';
import type { TreeNode } from './treeNode';

export interface MessageOptions {
  /** A codicon id; `error` is drawn in the theme's error colour. */
  readonly icon: string;
  /** `<tree>.message`, so menus can tell a message from the things the tree lists. */
  readonly contextValue: string;
  readonly command?: vscode.Command;
  readonly parent?: TreeNode;
}

/** A row that says something instead of listing something (loading, empty, an error), in every tree. */
export class MessageNode implements TreeNode {
  readonly parent: TreeNode | undefined;

  constructor(
    readonly id: string,
    readonly message: string,
    private readonly options: MessageOptions,
  ) {
    this.parent = options.parent;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    const color = this.options.icon === 'error' ? new vscode.ThemeColor('errorForeground') : undefined;
    item.iconPath = new vscode.ThemeIcon(this.options.icon, color);
    // A narrow sidebar cuts the label: the tooltip has all of it.
    item.tooltip = this.message;
    item.contextValue = this.options.contextValue;
    item.command = this.options.command;
    return item;
  }
}
