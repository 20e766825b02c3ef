import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import {
  CreateVmFailure,
  planCreateVm,
  plannedResources,
  runCreateVm,
  takenNames,
  type CreateEvent,
  type CreateStepId,
  type CreateVmPlan,
  type CreateVmRequest,
  type ResourceKind,
} from '../../azure/core/createVm';
import { imageChoices, supportsTrustedLaunch, type ImageChoice, type ImageOffer } from '../../azure/core/images';
import type { ImageReferenceInfo, VmInfo } from '../../azure/core/model';
import { describeAzureError } from '../../azure/core/armErrors';
import {
  sourcePrefixFor,
  validateAdminUsername,
  validateResourceGroupName,
  validateSourceAddress,
  validateVmName,
} from '../../azure/core/names';
import { sizeChoices } from '../../azure/core/sizes';
import type { AzureServices, ImageReference } from '../../azure/services';
import { ensureEd25519Key } from '../../azure/sshKeys';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { abortOn } from '../../util/cancellation';
import { signedInFeature, subscriptionIdOf } from './common';
import { withProgressActivity } from '../../features/activity';

/**
 * Everything the create flow asks, as one object (what CreateVmQuestions.ask returns). Only the subscription, region
 * and name are required; the rest get the same defaults the wizard offers.
 */
export interface CreateVmAnswers {
  readonly subscriptionId: string;
  readonly location: string;
  readonly vmName: string;
  /**
   * Default: `<vmName>-rg`. An existing group is used as it is (no tags changed) and never deleted on failure; only a
   * group this run created can be, and only when it holds nothing else.
   */
  readonly resourceGroup?: string;
  /** Default: the newest generally available general-purpose Gen2 x64 Azure Linux image offered in the region. */
  readonly image?: Required<Pick<ImageReferenceInfo, 'publisher' | 'offer' | 'sku' | 'version'>>;
  readonly size?: string;
  readonly adminUsername?: string;
  /** Default: ~/.ssh/id_ed25519.pub, generated when missing. */
  readonly sshPublicKey?: string;
  /** Default: the detected public IP of this machine. */
  readonly sshSourceAddress?: string;
  readonly cloudInitPath?: string;
  /** Cancels the run as the notification's Cancel button does (for a caller without that button). */
  readonly signal?: AbortSignal;
  /** Follows the run step by step. */
  readonly onEvent?: (event: CreateEvent) => void;
}

export interface CreateVmResult {
  readonly vm: VmInfo;
  readonly request: CreateVmRequest;
}

/**
 * What the create flow asks the person, as a seam: the quick-pick wizard below, or fixed answers (a test, or
 * another extension driving the flow through the API's context).
 */
export interface CreateVmQuestions {
  /** Everything the flow needs; `subscriptionId` is given when the command started on a subscription. */
  ask(
    ctx: AzlContext,
    services: AzureServices,
    start: { readonly subscriptionId?: string; readonly signal: AbortSignal },
  ): Promise<CreateVmAnswers>;
  /** After a failure or cancel: true keeps what the run created (to look into it), false deletes it. */
  keepAfterFailure(failure: CreateVmFailure): Promise<boolean>;
  /** Asked only when ~/.ssh/id_ed25519 is about to be generated: a passphrase for it ('' for none). */
  keyPassphrase(): Promise<string | undefined>;
  /** The VM is ready: offer the next step. */
  ready(vm: VmInfo): void;
}

const defaultAdmin = 'azureuser';

export async function createVm(ctx: AzlContext, node?: unknown): Promise<CreateVmResult | undefined> {
  const { feature, services } = await signedInFeature(ctx);
  const questions = ctx.seams.createVmQuestions;
  // Not the listing's signal: a tree refresh (a setting, a sign-in) must not abort a create the person started.
  const asking = new AbortController();
  const answers = await questions.ask(ctx, services, { subscriptionId: subscriptionIdOf(node), signal: asking.signal });
  let plan: CreateVmPlan | undefined;
  try {
    const vm = await withProgressActivity(
      ctx.activity,
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating {0}', answers.vmName), cancellable: true },
      async (progress, token) => {
        const cancel = abortOn(token, answers.signal);
        try {
          progress.report({ message: vscode.l10n.t('Checking names, images and sizes in {0}', answers.location) });
          const request = await completeRequest(ctx, services, answers, cancel.signal);
          plan = planCreateVm(request);
          await refuseTakenNames(services, plan, cancel.signal);
          const steps = plan.stages.flat().length;
          const vmId = await runCreateVm(plan, services.createVmOperations(plan), {
            signal: cancel.signal,
            onEvent: (event) => {
              reportProgress(progress, event, steps);
              answers.onEvent?.(event);
            },
            keepAfterFailure: (failure) => questions.keepAfterFailure(failure),
          });
          return { vm: await services.getVm(vmId, cancel.signal), request };
        } finally {
          cancel.dispose();
        }
      },
    );
    await feature.listing.showVm(vm.vm);
    feature.listing.reveal(vm.vm.id);
    questions.ready(vm.vm);
    return vm;
  } catch (error) {
    if (!(error instanceof CreateVmFailure) || !plan) throw error;
    ctx.log.error(`Create ${answers.vmName}: ${error.message}; left over: ${error.leftOver.join(', ') || 'nothing'}`);
    // With the sign-in gone the cleanup fails too: what it left behind goes with the sign-in prompt.
    const leftBehind = error.leftOver.length > 0 && !error.kept ? cleanupSentence(plan, error, failureHeadline(error)) : undefined;
    if (feature.session.handleSignInFailure(error.cause, leftBehind)) {
      throw new UserCancelledError();
    }
    if (error.cancelled) {
      void ctx.seams.notifications.info(cleanupSentence(plan, error, vscode.l10n.t('Creating {0} was cancelled.', answers.vmName)));
      throw new UserCancelledError();
    }
    throw new Error(cleanupSentence(plan, error, failureHeadline(error)), { cause: error });
  }
}

/** Names the plan would use that the group holds already are refused rather than taken over. */
async function refuseTakenNames(services: AzureServices, plan: CreateVmPlan, signal: AbortSignal): Promise<void> {
  const request = plan.request;
  // An existing group is used as it is (an absent one lists empty); planned names it holds already would be taken over.
  const taken = takenNames(plan, await services.listGroupResources(request.subscriptionId, request.resourceGroup, signal));
  if (taken.length > 0) {
    throw new Error(
      vscode.l10n.t(
        'Resource group {0} already has {1}. Creating {2} there would take them over; choose another VM name.',
        request.resourceGroup,
        taken.map((resource) => `${resource.name} (${resource.type})`).join(', '),
        request.vmName,
      ),
    );
  }
}

/** What a failed run left behind, named as Azure names it: "azl-x-nic (Microsoft.Network/networkInterfaces)". */
function leftOverNames(plan: CreateVmPlan, kinds: readonly ResourceKind[]): string {
  const planned = plannedResources(plan);
  return kinds
    .map((kind) => {
      if (kind === 'resourceGroup') {
        return `${plan.request.resourceGroup} (Microsoft.Resources/resourceGroups)`;
      }
      const resource = planned.find((candidate) => candidate.kind === kind);
      return resource ? `${resource.name} (${resource.type})` : kind;
    })
    .join(', ');
}

function cleanupSentence(plan: CreateVmPlan, failure: CreateVmFailure, headline: string): string {
  if (failure.kept) {
    return vscode.l10n.t('{0} The resources created so far were kept in resource group {1}.', headline, plan.request.resourceGroup);
  }
  if (failure.othersInGroup.length > 0) {
    const others = failure.othersInGroup.map((resource) => `${resource.name} (${resource.type})`).join(', ');
    const resources = failure.leftOver.filter((kind) => kind !== 'resourceGroup');
    return resources.length > 0
      ? vscode.l10n.t(
          '{0} Some resources could not be deleted: {1}. Resource group {2} was kept: it also holds {3}, which this run did not create.',
          headline,
          leftOverNames(plan, resources),
          plan.request.resourceGroup,
          others,
        )
      : vscode.l10n.t(
          '{0} What this run created was deleted; resource group {1} was kept: it also holds {2}, which this run did not create.',
          headline,
          plan.request.resourceGroup,
          others,
        );
  }
  if (failure.leftOver.length > 0) {
    return vscode.l10n.t('{0} Some resources could not be deleted: {1}.', headline, leftOverNames(plan, failure.leftOver));
  }
  return failure.touched.length > 0 ? vscode.l10n.t('{0} Everything this run created was deleted again.', headline) : headline;
}

function stepLabel(step: CreateStepId): string {
  switch (step) {
    case 'resourceGroup':
      return vscode.l10n.t('resource group');
    case 'publicIp':
      return vscode.l10n.t('public IP address');
    case 'networkSecurityGroup':
      return vscode.l10n.t('network security group');
    case 'virtualNetwork':
      return vscode.l10n.t('virtual network');
    case 'networkInterface':
      return vscode.l10n.t('network interface');
    case 'virtualMachine':
      return vscode.l10n.t('virtual machine');
  }
}

function stageText(step: CreateStepId): string {
  switch (step) {
    case 'resourceGroup':
      return vscode.l10n.t('Creating the resource group');
    case 'publicIp':
    case 'networkSecurityGroup':
    case 'virtualNetwork':
      return vscode.l10n.t('Creating the public IP address, network security group and virtual network');
    case 'networkInterface':
      return vscode.l10n.t('Creating the network interface');
    case 'virtualMachine':
      return vscode.l10n.t('Creating the virtual machine (this takes a minute or two)');
  }
}

/** Why the run stopped, for the person (the failure's own message is the log's English). */
function failureHeadline(failure: CreateVmFailure): string {
  if (failure.cancelled) {
    return failure.step
      ? vscode.l10n.t('Creating the virtual machine was cancelled while creating the {0}.', stepLabel(failure.step))
      : vscode.l10n.t('Creating the virtual machine was cancelled.');
  }
  return vscode.l10n.t(
    'Creating the {0} failed: {1}',
    stepLabel(failure.step ?? 'virtualMachine'),
    describeAzureError(failure.cause, vscode.l10n),
  );
}

/** Each finished step moves the bar by an equal share, so the steps of this plan add up to 100. */
function reportProgress(progress: vscode.Progress<{ message?: string; increment?: number }>, event: CreateEvent, steps: number): void {
  if (event.type === 'stepStarted') {
    progress.report({ message: stageText(event.step) });
  } else if (event.type === 'stepFinished') {
    progress.report({ increment: 100 / steps });
  } else if (event.type === 'cleanupStarted') {
    progress.report({ message: vscode.l10n.t('Deleting what this run created…') });
  }
}

/** After a failure: asks (modal) whether to delete what the run made or keep it; true keeps. Also used by Deploy to Azure. */
export async function askKeep(headline: string): Promise<boolean> {
  const keep = vscode.l10n.t('Keep Them');
  const remove = vscode.l10n.t('Delete Them');
  const choice = await vscode.window.showWarningMessage(
    headline,
    { modal: true, detail: vscode.l10n.t('Delete the resources this run created, or keep them to look into the failure?') },
    remove,
    keep,
  );
  return choice === keep;
}

/**
 * Asked only when ~/.ssh/id_ed25519 is about to be generated: an optional passphrase for it (empty: none, as
 * ssh-keygen's own prompt allows). It goes to ssh-keygen as an argument and is never logged.
 */
async function askKeyPassphrase(): Promise<string | undefined> {
  const passphrase = await vscode.window.showInputBox({
    title: vscode.l10n.t('New SSH key ~/.ssh/id_ed25519'),
    prompt: vscode.l10n.t('Passphrase for the new key (optional: leave empty for a key without one; Remote-SSH and ssh then ask for it)'),
    password: true,
    ignoreFocusOut: true,
  });
  if (passphrase === undefined) {
    throw new UserCancelledError();
  }
  if (passphrase === '') {
    return '';
  }
  const again = await vscode.window.showInputBox({
    title: vscode.l10n.t('New SSH key ~/.ssh/id_ed25519'),
    prompt: vscode.l10n.t('The same passphrase again'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value === passphrase ? undefined : vscode.l10n.t('The passphrases differ.')),
  });
  if (again === undefined) {
    throw new UserCancelledError();
  }
  return passphrase;
}

/** Offers to connect to the new VM. Also used by Deploy to Azure. */
export async function offerConnect(vm: VmInfo): Promise<void> {
  const ssh = vscode.l10n.t('SSH into VM');
  const remote = vscode.l10n.t('Connect with Remote-SSH');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('{0} is ready.', vm.name), ssh, remote);
  if (choice === ssh || choice === remote) {
    await vscode.commands.executeCommand(choice === ssh ? 'azureLinux.azure.sshIntoVm' : 'azureLinux.azure.connectRemoteSsh', vm);
  }
}

/** Fills in every default the person did not give, looking images and sizes up in the region. */
async function completeRequest(
  ctx: AzlContext,
  services: AzureServices,
  answers: CreateVmAnswers,
  signal: AbortSignal,
): Promise<CreateVmRequest> {
  const problem = validateVmName(answers.vmName, [], vscode.l10n);
  if (problem) {
    throw new Error(problem);
  }
  const resourceGroup = answers.resourceGroup ?? `${answers.vmName}-rg`;
  const groupProblem = validateResourceGroupName(resourceGroup, vscode.l10n);
  if (groupProblem) {
    throw new Error(groupProblem);
  }
  const adminUsername = answers.adminUsername ?? defaultAdmin;
  const adminProblem = validateAdminUsername(adminUsername, vscode.l10n);
  if (adminProblem) {
    throw new Error(adminProblem);
  }
  const [images, skus, existingNames] = await Promise.all([
    answers.image
      ? services
          .getImageDetails(answers.subscriptionId, answers.location, answers.image, signal)
          .then((details) => [{ publisher: answers.image!.publisher, offer: answers.image!.offer, skus: [details] }])
      : services.listImageOffers(answers.subscriptionId, answers.location, signal),
    answers.size ? Promise.resolve(undefined) : services.listVmSkus(answers.subscriptionId, answers.location, signal),
    services.listVmNames(answers.subscriptionId, resourceGroup, signal),
  ]);
  const nameTaken = validateVmName(answers.vmName, existingNames, vscode.l10n);
  if (nameTaken) {
    throw new Error(nameTaken);
  }
  const image = answers.image ? imageFromReference(answers.image, images) : imageChoices(images).find((choice) => choice.isDefault);
  if (!image) {
    throw new Error(vscode.l10n.t('No Azure Linux image is offered in {0}. Choose another region.', answers.location));
  }
  const size = answers.size ?? sizeChoices(skus ?? [], image.architecture, image.trustedLaunch).find((choice) => choice.isDefault)?.name;
  if (!size) {
    throw new Error(
      vscode.l10n.t('No VM size for {0} is available to this subscription in {1}. Choose another region.', image.label, answers.location),
    );
  }
  const sshPublicKey =
    answers.sshPublicKey ??
    (await ensureEd25519Key(undefined, undefined, signal, vscode.l10n, () => ctx.seams.createVmQuestions.keyPassphrase())).publicKey;
  const source = answers.sshSourceAddress ?? (await ctx.seams.callerIp.detect(signal));
  if (!source) {
    throw new Error(vscode.l10n.t('Could not detect your public IP address; give the address SSH may come from.'));
  }
  const sourceProblem = validateSourceAddress(source, vscode.l10n);
  if (sourceProblem) {
    throw new Error(sourceProblem);
  }
  const cloudInit = answers.cloudInitPath ? await readFile(answers.cloudInitPath, 'utf8') : undefined;
  return {
    subscriptionId: answers.subscriptionId,
    location: answers.location,
    resourceGroup,
    vmName: answers.vmName,
    size,
    image: image.image,
    trustedLaunch: image.trustedLaunch,
    adminUsername,
    sshPublicKey,
    sshSourcePrefix: sourcePrefixFor(source),
    cloudInit,
  };
}

/** The choice for an image the caller named, with what the image itself reports (Gen2, Arm64, Trusted Launch). */
function imageFromReference(image: ImageReference, offers: readonly ImageOffer[]): ImageChoice {
  const [choice] = imageChoices(offers);
  if (choice) {
    return { ...choice, image };
  }
  const details = offers[0]?.skus[0];
  return {
    label: image.sku,
    description: '',
    image,
    architecture: details?.architecture === 'Arm64' ? 'Arm64' : 'x64',
    generation: details?.hyperVGeneration === 'V1' ? 'Gen1' : 'Gen2',
    release: '',
    majorVersion: 0,
    fips: false,
    preview: false,
    trustedLaunch: details ? supportsTrustedLaunch(details) : false,
    isDefault: true,
  };
}

/* ---------------------------------------------------------------- prompts ---------------------------------------------------------------- */

async function pick<T extends vscode.QuickPickItem>(items: T[], placeHolder: string): Promise<T> {
  const picked = await vscode.window.showQuickPick(items, { placeHolder, ignoreFocusOut: true, matchOnDescription: true });
  if (!picked) {
    throw new UserCancelledError();
  }
  return picked;
}

async function input(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) {
    throw new UserCancelledError();
  }
  return value.trim();
}

async function askAnswers(
  ctx: AzlContext,
  services: AzureServices,
  { subscriptionId, signal }: { readonly subscriptionId?: string; readonly signal: AbortSignal },
): Promise<CreateVmAnswers> {
  let subscription = subscriptionId;
  if (!subscription) {
    const subscriptions = await ctx.azure().listing.shownSubscriptions();
    if (subscriptions.length === 0) {
      throw new Error(vscode.l10n.t('No Azure subscription is shown. Check the subscription filter.'));
    }
    subscription =
      subscriptions.length === 1
        ? subscriptions[0]!.subscriptionId
        : (
            await pick(
              subscriptions.map((shown) => ({
                label: shown.displayName,
                description: shown.subscriptionId,
                id: shown.subscriptionId,
              })),
              vscode.l10n.t('Subscription for the new VM'),
            )
          ).id;
  }
  const locationsPromise = services.listLocations(subscription, signal);
  const vmName = await input({
    title: vscode.l10n.t('Create Azure Linux VM (1/7)'),
    prompt: vscode.l10n.t('Name of the virtual machine'),
    value: 'azurelinux-vm',
    validateInput: (value) => validateVmName(value, [], vscode.l10n),
  });

  const locations = await locationsPromise;
  const preferred = ['eastus', 'eastus2', 'westus2', 'westeurope'];
  const location = (
    await pick(
      [...locations]
        .sort((a, b) => (preferred.indexOf(b.name) >= 0 ? 1 : 0) - (preferred.indexOf(a.name) >= 0 ? 1 : 0))
        .map((l) => ({ label: l.displayName, description: l.name, name: l.name })),
      vscode.l10n.t('Region (2/7)'),
    )
  ).name;

  const groups = await services.listResourceGroups(subscription, signal);
  const newGroup = `${vmName}-rg`;
  const groupPick = await pick(
    [
      { label: vscode.l10n.t('$(add) New resource group: {0}', newGroup), name: newGroup },
      ...groups.map((group) => ({ label: group.name, description: group.location, name: group.name })),
    ],
    vscode.l10n.t('Resource group (3/7)'),
  );
  let name = vmName;
  if (groupPick.name !== newGroup) {
    const taken = await services.listVmNames(subscription, groupPick.name, signal);
    if (validateVmName(name, taken, vscode.l10n)) {
      name = await input({
        prompt: vscode.l10n.t('That name is taken in {0}; choose another', groupPick.name),
        value: name,
        validateInput: (value) => validateVmName(value, taken, vscode.l10n),
      });
    }
  }

  const [offers, skus] = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Looking up images and sizes in {0}', location) },
    () => Promise.all([services.listImageOffers(subscription, location, signal), services.listVmSkus(subscription, location, signal)]),
  );
  const images = imageChoices(offers);
  if (images.length === 0) {
    throw new Error(vscode.l10n.t('No Azure Linux image is offered in {0}. Choose another region.', location));
  }
  const image = (
    await pick(
      images.map((choice) => ({
        label: choice.label,
        description: choice.isDefault ? vscode.l10n.t('default') : choice.description,
        detail: choice.trustedLaunch ? vscode.l10n.t('Trusted Launch (secure boot, vTPM)') : undefined,
        choice,
      })),
      vscode.l10n.t('Image (4/7)'),
    )
  ).choice;

  const sizes = sizeChoices(skus, image.architecture, image.trustedLaunch);
  if (sizes.length === 0) {
    throw new Error(vscode.l10n.t('No VM size for {0} is available to this subscription in {1}.', image.label, location));
  }
  const defaultSize = sizes.find((size) => size.isDefault);
  const size = (
    await pick(
      [...(defaultSize ? [defaultSize] : []), ...sizes.filter((s) => s !== defaultSize)].map((s) => ({
        label: s.name,
        description: vscode.l10n.t('{0} vCPUs, {1} GB', s.vCpus, s.memoryGb) + (s.isDefault ? ` · ${vscode.l10n.t('default')}` : ''),
        name: s.name,
      })),
      vscode.l10n.t('Size (5/7)'),
    )
  ).name;

  const adminUsername = await input({
    title: vscode.l10n.t('Create Azure Linux VM (6/7)'),
    prompt: vscode.l10n.t('Admin user name'),
    value: defaultAdmin,
    validateInput: (value) => validateAdminUsername(value, vscode.l10n),
  });

  const detected = await ctx.seams.callerIp.detect(signal);
  const sshSourceAddress = await input({
    title: vscode.l10n.t('Create Azure Linux VM (7/7)'),
    prompt: vscode.l10n.t('SSH (TCP 22) will be allowed only from this address; nothing else is open'),
    value: detected ?? '',
    validateInput: (value) => validateSourceAddress(value, vscode.l10n),
  });

  const cloudInitFiles = await vscode.workspace.findFiles('**/*{cloud-init,cloudinit,user-data}*.{yaml,yml,txt}', '**/node_modules/**', 20);
  let cloudInitPath: string | undefined;
  if (cloudInitFiles.length > 0) {
    const choice = await pick(
      [
        { label: vscode.l10n.t('No cloud-init'), path: undefined as string | undefined },
        ...cloudInitFiles.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), path: uri.fsPath })),
      ],
      vscode.l10n.t('cloud-init user data (optional)'),
    );
    cloudInitPath = choice.path;
  }
  return {
    subscriptionId: subscription,
    location,
    vmName: name,
    resourceGroup: groupPick.name,
    image: image.image,
    size,
    adminUsername,
    sshSourceAddress,
    cloudInitPath,
  };
}

/** The quick-pick wizard: what a person answers. */
export const createVmWizard: CreateVmQuestions = {
  ask: askAnswers,
  keepAfterFailure: (failure) => askKeep(failureHeadline(failure)),
  keyPassphrase: askKeyPassphrase,
  ready: (vm) => void offerConnect(vm),
};
