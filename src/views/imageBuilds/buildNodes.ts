import * as vscode from 'vscode';
import type { ImageBuildsFeature } from '../../features/imageBuilds';
import type { ImageBuildRecord } from '../../features/imageBuilds/core/buildsModel';
import type { TreeNode } from '../treeNode';
import { buildItem } from './core/presentation';

/** One build in the Image Builds section; commands receive it as their `node` argument. */
export class ImageBuildNode implements TreeNode {
  constructor(
    readonly build: ImageBuildRecord,
    private readonly feature: ImageBuildsFeature,
    readonly parent: TreeNode,
  ) {}

  get id(): string {
    return `imageBuild:${this.build.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const model = buildItem(
      this.build,
      { outputStatus: this.feature.outputStatus(this.build), configState: this.feature.configState(this.build), now: Date.now() },
      vscode.l10n,
    );
    const item = new vscode.TreeItem(model.label, vscode.TreeItemCollapsibleState.None);
    item.description = model.description;
    item.tooltip = model.tooltip;
    item.iconPath = new vscode.ThemeIcon(model.icon.id, model.icon.color ? new vscode.ThemeColor(model.icon.color) : undefined);
    item.contextValue = model.contextValue;
    // A click opens the build's log.
    item.command = { command: 'azureLinux.imageBuilds.openLog', title: vscode.l10n.t('Open Build Log'), arguments: [this] };
    return item;
  }
}

class ImageBuildsGroupNode implements TreeNode {
  readonly id = 'group:imageBuilds';

  constructor(private readonly feature: ImageBuildsFeature) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Image builds'), vscode.TreeItemCollapsibleState.Expanded);
    item.iconPath = new vscode.ThemeIcon('package');
    item.description = String(this.feature.builds.length);
    item.contextValue = 'imageBuilds.group';
    return item;
  }

  getChildren(): readonly TreeNode[] {
    return this.feature.builds.map((build) => new ImageBuildNode(build, this.feature, this));
  }
}

/** The Image Builds section of the Local Environments tree: present while the list has builds. */
export function imageBuildRoots(feature: ImageBuildsFeature): TreeNode[] {
  return feature.builds.length ? [new ImageBuildsGroupNode(feature)] : [];
}
