import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { abortOn } from '../../util/cancellation';
import { signedInFeature, targetVm } from './common';

/**
 * Opens the VM's boot diagnostics serial log read-only, at its end; while the VM boots the document follows the
 * new output. Showing it again reads it afresh into the same document.
 */
export async function showSerialLog(ctx: AzlContext, node?: unknown): Promise<vscode.TextDocument> {
  const vm = await targetVm(ctx, node, 'showSerialLog', vscode.l10n.t('Virtual machine whose serial log to show'));
  const { feature } = await signedInFeature(ctx);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the serial log of {0}', vm.name) },
    async () => {
      const cancel = abortOn(undefined, feature.listing.signal);
      try {
        return await feature.serialLogs.show(vm, cancel.signal);
      } finally {
        cancel.dispose();
      }
    },
  );
}
