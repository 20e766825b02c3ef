import { describeAzureError } from './armErrors';
import type { ImageReferenceInfo } from './model';

/*
 * The create flow as data plus one orchestrator. The plan names every resource up front, so a failed or cancelled
 * run knows exactly what to delete; the orchestrator runs the independent resources in parallel and never leaves
 * a half-made VM behind unless the person asks to keep it.
 */

export const createdByTag = { createdBy: 'azure-linux-tools' } as const;

/** The tag that names the user SSH logs in as, on a VM whose OS disk carries no osProfile (an uploaded image). */
export const sshUserTag = 'azureLinuxTools.sshUser';

export interface CreateVmRequest {
  readonly subscriptionId: string;
  readonly location: string;
  /**
   * Used when it exists, created (and owned by the run) when it does not. Ownership is decided by Azure's answer to
   * the create, never by an earlier listing: see `ResourceGroupOutcome`.
   */
  readonly resourceGroup: string;
  readonly vmName: string;
  readonly size: string;
  /** The marketplace image; absent when the VM boots from `attachOsDisk`. */
  readonly image?: Required<Pick<ImageReferenceInfo, 'publisher' | 'offer' | 'sku' | 'version'>>;
  /**
   * An existing managed disk (an uploaded image) the VM boots from instead of an image (`createOption: Attach`), as
   * `az vm create --attach-os-disk` does. It must be named as the plan's OS disk; Azure then takes no osProfile, so
   * the admin user and key reach the VM another way (the deploy flow uses the VMAccess extension).
   */
  readonly attachOsDisk?: { readonly id: string };
  readonly trustedLaunch: boolean;
  readonly adminUsername: string;
  readonly sshPublicKey: string;
  /** The only source allowed to reach TCP 22, e.g. "203.0.113.7/32". */
  readonly sshSourcePrefix: string;
  /** cloud-init user data, as text (base64-encoded when sent). */
  readonly cloudInit?: string;
}

export type CreateStepId = 'resourceGroup' | 'publicIp' | 'networkSecurityGroup' | 'virtualNetwork' | 'networkInterface' | 'virtualMachine';

export type ResourceKind = CreateStepId | 'osDisk';

export interface CreateVmPlan {
  readonly request: CreateVmRequest;
  readonly names: {
    readonly publicIp: string;
    readonly networkSecurityGroup: string;
    readonly virtualNetwork: string;
    readonly subnet: string;
    readonly networkInterface: string;
    readonly osDisk: string;
  };
  readonly tags: Readonly<Record<string, string>>;
  /** Steps in stages: every step of a stage runs in parallel, stages run one after another. */
  readonly stages: readonly (readonly CreateStepId[])[];
}

/** English step names, for the log's messages; the command words steps for the person itself. */
export const stepLabels: Record<CreateStepId, string> = {
  resourceGroup: 'resource group',
  publicIp: 'public IP address',
  networkSecurityGroup: 'network security group',
  virtualNetwork: 'virtual network',
  networkInterface: 'network interface',
  virtualMachine: 'virtual machine',
};

export function planCreateVm(request: CreateVmRequest): CreateVmPlan {
  const base = request.vmName;
  return {
    request,
    names: {
      publicIp: `${base}-ip`,
      networkSecurityGroup: `${base}-nsg`,
      virtualNetwork: `${base}-vnet`,
      subnet: 'default',
      networkInterface: `${base}-nic`,
      osDisk: `${base}-osdisk`,
    },
    tags: { ...createdByTag },
    stages: [['resourceGroup'], ['publicIp', 'networkSecurityGroup', 'virtualNetwork'], ['networkInterface'], ['virtualMachine']],
  };
}

/** A resource as the group's resource list names it. */
export interface NamedResource {
  readonly name: string;
  /** e.g. "Microsoft.Network/publicIPAddresses". */
  readonly type: string;
}

const resourceTypes: Record<Exclude<ResourceKind, 'resourceGroup'>, string> = {
  publicIp: 'Microsoft.Network/publicIPAddresses',
  networkSecurityGroup: 'Microsoft.Network/networkSecurityGroups',
  virtualNetwork: 'Microsoft.Network/virtualNetworks',
  networkInterface: 'Microsoft.Network/networkInterfaces',
  virtualMachine: 'Microsoft.Compute/virtualMachines',
  osDisk: 'Microsoft.Compute/disks',
};

/** Every resource the plan creates inside the group, with its name and Azure type. */
export function plannedResources(plan: CreateVmPlan): (NamedResource & { readonly kind: Exclude<ResourceKind, 'resourceGroup'> })[] {
  const names: Record<Exclude<ResourceKind, 'resourceGroup'>, string> = {
    publicIp: plan.names.publicIp,
    networkSecurityGroup: plan.names.networkSecurityGroup,
    virtualNetwork: plan.names.virtualNetwork,
    networkInterface: plan.names.networkInterface,
    virtualMachine: plan.request.vmName,
    osDisk: plan.names.osDisk,
  };
  return (Object.keys(names) as (keyof typeof names)[]).map((kind) => ({ kind, name: names[kind], type: resourceTypes[kind] }));
}

/**
 * The planned resources that exist already in the group. A PUT would take them over (and a failed run's cleanup
 * would then delete them), so a run with any of these must not start. Azure compares names and types case-blind.
 */
export function takenNames(plan: CreateVmPlan, existing: readonly NamedResource[]): NamedResource[] {
  const present = new Set(existing.map((resource) => `${resource.type}/${resource.name}`.toLowerCase()));
  return plannedResources(plan)
    .filter((planned) => present.has(`${planned.type}/${planned.name}`.toLowerCase()))
    .map(({ name, type }) => ({ name, type }));
}

export interface NsgRule {
  readonly name: string;
  readonly priority: number;
  readonly direction: 'Inbound';
  readonly access: 'Allow';
  readonly protocol: 'Tcp';
  readonly sourceAddressPrefix: string;
  readonly sourcePortRange: '*';
  readonly destinationAddressPrefix: '*';
  readonly destinationPortRange: '22';
}

/** The only inbound rule: SSH from the caller's address. Azure's default rules deny all other inbound internet traffic. */
export function sshOnlyRules(sourcePrefix: string): NsgRule[] {
  return [
    {
      name: 'AllowSshFromCaller',
      priority: 1000,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefix: sourcePrefix,
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '22',
    },
  ];
}

/** Ids the later steps need from the earlier ones. */
export interface CreatedIds {
  publicIpId?: string;
  networkSecurityGroupId?: string;
  subnetId?: string;
  networkInterfaceId?: string;
  virtualMachineId?: string;
}

/**
 * What the resource group step found. Azure answers a resource group PUT with 201 Created when it made the group and
 * 200 OK when the group existed (REST API "Resource Groups - Create Or Update"), and a PUT replaces an existing
 * group's tags. So the step asks first (HEAD) and sends no PUT for a group that exists, and only a 201 makes the
 * group the run's own: the one group a failed run may delete, and only when it holds nothing the run did not create.
 */
export interface ResourceGroupOutcome {
  /** True only when Azure answered the create with 201 Created. */
  readonly created: boolean;
}

/**
 * The Azure calls the orchestrator makes; the real one wraps the SDK, the unit tests use an in-memory one.
 * A create should let its request reach Azure and get an answer even when `signal` aborts, and stop only
 * waiting for provisioning: a request cut off in flight may still create the resource after cleanup ran.
 */
export interface CreateVmOperations {
  /** Makes the group unless it exists; never changes an existing group (see ResourceGroupOutcome). */
  ensureResourceGroup(plan: CreateVmPlan, signal: AbortSignal): Promise<ResourceGroupOutcome>;
  /** Tags a group the run created (a PATCH, which keeps everything else): called only after `created`. */
  tagResourceGroup(plan: CreateVmPlan, signal: AbortSignal): Promise<void>;
  createPublicIp(plan: CreateVmPlan, signal: AbortSignal): Promise<string>;
  createNetworkSecurityGroup(plan: CreateVmPlan, signal: AbortSignal): Promise<string>;
  /** Returns the subnet id. */
  createVirtualNetwork(plan: CreateVmPlan, signal: AbortSignal): Promise<string>;
  createNetworkInterface(plan: CreateVmPlan, ids: CreatedIds, signal: AbortSignal): Promise<string>;
  /** Creates the VM, then tags its OS disk (Azure gives the disk none of the VM's tags). */
  createVirtualMachine(plan: CreateVmPlan, ids: CreatedIds, signal: AbortSignal): Promise<string>;
  /** Deletes one resource of the plan; a resource that does not exist counts as deleted. */
  deleteResource(plan: CreateVmPlan, kind: ResourceKind, signal: AbortSignal): Promise<void>;
  /** Every resource in the plan's group now; an empty list when the group is gone. */
  listGroupResources(plan: CreateVmPlan, signal: AbortSignal): Promise<NamedResource[]>;
}

export type CreateEvent =
  | { readonly type: 'stepStarted'; readonly step: CreateStepId }
  | { readonly type: 'stepFinished'; readonly step: CreateStepId }
  | { readonly type: 'cleanupStarted'; readonly kinds: readonly ResourceKind[] }
  | { readonly type: 'cleanupFinished'; readonly leftOver: readonly ResourceKind[] };

export interface CreateRunOptions {
  readonly signal: AbortSignal;
  readonly onEvent?: (event: CreateEvent) => void;
  /** Asked once after a failure or cancel: true keeps what was created, false (or no callback) deletes it. */
  readonly keepAfterFailure?: (failure: CreateVmFailure) => Promise<boolean>;
}

/**
 * Why a run stopped and what it left behind, as data (step, cancelled, cause) for the command to word through
 * vscode.l10n; the message is the log's English.
 */
export class CreateVmFailure extends Error {
  leftOver: readonly ResourceKind[] = [];
  kept = false;
  /** True when the run created the resource group (Azure answered 201). */
  ownsResourceGroup = false;
  /**
   * What the run's own group held besides the run's resources, when that kept the group from being deleted:
   * then `leftOver` names the group too.
   */
  othersInGroup: readonly NamedResource[] = [];
  constructor(
    readonly step: CreateStepId | undefined,
    readonly cancelled: boolean,
    override readonly cause: unknown,
    readonly touched: readonly ResourceKind[],
  ) {
    super(
      cancelled
        ? `Creating the virtual machine was cancelled${step ? ` while creating the ${stepLabels[step]}` : ''}.`
        : `Creating the ${step ? stepLabels[step] : 'virtual machine'} failed: ${describeAzureError(cause)}`,
    );
    this.name = 'CreateVmFailure';
  }
}

function abortError(): Error {
  const error = new Error('Cancelled');
  error.name = 'AbortError';
  return error;
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === 'AbortError');
}

/** Deletion order: dependants first (the VM holds the NIC and disk, the NIC holds the IP, NSG and subnet). */
const cleanupStages: readonly (readonly Exclude<ResourceKind, 'resourceGroup'>[])[] = [
  ['virtualMachine'],
  ['osDisk', 'networkInterface'],
  ['publicIp', 'networkSecurityGroup', 'virtualNetwork'],
];

/**
 * Runs the plan. Every resource is recorded as touched before its request goes out, so a cancel or a failure
 * while a request is in flight still deletes it; the resource group only once Azure said the run created it.
 * Returns the VM's id.
 */
export async function runCreateVm(plan: CreateVmPlan, operations: CreateVmOperations, options: CreateRunOptions): Promise<string> {
  const touched = new Set<ResourceKind>();
  const ids: CreatedIds = {};
  const { signal } = options;
  let currentStep: CreateStepId | undefined;

  const runStep = async (step: CreateStepId): Promise<void> => {
    if (step !== 'resourceGroup') {
      touched.add(step);
    }
    if (step === 'virtualMachine') {
      touched.add('osDisk');
    }
    options.onEvent?.({ type: 'stepStarted', step });
    currentStep = step;
    switch (step) {
      case 'resourceGroup':
        if ((await operations.ensureResourceGroup(plan, signal)).created) {
          touched.add('resourceGroup');
          await operations.tagResourceGroup(plan, signal);
        }
        break;
      case 'publicIp':
        ids.publicIpId = await operations.createPublicIp(plan, signal);
        break;
      case 'networkSecurityGroup':
        ids.networkSecurityGroupId = await operations.createNetworkSecurityGroup(plan, signal);
        break;
      case 'virtualNetwork':
        ids.subnetId = await operations.createVirtualNetwork(plan, signal);
        break;
      case 'networkInterface':
        ids.networkInterfaceId = await operations.createNetworkInterface(plan, ids, signal);
        break;
      case 'virtualMachine':
        ids.virtualMachineId = await operations.createVirtualMachine(plan, ids, signal);
        break;
    }
    options.onEvent?.({ type: 'stepFinished', step });
  };

  try {
    for (const stage of plan.stages) {
      if (signal.aborted) {
        throw abortError();
      }
      // Let every parallel sibling settle, so cleanup knows the state of each before it starts.
      const results = await Promise.allSettled(
        stage.map((step) => runStep(step).catch((error: unknown) => Promise.reject({ step, error }))),
      );
      const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (rejected) {
        const { step, error } = rejected.reason as { step: CreateStepId; error: unknown };
        currentStep = step;
        throw error;
      }
      // Every PUT of the stage was let finish (see CreateVmOperations): a cancel during it still counts.
      if (signal.aborted) {
        throw abortError();
      }
    }
    if (!ids.virtualMachineId) {
      throw new Error('Azure did not return the new virtual machine.');
    }
    return ids.virtualMachineId;
  } catch (error) {
    const failure = new CreateVmFailure(currentStep, isAbort(error, signal), error, [...touched]);
    failure.ownsResourceGroup = touched.has('resourceGroup');
    const keep = options.keepAfterFailure && touched.size > 0 ? await options.keepAfterFailure(failure) : false;
    if (keep) {
      failure.kept = true;
      failure.leftOver = [...touched];
      throw failure;
    }
    const { leftOver, othersInGroup } = await cleanUp(plan, operations, touched, options);
    failure.leftOver = leftOver;
    failure.othersInGroup = othersInGroup;
    throw failure;
  }
}

/**
 * Deletes what the run touched, dependants first. The group goes last, and only when the run created it and it now
 * holds nothing but the run's own resources (listed first: anything else in it, made meanwhile by someone else,
 * keeps the group). Deleting the group takes any of the run's resources whose own delete failed with it.
 */
async function cleanUp(
  plan: CreateVmPlan,
  operations: CreateVmOperations,
  touched: ReadonlySet<ResourceKind>,
  options: CreateRunOptions,
): Promise<{ leftOver: ResourceKind[]; othersInGroup: NamedResource[] }> {
  // The run's own signal may be the reason we are here; cleanup must not be cancelled with it.
  const cleanupSignal = new AbortController().signal;
  const kinds = [...cleanupStages.flat(), 'resourceGroup' as const].filter((kind) => touched.has(kind));
  options.onEvent?.({ type: 'cleanupStarted', kinds });
  let leftOver: ResourceKind[] = [];
  for (const stage of cleanupStages) {
    const toDelete = stage.filter((kind) => touched.has(kind));
    const results = await Promise.allSettled(toDelete.map((kind) => operations.deleteResource(plan, kind, cleanupSignal)));
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        leftOver.push(toDelete[index]);
      }
    });
  }
  let othersInGroup: NamedResource[] = [];
  if (touched.has('resourceGroup')) {
    const ours = new Set(
      plannedResources(plan)
        .filter((resource) => touched.has(resource.kind))
        .map((resource) => `${resource.type}/${resource.name}`.toLowerCase()),
    );
    try {
      const present = await operations.listGroupResources(plan, cleanupSignal);
      othersInGroup = present.filter((resource) => !ours.has(`${resource.type}/${resource.name}`.toLowerCase()));
      if (othersInGroup.length > 0) {
        leftOver.push('resourceGroup');
      } else {
        await operations.deleteResource(plan, 'resourceGroup', cleanupSignal);
        // Everything the run made lives in the group, so whatever its own delete missed went with it.
        leftOver = [];
      }
    } catch {
      leftOver.push('resourceGroup');
    }
  }
  options.onEvent?.({ type: 'cleanupFinished', leftOver });
  return { leftOver, othersInGroup };
}

/** The number of Azure calls one after another on the critical path: one per stage (each may poll). */
export function criticalPathLength(plan: CreateVmPlan): number {
  return plan.stages.length;
}
