import { randomBytes } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitForBoot, type BootCheck, type BootSignal } from '../../azure/core/bootWait';
import {
  CreateVmFailure,
  createdByTag,
  planCreateVm,
  runCreateVm,
  sshUserTag,
  takenNames,
  type CreateEvent,
  type CreateVmPlan,
  type CreateVmRequest,
} from '../../azure/core/createVm';
import { nextImageVersion, validateGalleryName, validateImageDefinitionName, validateImageVersion } from '../../azure/core/gallery';
import type { VmInfo } from '../../azure/core/model';
import {
  sourcePrefixFor,
  validateAdminUsername,
  validateResourceGroupName,
  validateSourceAddress,
  validateVmName,
} from '../../azure/core/names';
import { Rollback, type CreatedResource } from '../../azure/core/rollback';
import { sizeChoices } from '../../azure/core/sizes';
import type { TransferSnapshot } from '../../azure/core/transfer';
import { formatProbeHeadBytes, uploadProblem, vhdFooterBytes } from '../../azure/core/vhd';
import type { AzureImageServices, GalleryInfo } from '../../azure/imageServices';
import { TransferError, type ImageTransferService } from '../../azure/imageTransfer';
import type { AzureServices } from '../../azure/services';
import { ensureEd25519Key } from '../../azure/sshKeys';
import type { AzlContext } from '../../context';
import { withProgressActivity } from '../../features/activity';
import type { AzureFeature } from '../../features/azure';
import { abortOn } from '../../util/cancellation';
import { errorMessage, isUserCancelled, UserCancelledError } from '../../util/errors';
import { logError } from '../../util/log';
import { connectAddress } from '../../views/azure/core/presentation';
import { ImageBuildNode } from '../../views/imageBuilds/buildNodes';
import { signedInFeature } from '../azure/common';
import { askKeep, offerConnect } from '../azure/createVm';
import { inputValue, pickValues } from '../guards';
import { pickLocation, pickSubscription } from './azurePickers';
import { transferReporter, type NotificationProgress } from './progress';

/*
 * "Deploy to Azure" on a built fixed VHD (Image Customizer's "Create Azure VM" how-to, steps 6-8, as one command):
 * a managed disk made for upload, write access, the VHD uploaded as a page blob (parallel 4 MiB ranges, empty ranges
 * skipped, retried, resumable), access revoked; then either a VM on that disk (the create-VM flow's network,
 * NSG-from-your-IP and SSH key, with the disk attached instead of an image) or an image version in an Azure Compute
 * Gallery. Every resource is tagged; a failure or cancel removes what the run made. A new VM gets boot diagnostics,
 * and the run waits for it to boot (VM agent Ready, or SSH answering); when it does not in time, its serial log opens.
 */

export interface DeployAnswers {
  readonly subscriptionId: string;
  readonly location: string;
  readonly target: 'vm' | 'gallery';
  /** Default: a new group, `<vm name>-rg` or `<gallery>-rg`. An existing group is used and never deleted. */
  readonly resourceGroup?: string;
  /** The VM (target "vm"): its name, size (default as create-VM picks), admin user and key, SSH source address. */
  readonly vmName?: string;
  readonly size?: string;
  readonly adminUsername?: string;
  readonly sshPublicKey?: string;
  readonly sshSourceAddress?: string;
  /** The image's CPU architecture (default x64) and Hyper-V generation (default V2, UEFI, as Azure Linux images). */
  readonly architecture?: 'x64' | 'Arm64';
  readonly hyperVGeneration?: 'V1' | 'V2';
  /** The gallery (target "gallery"): an existing one of that name in the subscription, else a new one in `resourceGroup`. */
  readonly gallery?: string;
  /** The image definition in it, made when missing (publisher, offer and sku then name it). */
  readonly imageDefinition?: string;
  readonly publisher?: string;
  readonly offer?: string;
  readonly sku?: string;
  /** Default: the next patch version after the highest one there (1.0.0 for none). */
  readonly imageVersion?: string;
  /** How long to wait for a new VM to boot before its serial log opens (default 300). */
  readonly bootTimeoutSeconds?: number;
  /** Cancels as the notification's Cancel button does. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: DeployEvent) => void;
}

export type DeployStep =
  | 'resourceGroup'
  | 'disk'
  | 'upload'
  | 'finishUpload'
  | 'virtualMachine'
  | 'boot'
  | 'sshKey'
  | 'gallery'
  | 'imageDefinition'
  | 'imageVersion'
  | 'removeUploadDisk';

export type DeployEvent =
  | { readonly type: 'stepStarted'; readonly step: DeployStep }
  | { readonly type: 'transfer'; readonly snapshot: TransferSnapshot }
  | { readonly type: 'createVm'; readonly event: CreateEvent }
  | { readonly type: 'cleanupStarted'; readonly resources: readonly CreatedResource[] };

export type DeployResult =
  | { readonly kind: 'vm'; readonly vm: VmInfo; readonly booted: boolean; readonly bootedBy?: BootSignal }
  | { readonly kind: 'gallery'; readonly imageVersionId: string };

/** What the command asks the person: the quick picks below, or fixed answers (a test, another command). */
export interface DeployQuestions {
  ask(ctx: AzlContext, services: AzureServices, start: { readonly file: string; readonly signal: AbortSignal }): Promise<DeployAnswers>;
  /** The upload stopped after the storage client's own retries: true resumes where it stopped, false gives up. */
  resumeUpload(message: string): Promise<boolean>;
  /** After a failure or cancel: true keeps what the run made (to look into it), false deletes it. */
  keepAfterFailure(message: string): Promise<boolean>;
  /** The VM booted and has your key: offer the next step. */
  ready(vm: VmInfo): void;
}

/** Write access for the upload: long enough for a large image on a slow line (upstream's how-to asks for a day). */
const writeAccessSeconds = 24 * 3600;
const defaultAdmin = 'azureuser';

function fileOf(ctx: AzlContext, value: unknown): string | undefined {
  // An Image Builds row: the build's output as it is now.
  if (value instanceof ImageBuildNode) return ctx.imageBuilds.get(value.build.id)?.outputPath;
  if (value instanceof vscode.Uri) return value.scheme === 'file' ? value.fsPath : undefined;
  if (typeof value === 'string' && value.length > 0) return value;
  return undefined;
}

/** Refuses what Azure would refuse, before anything is made: only a fixed VHD of a size Azure takes. */
async function checkVhd(file: string): Promise<number> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new Error(vscode.l10n.t('{0} is not a file that can be read.', file));
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(formatProbeHeadBytes, info.size));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(vhdFooterBytes, info.size));
    await handle.read(tail, 0, tail.length, info.size - tail.length);
    const problem = uploadProblem(path.basename(file), info.size, head, tail, vscode.l10n);
    if (problem) throw new Error(problem);
  } finally {
    await handle.close();
  }
  return info.size;
}

export async function deployImage(ctx: AzlContext, target?: unknown): Promise<DeployResult> {
  let file = fileOf(ctx, target);
  if (!file) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { [vscode.l10n.t('Fixed VHD')]: ['vhd'] },
      openLabel: vscode.l10n.t('Deploy to Azure'),
    });
    if (!picked?.[0]) throw new UserCancelledError();
    file = picked[0].fsPath;
  }
  const sizeBytes = await checkVhd(file);
  const { feature, services } = await signedInFeature(ctx);
  const questions = ctx.seams.deployQuestions;
  const asking = new AbortController();
  const answers = await questions.ask(ctx, services, { file, signal: asking.signal });
  const run: DeployRun = {
    ctx,
    feature,
    services,
    images: feature.session.imageServices(),
    transfer: feature.session.imageTransfer(),
    questions,
    answers,
    file,
    sizeBytes,
    rollback: new Rollback(),
  };
  const title =
    answers.target === 'vm'
      ? vscode.l10n.t('Deploying {0} as VM {1}', path.basename(file), answers.vmName ?? '')
      : vscode.l10n.t('Publishing {0} to gallery {1}', path.basename(file), answers.gallery ?? '');
  const result = await withProgressActivity(
    ctx.activity,
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const cancel = abortOn(token, answers.signal);
      try {
        return await (answers.target === 'vm' ? deployVm(run, progress, cancel.signal) : publishToGallery(run, progress, cancel.signal));
      } finally {
        cancel.dispose();
      }
    },
  );
  if (result.kind === 'vm') await afterVmCreated(run, result);
  return result.kind === 'vm' ? { kind: 'vm', vm: result.vm, booted: result.booted, bootedBy: result.bootedBy } : result;
}

interface DeployRun {
  readonly ctx: AzlContext;
  readonly feature: AzureFeature;
  readonly services: AzureServices;
  readonly images: AzureImageServices;
  readonly transfer: ImageTransferService;
  readonly questions: DeployQuestions;
  readonly answers: DeployAnswers;
  readonly file: string;
  readonly sizeBytes: number;
  readonly rollback: Rollback;
}

function emit(run: DeployRun, progress: NotificationProgress, step: DeployStep, message: string): void {
  progress.report({ message });
  run.answers.onEvent?.({ type: 'stepStarted', step });
}

function groupId(subscriptionId: string, group: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${group}`;
}

function diskIdFor(subscriptionId: string, group: string, name: string): string {
  return `${groupId(subscriptionId, group)}/providers/Microsoft.Compute/disks/${name}`;
}

/**
 * Makes the group unless it exists. Only a group Azure answered 201 Created for is the run's own (an existing one is
 * never changed or deleted), and a failed run deletes it only when it holds nothing else (see removeResource).
 */
async function ensureGroup(
  run: DeployRun,
  progress: NotificationProgress,
  group: string,
  location: string,
  signal: AbortSignal,
): Promise<void> {
  const { subscriptionId } = run.answers;
  const problem = validateResourceGroupName(group, vscode.l10n);
  if (problem) throw new Error(problem);
  emit(run, progress, 'resourceGroup', vscode.l10n.t('Using or creating the resource group {0}', group));
  const { created } = await run.images.ensureResourceGroup(subscriptionId, group, location, createdByTag);
  if (created) {
    run.rollback.add({
      kind: 'resourceGroup',
      id: groupId(subscriptionId, group),
      name: group,
      type: 'Microsoft.Resources/resourceGroups',
    });
  }
  signal.throwIfAborted();
}

/**
 * Makes the disk for upload, uploads the file into it and revokes the write access, asking to resume when the
 * upload stops (the storage client retried already) and asking for access again when it ran out.
 */
async function uploadToNewDisk(
  run: DeployRun,
  progress: NotificationProgress,
  disk: { readonly group: string; readonly name: string; readonly location: string; readonly tags: Readonly<Record<string, string>> },
  signal: AbortSignal,
): Promise<string> {
  const { subscriptionId } = run.answers;
  const diskId = diskIdFor(subscriptionId, disk.group, disk.name);
  emit(run, progress, 'disk', vscode.l10n.t('Creating the disk {0} for the upload', disk.name));
  run.rollback.add({ kind: 'disk', id: diskId, name: disk.name, type: 'Microsoft.Compute/disks' });
  await run.images.createUploadDisk(
    { subscriptionId, resourceGroup: disk.group, location: disk.location, name: disk.name, tags: disk.tags },
    run.sizeBytes,
    run.answers.hyperVGeneration ?? 'V2',
    signal,
  );
  emit(run, progress, 'upload', vscode.l10n.t('Uploading {0}', path.basename(run.file)));
  const report = transferReporter(
    progress,
    (detail) => vscode.l10n.t('Uploading {0}: {1}', path.basename(run.file), detail),
    80,
    (snapshot) => run.answers.onEvent?.({ type: 'transfer', snapshot }),
  );
  let done: TransferError['done'] = [];
  let sas = await run.images.grantDiskAccess(diskId, 'Write', writeAccessSeconds, signal);
  for (let expired = 0; ;) {
    try {
      const result = await run.transfer.uploadVhd(run.file, sas, { signal, onProgress: report, done });
      run.ctx.log.info(
        `Deploy ${path.basename(run.file)}: sent ${result.sentBytes} of ${result.fileBytes} bytes in ${result.rangesSent} ranges; ${result.skippedBytes} bytes were empty`,
      );
      break;
    } catch (error) {
      if (!(error instanceof TransferError)) throw error;
      done = error.done;
      if (error.kind === 'accessExpired' && expired++ < 2) {
        // The write SAS ran out: a disk still open for upload can be granted write access again.
        sas = await run.images.grantDiskAccess(diskId, 'Write', writeAccessSeconds, signal);
        continue;
      }
      run.ctx.log.warn(`Deploy ${path.basename(run.file)}: ${error.message}`);
      if (error.kind === 'accessExpired' || !(await run.questions.resumeUpload(error.message))) throw error;
    }
  }
  emit(run, progress, 'finishUpload', vscode.l10n.t('Finishing the upload'));
  await run.images.revokeDiskAccess(diskId, signal);
  return diskId;
}

/** Everything the VM plan needs, with the defaults the create-VM flow uses. */
async function vmRequest(run: DeployRun, signal: AbortSignal): Promise<CreateVmRequest> {
  const { answers, services, ctx } = run;
  const vmName = answers.vmName ?? '';
  const nameProblem = validateVmName(vmName, [], vscode.l10n);
  if (nameProblem) throw new Error(nameProblem);
  const resourceGroup = answers.resourceGroup ?? `${vmName}-rg`;
  const adminUsername = answers.adminUsername ?? defaultAdmin;
  const adminProblem = validateAdminUsername(adminUsername, vscode.l10n);
  if (adminProblem) throw new Error(adminProblem);
  const [skus, existing] = await Promise.all([
    answers.size ? Promise.resolve([]) : services.listVmSkus(answers.subscriptionId, answers.location, signal),
    services.listVmNames(answers.subscriptionId, resourceGroup, signal),
  ]);
  const taken = validateVmName(vmName, existing, vscode.l10n);
  if (taken) throw new Error(taken);
  const architecture = answers.architecture ?? 'x64';
  const size = answers.size ?? sizeChoices(skus, architecture, false).find((choice) => choice.isDefault)?.name;
  if (!size) {
    throw new Error(
      vscode.l10n.t('No {0} Gen2 VM size is available to this subscription in {1}. Choose another region.', architecture, answers.location),
    );
  }
  const sshPublicKey = answers.sshPublicKey ?? (await ensureEd25519Key(undefined, undefined, signal, vscode.l10n)).publicKey;
  const source = answers.sshSourceAddress ?? (await ctx.seams.callerIp.detect(signal));
  if (!source) throw new Error(vscode.l10n.t('Could not detect your public IP address; give the address SSH may come from.'));
  const sourceProblem = validateSourceAddress(source, vscode.l10n);
  if (sourceProblem) throw new Error(sourceProblem);
  return {
    subscriptionId: answers.subscriptionId,
    location: answers.location,
    resourceGroup,
    vmName,
    size,
    trustedLaunch: false,
    adminUsername,
    sshPublicKey,
    sshSourcePrefix: sourcePrefixFor(source),
  };
}

type VmOutcome = { readonly kind: 'vm'; readonly vm: VmInfo; readonly booted: boolean; readonly bootedBy?: BootSignal };

async function deployVm(run: DeployRun, progress: NotificationProgress, signal: AbortSignal): Promise<VmOutcome> {
  const { answers, services, feature } = run;
  progress.report({ message: vscode.l10n.t('Checking names and sizes in {0}', answers.location) });
  const request = await vmRequest(run, signal);
  const draft = planCreateVm(request);
  const groupExists = (await services.listResourceGroups(answers.subscriptionId, signal)).some(
    (group) => group.name.toLowerCase() === request.resourceGroup.toLowerCase(),
  );
  if (groupExists) {
    // The plan's names (the OS disk's included) must be free: a PUT would take an existing resource over.
    const taken = takenNames(draft, await services.listGroupResources(answers.subscriptionId, request.resourceGroup, signal));
    if (taken.length > 0) {
      throw new Error(
        vscode.l10n.t(
          'Resource group {0} already has {1}. Deploying {2} there would take them over; choose another VM name.',
          request.resourceGroup,
          taken.map((resource) => `${resource.name} (${resource.type})`).join(', '),
          request.vmName,
        ),
      );
    }
  }
  const diskId = diskIdFor(answers.subscriptionId, request.resourceGroup, draft.names.osDisk);
  const planned = planCreateVm({ ...request, attachOsDisk: { id: diskId } });
  // Azure keeps no admin user for a VM on an attached disk: the tag says whom SSH logs in as.
  const plan: CreateVmPlan = { ...planned, tags: { ...planned.tags, [sshUserTag]: request.adminUsername } };
  try {
    await ensureGroup(run, progress, request.resourceGroup, answers.location, signal);
    await uploadToNewDisk(
      run,
      progress,
      { group: request.resourceGroup, name: plan.names.osDisk, location: answers.location, tags: createdByTag },
      signal,
    );
    emit(
      run,
      progress,
      'virtualMachine',
      vscode.l10n.t('Creating {0} on the uploaded disk (network, NSG for SSH from your address, VM)', request.vmName),
    );
    const vmId = await runCreateVm(plan, services.createVmOperations(plan), {
      signal,
      onEvent: (event) => answers.onEvent?.({ type: 'createVm', event }),
      // The deploy's own cleanup asks (below); the VM's part is removed with the rest.
      keepAfterFailure: async () => false,
    });
    const vm = await services.getVm(vmId, signal);
    await feature.listing.showVm(vm);
    feature.listing.reveal(vm.id);
    return { kind: 'vm', vm, booted: false };
  } catch (error) {
    throw await failed(run, progress, error, signal, request.vmName);
  }
}

/** Waits for the VM to boot (outside the deploy's notification, which is done), then gives it your key. */
async function afterVmCreated(run: DeployRun, outcome: VmOutcome & { booted: boolean; bootedBy?: BootSignal }): Promise<void> {
  const { answers, images, feature, ctx } = run;
  const vm = outcome.vm;
  const timeoutMs = (answers.bootTimeoutSeconds ?? 300) * 1000;
  const result = await withProgressActivity(
    ctx.activity,
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Waiting for {0} to boot', vm.name), cancellable: true },
    async (progress, token) => {
      const cancel = abortOn(token, answers.signal);
      try {
        answers.onEvent?.({ type: 'stepStarted', step: 'boot' });
        const address = connectAddress(vm);
        const checks: BootCheck[] = [
          { signal: 'vmAgent', check: async (signal) => (await images.bootState(vm.id, signal)).agentReady },
          ...(address ? [{ signal: 'ssh' as const, check: (signal: AbortSignal) => ctx.seams.sshPort.answers(address, signal) }] : []),
        ];
        const booted = await waitForBoot(checks, {
          timeoutMs,
          intervalMs: Math.min(10_000, Math.max(200, timeoutMs / 30)),
          signal: cancel.signal,
          onRound: (elapsed) =>
            progress.report({
              message: vscode.l10n.t('VM agent or SSH not answering yet ({0} s of {1} s)', Math.round(elapsed / 1000), timeoutMs / 1000),
            }),
        });
        if (booted.booted && booted.by === 'vmAgent') {
          answers.onEvent?.({ type: 'stepStarted', step: 'sshKey' });
          const user = vm.adminUsername ?? answers.adminUsername ?? defaultAdmin;
          progress.report({ message: vscode.l10n.t('Adding your SSH key for {0}', user) });
          const key = answers.sshPublicKey ?? (await ensureEd25519Key(undefined, undefined, cancel.signal, vscode.l10n)).publicKey;
          await images.setSshKey(vm.id, user, key, cancel.signal);
        }
        return booted;
      } finally {
        cancel.dispose();
      }
    },
  ).then(
    (value) => value,
    (error: unknown) => {
      if (isUserCancelled(error)) {
        void ctx.seams.notifications.info(
          vscode.l10n.t('Stopped waiting for {0} to boot. The VM stays; Show Serial Log tells how its boot goes.', vm.name),
        );
        return undefined;
      }
      throw error;
    },
  );
  if (!result) return;
  Object.assign(outcome, { booted: result.booted, bootedBy: result.booted ? result.by : undefined });
  if (!result.booted) {
    await feature.serialLogs.show(vm, new AbortController().signal);
    void ctx.seams.notifications.warning(
      vscode.l10n.t(
        '{0} did not report as booted within {1} s (no VM agent, no SSH). Its serial log is open: look there for why. The VM stays until you delete it.',
        vm.name,
        Math.round(timeoutMs / 1000),
      ),
    );
    return;
  }
  if (result.by === 'ssh') {
    void ctx.seams.notifications.info(
      vscode.l10n.t('{0} answers on SSH, but its VM agent does not, so your key could not be added: the image must carry it.', vm.name),
    );
    return;
  }
  run.questions.ready(vm);
}

async function publishToGallery(
  run: DeployRun,
  progress: NotificationProgress,
  signal: AbortSignal,
): Promise<{ kind: 'gallery'; imageVersionId: string }> {
  const { answers, images } = run;
  const galleryName = answers.gallery ?? '';
  const definitionName = answers.imageDefinition ?? '';
  const galleryProblem = validateGalleryName(galleryName, vscode.l10n) ?? validateImageDefinitionName(definitionName, vscode.l10n);
  if (galleryProblem) throw new Error(galleryProblem);
  progress.report({ message: vscode.l10n.t('Looking up gallery {0}', galleryName) });
  const existingGallery = (await images.listGalleries(answers.subscriptionId, signal)).find(
    (gallery) => gallery.name.toLowerCase() === galleryName.toLowerCase(),
  );
  // An image version lives in its gallery's region, and its source disk must be there too.
  const location = existingGallery?.location ?? answers.location;
  const group = existingGallery?.resourceGroup ?? answers.resourceGroup ?? `${galleryName}-rg`;
  const definitions = existingGallery ? await images.listGalleryImages(existingGallery.id, signal) : [];
  const definition = definitions.find((image) => image.name.toLowerCase() === definitionName.toLowerCase());
  const generation = answers.hyperVGeneration ?? 'V2';
  if (definition?.hyperVGeneration && definition.hyperVGeneration !== generation) {
    throw new Error(
      vscode.l10n.t(
        'Image definition {0} is for Hyper-V generation {1}, but this image is {2}. Choose or name another definition.',
        definition.name,
        definition.hyperVGeneration,
        generation,
      ),
    );
  }
  const versions = definition ? await images.listGalleryImageVersions(definition.id, signal) : [];
  const version = answers.imageVersion ?? nextImageVersion(versions);
  const versionProblem = validateImageVersion(version, versions, vscode.l10n);
  if (versionProblem) throw new Error(versionProblem);
  const uploadDisk = `azl-upload-${randomBytes(4).toString('hex')}`;
  try {
    await ensureGroup(run, progress, group, location, signal);
    const diskId = await uploadToNewDisk(run, progress, { group, name: uploadDisk, location, tags: createdByTag }, signal);
    let gallery: GalleryInfo | undefined = existingGallery;
    if (!gallery) {
      emit(run, progress, 'gallery', vscode.l10n.t('Creating the gallery {0}', galleryName));
      const id = `${groupId(answers.subscriptionId, group)}/providers/Microsoft.Compute/galleries/${galleryName}`;
      run.rollback.add({ kind: 'gallery', id, name: galleryName, type: 'Microsoft.Compute/galleries' });
      gallery = await images.createGallery(answers.subscriptionId, group, galleryName, location, createdByTag, signal);
    }
    let imageId = definition?.id;
    if (!imageId) {
      emit(run, progress, 'imageDefinition', vscode.l10n.t('Creating the image definition {0}', definitionName));
      imageId = `${gallery.id}/images/${definitionName}`;
      run.rollback.add({ kind: 'galleryImage', id: imageId, name: definitionName, type: 'Microsoft.Compute/galleries/images' });
      await images.createGalleryImage(
        {
          galleryId: gallery.id,
          name: definitionName,
          location,
          publisher: answers.publisher ?? 'azure-linux-tools',
          offer: answers.offer ?? 'azure-linux-custom',
          sku: answers.sku ?? definitionName,
          hyperVGeneration: generation,
          architecture: answers.architecture ?? 'x64',
          tags: createdByTag,
        },
        signal,
      );
    }
    emit(
      run,
      progress,
      'imageVersion',
      vscode.l10n.t('Creating image version {0} of {1} (Azure copies the disk; this takes a while)', version, definitionName),
    );
    const versionId = `${imageId}/versions/${version}`;
    run.rollback.add({ kind: 'galleryImageVersion', id: versionId, name: version, type: 'Microsoft.Compute/galleries/images/versions' });
    const created = await images.createGalleryImageVersion(imageId, version, diskId, location, createdByTag, signal);
    emit(run, progress, 'removeUploadDisk', vscode.l10n.t('Deleting the upload disk {0}', uploadDisk));
    await images.deleteDisk(diskId, signal);
    run.rollback.forget(diskId);
    void run.ctx.seams.notifications.info(
      vscode.l10n.t(
        'Published {0} as version {1} of {2} in gallery {3}. New VMs can use it as their image: {4}',
        path.basename(run.file),
        version,
        definitionName,
        galleryName,
        created,
      ),
    );
    return { kind: 'gallery', imageVersionId: created };
  } catch (error) {
    throw await failed(run, progress, error, signal, `${definitionName} ${version}`);
  }
}

/**
 * The run stopped: removes what it made (unless the person keeps it), and returns the error to throw, worded with
 * what happened to the resources. A cancel is said as information and stays a cancel.
 */
async function failed(run: DeployRun, progress: NotificationProgress, error: unknown, signal: AbortSignal, what: string): Promise<Error> {
  const { ctx, rollback, answers } = run;
  const cancelled = signal.aborted || isUserCancelled(error) || (error instanceof CreateVmFailure && error.cancelled);
  // Azure's words are in the message already (AzureRequestError, TransferError and CreateVmFailure word them).
  const headline = cancelled
    ? vscode.l10n.t('Deploying {0} was cancelled.', what)
    : vscode.l10n.t('Deploying {0} failed: {1}', what, errorMessage(error));
  logError(ctx.log, `Deploy ${path.basename(run.file)}`, error);
  let tail = '';
  if (rollback.created.length > 0) {
    const keep = !cancelled && (await run.questions.keepAfterFailure(headline));
    if (keep) {
      tail = vscode.l10n.t('What this run made was kept: {0}.', names(rollback.created));
    } else {
      progress.report({ message: vscode.l10n.t('Deleting what this run made…') });
      answers.onEvent?.({ type: 'cleanupStarted', resources: [...rollback.created] });
      const cleanup = new AbortController().signal;
      const left = await rollback.run(async (resource) => {
        try {
          await removeResource(run, resource, cleanup);
        } catch (removeError) {
          logError(ctx.log, `Deploy cleanup: deleting ${resource.id}`, removeError);
          throw removeError;
        }
      });
      tail =
        left.length > 0
          ? vscode.l10n.t('Some resources could not be deleted: {0}.', names(left))
          : vscode.l10n.t('Everything this run created was deleted again.');
    }
  }
  const sentence = tail ? `${headline} ${tail}` : headline;
  if (run.feature.session.handleSignInFailure(error instanceof CreateVmFailure ? error.cause : error, tail ? sentence : undefined)) {
    return new UserCancelledError();
  }
  if (cancelled) {
    void ctx.seams.notifications.info(sentence);
    return new UserCancelledError();
  }
  return new Error(sentence, { cause: error });
}

function names(resources: readonly CreatedResource[]): string {
  return resources.map((resource) => `${resource.name} (${resource.type})`).join(', ');
}

async function removeResource(run: DeployRun, resource: CreatedResource, signal: AbortSignal): Promise<void> {
  const { images, services } = run;
  switch (resource.kind) {
    case 'disk':
      // An upload or export still open would stop the delete: end it first (a no-op when there is none).
      await images.revokeDiskAccess(resource.id, signal);
      await images.deleteDisk(resource.id, signal);
      return;
    case 'resourceGroup': {
      const parts = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i.exec(resource.id);
      if (!parts) return;
      const [, subscriptionId, group] = parts as unknown as [string, string, string];
      // The run's own resources are gone by now (newest first): anything left was put there by someone else.
      const others = await services.listGroupResources(subscriptionId, group, signal);
      if (others.length > 0) {
        throw new Error(`Resource group ${group} also holds ${others.map((other) => other.name).join(', ')}; kept.`);
      }
      await images.deleteResourceGroup(subscriptionId, group, signal);
      return;
    }
    default:
      await images.deleteGalleryResource(resource.id, signal);
  }
}

/* ---------------------------------------------------------------- the wizard ---------------------------------------------------------------- */

async function askAnswers(
  ctx: AzlContext,
  services: AzureServices,
  { file, signal }: { readonly file: string; readonly signal: AbortSignal },
): Promise<DeployAnswers> {
  const [target] = await pickValues(
    [
      {
        label: vscode.l10n.t('$(vm) Create a VM on it'),
        detail: vscode.l10n.t('Upload it as a managed disk and boot a VM from it, reachable over SSH from your address only'),
        value: 'vm' as const,
      },
      {
        label: vscode.l10n.t('$(library) Publish it to an Azure Compute Gallery'),
        detail: vscode.l10n.t('Upload it and make an image version that new VMs (and scale sets) can use'),
        value: 'gallery' as const,
      },
    ],
    { placeHolder: vscode.l10n.t('Deploy {0} to Azure', path.basename(file)) },
  );
  const subscriptionId = await pickSubscription(ctx, vscode.l10n.t('Subscription to deploy to'));
  const images = ctx.azure().session.imageServices();
  if (target === 'gallery') {
    const galleries = await images.listGalleries(subscriptionId, signal);
    const [gallery] = await pickValues(
      [
        { label: vscode.l10n.t('$(add) New gallery...'), value: undefined as GalleryInfo | undefined },
        ...galleries.map((existing) => ({
          label: existing.name,
          description: `${existing.resourceGroup} · ${existing.location}`,
          value: existing,
        })),
      ],
      { placeHolder: vscode.l10n.t('Gallery to publish to') },
    );
    const galleryName =
      gallery?.name ??
      (await inputValue({
        prompt: vscode.l10n.t('Name of the new gallery'),
        value: 'azl_images',
        validateInput: (value) => validateGalleryName(value, vscode.l10n),
      }));
    const location =
      gallery?.location ?? (await pickLocation(services, subscriptionId, signal, vscode.l10n.t('Region of the new gallery')));
    const definitions = gallery ? await images.listGalleryImages(gallery.id, signal) : [];
    const [definition] = await pickValues(
      [
        { label: vscode.l10n.t('$(add) New image definition...'), value: undefined as string | undefined },
        ...definitions.map((existing) => ({
          label: existing.name,
          description: existing.identifier
            ? `${existing.identifier.publisher}:${existing.identifier.offer}:${existing.identifier.sku}`
            : undefined,
          value: existing.name,
        })),
      ],
      { placeHolder: vscode.l10n.t('Image definition for the new version') },
    );
    const defaultName =
      path
        .basename(file, path.extname(file))
        .replace(/[^A-Za-z0-9_.-]/g, '-')
        .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '') || 'azure-linux-custom';
    const imageDefinition =
      definition ??
      (await inputValue({
        prompt: vscode.l10n.t('Name of the new image definition'),
        value: defaultName,
        validateInput: (value) => validateImageDefinitionName(value, vscode.l10n),
      }));
    const existingVersions = definition
      ? await images.listGalleryImageVersions(definitions.find((d) => d.name === definition)!.id, signal)
      : [];
    const imageVersion = await inputValue({
      prompt: vscode.l10n.t('Version to publish'),
      value: nextImageVersion(existingVersions),
      validateInput: (value) => validateImageVersion(value, existingVersions, vscode.l10n),
    });
    return { subscriptionId, location, target, gallery: galleryName, imageDefinition, imageVersion, resourceGroup: gallery?.resourceGroup };
  }
  const location = await pickLocation(services, subscriptionId, signal, vscode.l10n.t('Region for the VM'));
  const vmName = await inputValue({
    prompt: vscode.l10n.t('Name of the virtual machine'),
    value:
      path
        .basename(file, path.extname(file))
        .toLowerCase()
        .replace(/[^a-z0-9.-]/g, '-')
        .replace(/^[^a-z0-9]+|[-.]+$/g, '') || 'azurelinux-vm',
    validateInput: (value) => validateVmName(value, [], vscode.l10n),
  });
  const groups = await services.listResourceGroups(subscriptionId, signal);
  const [resourceGroup] = await pickValues(
    [
      { label: vscode.l10n.t('$(add) New resource group: {0}', `${vmName}-rg`), value: `${vmName}-rg` },
      ...groups.map((group) => ({ label: group.name, description: group.location, value: group.name })),
    ],
    { placeHolder: vscode.l10n.t('Resource group for the VM and its disk') },
  );
  const adminUsername = await inputValue({
    prompt: vscode.l10n.t('User to log in as: your SSH key is added for this user once the VM boots'),
    value: defaultAdmin,
    validateInput: (value) => validateAdminUsername(value, vscode.l10n),
  });
  const detected = await ctx.seams.callerIp.detect(signal);
  const sshSourceAddress = await inputValue({
    prompt: vscode.l10n.t('SSH (TCP 22) will be allowed only from this address; nothing else is open'),
    value: detected ?? '',
    validateInput: (value) => validateSourceAddress(value, vscode.l10n),
  });
  return { subscriptionId, location, target, vmName, resourceGroup, adminUsername, sshSourceAddress };
}

async function askResume(message: string): Promise<boolean> {
  const resume = vscode.l10n.t('Resume Upload');
  const choice = await vscode.window.showWarningMessage(
    message,
    { modal: true, detail: vscode.l10n.t('What was uploaded stays; resuming sends only the rest. Cancel removes what this run made.') },
    resume,
  );
  return choice === resume;
}

/** The quick-pick wizard and prompts: what a person answers. */
export const deployWizard: DeployQuestions = {
  ask: askAnswers,
  resumeUpload: askResume,
  keepAfterFailure: askKeep,
  ready: (vm) => void offerConnect(vm),
};
