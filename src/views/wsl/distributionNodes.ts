import * as vscode from 'vscode';
import type { WslFeature } from '../../features/wsl';
import { distributionContextValue, type ListedDistribution } from '../../wsl/core/distributions';
import { isTransitionalState, type WslState } from '../../wsl/core/output';
import { errorMessage } from '../../util/errors';
import { GroupNode } from '../localEnvironments/environmentNodes';
import { MessageNode } from '../messageNode';
import type { TreeNode } from '../treeNode';

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
    if (!isTransitionalState(state)) {
      item.command = { command: 'azureLinux.wsl.openShell', title: vscode.l10n.t('Open Shell'), arguments: [this] };
    }
    return item;
  }
}

const message = (id: string, text: string, icon: string, command?: vscode.Command) =>
  new MessageNode(id, text, { icon, command, contextValue: 'wsl.message' });

/** The WSL section's rows under its group. */
async function distributionRows(feature: WslFeature): Promise<TreeNode[]> {
  let status;
  try {
    status = await feature.currentStatus();
  } catch (error) {
    return [
      message('wsl:error', vscode.l10n.t('Could not list WSL distributions: {0}', errorMessage(error)), 'error', {
        command: 'azureLinux.showLogs',
        title: vscode.l10n.t('Show Logs'),
      }),
    ];
  }
  if (status.kind === 'notInstalled') {
    return [
      message(
        'wsl:notInstalled',
        vscode.l10n.t('WSL is not installed. Run "wsl --install" in an administrator terminal, then refresh.'),
        'info',
      ),
    ];
  }
  if (status.kind === 'notWindows') return [];
  if (status.kind === 'failed') {
    return [
      message('wsl:failed', vscode.l10n.t('wsl.exe could not list the distributions: {0}', status.detail), 'error', {
        command: 'azureLinux.wsl.refresh',
        title: vscode.l10n.t('Refresh'),
      }),
    ];
  }
  const nodes: TreeNode[] = status.distributions.map((distribution) => new DistributionNode(distribution, status.inside));
  if (status.wslExeUnreachable !== undefined) {
    nodes.push(
      message(
        'wsl:unreachable',
        vscode.l10n.t(
          'wsl.exe cannot be reached from this distribution (Windows interop is off or wsl.exe is not on the PATH), so only this distribution is listed.',
        ),
        'info',
      ),
    );
    return nodes;
  }
  if (!status.distributions.some((distribution) => distribution.isAzureLinux)) {
    const title = vscode.l10n.t('Install Azure Linux in WSL...');
    nodes.push(message('wsl:install', title, 'add', { command: 'azureLinux.wsl.install', title }));
  }
  return nodes;
}

/** The WSL section's root, or nothing where WSL does not exist. */
export function wslRoots(feature: WslFeature): TreeNode[] {
  return feature.available
    ? [new GroupNode('group:wsl', vscode.l10n.t('WSL'), 'terminal-linux', 'wsl.group', () => distributionRows(feature))]
    : [];
}
