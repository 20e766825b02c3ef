import * as vscode from 'vscode';
import { distributionContextValue, type ListedDistribution } from '../../wsl/core/distributions';
import { processRunner } from '../../util/programRunner';
import { errorMessage } from '../../util/errors';
import type { Log } from '../../util/log';
import { isTransitionalState, type WslState } from '../../wsl/core/output';
import { WslService, type WslStatus } from '../../wsl/wslService';
import type { NodeTreeProvider, TreeNode } from '../treeNode';

/** Context key for menus and the palette: true where WSL can be used (Windows, or inside a distribution). */
export const wslAvailableContextKey = 'azureLinux.wsl.available';

/** A distribution's state in the person's language. */
export function describeWslState(state: WslState): string {
  switch (state) {
    case 'running':
      return vscode.l10n.t('running');
    case 'stopped':
      return vscode.l10n.t('stopped');
    case 'installing':
      return vscode.l10n.t('installing');
    case 'converting':
      return vscode.l10n.t('converting');
    case 'uninstalling':
      return vscode.l10n.t('uninstalling');
    case 'exporting':
      return vscode.l10n.t('exporting');
    case 'unknown':
      return vscode.l10n.t('state unknown');
  }
}

/** A WSL distribution in the Local Environments tree; WSL commands receive it as their `node` argument. */
export class DistributionNode implements TreeNode {
  constructor(
    readonly distribution: ListedDistribution,
    private readonly inside: string | undefined,
  ) {}

  get id(): string {
    return `wsl:${this.distribution.name}`;
  }

  getTreeItem(): vscode.TreeItem {
    const { name, state, version, isDefault, isAzureLinux } = this.distribution;
    const item = new vscode.TreeItem(name);
    const details = [
      describeWslState(state),
      version ? `WSL ${version}` : undefined,
      isDefault ? vscode.l10n.t('default') : undefined,
      this.inside === name ? vscode.l10n.t('this window') : undefined,
    ];
    item.description = details.filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString(
      [`**${name}**`, isAzureLinux ? vscode.l10n.t('Azure Linux') : vscode.l10n.t('Other Linux distribution'), item.description].join(
        '\n\n',
      ),
    );
    item.iconPath = new vscode.ThemeIcon(
      isAzureLinux ? 'vm' : 'terminal-linux',
      state === 'running' ? new vscode.ThemeColor('testing.iconPassed') : undefined,
    );
    item.contextValue = distributionContextValue(this.distribution);
    // A click opens a shell, except while WSL is working on the distribution (installing, exporting...).
    if (!isTransitionalState(state))
      item.command = { command: 'azureLinux.wsl.openShell', title: vscode.l10n.t('Open Shell'), arguments: [this] };
    return item;
  }
}

class WslMessageNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly command?: vscode.Command,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.command = this.command;
    item.contextValue = 'wslMessage';
    return item;
  }
}

class WslGroupNode implements TreeNode {
  readonly id = 'group:wsl';

  constructor(private readonly section: WslSection) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('WSL'), vscode.TreeItemCollapsibleState.Expanded);
    item.iconPath = new vscode.ThemeIcon('terminal-linux');
    item.contextValue = 'wslGroup';
    return item;
  }

  async getChildren(): Promise<readonly TreeNode[]> {
    return this.section.children();
  }
}

/**
 * The WSL section of the Local Environments tree. It appears only where WSL can be used; its listing is read on
 * demand and kept until the next refresh, so expanding the tree does not run wsl.exe every time.
 */
export class WslSection implements vscode.Disposable {
  readonly service: WslService;
  private status: Promise<WslStatus> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly log: Log,
    service?: WslService,
  ) {
    this.service =
      service ??
      new WslService(
        processRunner,
        { platform: process.platform, distroName: process.env.WSL_DISTRO_NAME, remoteName: vscode.env.remoteName },
        vscode.l10n,
      );
    void vscode.commands.executeCommand('setContext', wslAvailableContextKey, this.service.available);
  }

  /** Refreshes the tree the section lives in whenever the section changes. */
  attach<T extends { readonly provider: NodeTreeProvider }>(tree: T): T {
    this.subscriptions.push(this.onDidChange(() => tree.provider.refresh()));
    return tree;
  }

  /** The section's root node, or nothing where WSL does not exist. */
  roots(): TreeNode[] {
    return this.service.available ? [new WslGroupNode(this)] : [];
  }

  refresh(): void {
    this.status = undefined;
    this.changed.fire();
  }

  /** The current listing (read once per refresh). */
  currentStatus(): Promise<WslStatus> {
    this.status ??= this.service.status().catch((error: unknown) => {
      this.log.error(`WSL: listing distributions failed: ${errorMessage(error)}`);
      throw error;
    });
    return this.status;
  }

  async distributions(): Promise<readonly ListedDistribution[]> {
    const status = await this.currentStatus();
    return status.kind === 'ready' ? status.distributions : [];
  }

  async children(): Promise<TreeNode[]> {
    let status: WslStatus;
    try {
      status = await this.currentStatus();
    } catch (error) {
      return [
        new WslMessageNode('wsl:error', vscode.l10n.t('Could not list WSL distributions: {0}', errorMessage(error)), 'error', {
          command: 'azureLinux.showLogs',
          title: vscode.l10n.t('Show Logs'),
        }),
      ];
    }
    if (status.kind === 'notInstalled') {
      return [
        new WslMessageNode(
          'wsl:notInstalled',
          vscode.l10n.t('WSL is not installed. Run "wsl --install" in an administrator terminal, then refresh.'),
          'info',
        ),
      ];
    }
    if (status.kind === 'notWindows') return [];
    if (status.kind === 'failed') {
      return [
        new WslMessageNode('wsl:failed', vscode.l10n.t('wsl.exe could not list the distributions: {0}', status.detail), 'error', {
          command: 'azureLinux.wsl.refresh',
          title: vscode.l10n.t('Refresh'),
        }),
      ];
    }
    const install = new WslMessageNode('wsl:install', vscode.l10n.t('Install Azure Linux in WSL...'), 'add', {
      command: 'azureLinux.wsl.install',
      title: vscode.l10n.t('Install Azure Linux in WSL...'),
    });
    const nodes: TreeNode[] = status.distributions.map((distribution) => new DistributionNode(distribution, status.inside));
    if (status.wslExeUnreachable !== undefined) {
      nodes.push(
        new WslMessageNode(
          'wsl:unreachable',
          vscode.l10n.t(
            'wsl.exe cannot be reached from this distribution (Windows interop is off or wsl.exe is not on the PATH), so only this distribution is listed.',
          ),
          'info',
        ),
      );
      return nodes;
    }
    if (!status.distributions.some((distribution) => distribution.isAzureLinux)) nodes.push(install);
    return nodes;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions, this.changed).dispose();
  }
}

export function createWslSection(extension: vscode.ExtensionContext, log: Log): WslSection {
  const section = new WslSection(log);
  extension.subscriptions.push(section);
  return section;
}
