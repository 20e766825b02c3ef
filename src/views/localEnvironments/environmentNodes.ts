import * as vscode from 'vscode';
import { endpointExposure } from '../../docker/core/endpoint';
import type { ContainerSummary, ImageSummary } from '../../docker/engine';
import type { LocalEnvironmentsFeature } from '../../features/localEnvironments';
import { setting } from '../../settings';
import { MessageNode } from '../messageNode';
import type { TreeNode } from '../treeNode';
import { groupEnvironments, unreachableMessage, wantsNewShellRow, type ItemModel } from './core/presentation';

/** A container, image or pending row; commands receive these as their `node` argument. */
export class EnvironmentNode implements TreeNode {
  constructor(
    readonly item: ItemModel,
    readonly container?: ContainerSummary,
    readonly image?: { readonly summary: ImageSummary; readonly tag: string },
  ) {}

  get id(): string {
    return this.item.id;
  }

  getTreeItem(): vscode.TreeItem {
    const collapsible = this.item.children?.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
    const treeItem = new vscode.TreeItem(this.item.label, collapsible);
    treeItem.description = this.item.description;
    treeItem.tooltip = this.item.tooltip;
    treeItem.iconPath = new vscode.ThemeIcon(
      this.item.icon.id,
      this.item.icon.color ? new vscode.ThemeColor(this.item.icon.color) : undefined,
    );
    treeItem.contextValue = this.item.contextValue;
    if (this.item.kind === 'azlShell' && this.item.state === 'running') {
      // A click shows the container's open shell (or opens one); the context menu's Open Shell always opens another.
      treeItem.command = {
        command: 'azureLinux.containers.openShell',
        title: vscode.l10n.t('Open Shell'),
        arguments: [this, undefined, { reuseTerminal: true }],
      };
    }
    return treeItem;
  }

  /** The layers of a pull under way. */
  getChildren(): readonly TreeNode[] {
    return (this.item.children ?? []).map((child) => new EnvironmentNode(child));
  }
}

export class GroupNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly contextValue: string,
    private readonly children: () => readonly TreeNode[] | Promise<readonly TreeNode[]>,
    private readonly description?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Expanded);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.description = this.description;
    item.contextValue = this.contextValue;
    return item;
  }

  getChildren(): readonly TreeNode[] | Promise<readonly TreeNode[]> {
    return this.children();
  }
}

const message = (id: string, text: string, icon: string, command?: vscode.Command) =>
  new MessageNode(id, text, { icon, command, contextValue: 'localEnvironments.message' });

/**
 * The container rows of the Local Environments tree. An unreachable engine is two rows (Retry, Open Settings) under
 * the view's message, which says why and names the whole address.
 */
/** `otherSectionRows`: the rows the view shows below these (Image Builds, WSL), for the "New azl-shell..." row. */
export function containerRoots(feature: LocalEnvironmentsFeature, otherSectionRows = 0): TreeNode[] {
  const status = feature.model.status;
  if (status.kind === 'connecting') {
    return [message('message:connecting', vscode.l10n.t('Connecting to {0}...', feature.engine.endpoint.address), 'loading~spin')];
  }
  if (status.kind === 'unreachable') {
    // The view's message says why, with the engine's whole address (it wraps, where the title's description is cut).
    const retry = { command: 'azureLinux.containers.refresh', title: vscode.l10n.t('Retry') };
    return [
      message('message:retry', vscode.l10n.t('Retry'), 'refresh', retry),
      message('message:settings', vscode.l10n.t('Open Settings'), 'settings-gear', {
        command: 'workbench.action.openSettings',
        title: vscode.l10n.t('Open Settings'),
        arguments: ['azureLinux.containers'],
      }),
    ];
  }
  const { containers, images } = feature.model.snapshot;
  feature.releases.update(containers, images);
  const sections = groupEnvironments(containers, images, {
    releases: feature.releases,
    showAllContainers: setting('containers.showAllContainers'),
    pending: feature.model.pending,
    annotate: (container) => feature.annotate(container),
    l10n: vscode.l10n,
  });
  const containerById = new Map(containers.map((c) => [c.id, c]));
  const imageById = new Map(images.map((i) => [i.id, i]));
  const toNode = (item: ItemModel): EnvironmentNode => {
    if (item.kind === 'image') {
      const summary = imageById.get(item.ref ?? '');
      return new EnvironmentNode(item, undefined, summary ? { summary, tag: item.label } : undefined);
    }
    return new EnvironmentNode(item, containerById.get(item.ref ?? ''));
  };
  const roots: TreeNode[] = sections.shells.map(toNode);
  const group = (id: string, label: string, icon: string, items: readonly ItemModel[]) =>
    new GroupNode(id, label, icon, 'localEnvironments.group', () => items.map(toNode), String(items.length));
  if (sections.images.length) {
    roots.push(group('group:images', vscode.l10n.t('Azure Linux images'), 'layers', sections.images));
  }
  if (sections.others) {
    roots.push(group('group:others', vscode.l10n.t('Other containers'), 'package', sections.others));
  }
  if (wantsNewShellRow(roots.length, otherSectionRows)) {
    roots.unshift(
      message('action:newShell', vscode.l10n.t('New azl-shell...'), 'add', {
        command: 'azureLinux.containers.newShell',
        title: vscode.l10n.t('New azl-shell...'),
      }),
    );
  }
  return roots;
}

/** Follows the feature into a view: the engine is watched only while someone looks, and its address shows beside the title. */
export function followInView(feature: LocalEnvironmentsFeature, view: vscode.TreeView<TreeNode>, redraw: () => void): vscode.Disposable {
  const describe = () => {
    const status = feature.model.status;
    // The welcome content cannot name the address it tried: the view's description does. An engine reached without
    // TLS (or without checking its certificate) says so there, whatever its state.
    const exposure = endpointExposure(feature.engine.endpoint, vscode.l10n);
    const state =
      status.kind === 'ready' && status.version.isPodman
        ? 'Podman'
        : status.kind === 'unreachable' || exposure
          ? feature.engine.endpoint.address
          : undefined;
    view.description = exposure ? `${state} · ${exposure.short}` : state;
    view.message = status.kind === 'unreachable' ? unreachableMessage(status.message, status.reason, vscode.l10n) : undefined;
  };
  // After activation returns: the first listing loads dockerode, which activation itself never does.
  const initial = setTimeout(() => feature.model.setVisible(view.visible), 0);
  return vscode.Disposable.from(
    { dispose: () => clearTimeout(initial) },
    view.onDidChangeVisibility((event) => feature.model.setVisible(event.visible)),
    feature.onDidChange(() => {
      describe();
      redraw();
    }),
  );
}
