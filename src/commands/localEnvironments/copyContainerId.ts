import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { containersFor } from './common';

export async function copyContainerId(ctx: AzlContext, node?: unknown, nodes?: unknown): Promise<void> {
  const containers = await containersFor(ctx, node, nodes, {
    filter: () => true,
    placeHolder: vscode.l10n.t('Container whose ID to copy'),
    canPickMany: true,
  });
  await vscode.env.clipboard.writeText(containers.map((c) => c.id).join('\n'));
}
