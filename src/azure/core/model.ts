/*
 * Our own plain shapes for what the VM feature shows and acts on. The Azure SDK's models stay inside
 * src/azure/arm/, so the tree, the commands and the unit tests never depend on them.
 */

export interface TenantInfo {
  readonly tenantId: string;
  readonly displayName?: string;
  readonly defaultDomain?: string;
}

export interface SubscriptionInfo {
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly tenantId?: string;
  readonly state?: string;
}

export interface ImageReferenceInfo {
  readonly publisher?: string;
  readonly offer?: string;
  readonly sku?: string;
  readonly version?: string;
  /** Gallery or managed image id, when the VM was not created from a marketplace image. */
  readonly id?: string;
}

/** The power and provisioning states the instance view reports, reduced to what a person acts on. */
export type PowerState =
  'running' | 'starting' | 'stopping' | 'stopped' | 'deallocating' | 'deallocated' | 'creating' | 'deleting' | 'failed' | 'unknown';

export const allPowerStates: readonly PowerState[] = [
  'running',
  'starting',
  'stopping',
  'stopped',
  'deallocating',
  'deallocated',
  'creating',
  'deleting',
  'failed',
  'unknown',
];

export type LinuxFamily = 'azureLinux' | 'cblMariner' | 'azureContainerLinux' | 'otherLinux' | 'windows';

export interface VmInfo {
  /** The full ARM id: /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}. */
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly size?: string;
  readonly osType?: 'Linux' | 'Windows';
  readonly image?: ImageReferenceInfo;
  readonly osName?: string;
  readonly osVersion?: string;
  readonly powerState: PowerState;
  readonly adminUsername?: string;
  readonly privateIps: readonly string[];
  readonly publicIps: readonly string[];
  /** Public DNS name (fqdn) of the first public IP that has one. */
  readonly fqdn?: string;
  readonly osDiskName?: string;
  readonly osDiskId?: string;
  readonly networkInterfaceIds: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly securityType?: string;
}

/** Parses the instance view's status codes ("PowerState/running", "ProvisioningState/deleting"). */
export function powerStateFromStatuses(codes: readonly (string | undefined)[]): PowerState {
  const provisioning = codes
    .find((code) => code?.startsWith('ProvisioningState/'))
    ?.split('/')[1]
    ?.toLowerCase();
  if (provisioning === 'deleting') {
    return 'deleting';
  }
  if (provisioning === 'failed') {
    return 'failed';
  }
  const power = codes
    .find((code) => code?.startsWith('PowerState/'))
    ?.split('/')[1]
    ?.toLowerCase();
  switch (power) {
    case 'running':
    case 'starting':
    case 'stopping':
    case 'stopped':
    case 'deallocating':
    case 'deallocated':
      return power;
    default:
      return provisioning === 'creating' ? 'creating' : 'unknown';
  }
}

export interface ArmIdParts {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly provider?: string;
  readonly type?: string;
  readonly name?: string;
}

/** Splits an ARM resource id; resource group names keep their case, the keys are matched case-insensitively. */
export function parseArmId(id: string): ArmIdParts | undefined {
  const parts = id.split('/').filter((part) => part.length > 0);
  const valueAfter = (key: string): string | undefined => {
    const index = parts.findIndex((part) => part.toLowerCase() === key.toLowerCase());
    return index >= 0 ? parts[index + 1] : undefined;
  };
  const subscriptionId = valueAfter('subscriptions');
  const resourceGroup = valueAfter('resourceGroups');
  if (!subscriptionId || !resourceGroup) {
    return undefined;
  }
  const providerIndex = parts.findIndex((part) => part.toLowerCase() === 'providers');
  if (providerIndex < 0) {
    return { subscriptionId, resourceGroup };
  }
  return {
    subscriptionId,
    resourceGroup,
    provider: parts[providerIndex + 1],
    type: parts[providerIndex + 2],
    name: parts[providerIndex + 3],
  };
}

export function sameArmId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
