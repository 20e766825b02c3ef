import { parseArmId, powerStateFromStatuses, type VmInfo } from './model';

/*
 * The Azure Resource Graph queries behind the fleet listing and what their rows become, without the SDK: one paged
 * query across every shown subscription lists the VMs with their power state and addresses, another the AKS
 * clusters with their pools. Query shapes and paging follow Microsoft's Resource Graph docs ("Working with large
 * Azure resource data sets", "Guidance for pagination", "Guidance for throttled requests", the REST API's
 * Resources operation): pages of at most 1,000 rows (`options.$top`), the next page asked for with the
 * `$skipToken` of the last, rows as objects (`resultFormat: objectArray`), at most 1,000 subscriptions a request
 * (as the Azure CLI's graph extension batches them). A page is pageable only when some output column is not
 * `dynamic`: every query projects `id` as a string and orders by it.
 */

/** Resource Graph's largest page. */
export const graphPageSize = 1000;
/** Subscriptions one Resource Graph request may name. */
export const graphSubscriptionBatch = 1000;

/**
 * Every VM with what the tree shows, one row per network interface (left-joined with the interface's addresses and
 * its public IP's), so the extension reads no NIC or public IP list per subscription. Types are compared with `=~`
 * because Resource Graph stores them in lower case; ids are joined in lower case for the same reason.
 */
export const vmQuery = [
  'resources',
  "| where type =~ 'microsoft.compute/virtualmachines'",
  '| mv-expand nic = properties.networkProfile.networkInterfaces',
  '| extend nicId = tolower(tostring(nic.id))',
  '| join kind=leftouter (',
  '    resources',
  "    | where type =~ 'microsoft.network/networkinterfaces'",
  '    | mv-expand ipconfig = properties.ipConfigurations',
  '    | project nicId = tolower(id), privateIp = tostring(ipconfig.properties.privateIPAddress), publicIpId = tolower(tostring(ipconfig.properties.publicIPAddress.id))',
  '  ) on nicId',
  '| join kind=leftouter (',
  '    resources',
  "    | where type =~ 'microsoft.network/publicipaddresses'",
  '    | project publicIpId = tolower(id), publicIp = tostring(properties.ipAddress), fqdn = tostring(properties.dnsSettings.fqdn)',
  '  ) on publicIpId',
  '| project id, name, location, tags, nicId = tostring(nic.id), privateIp, publicIp, fqdn,',
  '    vmSize = tostring(properties.hardwareProfile.vmSize),',
  '    osType = tostring(properties.storageProfile.osDisk.osType),',
  '    linux = isnotnull(properties.osProfile.linuxConfiguration),',
  '    image = properties.storageProfile.imageReference,',
  '    osDiskName = tostring(properties.storageProfile.osDisk.name),',
  '    osDiskId = tostring(properties.storageProfile.osDisk.managedDisk.id),',
  '    adminUsername = tostring(properties.osProfile.adminUsername),',
  '    securityType = tostring(properties.securityProfile.securityType),',
  '    provisioningState = tostring(properties.provisioningState),',
  '    powerState = tostring(properties.extended.instanceView.powerState.code),',
  '    osName = tostring(properties.extended.instanceView.osName),',
  '    osVersion = tostring(properties.extended.instanceView.osVersion)',
  '| order by id asc',
].join('\n');

/** Every AKS cluster with its properties (the pools are its `agentPoolProfiles`). */
export const clusterQuery = [
  'resources',
  "| where type =~ 'microsoft.containerservice/managedclusters'",
  '| project id, name, location, tags, sku, properties',
  '| order by id asc',
].join('\n');

type Row = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Folds the rows of `vmQuery` (one per VM and NIC) into VMs, in the order their first rows came. */
export function vmsFromRows(rows: readonly Row[]): VmInfo[] {
  const byId = new Map<
    string,
    { vm: VmInfo & { privateIps: string[]; publicIps: string[]; networkInterfaceIds: string[] }; fqdn?: string }
  >();
  for (const row of rows) {
    const id = text(row.id);
    if (!id) continue;
    const key = id.toLowerCase();
    let entry = byId.get(key);
    if (!entry) {
      const parts = parseArmId(id);
      const image = record(row.image);
      const osType = text(row.osType);
      entry = {
        vm: {
          id,
          name: text(row.name) ?? parts?.name ?? '',
          subscriptionId: parts?.subscriptionId ?? '',
          // From the id, which keeps the group's case (the resourceGroup column does not).
          resourceGroup: parts?.resourceGroup ?? '',
          location: text(row.location) ?? '',
          size: text(row.vmSize),
          osType: osType === 'Linux' || osType === 'Windows' ? osType : row.linux === true ? 'Linux' : undefined,
          image: Object.keys(image).length
            ? {
                publisher: text(image.publisher),
                offer: text(image.offer),
                sku: text(image.sku),
                version: text(image.exactVersion) ?? text(image.version),
                id: text(image.id),
              }
            : undefined,
          osName: text(row.osName),
          osVersion: text(row.osVersion),
          powerState: powerStateFromStatuses([
            text(row.provisioningState) ? `ProvisioningState/${text(row.provisioningState)}` : undefined,
            text(row.powerState),
          ]),
          adminUsername: text(row.adminUsername),
          privateIps: [],
          publicIps: [],
          osDiskName: text(row.osDiskName),
          osDiskId: text(row.osDiskId),
          networkInterfaceIds: [],
          tags: Object.fromEntries(
            Object.entries(record(row.tags)).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
          ),
          securityType: text(row.securityType),
        },
      };
      byId.set(key, entry);
    }
    const { vm } = entry;
    const nicId = text(row.nicId);
    if (nicId && !vm.networkInterfaceIds.some((known) => known.toLowerCase() === nicId.toLowerCase())) vm.networkInterfaceIds.push(nicId);
    const privateIp = text(row.privateIp);
    if (privateIp && !vm.privateIps.includes(privateIp)) vm.privateIps.push(privateIp);
    const publicIp = text(row.publicIp);
    if (publicIp && !vm.publicIps.includes(publicIp)) vm.publicIps.push(publicIp);
    entry.fqdn ??= text(row.fqdn);
  }
  return [...byId.values()].map(({ vm, fqdn }) => (fqdn ? { ...vm, fqdn } : vm));
}

/** `00:00:03` (Resource Graph's `x-ms-user-quota-resets-after`) in milliseconds; undefined when unreadable. */
export function quotaResetMs(value: string | undefined): number | undefined {
  const match = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  return Math.round((Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])) * 1000);
}

/** Splits subscriptions into the batches one request may name. */
export function subscriptionBatches(subscriptionIds: readonly string[], size = graphSubscriptionBatch): string[][] {
  const batches: string[][] = [];
  for (let index = 0; index < subscriptionIds.length; index += size) batches.push(subscriptionIds.slice(index, index + size));
  return batches;
}
