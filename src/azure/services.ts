import type { CreateVmOperations, CreateVmPlan } from './core/createVm';
import type { ImageOffer } from './core/images';
import type { SubscriptionInfo, TenantInfo, VmInfo } from './core/model';
import type { VmSkuInfo } from './core/sizes';

/*
 * What the VM feature asks of Azure. One real implementation (arm/armAzureServices.ts, the Azure SDK); every
 * method takes an AbortSignal and fails with a sentence a person can act on.
 */

export type PowerOperation = 'start' | 'deallocate' | 'restart';

export type DependentKind = 'networkInterface' | 'publicIp' | 'osDisk' | 'networkSecurityGroup';

/** A resource that belongs to a VM and can go with it when the VM is deleted. */
export interface DependentResource {
  readonly kind: DependentKind;
  readonly id: string;
  readonly name: string;
  /** Tagged `createdBy: azure-linux-tools`, i.e. made together with the VM by this extension. */
  readonly createdByUs: boolean;
}

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
  /** Deletes the VM, then the chosen dependents; returns the names of dependents that could not be deleted. */
  deleteVm(vm: VmInfo, dependents: readonly DependentResource[], signal: AbortSignal): Promise<string[]>;
  listLocations(subscriptionId: string, signal: AbortSignal): Promise<LocationInfo[]>;
  listResourceGroups(subscriptionId: string, signal: AbortSignal): Promise<ResourceGroupInfo[]>;
  listVmNames(subscriptionId: string, resourceGroup: string, signal: AbortSignal): Promise<string[]>;
  listImageOffers(subscriptionId: string, location: string, signal: AbortSignal): Promise<ImageOffer[]>;
  listVmSkus(subscriptionId: string, location: string, signal: AbortSignal): Promise<VmSkuInfo[]>;
  createVmOperations(plan: CreateVmPlan): CreateVmOperations;
}
