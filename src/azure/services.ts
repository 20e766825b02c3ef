import type { AksServices, ResourceGraphServices } from './aksServices';
import type { CreateVmOperations, CreateVmPlan, NamedResource } from './core/createVm';
import type { ImageOffer, ImageSkuDetails } from './core/images';
import type { ImageReferenceInfo, SubscriptionInfo, TenantInfo, VmInfo } from './core/model';
import type { VmSkuInfo } from './core/sizes';

/*
 * What the VM feature asks of Azure. One real implementation (arm/armAzureServices.ts, the Azure SDK); every
 * method takes an AbortSignal and fails with a sentence a person can act on.
 */

export type PowerOperation = 'start' | 'deallocate' | 'restart';

export type DependentKind = 'networkInterface' | 'publicIp' | 'osDisk' | 'networkSecurityGroup' | 'virtualNetwork' | 'resourceGroup';

/** A dependent the delete left in place: its request failed, or (a resource group) it still holds other resources. */
export interface LeftOverResource {
  readonly name: string;
  readonly reason: 'failed' | 'notEmpty';
}

/**
 * A resource that belongs to a VM and can go with it when the VM is deleted. The virtual network and the resource
 * group are offered only when this extension created them (tags tell) and nothing else uses the network.
 */
export interface DependentResource {
  readonly kind: DependentKind;
  readonly id: string;
  readonly name: string;
  /** Tagged `createdBy: azure-linux-tools`, i.e. made together with the VM by this extension. */
  readonly createdByUs: boolean;
}

/** A marketplace image as the create flow names it. */
export type ImageReference = Required<Pick<ImageReferenceInfo, 'publisher' | 'offer' | 'sku' | 'version'>>;

export interface LocationInfo {
  readonly name: string;
  readonly displayName: string;
}

export interface ResourceGroupInfo {
  readonly name: string;
  readonly location: string;
}

export interface AzureServices {
  listTenants(signal: AbortSignal): Promise<TenantInfo[]>;
  listSubscriptions(signal: AbortSignal): Promise<SubscriptionInfo[]>;
  /** Every VM of the subscription with its power state, following every page. */
  listVms(subscriptionId: string, signal: AbortSignal): Promise<VmInfo[]>;
  getVm(vmId: string, signal: AbortSignal): Promise<VmInfo>;
  /** The VM's resource as Azure returns it, for "Show Properties". */
  getVmJson(vmId: string, signal: AbortSignal): Promise<unknown>;
  runPowerOperation(vmId: string, operation: PowerOperation, signal: AbortSignal): Promise<void>;
  listDependents(vm: VmInfo, signal: AbortSignal): Promise<DependentResource[]>;
  /**
   * Deletes the VM, then the chosen dependents (a resource group last, and only when nothing else is left in it);
   * returns the dependents that stay.
   */
  deleteVm(vm: VmInfo, dependents: readonly DependentResource[], signal: AbortSignal): Promise<LeftOverResource[]>;
  listLocations(subscriptionId: string, signal: AbortSignal): Promise<LocationInfo[]>;
  listResourceGroups(subscriptionId: string, signal: AbortSignal): Promise<ResourceGroupInfo[]>;
  listVmNames(subscriptionId: string, resourceGroup: string, signal: AbortSignal): Promise<string[]>;
  /** Every resource in the group (names and types); empty when the group does not exist. */
  listGroupResources(subscriptionId: string, resourceGroup: string, signal: AbortSignal): Promise<NamedResource[]>;
  /** The publisher's Azure Linux offers in the region, each SKU with what its newest version reports. */
  listImageOffers(subscriptionId: string, location: string, signal: AbortSignal): Promise<ImageOffer[]>;
  /** Generation, architecture and security type of one image (its newest version for "latest"). */
  getImageDetails(subscriptionId: string, location: string, image: ImageReference, signal: AbortSignal): Promise<ImageSkuDetails>;
  listVmSkus(subscriptionId: string, location: string, signal: AbortSignal): Promise<VmSkuInfo[]>;
  createVmOperations(plan: CreateVmPlan): CreateVmOperations;
  /** AKS clusters and node pools (arm/aks.ts). */
  readonly aks: AksServices;
  /** The fleet listing through Azure Resource Graph (arm/resourceGraph.ts). */
  readonly graph: ResourceGraphServices;
}
