import * as vscode from 'vscode';
import { describePoolChanges, editableNodePoolBody } from '../../azure/core/aks';
import { VmPropertiesDocuments } from '../../azure/propertiesDocuments';
import type { AzlContext } from '../../context';
import { NoticeError } from '../../util/errors';
import { signedInFeature } from '../azure/common';
import { confirmOrCancel, isPreconditionFailed, runAksOperation } from './common';
import { checkedNodePool, chosenPoolBody } from './nodePoolFiles';

/** The document the command was run on: the one it was given, else the active editor's. */
function documentOf(uri: unknown): vscode.TextDocument | undefined {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  return target ? vscode.workspace.textDocuments.find((document) => document.uri.toString() === target.toString()) : undefined;
}

/**
 * Apply: sends an edited "Open as File" document back to its pool. The node-pool checks run first (errors block,
 * warnings are asked about), then the diff against the live pool shows, then the confirmation says what the change
 * does to running nodes. The PUT carries If-Match with the eTag the pool had when it was opened: a change made in
 * Azure meanwhile makes AKS refuse it (412), so nothing is overwritten.
 */
export async function applyNodePoolFile(ctx: AzlContext, uri?: unknown): Promise<void> {
  const { feature, services } = await signedInFeature(ctx);
  const document = documentOf(uri);
  const entry = document && feature.nodePoolDocuments.get(document.uri);
  if (!document || !entry) {
    throw new NoticeError(vscode.l10n.t('Apply works on a node pool opened with "Open as File" from the Azure view.'));
  }
  const analysis = await checkedNodePool(ctx, document, vscode.l10n.t('Apply'));
  const { body } = await chosenPoolBody(ctx, document, analysis);
  const live = await services.aks.getNodePool(entry.poolId, feature.listing.signal);
  const liveBody = editableNodePoolBody(live.resource);
  if (live.eTag !== entry.eTag) {
    throw new Error(
      vscode.l10n.t(
        '{0} was changed in Azure after you opened it, so your changes were not applied and nothing was overwritten. Open it as a file again and redo them.',
        entry.poolName,
      ),
    );
  }
  const { changed, effects } = describePoolChanges(liveBody.properties, body.properties, vscode.l10n);
  if (changed.length === 0) {
    throw new NoticeError(vscode.l10n.t('{0} already has these settings: nothing to apply.', entry.poolName));
  }
  const cluster = (await feature.listing.allClusters()).find((candidate) => candidate.id.toLowerCase() === entry.clusterId.toLowerCase());
  const liveUri = VmPropertiesDocuments.uriFor('aks', `${entry.poolName}.live`);
  await feature.properties.set(liveUri, `${JSON.stringify(liveBody, undefined, 2)}\n`);
  await vscode.commands.executeCommand('vscode.diff', liveUri, document.uri, vscode.l10n.t('{0}: in Azure ↔ yours', entry.poolName), {
    preview: true,
  });
  await confirmOrCancel(
    ctx,
    vscode.l10n.t('Apply your changes to node pool {0}? Changed: {1}.', entry.poolName, changed.join(', ')),
    effects.join('\n'),
    vscode.l10n.t('Apply'),
  );
  try {
    await runAksOperation(ctx, feature, services, {
      cluster: cluster ?? (await services.aks.getCluster(entry.clusterId, feature.listing.signal)),
      busyOn: { kind: 'pool', id: entry.poolId },
      busyText: vscode.l10n.t('Applying…'),
      title: vscode.l10n.t('Applying your changes to {0}', entry.poolName),
      abortId: entry.poolId,
      work: (aks, signal) => aks.aks.putNodePool(entry.clusterId, entry.poolName, body, { ifMatch: entry.eTag ?? '*' }, signal),
    });
  } catch (error) {
    if (isPreconditionFailed(error)) {
      throw new Error(
        vscode.l10n.t(
          'AKS refused the change: {0} was changed in Azure after you opened it, and nothing was overwritten. Open it as a file again and redo your changes.',
          entry.poolName,
        ),
        { cause: error },
      );
    }
    throw error;
  }
  // Applied: the document now matches the pool at its new eTag, so a further edit can be applied too.
  entry.eTag = (await services.aks.getNodePool(entry.poolId, feature.listing.signal)).eTag;
}
