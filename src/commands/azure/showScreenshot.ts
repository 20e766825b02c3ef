import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { screenshotType } from '../../azure/core/bootDiagnostics';
import type { AzlContext } from '../../context';
import { NoticeError } from '../../util/errors';
import { signedInFeature, targetVm } from './common';

/**
 * Opens the console screenshot boot diagnostics keeps of a VM as an image: what its screen shows now (a login
 * prompt, or a firmware that found nothing to boot). Saved under the extension's own storage, one per VM.
 */
export async function showScreenshot(ctx: AzlContext, node?: unknown): Promise<vscode.Uri> {
  const vm = await targetVm(ctx, node, 'showScreenshot', vscode.l10n.t('Virtual machine whose screen to show'));
  const { feature } = await signedInFeature(ctx);
  const signal = feature.listing.signal;
  const uris = await feature.session.imageServices().bootDiagnostics(vm.id, signal);
  if (!uris.enabled) {
    throw new NoticeError(
      vscode.l10n.t(
        '{0} has boot diagnostics turned off, so Azure takes no screenshots of it. Turn them on (managed storage) in the portal or with "az vm boot-diagnostics enable".',
        vm.name,
      ),
    );
  }
  const blob = uris.screenshotUri ? await feature.session.imageTransfer().readBlob(uris.screenshotUri, { signal }) : undefined;
  const type = blob && blob.bytes.length > 0 ? screenshotType(blob.bytes) : undefined;
  if (!blob || !type) {
    throw new NoticeError(vscode.l10n.t('Azure has no screenshot of {0} right now; it keeps one only while the VM runs.', vm.name));
  }
  const folder = path.join(ctx.extension.globalStorageUri.fsPath, 'screenshots');
  await mkdir(folder, { recursive: true });
  // "~" is in no resource group or VM name, so one VM's prefix is never the start of another's.
  const clean = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');
  const prefix = `${clean(vm.resourceGroup)}~${clean(vm.name)}~`;
  // Each screenshot gets its own name (an image editor keeps showing the file it opened); older ones of this VM go.
  for (const old of (await readdir(folder)).filter((name) => name.startsWith(prefix))) {
    await rm(path.join(folder, old), { force: true });
  }
  const file = path.join(folder, `${prefix}${Date.now()}.${type}`);
  await writeFile(file, blob.bytes, { mode: 0o600 });
  const uri = vscode.Uri.file(file);
  await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
  return uri;
}
