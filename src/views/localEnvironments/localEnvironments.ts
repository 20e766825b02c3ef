import * as vscode from 'vscode';
import { describeEndpoint } from '../../docker/core/endpoint';
import { createContainerEngine, type ContainerEngine, type ContainerSummary, type ImageSummary } from '../../docker/engine';
import { resolveMachineEndpointWithFallback } from '../../docker/machine';
import { errorMessage } from '../../util/errors';
import type { Log } from '../../util/log';
import type { NodeTreeProvider, TreeNode } from '../treeNode';
import { EnvironmentsModel, type EngineStatus } from '../../features/localEnvironments/core/environmentsModel';
import { groupEnvironments, type ContainerAnnotator, type ItemModel } from './core/presentation';
import { ImageReleases } from '../../features/localEnvironments/imageReleases';

const settingsSection = 'azureLinux.containers';
/** Context key the view's welcome content reads: connecting, ready, unreachable. */
export const engineStateContextKey = 'azureLinux.containers.engineState';
/**
 * Why the engine is unreachable, for the welcome content to say the right thing: unreachable, permission, timeout,
 * unsupported or failed (unset while the engine answers).
 */
export const engineProblemContextKey = 'azureLinux.containers.engineProblem';

/** The welcome content's reasons; an EngineError kind outside these reads as `failed`. */
export function problemContextValue(reason: string): 'unreachable' | 'permission' | 'timeout' | 'unsupported' | 'failed' {
  return reason === 'unreachable' || reason === 'permission' || reason === 'timeout' || reason === 'unsupported' ? reason : 'failed';
}

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

class GroupNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly children: readonly TreeNode[],
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Expanded);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.description = String(this.children.length);
    item.contextValue = 'group';
    return item;
  }

  getChildren(): readonly TreeNode[] {
    return this.children;
  }
}

class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly command?: vscode.Command,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'message';
    item.command = this.command;
    return item;
  }
}

/**
 * The Local Environments feature: the engine connection (from settings and environment), the refresh model, and
 * the tree's root nodes. Owned by the context; other features (image-config mirrors, WSL) use `engine` and `model`.
 */
export class LocalEnvironments implements vscode.Disposable {
  readonly model: EnvironmentsModel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly annotators = new Set<ContainerAnnotator>();
  private provider: NodeTreeProvider | undefined;
  private view: vscode.TreeView<TreeNode> | undefined;
  private lastContext: { state?: string; problem?: string } = {};
  /** The release of each image, read from the image itself; the rows show it as it comes. */
  private readonly releases: ImageReleases;

  constructor(private readonly log: Log) {
    this.model = new EnvironmentsModel(this.createEngine(), log, undefined, { reResolve: (current) => this.reResolve(current) });
    this.releases = new ImageReleases(
      () => this.model.engine,
      () => this.provider?.refresh(),
      log,
      vscode.l10n,
    );
    this.disposables.push(
      { dispose: () => this.model.dispose() },
      { dispose: this.model.onDidChange(() => this.onModelChanged()).dispose },
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${settingsSection}.host`)) {
          this.model.setEngine(this.createEngine());
        } else if (event.affectsConfiguration(`${settingsSection}.showAllContainers`)) {
          this.provider?.refresh();
        }
      }),
    );
    void vscode.commands.executeCommand('setContext', engineStateContextKey, 'connecting');
  }

  get engine(): ContainerEngine {
    return this.model.engine;
  }

  /** The context keys as last set (engineState, engineProblem): what the welcome content reads; the tests read it too. */
  get contextState(): { readonly state?: string; readonly problem?: string } {
    return this.lastContext;
  }

  /** Lets a feature add a description and context flags to container rows (D2: "config changed" and Rebuild). */
  addAnnotator(annotator: ContainerAnnotator): vscode.Disposable {
    this.annotators.add(annotator);
    this.provider?.refresh();
    return { dispose: () => this.annotators.delete(annotator) };
  }

  /** Connects the tree: follows its visibility so the engine is watched only while someone looks. */
  attach<T extends { readonly view: vscode.TreeView<TreeNode>; readonly provider: NodeTreeProvider }>(tree: T): T {
    this.provider = tree.provider;
    this.view = tree.view;
    this.disposables.push(tree.view.onDidChangeVisibility((event) => this.model.setVisible(event.visible)));
    // After activation returns: the first listing loads dockerode, which activation itself never does.
    const initial = setTimeout(() => this.model.setVisible(tree.view.visible), 0);
    this.disposables.push({ dispose: () => clearTimeout(initial) });
    return tree;
  }

  /** Draws the rows again from the last listing: an annotator's answer changed (a config file was edited). */
  redraw(): void {
    this.provider?.refresh();
  }

  /** Lists again now (the Refresh and Retry actions). */
  async refresh(): Promise<void> {
    await this.model.refresh();
  }

  /**
   * The tree's container rows. `besideOtherSections` says the tree shows more than containers (WSL on Windows): then
   * an unreachable engine is a row, since the welcome content (with Retry and Open Settings) shows only in an empty tree.
   */
  roots(options: { readonly besideOtherSections?: boolean } = {}): TreeNode[] {
    const status = this.model.status;
    if (status.kind === 'connecting') {
      return [new MessageNode('message:connecting', vscode.l10n.t('Connecting to {0}...', this.engine.endpoint.address), 'loading~spin')];
    }
    if (status.kind === 'unreachable') {
      // Beside other sections the welcome content (with its buttons) cannot show: the row says why, and offers
      // Retry on click and Open Settings as a row of its own.
      return options.besideOtherSections
        ? [
            new MessageNode('message:unreachable', status.message, 'warning', {
              command: 'azureLinux.containers.refresh',
              title: vscode.l10n.t('Retry'),
            }),
            new MessageNode('message:retry', vscode.l10n.t('Retry'), 'refresh', {
              command: 'azureLinux.containers.refresh',
              title: vscode.l10n.t('Retry'),
            }),
            new MessageNode('message:settings', vscode.l10n.t('Open Settings'), 'settings-gear', {
              command: 'workbench.action.openSettings',
              title: vscode.l10n.t('Open Settings'),
              arguments: ['azureLinux.containers'],
            }),
          ]
        : [];
    }
    const showAllContainers = vscode.workspace.getConfiguration(settingsSection).get<boolean>('showAllContainers', false);
    const { containers, images } = this.model.snapshot;
    this.releases.update(containers, images);
    const sections = groupEnvironments(containers, images, {
      showAllContainers,
      pending: this.model.pending,
      annotate: (c) => this.annotate(c),
      l10n: vscode.l10n,
      releases: this.releases,
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
    if (sections.images.length) {
      roots.push(new GroupNode('group:images', vscode.l10n.t('Azure Linux images'), 'layers', sections.images.map(toNode)));
    }
    if (sections.others) {
      roots.push(new GroupNode('group:others', vscode.l10n.t('Other containers'), 'package', sections.others.map(toNode)));
    }
    return roots;
  }

  private annotate(container: ContainerSummary) {
    const parts = [...this.annotators].map((annotator) => {
      try {
        return annotator(container);
      } catch (error) {
        this.log.debug(`Container annotation failed: ${errorMessage(error)}`);
        return undefined;
      }
    });
    const present = parts.filter((part) => part !== undefined);
    if (!present.length) {
      return undefined;
    }
    return {
      description:
        present
          .map((p) => p.description)
          .filter(Boolean)
          .join(' · ') || undefined,
      contextFlags: present.flatMap((p) => p.contextFlags ?? []),
      tooltip:
        present
          .map((p) => p.tooltip)
          .filter(Boolean)
          .join('\n') || undefined,
    };
  }

  private onModelChanged(): void {
    const status: EngineStatus = this.model.status;
    // Progress of a pull fires often; the context keys change only with the engine's state.
    const problem = status.kind === 'unreachable' ? problemContextValue(status.reason) : undefined;
    if (this.lastContext.state !== status.kind) {
      void vscode.commands.executeCommand('setContext', engineStateContextKey, status.kind);
    }
    if (this.lastContext.problem !== problem) {
      void vscode.commands.executeCommand('setContext', engineProblemContextKey, problem);
    }
    this.lastContext = { state: status.kind, problem };
    if (this.view) {
      // The welcome content cannot name the address it tried: the view's description does.
      this.view.description =
        status.kind === 'ready' && status.version.isPodman
          ? 'Podman'
          : status.kind === 'unreachable'
            ? this.engine.endpoint.address
            : undefined;
    }
    this.provider?.refresh();
  }

  /** The unreachable engine may be somewhere else now: with no setting, resolve again and switch when it moved. */
  private reResolve(current: ContainerEngine): ContainerEngine | undefined {
    const setting = vscode.workspace.getConfiguration(settingsSection).get<string>('host', '');
    if (setting.trim()) {
      return undefined;
    }
    const { endpoint } = resolveMachineEndpointWithFallback(undefined, process.env, vscode.l10n);
    if (endpoint.address === current.endpoint.address) {
      return undefined;
    }
    this.log.info(`Containers: the engine is not at ${current.endpoint.address}; trying ${describeEndpoint(endpoint)}`);
    return createContainerEngine(endpoint, this.log, undefined, vscode.l10n);
  }

  private createEngine(): ContainerEngine {
    const setting = vscode.workspace.getConfiguration(settingsSection).get<string>('host', '');
    const { endpoint, settingProblem } = resolveMachineEndpointWithFallback(setting, process.env, vscode.l10n);
    if (settingProblem) {
      // The setting itself is unusable: say so once, and use the environment's choice.
      this.log.warn(`azureLinux.containers.host: ${settingProblem}`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t('The setting azureLinux.containers.host is not a valid address: {0}', settingProblem),
      );
    }
    // An unusable DOCKER_HOST or context is no pop-up: the view shows it as the unreachable state, with the reason.
    this.log.info(`Containers: using ${describeEndpoint(endpoint)}${endpoint.problem ? ` (${endpoint.problem})` : ''}`);
    return createContainerEngine(endpoint, this.log, undefined, vscode.l10n);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Makes the feature, owned by the extension's subscriptions. */
export function createLocalEnvironments(extension: vscode.ExtensionContext, log: Log): LocalEnvironments {
  const local = new LocalEnvironments(log);
  extension.subscriptions.push(local);
  return local;
}
