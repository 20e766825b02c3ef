import type { TokenCredential } from '@azure/core-auth';
import type * as ComputeTypes from '@azure/arm-compute';
import type * as NetworkTypes from '@azure/arm-network';
import { azurePackages } from '../../util/lazyPackages';
import type { AksServices, ResourceGraphServices } from '../aksServices';
import { ArmAksServices } from './aks';
import { armListAll, type ArmPipeline } from './armRest';
import { ArmResourceGraph } from './resourceGraph';
import { azureErrorDetails, describeAzureError, isSignInError } from '../core/armErrors';
import type { CloudEndpoints } from '../core/cloud';
import type { CreatedIds, CreateVmOperations, CreateVmPlan, NamedResource, ResourceKind } from '../core/createVm';
import { createdByTag, sshOnlyRules, sshUserTag } from '../core/createVm';
import { azureLinuxPublishers, type ImageOffer, type ImageSkuDetails } from '../core/images';
import { parseArmId, powerStateFromStatuses, type SubscriptionInfo, type TenantInfo, type VmInfo } from '../core/model';
import type { VmSkuInfo } from '../core/sizes';
import type {
  AzureServices,
  DependentKind,
  DependentResource,
  ImageReference,
  LeftOverResource,
  LocationInfo,
  PowerOperation,
  ResourceGroupInfo,
} from '../services';

type ComputeClient = ComputeTypes.ComputeManagementClient;
type NetworkClient = NetworkTypes.NetworkManagementClient;
type VirtualMachine = ComputeTypes.VirtualMachine;
type InstanceView = ComputeTypes.VirtualMachineInstanceView;

export interface ArmServiceOptions {
  /** Poll interval for long-running operations when Azure sends no Retry-After (the SDK's default is 2 s). */
  readonly pollIntervalMs?: number;
}

/** An error whose message is already a sentence for a person; the original stays as `cause` for the log. */
export class AzureRequestError extends Error {
  readonly signInNeeded: boolean;
  readonly code?: string;
  readonly statusCode?: number;
  constructor(what: string, cause: unknown) {
    super(`${what}: ${describeAzureError(cause)}`, { cause });
    this.name = 'AzureRequestError';
    this.signInNeeded = isSignInError(cause);
    const details = azureErrorDetails(cause);
    this.code = details.code;
    this.statusCode = details.statusCode;
  }
}

/** Runs an Azure call so its failure reads as "<what>: <Azure's message> (<code>)"; a cancel stays a cancel. */
export async function callAzure<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new AzureRequestError(what, error);
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) {
    items.push(item);
  }
  return items;
}

/** Runs `work` on every item with at most `limit` at a time. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * The compute client's pager reports a failed page as "Pagination failed with unexpected statusCode 403" and
 * drops Azure's error body. This captures the body of the failing response and puts it back on the error, so
 * the person sees Azure's code and message.
 */
export async function collectWithErrorBody<T>(
  list: (options: { onResponse: (response: { status: number; parsedBody?: unknown }) => void }) => AsyncIterable<T>,
): Promise<T[]> {
  let failedBody: unknown;
  try {
    return await collect(
      list({
        onResponse: (response) => {
          if (response.status >= 400) {
            failedBody = response.parsedBody;
          }
        },
      }),
    );
  } catch (error) {
    if (error instanceof Error && failedBody !== undefined && !(error as { details?: unknown }).details) {
      Object.assign(error, { details: failedBody });
    }
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  const details = azureErrorDetails(error);
  return (
    details.statusCode === 404 ||
    details.code === 'ResourceNotFound' ||
    details.code === 'ResourceGroupNotFound' ||
    details.code === 'NotFound'
  );
}

export class ArmAzureServices implements AzureServices {
  private readonly computeClients = new Map<string, ComputeClient>();
  private readonly networkClients = new Map<string, NetworkClient>();
  private pipeline: ArmPipeline | undefined;
  private aksValue: AksServices | undefined;
  private graphValue: ResourceGraphServices | undefined;

  constructor(
    private readonly credential: TokenCredential,
    private readonly cloud: CloudEndpoints,
    private readonly options: ArmServiceOptions = {},
  ) {}

  get aks(): AksServices {
    return (this.aksValue ??= new ArmAksServices(this.credential, this.cloud, this.options.pollIntervalMs));
  }

  get graph(): ResourceGraphServices {
    return (this.graphValue ??= new ArmResourceGraph(this.credential, this.cloud));
  }

  private call<T>(what: string, work: () => Promise<T>): Promise<T> {
    return callAzure(what, work);
  }

  private clientOptions() {
    return { endpoint: this.cloud.resourceManagerEndpoint, credentialScopes: [this.cloud.managementScope] };
  }

  /** One compute client (and token cache) per subscription, shared with ArmImageServices. */
  compute(subscriptionId: string): ComputeClient {
    let client = this.computeClients.get(subscriptionId);
    if (!client) {
      const { compute } = azurePackages();
      client = new compute.ComputeManagementClient(this.credential, subscriptionId, {
        endpoint: this.cloud.resourceManagerEndpoint,
        credentials: { scopes: [this.cloud.managementScope] },
      });
      this.computeClients.set(subscriptionId, client);
    }
    return client;
  }

  private network(subscriptionId: string): NetworkClient {
    let client = this.networkClients.get(subscriptionId);
    if (!client) {
      const { network } = azurePackages();
      client = new network.NetworkManagementClient(this.credential, subscriptionId, this.clientOptions());
      this.networkClients.set(subscriptionId, client);
    }
    return client;
  }

  resources(subscriptionId: string) {
    const { resources } = azurePackages();
    return new resources.ResourceManagementClient(this.credential, subscriptionId, this.clientOptions());
  }

  /** One ServiceClient for the plain ARM lists: the SDK's pipeline with its bearer-token and retry policies. */
  private armPipeline(): ArmPipeline {
    if (!this.pipeline) {
      const { ServiceClient, createPipelineRequest } = azurePackages();
      const client = new ServiceClient({
        credential: this.credential,
        credentialScopes: [this.cloud.managementScope],
        endpoint: this.cloud.resourceManagerEndpoint,
      });
      this.pipeline = { sendRequest: (request) => client.sendRequest(request), createRequest: (options) => createPipelineRequest(options) };
    }
    return this.pipeline;
  }

  private listArm<T>(path: string, signal: AbortSignal): Promise<T[]> {
    return armListAll<T>(this.armPipeline(), this.cloud.resourceManagerEndpoint, path, subscriptionsApiVersion, signal);
  }

  private lro(signal: AbortSignal) {
    return { abortSignal: signal, updateIntervalInMs: this.options.pollIntervalMs };
  }

  listTenants(signal: AbortSignal): Promise<TenantInfo[]> {
    return this.call('Listing your Azure directories failed', async () => {
      const tenants = await this.listArm<ArmTenant>('/tenants', signal);
      return tenants
        .filter((tenant) => tenant.tenantId)
        .map((tenant) => ({ tenantId: tenant.tenantId!, displayName: tenant.displayName, defaultDomain: tenant.defaultDomain }));
    });
  }

  listSubscriptions(signal: AbortSignal): Promise<SubscriptionInfo[]> {
    return this.call('Listing your Azure subscriptions failed', async () => {
      const subscriptions = await this.listArm<ArmSubscription>('/subscriptions', signal);
      return subscriptions
        .filter((subscription) => subscription.subscriptionId)
        .map((subscription) => ({
          subscriptionId: subscription.subscriptionId!,
          displayName: subscription.displayName ?? subscription.subscriptionId!,
          tenantId: subscription.tenantId,
          state: subscription.state,
        }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
    });
  }

  listVms(subscriptionId: string, signal: AbortSignal): Promise<VmInfo[]> {
    return this.call('Listing the virtual machines failed', async () => {
      const compute = this.compute(subscriptionId);
      // `$expand=instanceView` is refused without a `$filter`; `statusOnly=true` lists the run-time status of every
      // VM instead. The model list, the status list and the network lists are independent: fetch them together.
      const [vms, statuses, addresses] = await Promise.all([
        collectWithErrorBody((options) => compute.virtualMachines.listAll({ abortSignal: signal, ...options })),
        collectWithErrorBody((options) => compute.virtualMachines.listAll({ statusOnly: 'true', abortSignal: signal, ...options })),
        this.addressBook(subscriptionId, signal),
      ]);
      const statusById = new Map(statuses.filter((vm) => vm.id && vm.instanceView).map((vm) => [vm.id!.toLowerCase(), vm.instanceView!]));
      // Only a VM the status list missed (created between the two lists) is asked for its instance view.
      const views = await mapLimited(vms, 8, async (vm) => {
        const view = vm.id ? statusById.get(vm.id.toLowerCase()) : undefined;
        return view?.statuses?.length ? view : this.instanceView(compute, vm, signal);
      });
      return vms.map((vm, index) => toVmInfo(vm, views[index], addresses));
    });
  }

  private async instanceView(compute: ComputeClient, vm: VirtualMachine, signal: AbortSignal): Promise<InstanceView | undefined> {
    const parts = vm.id ? parseArmId(vm.id) : undefined;
    if (!parts || !vm.name) {
      return undefined;
    }
    try {
      return await compute.virtualMachines.instanceView(parts.resourceGroup, vm.name, { abortSignal: signal });
    } catch (error) {
      // A VM deleted between the list and this call has no state to show; anything else is a real failure.
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
  }

  /** Private and public addresses of every NIC in the subscription, keyed by lower-cased NIC id. */
  private async addressBook(subscriptionId: string, signal: AbortSignal): Promise<AddressBook> {
    const network = this.network(subscriptionId);
    try {
      const [nics, publicIps] = await Promise.all([
        collect(network.networkInterfaces.listAll({ abortSignal: signal })),
        collect(network.publicIPAddresses.listAll({ abortSignal: signal })),
      ]);
      return buildAddressBook(nics, publicIps);
    } catch (error) {
      if (isAbortError(error) || isSignInError(error)) {
        throw error;
      }
      // Without read access to networking the tree still lists the VMs, only without addresses.
      return new Map();
    }
  }

  getVm(vmId: string, signal: AbortSignal): Promise<VmInfo> {
    return this.call('Reading the virtual machine failed', async () => {
      const parts = requireVmId(vmId);
      const compute = this.compute(parts.subscriptionId);
      const vm = await compute.virtualMachines.get(parts.resourceGroup, parts.name, { expand: 'instanceView', abortSignal: signal });
      // Only this VM's interfaces and public IPs: a refresh after an action reads just this resource, not the subscription's lists.
      const [addresses, view] = await Promise.all([
        this.vmAddressBook(parts.subscriptionId, vm, signal),
        vm.instanceView?.statuses?.length ? vm.instanceView : this.instanceView(compute, vm, signal),
      ]);
      return toVmInfo(vm, view, addresses);
    });
  }

  /** The addresses of one VM's network interfaces, read by id; an interface or IP that cannot be read is left out. */
  private async vmAddressBook(subscriptionId: string, vm: VirtualMachine, signal: AbortSignal): Promise<AddressBook> {
    const network = this.network(subscriptionId);
    const nicIds = (vm.networkProfile?.networkInterfaces ?? []).map((nic) => nic.id).filter((id): id is string => Boolean(id));
    const read = async <T>(id: string, get: (resourceGroup: string, name: string) => Promise<T>): Promise<T | undefined> => {
      const parts = parseArmId(id);
      if (!parts?.name) return undefined;
      try {
        return await get(parts.resourceGroup, parts.name);
      } catch (error) {
        if (isAbortError(error) || isSignInError(error)) throw error;
        return undefined;
      }
    };
    const nics = (
      await Promise.all(nicIds.map((id) => read(id, (rg, name) => network.networkInterfaces.get(rg, name, { abortSignal: signal }))))
    ).filter((nic): nic is NetworkTypes.NetworkInterface => nic !== undefined);
    const ipIds = nics.flatMap((nic) =>
      (nic.ipConfigurations ?? []).map((config) => config.publicIPAddress?.id).filter((id): id is string => Boolean(id)),
    );
    const publicIps = (
      await Promise.all(ipIds.map((id) => read(id, (rg, name) => network.publicIPAddresses.get(rg, name, { abortSignal: signal }))))
    ).filter((ip): ip is NetworkTypes.PublicIPAddress => ip !== undefined);
    return buildAddressBook(nics, publicIps);
  }

  getVmJson(vmId: string, signal: AbortSignal): Promise<unknown> {
    return this.call('Reading the virtual machine failed', async () => {
      const parts = requireVmId(vmId);
      return this.compute(parts.subscriptionId).virtualMachines.get(parts.resourceGroup, parts.name, { abortSignal: signal });
    });
  }

  runPowerOperation(vmId: string, operation: PowerOperation, signal: AbortSignal): Promise<void> {
    const labels: Record<PowerOperation, string> = { start: 'Starting', deallocate: 'Stopping', restart: 'Restarting' };
    const parts = requireVmId(vmId);
    return this.call(`${labels[operation]} ${parts.name} failed`, async () => {
      const vms = this.compute(parts.subscriptionId).virtualMachines;
      const options = this.lro(signal);
      switch (operation) {
        case 'start':
          await vms.start(parts.resourceGroup, parts.name, options);
          break;
        case 'deallocate':
          await vms.deallocate(parts.resourceGroup, parts.name, options);
          break;
        case 'restart':
          await vms.restart(parts.resourceGroup, parts.name, options);
          break;
      }
    });
  }

  listDependents(vm: VmInfo, signal: AbortSignal): Promise<DependentResource[]> {
    return this.call(`Reading the resources of ${vm.name} failed`, async () => {
      const network = this.network(vm.subscriptionId);
      const dependents: DependentResource[] = [];
      const ours = (tags: Record<string, string> | undefined) => tags?.createdBy === createdByTag.createdBy;
      const vnetIds = new Map<string, string>();
      for (const nicId of vm.networkInterfaceIds) {
        const parts = parseArmId(nicId);
        if (!parts?.name) {
          continue;
        }
        let nic: NetworkTypes.NetworkInterface;
        try {
          nic = await network.networkInterfaces.get(parts.resourceGroup, parts.name, { abortSignal: signal });
        } catch (error) {
          if (isNotFound(error)) {
            continue;
          }
          throw error;
        }
        dependents.push({ kind: 'networkInterface', id: nicId, name: parts.name, createdByUs: ours(nic.tags) });
        for (const config of nic.ipConfigurations ?? []) {
          const ipId = config.publicIPAddress?.id;
          const ipParts = ipId ? parseArmId(ipId) : undefined;
          if (ipId && ipParts?.name) {
            const ip = await network.publicIPAddresses
              .get(ipParts.resourceGroup, ipParts.name, { abortSignal: signal })
              .catch(() => undefined);
            dependents.push({ kind: 'publicIp', id: ipId, name: ipParts.name, createdByUs: ours(ip?.tags) });
          }
          const subnetId = config.subnet?.id;
          const vnetId = subnetId ? subnetId.replace(/\/subnets\/[^/]+$/i, '') : undefined;
          if (vnetId && vnetId !== subnetId) {
            vnetIds.set(vnetId.toLowerCase(), vnetId);
          }
        }
        const nsgId = nic.networkSecurityGroup?.id;
        const nsgParts = nsgId ? parseArmId(nsgId) : undefined;
        if (nsgId && nsgParts?.name) {
          const nsg = await network.networkSecurityGroups
            .get(nsgParts.resourceGroup, nsgParts.name, { abortSignal: signal })
            .catch(() => undefined);
          // An NSG shared with other NICs must stay.
          const shared = (nsg?.networkInterfaces ?? []).some((other) => other.id && other.id.toLowerCase() !== nicId.toLowerCase());
          if (!shared) {
            dependents.push({ kind: 'networkSecurityGroup', id: nsgId, name: nsgParts.name, createdByUs: ours(nsg?.tags) });
          }
        }
      }
      const nicIds = vm.networkInterfaceIds.map((id) => id.toLowerCase());
      for (const vnetId of vnetIds.values()) {
        const parts = parseArmId(vnetId);
        if (!parts?.name) {
          continue;
        }
        const vnet = await network.virtualNetworks.get(parts.resourceGroup, parts.name, { abortSignal: signal }).catch(() => undefined);
        // Only a network this extension made for the VM, and only when no other NIC has an address in it.
        const usedByOthers = (vnet?.subnets ?? []).some((subnet) =>
          (subnet.ipConfigurations ?? []).some(
            (config) => !nicIds.some((nicId) => (config.id ?? '').toLowerCase().startsWith(`${nicId}/`)),
          ),
        );
        if (vnet && ours(vnet.tags) && !usedByOthers) {
          dependents.push({ kind: 'virtualNetwork', id: vnetId, name: parts.name, createdByUs: true });
        }
      }
      if (vm.osDiskId && vm.osDiskName) {
        const diskParts = parseArmId(vm.osDiskId);
        const disk = diskParts?.name
          ? await this.compute(vm.subscriptionId)
              .disks.get(diskParts.resourceGroup, diskParts.name, { abortSignal: signal })
              .catch(() => undefined)
          : undefined;
        dependents.push({ kind: 'osDisk', id: vm.osDiskId, name: vm.osDiskName, createdByUs: ours(disk?.tags) || ours(vm.tags) });
      }
      const group = await this.resources(vm.subscriptionId)
        .resourceGroups.get(vm.resourceGroup, { abortSignal: signal })
        .catch(() => undefined);
      if (group?.id && ours(group.tags)) {
        dependents.push({ kind: 'resourceGroup', id: group.id, name: group.name ?? vm.resourceGroup, createdByUs: true });
      }
      return dependents;
    });
  }

  async deleteVm(vm: VmInfo, dependents: readonly DependentResource[], signal: AbortSignal): Promise<LeftOverResource[]> {
    await this.call(`Deleting ${vm.name} failed`, async () => {
      await this.detachKeptResources(vm, dependents, signal);
      await this.compute(vm.subscriptionId).virtualMachines.delete(vm.resourceGroup, vm.name, this.lro(signal));
    });
    // The NIC holds the public IP, the NSG and the subnet, so it goes first; then the rest; the group last.
    const leftOver: LeftOverResource[] = [];
    const remove = async (dependent: DependentResource) => {
      try {
        await this.deleteById(dependent.kind, dependent.id, signal);
      } catch (error) {
        if (!isNotFound(error)) {
          leftOver.push({ name: dependent.name, reason: 'failed' });
        }
      }
    };
    const last: DependentKind[] = ['networkInterface', 'resourceGroup'];
    await Promise.all(dependents.filter((d) => d.kind === 'networkInterface').map(remove));
    await Promise.all(dependents.filter((d) => !last.includes(d.kind)).map(remove));
    for (const group of dependents.filter((d) => d.kind === 'resourceGroup')) {
      // Deleting a group deletes everything in it: only an empty one goes (a kept disk keeps its group).
      const parts = parseArmId(group.id);
      const remaining = parts
        ? await this.listGroupResources(parts.subscriptionId, parts.resourceGroup, signal).catch(() => undefined)
        : undefined;
      if (remaining === undefined) {
        leftOver.push({ name: group.name, reason: 'failed' });
      } else if (remaining.length > 0) {
        leftOver.push({ name: group.name, reason: 'notEmpty' });
      } else {
        await remove(group);
      }
    }
    return leftOver;
  }

  /**
   * Azure deletes a VM's OS disk and NICs with it when their deleteOption is "Delete" (the portal's and our own
   * create set it). What the person chose to keep is switched to "Detach" first, with a PUT of the VM as Azure
   * returned it (what `az vm update` does), so it survives the delete.
   */
  private async detachKeptResources(vm: VmInfo, dependents: readonly DependentResource[], signal: AbortSignal): Promise<void> {
    const deleting = new Set(dependents.map((dependent) => dependent.id.toLowerCase()));
    const vms = this.compute(vm.subscriptionId).virtualMachines;
    const current = await vms.get(vm.resourceGroup, vm.name, { abortSignal: signal });
    let changed = false;
    const osDisk = current.storageProfile?.osDisk;
    const diskId = osDisk?.managedDisk?.id;
    if (osDisk && osDisk.deleteOption === 'Delete' && !(diskId && deleting.has(diskId.toLowerCase()))) {
      osDisk.deleteOption = 'Detach';
      changed = true;
    }
    for (const nic of current.networkProfile?.networkInterfaces ?? []) {
      if (nic.deleteOption === 'Delete' && !(nic.id && deleting.has(nic.id.toLowerCase()))) {
        nic.deleteOption = 'Detach';
        changed = true;
      }
    }
    if (changed) {
      await vms.createOrUpdate(vm.resourceGroup, vm.name, current, this.lro(signal));
    }
  }

  private async deleteById(kind: DependentKindOrPlan, id: string, signal: AbortSignal): Promise<void> {
    const parts = parseArmId(id);
    if (!parts) {
      throw new Error(`Not an Azure resource id: ${id}`);
    }
    const options = this.lro(signal);
    const name = parts.name ?? '';
    switch (kind) {
      case 'networkInterface':
        await this.network(parts.subscriptionId).networkInterfaces.beginDeleteAndWait(parts.resourceGroup, name, options);
        break;
      case 'publicIp':
        await this.network(parts.subscriptionId).publicIPAddresses.beginDeleteAndWait(parts.resourceGroup, name, options);
        break;
      case 'networkSecurityGroup':
        await this.network(parts.subscriptionId).networkSecurityGroups.beginDeleteAndWait(parts.resourceGroup, name, options);
        break;
      case 'virtualNetwork':
        await this.network(parts.subscriptionId).virtualNetworks.beginDeleteAndWait(parts.resourceGroup, name, options);
        break;
      case 'osDisk':
        await this.compute(parts.subscriptionId).disks.delete(parts.resourceGroup, name, options);
        break;
      case 'virtualMachine':
        await this.compute(parts.subscriptionId).virtualMachines.delete(parts.resourceGroup, name, options);
        break;
      case 'resourceGroup':
        await this.resources(parts.subscriptionId).resourceGroups.beginDeleteAndWait(parts.resourceGroup, options);
        break;
    }
  }

  listLocations(subscriptionId: string, signal: AbortSignal): Promise<LocationInfo[]> {
    return this.call('Listing the Azure regions failed', async () => {
      const locations = await this.listArm<ArmLocation>(`/subscriptions/${encodeURIComponent(subscriptionId)}/locations`, signal);
      return locations
        .filter((location) => location.name && (location.metadata?.regionType ?? 'Physical') === 'Physical')
        .map((location) => ({ name: location.name!, displayName: location.displayName ?? location.name! }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
    });
  }

  listResourceGroups(subscriptionId: string, signal: AbortSignal): Promise<ResourceGroupInfo[]> {
    return this.call('Listing the resource groups failed', async () => {
      const groups = await collect(this.resources(subscriptionId).resourceGroups.list({ abortSignal: signal }));
      return groups
        .filter((group) => group.name)
        .map((group) => ({ name: group.name!, location: group.location }))
        .sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  listVmNames(subscriptionId: string, resourceGroup: string, signal: AbortSignal): Promise<string[]> {
    return this.call('Listing the virtual machines of the resource group failed', async () => {
      try {
        const vms = await collectWithErrorBody((options) =>
          this.compute(subscriptionId).virtualMachines.list(resourceGroup, { abortSignal: signal, ...options }),
        );
        return vms.map((vm) => vm.name ?? '').filter(Boolean);
      } catch (error) {
        if (isNotFound(error)) {
          return [];
        }
        throw error;
      }
    });
  }

  listGroupResources(subscriptionId: string, resourceGroup: string, signal: AbortSignal): Promise<NamedResource[]> {
    return this.call(`Listing the resources of ${resourceGroup} failed`, async () => {
      try {
        const resources = await collect(
          this.resources(subscriptionId).resources.listByResourceGroup(resourceGroup, { abortSignal: signal }),
        );
        return resources
          .filter((resource) => resource.name && resource.type)
          .map((resource) => ({ name: resource.name!, type: resource.type! }));
      } catch (error) {
        if (isNotFound(error)) {
          return [];
        }
        throw error;
      }
    });
  }

  /** Every offer and SKU of the publishers that ship Azure Linux, in the region, with what each newest version reports. */
  listImageOffers(subscriptionId: string, location: string, signal: AbortSignal): Promise<ImageOffer[]> {
    return this.call(`Looking up the Azure Linux images in ${location} failed`, async () => {
      const images = this.compute(subscriptionId).virtualMachineImages;
      // Each publisher's offers, each offer's SKUs, and each SKU's newest version are independent requests.
      const perPublisher = await Promise.all(
        azureLinuxPublishers.map(async (publisher) => {
          // A publisher with nothing in the region is "not found" there: no offers, not a failure.
          const offers = await images.listOffers(location, publisher, { abortSignal: signal }).catch((error: unknown) => {
            if (isNotFound(error)) return [];
            throw error;
          });
          return Promise.all(
            offers
              .map((offer) => offer.name)
              .filter((name): name is string => Boolean(name))
              .map(async (offer) => {
                const skus = (await images.listSkus(location, publisher, offer, { abortSignal: signal }))
                  .map((sku) => sku.name)
                  .filter(Boolean);
                const details = await Promise.all(
                  skus.map((sku) => this.imageDetails(subscriptionId, location, publisher, offer, sku, 'latest', signal)),
                );
                return { publisher, offer, skus: details };
              }),
          );
        }),
      );
      return perPublisher.flat();
    });
  }

  /**
   * Generation, architecture and security type as the image itself reports them: the newest version (or the
   * given one), read with `virtualMachineImages.get`. A SKU with no version in the region has no details.
   */
  async imageDetails(
    subscriptionId: string,
    location: string,
    publisher: string,
    offer: string,
    sku: string,
    version: string,
    signal: AbortSignal,
  ): Promise<ImageSkuDetails> {
    const images = this.compute(subscriptionId).virtualMachineImages;
    let exact = version;
    if (version.toLowerCase() === 'latest') {
      const [newest] = await images.list(location, publisher, offer, sku, { top: 1, orderby: 'name desc', abortSignal: signal });
      if (!newest?.name) {
        return { name: sku };
      }
      exact = newest.name;
    }
    const image = await images.get(location, publisher, offer, sku, exact, { abortSignal: signal });
    return {
      name: sku,
      hyperVGeneration: image.hyperVGeneration,
      architecture: image.architecture,
      securityType: image.features?.find((feature) => feature.name === 'SecurityType')?.value,
    };
  }

  getImageDetails(subscriptionId: string, location: string, image: ImageReference, signal: AbortSignal): Promise<ImageSkuDetails> {
    return this.call(`Reading the image ${image.offer}:${image.sku} in ${location} failed`, () =>
      this.imageDetails(subscriptionId, location, image.publisher, image.offer, image.sku, image.version, signal),
    );
  }

  listVmSkus(subscriptionId: string, location: string, signal: AbortSignal): Promise<VmSkuInfo[]> {
    return this.call(`Listing the VM sizes in ${location} failed`, async () => {
      const filter = `location eq '${location.replace(/'/g, "''")}'`;
      const skus = await collectWithErrorBody((options) =>
        this.compute(subscriptionId).resourceSkus.list({ filter, abortSignal: signal, ...options }),
      );
      return skus
        .filter((sku) => sku.resourceType === 'virtualMachines' && sku.name)
        .filter((sku) => !sku.locations || sku.locations.some((l) => l.toLowerCase() === location.toLowerCase()))
        .map((sku) => ({
          name: sku.name!,
          capabilities: Object.fromEntries((sku.capabilities ?? []).map((c) => [c.name ?? '', c.value ?? ''])),
          // Only a Location restriction keeps the size out of the region; a Zone one only rules out some zones.
          restricted: (sku.restrictions ?? []).some(
            (restriction) =>
              restriction.type === 'Location' &&
              restriction.reasonCode === 'NotAvailableForSubscription' &&
              (restriction.restrictionInfo?.locations ?? [location]).some((l) => l.toLowerCase() === location.toLowerCase()),
          ),
        }));
    });
  }

  createVmOperations(plan: CreateVmPlan): CreateVmOperations {
    const { request, names, tags } = plan;
    const { subscriptionId, resourceGroup, location } = request;
    const network = () => this.network(subscriptionId);
    const putOptions = () => ({ updateIntervalInMs: this.options.pollIntervalMs });
    const rgId = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
    const idOf = (provider: string, name: string) => `${rgId}/providers/${provider}/${name}`;
    const kindIds: Record<ResourceKind, string> = {
      resourceGroup: rgId,
      publicIp: idOf('Microsoft.Network/publicIPAddresses', names.publicIp),
      networkSecurityGroup: idOf('Microsoft.Network/networkSecurityGroups', names.networkSecurityGroup),
      virtualNetwork: idOf('Microsoft.Network/virtualNetworks', names.virtualNetwork),
      networkInterface: idOf('Microsoft.Network/networkInterfaces', names.networkInterface),
      virtualMachine: idOf('Microsoft.Compute/virtualMachines', request.vmName),
      osDisk: idOf('Microsoft.Compute/disks', names.osDisk),
    };
    return {
      ensureResourceGroup: async () => {
        // Neither call is abortable (see putThenPoll); each is one quick synchronous request.
        const groups = this.resources(subscriptionId).resourceGroups;
        // A PUT to an existing group replaces its tags: an existing group gets no PUT at all.
        if ((await groups.checkExistence(resourceGroup)).body) {
          return { created: false };
        }
        // No tags in the PUT: should the group appear between the two calls, it is not marked as ours.
        let status: number | undefined;
        await groups.createOrUpdate(resourceGroup, { location }, { onResponse: (response) => (status = response.status) });
        return { created: status === 201 };
      },
      tagResourceGroup: async () => {
        // PATCH keeps whatever it is not given (REST API "Resource Groups - Update").
        await this.resources(subscriptionId).resourceGroups.update(resourceGroup, { tags: { ...tags } });
      },
      listGroupResources: (_plan, signal) => this.listGroupResources(subscriptionId, resourceGroup, signal),
      createPublicIp: async (_plan, signal) => {
        const ip = await putThenPoll(
          network().publicIPAddresses.beginCreateOrUpdate(
            resourceGroup,
            names.publicIp,
            { location, tags: { ...tags }, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' },
            putOptions(),
          ),
          signal,
        );
        return ip.id ?? kindIds.publicIp;
      },
      createNetworkSecurityGroup: async (_plan, signal) => {
        const nsg = await putThenPoll(
          network().networkSecurityGroups.beginCreateOrUpdate(
            resourceGroup,
            names.networkSecurityGroup,
            { location, tags: { ...tags }, securityRules: sshOnlyRules(request.sshSourcePrefix).map((rule) => ({ ...rule })) },
            putOptions(),
          ),
          signal,
        );
        return nsg.id ?? kindIds.networkSecurityGroup;
      },
      createVirtualNetwork: async (_plan, signal) => {
        const vnet = await putThenPoll(
          network().virtualNetworks.beginCreateOrUpdate(
            resourceGroup,
            names.virtualNetwork,
            {
              location,
              tags: { ...tags },
              addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
              subnets: [{ name: names.subnet, addressPrefix: '10.0.0.0/24' }],
            },
            putOptions(),
          ),
          signal,
        );
        return vnet.subnets?.find((subnet) => subnet.name === names.subnet)?.id ?? `${kindIds.virtualNetwork}/subnets/${names.subnet}`;
      },
      createNetworkInterface: async (_plan, ids: CreatedIds, signal) => {
        const nic = await putThenPoll(
          network().networkInterfaces.beginCreateOrUpdate(
            resourceGroup,
            names.networkInterface,
            {
              location,
              tags: { ...tags },
              networkSecurityGroup: { id: ids.networkSecurityGroupId },
              ipConfigurations: [
                {
                  name: 'ipconfig1',
                  subnet: { id: ids.subnetId },
                  publicIPAddress: { id: ids.publicIpId },
                  privateIPAllocationMethod: 'Dynamic',
                },
              ],
            },
            putOptions(),
          ),
          signal,
        );
        return nic.id ?? kindIds.networkInterface;
      },
      createVirtualMachine: async (_plan, ids: CreatedIds, signal) => {
        const poller = this.compute(subscriptionId).virtualMachines.createOrUpdate(
          resourceGroup,
          request.vmName,
          {
            location,
            tags: { ...tags },
            hardwareProfile: { vmSize: request.size },
            storageProfile: request.attachOsDisk
              ? {
                  // Booting an uploaded image: the disk is the OS, so there is no image and no osProfile.
                  osDisk: {
                    name: names.osDisk,
                    createOption: 'Attach',
                    osType: 'Linux',
                    managedDisk: { id: request.attachOsDisk.id },
                    deleteOption: 'Delete',
                  },
                }
              : {
                  imageReference: { ...request.image },
                  osDisk: {
                    name: names.osDisk,
                    createOption: 'FromImage',
                    managedDisk: { storageAccountType: 'StandardSSD_LRS' },
                    deleteOption: 'Delete',
                  },
                },
            osProfile: request.attachOsDisk
              ? undefined
              : {
                  computerName: request.vmName,
                  adminUsername: request.adminUsername,
                  customData: request.cloudInit ? Buffer.from(request.cloudInit, 'utf8').toString('base64') : undefined,
                  linuxConfiguration: {
                    disablePasswordAuthentication: true,
                    ssh: { publicKeys: [{ path: `/home/${request.adminUsername}/.ssh/authorized_keys`, keyData: request.sshPublicKey }] },
                  },
                },
            // Boot diagnostics in managed storage (no storageUri): the serial log and screenshot say why a VM did not boot.
            diagnosticsProfile: { bootDiagnostics: { enabled: true } },
            networkProfile: { networkInterfaces: [{ id: ids.networkInterfaceId, primary: true }] },
            securityProfile: request.trustedLaunch
              ? { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } }
              : undefined,
          },
          putOptions(),
        );
        // The PUT itself always completes (see putThenPoll); only the wait for provisioning is cancelled.
        await poller.submitted();
        const vm = await poller.pollUntilDone({ abortSignal: signal });
        // Azure makes the OS disk with the VM but gives it none of the VM's tags: tag it like everything else.
        await this.compute(subscriptionId).disks.beginUpdateAndWait(
          resourceGroup,
          names.osDisk,
          { tags: { ...tags } },
          { ...putOptions(), abortSignal: signal },
        );
        return vm.id ?? kindIds.virtualMachine;
      },
      deleteResource: async (_plan, kind, signal) => {
        try {
          await this.deleteById(kind, kindIds[kind], signal);
        } catch (error) {
          if (!isNotFound(error)) {
            throw error;
          }
        }
      },
    };
  }
}

type DependentKindOrPlan = ResourceKind;

/**
 * A create's PUT is never aborted: cut off mid-flight, Azure may still create the resource after our cleanup
 * looked for it. So the PUT (started without the signal) always gets its answer; a cancel stops only the
 * polling, and cleanup then deletes a resource that certainly exists.
 */
async function putThenPoll<T>(
  started: Promise<{ pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T> }>,
  signal: AbortSignal,
): Promise<T> {
  const poller = await started;
  return poller.pollUntilDone({ abortSignal: signal });
}

/** The subscription, tenant and region APIs are in no installed SDK package; see armRest.ts. */
const subscriptionsApiVersion = '2022-12-01';

interface ArmTenant {
  tenantId?: string;
  displayName?: string;
  defaultDomain?: string;
}

interface ArmSubscription {
  subscriptionId?: string;
  displayName?: string;
  tenantId?: string;
  state?: string;
}

interface ArmLocation {
  name?: string;
  displayName?: string;
  metadata?: { regionType?: string };
}

type AddressBook = Map<string, { privateIps: string[]; publicIps: string[]; fqdn?: string }>;

function buildAddressBook(nics: NetworkTypes.NetworkInterface[], publicIps: NetworkTypes.PublicIPAddress[]): AddressBook {
  const ipsById = new Map(publicIps.filter((ip) => ip.id).map((ip) => [ip.id!.toLowerCase(), ip]));
  const book: AddressBook = new Map();
  for (const nic of nics) {
    if (!nic.id) {
      continue;
    }
    const entry: { privateIps: string[]; publicIps: string[]; fqdn?: string } = { privateIps: [], publicIps: [] };
    for (const config of nic.ipConfigurations ?? []) {
      if (config.privateIPAddress) {
        entry.privateIps.push(config.privateIPAddress);
      }
      const publicIp = config.publicIPAddress?.id ? ipsById.get(config.publicIPAddress.id.toLowerCase()) : undefined;
      if (publicIp?.ipAddress) {
        entry.publicIps.push(publicIp.ipAddress);
      }
      entry.fqdn ??= publicIp?.dnsSettings?.fqdn;
    }
    book.set(nic.id.toLowerCase(), entry);
  }
  return book;
}

function requireVmId(vmId: string): { subscriptionId: string; resourceGroup: string; name: string } {
  const parts = parseArmId(vmId);
  if (!parts?.name) {
    throw new Error(`Not a virtual machine id: ${vmId}`);
  }
  return { subscriptionId: parts.subscriptionId, resourceGroup: parts.resourceGroup, name: parts.name };
}

function toVmInfo(vm: VirtualMachine, view: InstanceView | undefined, addresses: AddressBook): VmInfo {
  const parts = parseArmId(vm.id ?? '');
  const nicIds = (vm.networkProfile?.networkInterfaces ?? []).map((nic) => nic.id).filter((id): id is string => Boolean(id));
  const privateIps: string[] = [];
  const publicIps: string[] = [];
  let fqdn: string | undefined;
  for (const nicId of nicIds) {
    const entry = addresses.get(nicId.toLowerCase());
    if (entry) {
      privateIps.push(...entry.privateIps);
      publicIps.push(...entry.publicIps);
      fqdn ??= entry.fqdn;
    }
  }
  const image = vm.storageProfile?.imageReference;
  const osType = vm.storageProfile?.osDisk?.osType;
  return {
    id: vm.id ?? '',
    name: vm.name ?? '',
    subscriptionId: parts?.subscriptionId ?? '',
    resourceGroup: parts?.resourceGroup ?? '',
    location: vm.location,
    size: vm.hardwareProfile?.vmSize,
    osType: osType === 'Linux' || osType === 'Windows' ? osType : vm.osProfile?.linuxConfiguration ? 'Linux' : undefined,
    image: image
      ? { publisher: image.publisher, offer: image.offer, sku: image.sku, version: image.exactVersion ?? image.version, id: image.id }
      : undefined,
    osName: view?.osName,
    osVersion: view?.osVersion,
    powerState: powerStateFromStatuses((view?.statuses ?? []).map((status) => status.code)),
    // A VM on an uploaded disk has no osProfile: the deploy flow names the user it gave your key to in a tag.
    adminUsername: vm.osProfile?.adminUsername ?? vm.tags?.[sshUserTag],
    privateIps,
    publicIps,
    fqdn,
    osDiskName: vm.storageProfile?.osDisk?.name,
    osDiskId: vm.storageProfile?.osDisk?.managedDisk?.id,
    networkInterfaceIds: nicIds,
    tags: { ...(vm.tags ?? {}) },
    securityType: vm.securityProfile?.securityType,
  };
}
