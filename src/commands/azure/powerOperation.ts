import * as vscode from 'vscode';
import type { PowerOperation } from '../../azure/services';
import type { AzlContext } from '../../context';
import type { VmAction } from '../../views/azure/core/presentation';
import { abortOn } from '../../util/cancellation';
import { withProgressActivity } from '../../features/activity';
import { forEachVm, signedInFeature, targetVms } from './common';

interface OperationTexts {
  readonly action: VmAction;
  readonly busy: string;
  readonly title: (name: string) => string;
  readonly pick: string;
}

function textsFor(operation: PowerOperation): OperationTexts {
  switch (operation) {
    case 'start':
      return {
        action: 'start',
        busy: vscode.l10n.t('Starting…'),
        title: (name) => vscode.l10n.t('Starting {0}', name),
        pick: vscode.l10n.t('Virtual machines to start'),
      };
    case 'deallocate':
      return {
        action: 'stop',
        busy: vscode.l10n.t('Stopping…'),
        title: (name) => vscode.l10n.t('Stopping (deallocating) {0}', name),
        pick: vscode.l10n.t('Virtual machines to stop'),
      };
    case 'restart':
      return {
        action: 'restart',
        busy: vscode.l10n.t('Restarting…'),
        title: (name) => vscode.l10n.t('Restarting {0}', name),
        pick: vscode.l10n.t('Virtual machines to restart'),
      };
  }
}

/**
 * Start, stop (deallocate) or restart: the node shows the action while it runs, a cancellable notification stops
 * waiting (Azure finishes the operation anyway), and the node then shows the state Azure reports.
 */
export async function runPowerOperation(ctx: AzlContext, operation: PowerOperation, node: unknown, nodes: unknown): Promise<void> {
  const text = textsFor(operation);
  const targets = await targetVms(ctx, node, nodes, text.action, { canPickMany: true, placeHolder: text.pick });
  const { feature, services } = await signedInFeature(ctx);
  await forEachVm(feature, targets, async (vm) => {
    feature.listing.setBusy(vm.id, text.busy);
    try {
      await withProgressActivity(
        ctx.activity,
        { location: vscode.ProgressLocation.Notification, title: text.title(vm.name), cancellable: true },
        (_progress, token) => services.runPowerOperation(vm.id, operation, abortOn(token).signal),
      );
    } finally {
      // Whatever happened, show what Azure now says.
      try {
        await feature.listing.showVm(await services.getVm(vm.id, feature.listing.signal));
      } catch (error) {
        ctx.log.warn(`Could not read ${vm.name} after the operation: ${String(error)}`);
        feature.listing.setBusy(vm.id, undefined);
      }
    }
  });
}
