import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createdByTag } from '../../azure/core/createVm';
import { imageChoices } from '../../azure/core/images';
import { Rollback } from '../../azure/core/rollback';
import type { TransferSnapshot } from '../../azure/core/transfer';
import { parseVhdFooter, vhdFooterBytes } from '../../azure/core/vhd';
import type { AzureImageServices, ResolvedImage } from '../../azure/imageServices';
import { TransferError, type ImageTransferService } from '../../azure/imageTransfer';
import type { AzureServices, ImageReference } from '../../azure/services';
import type { AzlContext } from '../../context';
import { withProgressActivity } from '../../features/activity';
import { abortOn } from '../../util/cancellation';
import { isUserCancelled, NoticeError, UserCancelledError } from '../../util/errors';
import { logError } from '../../util/log';
import { signedInFeature } from '../azure/common';
import { azureLinuxImages, pickImage, pickLocation, pickSubscription } from './azurePickers';
import { transferReporter, type NotificationProgress } from './progress';

/*
 * "Download from Azure Marketplace" (Image Customizer's how-to, docs/imagecustomizer/how-to/azure-vm/
 * download-marketplace-image.md, as one command): a temporary resource group and a managed disk made from the
 * chosen Azure Linux image, read access, the VHD downloaded (only the ranges that hold data, resumable, with
 * progress), access revoked and the temporary group deleted, also after a failure or a cancel. Downloads are kept
 * by image URN and version in the extension's storage, so asking for the same image again costs nothing.
 */

export interface DownloadBaseAnswers {
  readonly subscriptionId: string;
  readonly location: string;
  /** Default: the image the create-VM wizard offers first in the region (Azure Linux 3.0 Gen2). */
  readonly image?: ImageReference;
  /** Cancels as the notification's Cancel button does. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (snapshot: TransferSnapshot) => void;
}

/** What the command asks: the quick picks below, or fixed answers (a test, another command). */
export interface DownloadBaseQuestions {
  ask(ctx: AzlContext, services: AzureServices, start: { readonly signal: AbortSignal }): Promise<DownloadBaseAnswers>;
}

/** How long the read SAS lasts; a download that outlives it asks for another and resumes. */
const readAccessSeconds = 4 * 3600;
const tempTags = { ...createdByTag, 'azureLinuxTools.purpose': 'base-image-download' };

export function baseImageFolder(ctx: AzlContext): string {
  return path.join(ctx.extension.globalStorageUri.fsPath, 'base-images');
}

function urnOf(image: ImageReference): string {
  return `${image.publisher}:${image.offer}:${image.sku}:${image.version}`;
}

/** `<storage>/base-images/<publisher>_<offer>_<sku>_<version>.vhd`, with only file-name-safe characters. */
export function baseImagePath(folder: string, image: ImageReference): string {
  const name = [image.publisher, image.offer, image.sku, image.version].map((part) => part.replace(/[^A-Za-z0-9._-]/g, '_')).join('_');
  return path.join(folder, `${name}.vhd`);
}

/** A finished download: a fixed VHD whose footer matches its size. */
async function isCompleteVhd(file: string): Promise<boolean> {
  try {
    const { size } = await stat(file);
    if (size < vhdFooterBytes) return false;
    const handle = await open(file, 'r');
    try {
      const footer = Buffer.alloc(vhdFooterBytes);
      await handle.read(footer, 0, vhdFooterBytes, size - vhdFooterBytes);
      const parsed = parseVhdFooter(footer);
      return parsed?.diskType === 'fixed' && parsed.checksumValid && parsed.currentSize + vhdFooterBytes === size;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/**
 * One download of a file at a time, across VS Code windows too: `<file>.lock` holds the downloading process's id;
 * a lock whose process is gone (a crashed window) is taken over.
 */
async function lockDownload(file: string): Promise<() => Promise<void>> {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (owner && owner !== process.pid && processAlive(owner)) {
        throw new NoticeError(
          vscode.l10n.t('This image is being downloaded already (in this or another VS Code window). Wait for that download.'),
        );
      }
      await rm(lock, { force: true });
    }
  }
  throw new Error(vscode.l10n.t('Could not take the download lock {0}.', lock));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Downloads (or finds already downloaded) an Azure Linux marketplace image; resolves with the VHD's path. */
export async function downloadBase(ctx: AzlContext): Promise<string> {
  const { feature, services } = await signedInFeature(ctx);
  const asking = new AbortController();
  const answers = await ctx.seams.downloadBaseQuestions.ask(ctx, services, { signal: asking.signal });
  const images = feature.session.imageServices();
  const transfer = feature.session.imageTransfer();
  return withProgressActivity(
    ctx.activity,
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Azure Linux base image'), cancellable: true },
    async (progress, token) => {
      const cancel = abortOn(token, answers.signal);
      try {
        progress.report({ message: vscode.l10n.t('Looking up the image in {0}', answers.location) });
        const reference = answers.image ?? (await defaultImage(services, answers, cancel.signal));
        const resolved = await images.resolveImage(answers.subscriptionId, answers.location, reference, cancel.signal);
        const folder = baseImageFolder(ctx);
        const target = baseImagePath(folder, resolved.image);
        if (await isCompleteVhd(target)) {
          ctx.log.info(`Base image ${urnOf(resolved.image)}: using ${target}, downloaded before`);
          void ctx.seams.notifications.info(vscode.l10n.t('Using {0}, downloaded before: {1}', urnOf(resolved.image), target));
          return target;
        }
        await mkdir(folder, { recursive: true });
        const unlock = await lockDownload(target);
        try {
          return await downloadThroughDisk(ctx, { images, transfer, answers, resolved, target, progress, signal: cancel.signal });
        } finally {
          await unlock();
        }
      } finally {
        cancel.dispose();
      }
    },
  );
}

async function defaultImage(services: AzureServices, answers: DownloadBaseAnswers, signal: AbortSignal): Promise<ImageReference> {
  const choice = imageChoices(await services.listImageOffers(answers.subscriptionId, answers.location, signal)).find((c) => c.isDefault);
  if (!choice) throw new Error(vscode.l10n.t('No Azure Linux image is offered in {0}. Choose another region.', answers.location));
  return choice.image;
}

interface DownloadRun {
  readonly images: AzureImageServices;
  readonly transfer: ImageTransferService;
  readonly answers: DownloadBaseAnswers;
  readonly resolved: ResolvedImage;
  readonly target: string;
  readonly progress: NotificationProgress;
  readonly signal: AbortSignal;
}

async function downloadThroughDisk(ctx: AzlContext, run: DownloadRun): Promise<string> {
  const { images, transfer, answers, resolved, target, progress, signal } = run;
  const { subscriptionId, location } = answers;
  const urn = urnOf(resolved.image);
  const group = `azl-base-${randomBytes(4).toString('hex')}`;
  const rollback = new Rollback();
  let diskId: string | undefined;
  let granted = false;
  try {
    progress.report({ message: vscode.l10n.t('Creating a temporary disk from {0} in {1}', urn, group) });
    // A fresh random name: a group that exists already is someone else's, and is left alone.
    const { created } = await images.ensureResourceGroup(subscriptionId, group, location, tempTags);
    if (!created) throw new Error(vscode.l10n.t('A resource group named {0} exists already. Try again for another name.', group));
    rollback.add({
      kind: 'resourceGroup',
      id: `/subscriptions/${subscriptionId}/resourceGroups/${group}`,
      name: group,
      type: 'Microsoft.Resources/resourceGroups',
    });
    signal.throwIfAborted();
    const disk = await images.createDiskFromImage(
      { subscriptionId, resourceGroup: group, location, name: `${group}-disk`, tags: tempTags },
      resolved,
      signal,
    );
    diskId = disk.id;
    const report = transferReporter(progress, (detail) => vscode.l10n.t('Downloading {0}: {1}', urn, detail), 100, answers.onProgress);
    for (let grants = 1; ; grants++) {
      const sas = await images.grantDiskAccess(disk.id, 'Read', readAccessSeconds, signal);
      granted = true;
      try {
        const result = await transfer.downloadVhd(sas, target, { signal, identity: urn, onProgress: report });
        ctx.log.info(
          `Base image ${urn}: ${result.receivedBytes} bytes received (${result.resumedBytes} resumed) of ${result.size}, into ${target}`,
        );
        break;
      } catch (error) {
        // Read access ran out during a long download: ask for more and carry on where it stopped.
        if (error instanceof TransferError && error.kind === 'accessExpired' && grants < 3) {
          ctx.log.info(`Base image ${urn}: the read SAS expired; granting access again`);
          continue;
        }
        throw error;
      }
    }
    void ctx.seams.notifications.info(vscode.l10n.t('Downloaded {0} to {1}', urn, target));
    return target;
  } catch (error) {
    const cancelled = isUserCancelled(error) || signal.aborted;
    if (cancelled) {
      void ctx.seams.notifications.info(
        vscode.l10n.t('The download of {0} was cancelled. What was downloaded is kept: downloading it again continues from there.', urn),
      );
      throw new UserCancelledError();
    }
    throw error;
  } finally {
    // Also after a failure or cancel: end the export, then delete the temporary group with the disk in it.
    progress.report({ message: vscode.l10n.t('Deleting the temporary resource group {0}', group) });
    const cleanup = new AbortController().signal;
    if (diskId && granted) {
      await images.revokeDiskAccess(diskId, cleanup).catch((error: unknown) => logError(ctx.log, `Revoking access to ${diskId}`, error));
    }
    const left = await rollback.run(async (resource) => {
      try {
        await images.deleteResourceGroup(subscriptionId, resource.name, cleanup);
      } catch (error) {
        logError(ctx.log, `Deleting the temporary resource group ${resource.name}`, error);
        throw error;
      }
    });
    if (left.length > 0) {
      void ctx.seams.notifications.warning(
        vscode.l10n.t(
          'The temporary resource group {0} (made to download the image) could not be deleted: {1}. Delete it in the portal.',
          group,
          left.map((resource) => resource.name).join(', '),
        ),
      );
    }
  }
}

/** The quick picks: subscription, region, and the Azure Linux image, as the create-VM wizard offers them. */
export const downloadBaseWizard: DownloadBaseQuestions = {
  async ask(ctx, services, { signal }) {
    const subscriptionId = await pickSubscription(ctx, vscode.l10n.t('Subscription for the temporary disk the image is read from'));
    const location = await pickLocation(services, subscriptionId, signal, vscode.l10n.t('Region to read the image in'));
    const choice = await pickImage(
      await azureLinuxImages(services, subscriptionId, location, signal),
      vscode.l10n.t('Azure Linux image to download as a base'),
    );
    return { subscriptionId, location, image: choice.image };
  },
};
