import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import type { ListedDistribution } from '../../wsl/core/distributions';
import { isTransitionalState } from '../../wsl/core/output';
import { NoticeError } from '../../util/errors';
import { pickValues, requireWorkspaceTrust } from '../guards';
import { DistributionNode, describeWslState } from '../../views/wsl/distributionNodes';

/** WSL commands do something only on Windows (or inside WSL); elsewhere they say so and stop. */
export function requireWsl(ctx: AzlContext): void {
  if (!ctx.wsl.service.available) {
    throw new NoticeError(vscode.l10n.t('WSL commands are for Windows: this VS Code runs on {0}.', process.platform));
  }
  requireWorkspaceTrust(vscode.l10n.t('WSL commands run programs on this machine'));
}

/** The distributions a command acts on: the selection, the clicked node, or a pick among those `filter` accepts. */
export async function distributionsFor(
  ctx: AzlContext,
  node: unknown,
  nodes: unknown,
  options: { readonly filter?: (distribution: ListedDistribution) => boolean; readonly placeHolder: string },
): Promise<ListedDistribution[]> {
  const selected = (Array.isArray(nodes) && nodes.length ? nodes : node ? [node] : []).filter(
    (candidate): candidate is DistributionNode => candidate instanceof DistributionNode,
  );
  if (selected.length) return selected.map((candidate) => candidate.distribution);
  // A distribution WSL is working on (installing, exporting...) is not offered until it is at rest again.
  const candidates = (await ctx.wsl.distributions()).filter((d) => !isTransitionalState(d.state)).filter(options.filter ?? (() => true));
  if (!candidates.length) {
    throw new Error(vscode.l10n.t('There is no WSL distribution to choose from. Use "Install Azure Linux in WSL..." to add one.'));
  }
  const items = candidates.map((distribution) => ({
    label: distribution.name,
    description: [
      distribution.isAzureLinux ? vscode.l10n.t('Azure Linux') : undefined,
      describeWslState(distribution.state),
      distribution.isDefault ? vscode.l10n.t('default') : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
    value: distribution,
  }));
  return pickValues(items, options);
}

/** The distribution this VS Code window runs in, when it runs inside one. */
export function ownDistribution(ctx: AzlContext): string | undefined {
  return ctx.wsl.service.host.distroName;
}
