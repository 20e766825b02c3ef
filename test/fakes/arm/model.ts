/*
 * The in-memory state of the fake Azure Resource Manager: tenants, subscriptions, resource groups, resources,
 * the image and size catalogue, and long-running operations. It knows ARM's rules that the extension's code
 * depends on (references must exist, in-use resources cannot be deleted, deleteOption cascades, images and sizes
 * must fit together) and answers with ARM's error codes. HTTP lives in server.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { BlobService } from './blobs';
import type { ImageSeed, LocationSeed, VmSizeSeed } from './catalog';
import { bootLogLines, consoleScreenshot } from './bootDiagnostics';
import { ManagedDisks, type ImageForDisk } from './disks';
import { ArmError, armFailures } from './errors';

export type Json = Record<string, unknown>;

/** A resource as ARM serialises it. */
export interface ArmResourceJson {
  id: string;
  name: string;
  type: string;
  location: string;
  tags?: Record<string, string>;
  properties: Json;
  [extra: string]: unknown;
}

export type PowerState = 'running' | 'stopped' | 'deallocated' | 'starting' | 'stopping' | 'deallocating';
export type PowerAction = 'start' | 'powerOff' | 'deallocate' | 'restart';

export interface TenantSeed {
  tenantId: string;
  displayName?: string;
  defaultDomain?: string;
}

export interface SubscriptionSeed {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
  state?: 'Enabled' | 'Disabled' | 'Warned' | 'PastDue' | 'Deleted';
}

/** Seed for `addVirtualMachine`: ARM VM JSON (properties nested or at the top level) plus the instance view. */
export interface VirtualMachineSeed {
  name: string;
  location?: string;
  tags?: Record<string, string>;
  properties?: Json;
  hardwareProfile?: Json;
  storageProfile?: Json;
  osProfile?: Json;
  networkProfile?: Json;
  securityProfile?: Json;
  /** Power state for the instance view (default running). */
  powerState?: PowerState;
  /** `osName` / `osVersion` the guest agent reports in the instance view. */
  osName?: string;
  osVersion?: string;
  /** Without a networkProfile a NIC is created; with `publicIp` (default true) it gets a public IP too. */
  publicIp?: boolean;
}

export interface Operation {
  readonly id: string;
  readonly subscriptionId: string;
  readonly namespace: string;
  readonly location: string;
  readonly name: string;
  readonly startedAt: number;
  readyAt: number;
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';
  error?: { code: string; message: string };
  endTime?: number;
  /** What the operation does when it ends; a thrown ArmError turns it into a failure. */
  readonly finish: () => void;
  /** Applied instead of `finish` when an injected failure says the operation fails asynchronously. */
  readonly fail?: () => void;
  failWith?: { code: string; message: string };
  /** The body of the operation's result (the Location URL's answer once it succeeded), e.g. a disk's `accessSAS`. */
  result?: Json;
}

interface VmRuntime {
  powerState?: PowerState;
  osName?: string;
  osVersion?: string;
  /** False when the OS disk does not get past the firmware (see disks.ts): no agent, a firmware serial log. */
  bootable?: boolean;
  /** When the VM last started; undefined for seeded VMs, which booted long ago. */
  bootStartedAt?: number;
  /** Lines a test added to the serial log. */
  serialExtra?: string[];
  /** VM extensions by lower-cased name, as PUT (protectedSettings included, which ARM never returns). */
  extensions?: Map<string, Json>;
}

interface Stored {
  json: ArmResourceJson;
  subscriptionId: string;
  resourceGroup: string;
  kind: ResourceKind;
  vm?: VmRuntime;
}

/** Reverse references, keyed by lower-cased id. */
interface RefIndex {
  vmByNic: Map<string, Stored>;
  vmByDisk: Map<string, Stored>;
  configByPip: Map<string, Json>;
  nicsByNsg: Map<string, Stored[]>;
  subnetsByNsg: Map<string, Json[]>;
  configsBySubnet: Map<string, Json[]>;
}

interface ResourceGroupRecord {
  json: ArmResourceJson;
  subscriptionId: string;
}

type SubscriptionRecord = Required<SubscriptionSeed>;

export type ResourceKind =
  | 'virtualMachines'
  | 'disks'
  | 'networkInterfaces'
  | 'publicIPAddresses'
  | 'networkSecurityGroups'
  | 'virtualNetworks'
  | 'galleries'
  | 'galleryImages'
  | 'galleryImageVersions';

const KINDS: Record<string, { namespace: string; kind: ResourceKind }> = {
  'microsoft.compute/virtualmachines': { namespace: 'Microsoft.Compute', kind: 'virtualMachines' },
  'microsoft.compute/disks': { namespace: 'Microsoft.Compute', kind: 'disks' },
  'microsoft.compute/galleries': { namespace: 'Microsoft.Compute', kind: 'galleries' },
  'microsoft.network/networkinterfaces': { namespace: 'Microsoft.Network', kind: 'networkInterfaces' },
  'microsoft.network/publicipaddresses': { namespace: 'Microsoft.Network', kind: 'publicIPAddresses' },
  'microsoft.network/networksecuritygroups': { namespace: 'Microsoft.Network', kind: 'networkSecurityGroups' },
  'microsoft.network/virtualnetworks': { namespace: 'Microsoft.Network', kind: 'virtualNetworks' },
};

/** Every resource type the model stores, in lower case (`microsoft.compute/virtualmachines`), for Resource Graph. */
export function knownResourceTypes(): string[] {
  return Object.keys(KINDS);
}

/** Resolves `Microsoft.Network/publicIPAddresses` in any casing, or throws ARM's InvalidResourceType. */
export function resolveKind(namespace: string, type: string): { namespace: string; kind: ResourceKind } {
  const found = KINDS[`${namespace}/${type}`.toLowerCase()];
  if (!found) {
    throw new ArmError(
      400,
      'InvalidResourceType',
      `The resource type '${type}' could not be found in the namespace '${namespace}' for api version used by the fake ARM server.`,
    );
  }
  return found;
}

const RESERVED_ADMIN_NAMES = new Set(['admin', 'administrator', 'root', 'guest', 'user', 'test', 'sys', 'support', 'adm', 'daemon', 'bin']);

/** The six default rules every NSG has, as ARM lists them. */
function defaultSecurityRules(nsgId: string): Json[] {
  const rule = (name: string, direction: string, access: string, priority: number, source: string, destination: string): Json => ({
    name,
    id: `${nsgId}/defaultSecurityRules/${name}`,
    type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
    properties: {
      provisioningState: 'Succeeded',
      description: `Default rule ${name}`,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: source,
      destinationAddressPrefix: destination,
      access,
      priority,
      direction,
    },
  });
  return [
    rule('AllowVnetInBound', 'Inbound', 'Allow', 65000, 'VirtualNetwork', 'VirtualNetwork'),
    rule('AllowAzureLoadBalancerInBound', 'Inbound', 'Allow', 65001, 'AzureLoadBalancer', '*'),
    rule('DenyAllInBound', 'Inbound', 'Deny', 65500, '*', '*'),
    rule('AllowVnetOutBound', 'Outbound', 'Allow', 65000, 'VirtualNetwork', 'VirtualNetwork'),
    rule('AllowInternetOutBound', 'Outbound', 'Allow', 65001, '*', 'Internet'),
    rule('DenyAllOutBound', 'Outbound', 'Deny', 65500, '*', '*'),
  ];
}

function obj(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function arr(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function lower(id: string): string {
  return id.toLowerCase();
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Compares dotted versions numerically, as ARM orders image versions. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export class ArmModel {
  /** How long a long-running operation stays InProgress. 0: the first status poll reports Succeeded. */
  lroDelayMs = 0;
  /** How long a VM takes from start until its agent is Ready (its serial log fills over this time). */
  bootDurationMs = 0;
  /** The page blobs behind disks' SAS, and boot diagnostics' blobs. */
  readonly blobs = new BlobService();
  readonly disks = new ManagedDisks(this.blobs);

  private readonly tenants = new Map<string, Required<TenantSeed>>();
  private readonly subscriptions = new Map<string, SubscriptionRecord>();
  private readonly resourceGroups = new Map<string, ResourceGroupRecord>();
  private readonly resources = new Map<string, Stored>();
  private readonly locations = new Map<string, Required<LocationSeed>>();
  private readonly images: Required<ImageSeed>[] = [];
  private readonly sizes: Required<VmSizeSeed>[] = [];
  private readonly operations = new Map<string, Operation>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private publicIpCounter = 0;
  private refsCache: RefIndex | undefined;

  // ---- seeding --------------------------------------------------------------------------------------------------

  addTenant(seed: TenantSeed): void {
    const domain = seed.defaultDomain ?? `${(seed.displayName ?? 'contoso').toLowerCase().replace(/[^a-z0-9]/g, '')}.onmicrosoft.com`;
    this.tenants.set(lower(seed.tenantId), { tenantId: seed.tenantId, displayName: seed.displayName ?? 'Contoso', defaultDomain: domain });
  }

  addSubscription(seed: SubscriptionSeed): void {
    if (!this.tenants.has(lower(seed.tenantId))) {
      this.addTenant({ tenantId: seed.tenantId });
    }
    this.subscriptions.set(lower(seed.subscriptionId), { ...seed, state: seed.state ?? 'Enabled' });
  }

  addLocation(seed: LocationSeed): void {
    this.locations.set(lower(seed.name), {
      name: seed.name,
      displayName: seed.displayName,
      geography: seed.geography ?? 'United States',
      pairedRegion: seed.pairedRegion ?? '',
    });
  }

  addImage(seed: ImageSeed): void {
    this.ensureLocation(seed.location);
    this.images.push({
      hyperVGeneration: 'V2',
      architecture: 'x64',
      securityType: '',
      imageState: 'Active',
      osDiskSizeGb: 30,
      ...seed,
      versions: [...seed.versions].sort(compareVersions),
    });
  }

  addVmSize(seed: VmSizeSeed): void {
    seed.locations.forEach((location) => this.ensureLocation(location));
    this.sizes.push({
      hyperVGenerations: 'V1,V2',
      architecture: 'x64',
      restrictedIn: [],
      trustedLaunchDisabled: false,
      maxDataDisks: 4,
      ...seed,
    });
  }

  addResourceGroup(subscriptionId: string, name: string, location: string, tags?: Record<string, string>): ArmResourceJson {
    this.requireSubscription(subscriptionId);
    this.ensureLocation(location);
    const existing = this.resourceGroups.get(this.rgKey(subscriptionId, name));
    if (existing) return clone(existing.json);
    const json: ArmResourceJson = {
      id: `/subscriptions/${subscriptionId}/resourceGroups/${name}`,
      name,
      type: 'Microsoft.Resources/resourceGroups',
      location,
      ...(tags ? { tags } : {}),
      properties: { provisioningState: 'Succeeded' },
    };
    this.resourceGroups.set(this.rgKey(subscriptionId, name), { json, subscriptionId });
    return clone(json);
  }

  /** Adds a resource exactly as given (ids and provisioningState filled in), bypassing ARM's create checks. */
  addResource(subscriptionId: string, resourceGroup: string, fullType: string, name: string, body: Json): ArmResourceJson {
    const [namespace, type] = fullType.split('/');
    const { kind } = resolveKind(namespace ?? '', type ?? '');
    const rg = this.requireResourceGroup(subscriptionId, resourceGroup);
    const location = str(body.location) ?? rg.json.location;
    const prepared = this.prepare(kind, subscriptionId, rg.json.name, name, { ...body, location }, undefined, false);
    prepared.properties.provisioningState = 'Succeeded';
    this.store(kind, subscriptionId, rg.json.name, prepared);
    return this.present(this.resources.get(lower(prepared.id))!, '');
  }

  addVirtualMachine(subscriptionId: string, resourceGroup: string, seed: VirtualMachineSeed): ArmResourceJson {
    this.requireSubscription(subscriptionId);
    const location = seed.location ?? this.resourceGroups.get(this.rgKey(subscriptionId, resourceGroup))?.json.location ?? 'eastus';
    const rgName = this.addResourceGroup(subscriptionId, resourceGroup, location).name;
    const properties: Json = { ...obj(seed.properties) };
    for (const key of ['hardwareProfile', 'storageProfile', 'osProfile', 'networkProfile', 'securityProfile'] as const) {
      if (seed[key]) properties[key] = seed[key];
    }
    properties.hardwareProfile ??= { vmSize: 'Standard_B2s' };
    properties.storageProfile ??= {
      imageReference: { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2', version: 'latest' },
    };
    properties.osProfile ??= {
      computerName: seed.name,
      adminUsername: 'azureuser',
      linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [] } },
    };
    if (!properties.networkProfile) {
      const nic = this.seedNetwork(subscriptionId, rgName, seed.name, location, seed.publicIp ?? true);
      properties.networkProfile = { networkInterfaces: [{ id: nic, properties: { primary: true } }] };
    }
    const body: Json = { location, ...(seed.tags ? { tags: seed.tags } : {}), properties };
    const json = this.prepare('virtualMachines', subscriptionId, rgName, seed.name, body, undefined, false);
    json.properties.provisioningState = 'Succeeded';
    const stored = this.store('virtualMachines', subscriptionId, rgName, json);
    const image = obj(obj(properties.storageProfile).imageReference);
    stored.vm = {
      powerState: seed.powerState ?? 'running',
      osName: seed.osName ?? osNameForImage(image).osName,
      osVersion: seed.osVersion ?? osNameForImage(image).osVersion,
    };
    return this.present(stored, '');
  }

  /** A NIC (and public IP) in a per-resource-group seed VNet, so seeded VMs have addresses like real ones. */
  private seedNetwork(subscriptionId: string, rg: string, vmName: string, location: string, publicIp: boolean): string {
    const vnetName = `${rg}-vnet`;
    const vnetId = this.id(subscriptionId, rg, 'Microsoft.Network', 'virtualNetworks', vnetName);
    if (!this.resources.has(lower(vnetId))) {
      this.addResource(subscriptionId, rg, 'Microsoft.Network/virtualNetworks', vnetName, {
        location,
        properties: {
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          subnets: [{ name: 'default', properties: { addressPrefix: '10.0.0.0/24' } }],
        },
      });
    }
    const ipConfiguration: Json = { subnet: { id: `${vnetId}/subnets/default` } };
    if (publicIp) {
      const pip = this.addResource(subscriptionId, rg, 'Microsoft.Network/publicIPAddresses', `${vmName}-ip`, {
        location,
        sku: { name: 'Standard' },
        properties: { publicIPAllocationMethod: 'Static' },
      });
      ipConfiguration.publicIPAddress = { id: pip.id };
    }
    return this.addResource(subscriptionId, rg, 'Microsoft.Network/networkInterfaces', `${vmName}-nic`, {
      location,
      properties: { ipConfigurations: [{ name: 'ipconfig1', properties: ipConfiguration }] },
    }).id;
  }

  // ---- reads ------------------------------------------------------------------------------------------------------

  listTenants(): Json[] {
    return [...this.tenants.values()].map((t) => ({
      id: `/tenants/${t.tenantId}`,
      tenantId: t.tenantId,
      countryCode: 'US',
      displayName: t.displayName,
      domains: [t.defaultDomain],
      tenantCategory: 'Home',
      defaultDomain: t.defaultDomain,
      tenantType: 'AAD',
    }));
  }

  listSubscriptions(tenantId?: string): Json[] {
    return [...this.subscriptions.values()]
      .filter((s) => !tenantId || lower(s.tenantId) === lower(tenantId))
      .map((s) => this.subscriptionJson(s));
  }

  getSubscription(subscriptionId: string): Json {
    return this.subscriptionJson(this.requireSubscription(subscriptionId));
  }

  listLocations(subscriptionId: string): Json[] {
    this.requireSubscription(subscriptionId);
    return [...this.locations.values()].map((l) => ({
      id: `/subscriptions/${subscriptionId}/locations/${l.name}`,
      name: l.name,
      type: 'Region',
      displayName: l.displayName,
      regionalDisplayName: `(${l.geography}) ${l.displayName}`,
      metadata: {
        regionType: 'Physical',
        regionCategory: 'Recommended',
        geography: l.geography,
        geographyGroup: l.geography,
        ...(l.pairedRegion
          ? { pairedRegion: [{ name: l.pairedRegion, id: `/subscriptions/${subscriptionId}/locations/${l.pairedRegion}` }] }
          : {}),
      },
    }));
  }

  getResourceGroup(subscriptionId: string, name: string): ArmResourceJson {
    return clone(this.requireResourceGroup(subscriptionId, name).json);
  }

  listResourceGroups(subscriptionId: string): ArmResourceJson[] {
    this.requireSubscription(subscriptionId);
    return [...this.resourceGroups.values()].filter((rg) => lower(rg.subscriptionId) === lower(subscriptionId)).map((rg) => clone(rg.json));
  }

  getResource(subscriptionId: string, resourceGroup: string, kind: ResourceKind, name: string, expand = ''): ArmResourceJson {
    this.requireResourceGroup(subscriptionId, resourceGroup);
    const stored = this.resources.get(lower(this.id(subscriptionId, resourceGroup, namespaceOf(kind), kind, name)));
    if (!stored) {
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource '${namespaceOf(kind)}/${kind}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    }
    return this.present(stored, expand);
  }

  getSubnet(subscriptionId: string, resourceGroup: string, vnetName: string, subnetName: string): Json {
    const vnet = this.getResource(subscriptionId, resourceGroup, 'virtualNetworks', vnetName);
    const subnet = arr(vnet.properties.subnets).find((s) => lower(str(s.name) ?? '') === lower(subnetName));
    if (!subnet) throw new ArmError(404, 'NotFound', `Resource ${vnet.id}/subnets/${subnetName} not found.`);
    return subnet;
  }

  /** Resources of one kind in a subscription, or in one resource group when given. */
  listResources(subscriptionId: string, resourceGroup: string | undefined, kind: ResourceKind | undefined, expand = ''): ArmResourceJson[] {
    return this.lazyList(subscriptionId, resourceGroup, kind, expand).map((render) => render());
  }

  /** Like listResources, but each item renders only when asked: a page renders its own items, not the whole list. */
  lazyList(
    subscriptionId: string,
    resourceGroup: string | undefined,
    kind: ResourceKind | undefined,
    expand = '',
  ): (() => ArmResourceJson)[] {
    this.requireSubscription(subscriptionId);
    if (resourceGroup !== undefined) this.requireResourceGroup(subscriptionId, resourceGroup);
    return [...this.resources.values()]
      .filter((r) => lower(r.subscriptionId) === lower(subscriptionId))
      .filter((r) => resourceGroup === undefined || lower(r.resourceGroup) === lower(resourceGroup))
      .filter((r) => kind === undefined || r.kind === kind)
      .map((r) => () => this.present(r, expand));
  }

  /** Every resource group and resource that exists now, across subscriptions. */
  allResources(): ArmResourceJson[] {
    return [
      ...[...this.resourceGroups.values()].map((rg) => clone(rg.json)),
      ...[...this.resources.values()].map((r) => this.present(r, '')),
    ];
  }

  instanceView(subscriptionId: string, resourceGroup: string, name: string): Json {
    const vm = this.getResource(subscriptionId, resourceGroup, 'virtualMachines', name);
    return this.instanceViewOf(this.resources.get(lower(vm.id))!);
  }

  // ---- catalogue ----------------------------------------------------------------------------------------------

  listPublishers(subscriptionId: string, location: string): Json[] {
    return this.catalogueNames(
      subscriptionId,
      location,
      (i) => i.publisher,
      () => true,
      (n) => `Publishers/${n}`,
    );
  }

  listOffers(subscriptionId: string, location: string, publisher: string): Json[] {
    return this.catalogueNames(
      subscriptionId,
      location,
      (i) => i.offer,
      (i) => eq(i.publisher, publisher),
      (n) => `Publishers/${publisher}/ArtifactTypes/VMImage/Offers/${n}`,
    );
  }

  listImageSkus(subscriptionId: string, location: string, publisher: string, offer: string): Json[] {
    return this.catalogueNames(
      subscriptionId,
      location,
      (i) => i.sku,
      (i) => eq(i.publisher, publisher) && eq(i.offer, offer),
      (n) => `Publishers/${publisher}/ArtifactTypes/VMImage/Offers/${offer}/Skus/${n}`,
    );
  }

  listImageVersions(
    subscriptionId: string,
    location: string,
    publisher: string,
    offer: string,
    sku: string,
    top?: number,
    orderby?: string,
  ): Json[] {
    const image = this.findImage(location, publisher, offer, sku);
    let versions = image ? [...image.versions] : [];
    if (orderby && /desc/i.test(orderby)) versions.reverse();
    if (top !== undefined) versions = versions.slice(0, top);
    return versions.map((version) => ({
      location,
      name: version,
      id: `/Subscriptions/${subscriptionId}/Providers/Microsoft.Compute/Locations/${location}/Publishers/${publisher}/ArtifactTypes/VMImage/Offers/${offer}/Skus/${sku}/Versions/${version}`,
    }));
  }

  getImage(subscriptionId: string, location: string, publisher: string, offer: string, sku: string, version: string): Json {
    const image = this.findImage(location, publisher, offer, sku);
    const exact = image?.versions.find((v) => v === version);
    if (!image || !exact) {
      throw new ArmError(404, 'NotFound', 'Artifact: VMImage was not found.');
    }
    const features: Json[] = [
      { name: 'IsAcceleratedNetworkSupported', value: 'True' },
      { name: 'DiskControllerTypes', value: 'SCSI, NVMe' },
      { name: 'IsHibernateSupported', value: 'True' },
    ];
    if (image.securityType) features.unshift({ name: 'SecurityType', value: image.securityType });
    return {
      location,
      name: exact,
      id: `/Subscriptions/${subscriptionId}/Providers/Microsoft.Compute/Locations/${location}/Publishers/${publisher}/ArtifactTypes/VMImage/Offers/${offer}/Skus/${sku}/Versions/${exact}`,
      properties: {
        hyperVGeneration: image.hyperVGeneration,
        architecture: image.architecture,
        replicaType: 'Managed',
        disallowed: { vmDiskType: 'Unmanaged' },
        automaticOSUpgradeProperties: { automaticOSUpgradeSupported: false },
        imageDeprecationStatus: { imageState: image.imageState },
        features,
        osDiskImage: { operatingSystem: 'Linux', sizeInGb: image.osDiskSizeGb },
        dataDiskImages: [],
      },
    };
  }

  /** Compute resource SKUs as `GET .../providers/Microsoft.Compute/skus` returns them: one entry per size and region. */
  listResourceSkus(subscriptionId: string, location?: string): Json[] {
    this.requireSubscription(subscriptionId);
    return this.sizes.flatMap((size) =>
      size.locations
        .filter((l) => !location || eq(l, location))
        .map((l) => ({
          resourceType: 'virtualMachines',
          name: size.name,
          tier: 'Standard',
          size: size.name.replace(/^Standard_/, ''),
          family: size.family,
          locations: [l],
          locationInfo: [{ location: l, zones: ['1', '2', '3'], zoneDetails: [] }],
          capabilities: [
            { name: 'MaxResourceVolumeMB', value: '0' },
            { name: 'OSVhdSizeMB', value: '1047552' },
            { name: 'vCPUs', value: String(size.vCPUs) },
            { name: 'MemoryGB', value: String(size.memoryGB) },
            { name: 'MaxDataDiskCount', value: String(size.maxDataDisks) },
            { name: 'LowPriorityCapable', value: 'True' },
            { name: 'PremiumIO', value: 'True' },
            { name: 'VMDeploymentTypes', value: 'IaaS' },
            { name: 'vCPUsAvailable', value: String(size.vCPUs) },
            { name: 'HyperVGenerations', value: size.hyperVGenerations },
            { name: 'CpuArchitectureType', value: size.architecture },
            { name: 'AcceleratedNetworkingEnabled', value: 'True' },
            ...(size.trustedLaunchDisabled ? [{ name: 'TrustedLaunchDisabled', value: 'True' }] : []),
          ],
          restrictions: size.restrictedIn.some((r) => eq(r, l))
            ? [{ type: 'Location', values: [l], restrictionInfo: { locations: [l] }, reasonCode: 'NotAvailableForSubscription' }]
            : [],
        })),
    );
  }

  listVmSizes(location: string): Json[] {
    return this.sizes
      .filter((s) => s.locations.some((l) => eq(l, location)))
      .map((s) => ({
        name: s.name,
        numberOfCores: s.vCPUs,
        osDiskSizeInMB: 1047552,
        resourceDiskSizeInMB: 0,
        memoryInMB: s.memoryGB * 1024,
        maxDataDiskCount: s.maxDataDisks,
      }));
  }

  // ---- writes -----------------------------------------------------------------------------------------------------

  /**
   * PUT a resource group: synchronous in ARM. As the REST API "Resource Groups - Create Or Update" (2021-04-01)
   * documents, Azure answers 201 Created when it made the group and 200 OK when the group existed; a PUT is a full
   * replace, so an existing group's tags become the PUT's (none when the PUT has none), as the Azure CLI's
   * maintainers explain for `az group create` on an existing group (Azure/azure-cli#11513).
   */
  putResourceGroup(subscriptionId: string, name: string, body: Json): { created: boolean; json: ArmResourceJson } {
    this.requireWritable(subscriptionId);
    if (!/^[-\w._()]{1,90}$/u.test(name) || name.endsWith('.')) {
      throw new ArmError(
        400,
        'InvalidResourceGroupName',
        `Resource group name '${name}' is invalid. It can contain letters, digits, underscores, hyphens, periods and parentheses, be up to 90 characters and must not end in a period.`,
      );
    }
    const location = str(body.location);
    if (!location) throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
    const existing = this.resourceGroups.get(this.rgKey(subscriptionId, name));
    if (existing) {
      if (existing.json.properties.provisioningState === 'Deleting') {
        throw new ArmError(
          409,
          'ResourceGroupBeingDeleted',
          `The resource group '${existing.json.name}' is in deprovisioning state and cannot perform this operation.`,
        );
      }
      if (!eq(existing.json.location, location)) {
        throw new ArmError(
          409,
          'InvalidResourceGroupLocation',
          `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.json.location}'.`,
        );
      }
      if (body.tags) existing.json.tags = { ...(obj(body.tags) as Record<string, string>) };
      else delete existing.json.tags;
      return { created: false, json: clone(existing.json) };
    }
    const json = this.addResourceGroup(subscriptionId, name, location, body.tags ? (obj(body.tags) as Record<string, string>) : undefined);
    return { created: true, json };
  }

  /**
   * PATCH a resource group: "If a field is unspecified, the current value is retained" (REST API "Resource Groups -
   * Update", 2021-04-01); given tags replace the old ones.
   */
  patchResourceGroup(subscriptionId: string, name: string, body: Json): ArmResourceJson {
    this.requireWritable(subscriptionId);
    const rg = this.requireResourceGroup(subscriptionId, name);
    if (body.tags !== undefined) rg.json.tags = { ...(obj(body.tags) as Record<string, string>) };
    return clone(rg.json);
  }

  deleteResourceGroup(subscriptionId: string, name: string): Operation {
    this.requireWritable(subscriptionId);
    const rg = this.requireResourceGroup(subscriptionId, name);
    const inGroup = (resource: Stored) =>
      lower(resource.subscriptionId) === lower(subscriptionId) && lower(resource.resourceGroup) === lower(name);
    // A disk with an active SAS stops the group's deletion (Azure fails the operation; the fake refuses at once).
    for (const resource of this.resources.values())
      if (inGroup(resource) && resource.kind === 'disks') this.disks.checkDeletable(resource.json.id);
    rg.json.properties.provisioningState = 'Deleting';
    return this.startOperation(subscriptionId, 'Microsoft.Resources', rg.json.location, 'DeleteResourceGroup', () => {
      for (const [key, resource] of this.resources) {
        if (inGroup(resource)) {
          this.removeResource(key);
          if (resource.kind === 'disks') this.disks.remove(resource.json.id);
        }
      }
      this.resourceGroups.delete(this.rgKey(subscriptionId, name));
    });
  }

  /** PUT a resource: validates like ARM, stores it as Creating/Updating and returns the operation that finishes it. */
  putResource(
    subscriptionId: string,
    resourceGroup: string,
    kind: ResourceKind,
    name: string,
    body: Json,
  ): { created: boolean; json: ArmResourceJson; operation: Operation } {
    this.requireWritable(subscriptionId);
    const rg = this.requireResourceGroup(subscriptionId, resourceGroup);
    if (rg.json.properties.provisioningState === 'Deleting') {
      throw new ArmError(
        409,
        'ResourceGroupBeingDeleted',
        `The resource group '${rg.json.name}' is in deprovisioning state and cannot perform this operation.`,
      );
    }
    if (!str(body.location)) throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
    const id = this.id(subscriptionId, rg.json.name, namespaceOf(kind), kind, name);
    const existing = this.resources.get(lower(id));
    if (existing?.json.properties.provisioningState === 'Deleting') {
      throw new ArmError(409, 'Conflict', `The resource '${id}' is being deleted and cannot be updated.`);
    }
    const json = this.prepare(kind, subscriptionId, rg.json.name, existing?.json.name ?? name, body, existing, true);
    const creatingState = kind === 'virtualMachines' ? (existing ? 'Updating' : 'Creating') : 'Updating';
    json.properties.provisioningState = creatingState;
    const stored = this.store(kind, subscriptionId, rg.json.name, json);
    if (kind === 'virtualMachines') {
      stored.vm = existing?.vm ?? {
        powerState: 'starting',
        ...osNameForImage(obj(obj(json.properties.storageProfile).imageReference)),
        bootable: this.osDiskBoots(json),
      };
    }
    const operation = this.startOperation(
      subscriptionId,
      namespaceOf(kind),
      json.location,
      existing ? 'PutUpdate' : 'PutCreate',
      () => {
        const current = this.resources.get(lower(id));
        if (!current) return;
        current.json.properties.provisioningState = 'Succeeded';
        if (current.vm && !existing) {
          current.vm.powerState = 'running';
          current.vm.bootStartedAt = Date.now();
        }
      },
      () => {
        const current = this.resources.get(lower(id));
        if (!current) return;
        current.json.properties.provisioningState = 'Failed';
        if (current.vm && !existing) current.vm.powerState = undefined;
      },
    );
    return { created: !existing, json: this.present(stored, ''), operation };
  }

  /** PATCH a resource's tags (what `disks.update` / `updateTags` send): the given tags replace the old ones. */
  patchResource(
    subscriptionId: string,
    resourceGroup: string,
    kind: ResourceKind,
    name: string,
    body: Json,
  ): { json: ArmResourceJson; operation: Operation } {
    this.requireWritable(subscriptionId);
    this.requireResourceGroup(subscriptionId, resourceGroup);
    const id = this.id(subscriptionId, resourceGroup, namespaceOf(kind), kind, name);
    const stored = this.resources.get(lower(id));
    if (!stored)
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource '${namespaceOf(kind)}/${kind}/${name}' under resource group '${resourceGroup}' was not found.`,
      );
    if (body.tags !== undefined) stored.json.tags = { ...(obj(body.tags) as Record<string, string>) };
    return {
      json: this.present(stored, ''),
      operation: this.startOperation(subscriptionId, namespaceOf(kind), stored.json.location, `Patch${kind}`, () => undefined),
    };
  }

  /** Test seeding: replaces the tags of a resource or resource group, as a change made elsewhere would. */
  setTags(resourceId: string, tags: Record<string, string>): void {
    const stored = this.resources.get(lower(resourceId));
    const group = [...this.resourceGroups.values()].find((rg) => eq(rg.json.id, resourceId));
    const json = stored?.json ?? group?.json;
    if (!json) throw new Error(`No resource ${resourceId}`);
    json.tags = { ...tags };
  }

  /** DELETE a resource: undefined when it does not exist (ARM answers 204), else the operation that removes it. */
  deleteResource(subscriptionId: string, resourceGroup: string, kind: ResourceKind, name: string): Operation | undefined {
    this.requireWritable(subscriptionId);
    this.requireResourceGroup(subscriptionId, resourceGroup);
    const id = this.id(subscriptionId, resourceGroup, namespaceOf(kind), kind, name);
    const stored = this.resources.get(lower(id));
    if (!stored) return undefined;
    this.checkNotInUse(stored);
    stored.json.properties.provisioningState = 'Deleting';
    return this.startOperation(subscriptionId, namespaceOf(kind), stored.json.location, `Delete${kind}`, () => {
      this.removeResource(lower(id));
      if (kind === 'disks') this.disks.remove(id);
      if (kind === 'virtualMachines') this.cascadeVmDelete(stored.json);
    });
  }

  powerAction(subscriptionId: string, resourceGroup: string, name: string, action: PowerAction): Operation {
    this.requireWritable(subscriptionId);
    const vm = this.getResource(subscriptionId, resourceGroup, 'virtualMachines', name);
    const stored = this.resources.get(lower(vm.id))!;
    const runtime = (stored.vm ??= {});
    const provisioning = str(vm.properties.provisioningState);
    if (provisioning === 'Deleting' || provisioning === 'Creating') {
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `Operation '${action}' is not allowed on VM '${name}' since the VM is ${provisioning === 'Deleting' ? 'marked for deletion' : 'being created'}. You can only retry the Delete operation (or wait for an ongoing one to complete).`,
      );
    }
    if (action === 'restart' && runtime.powerState !== 'running') {
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `Operation 'restart' is not allowed on VM '${name}' since the VM is ${runtime.powerState === 'deallocated' ? 'deallocated' : 'not running'}. Start the VM first.`,
      );
    }
    const [during, after]: [PowerState, PowerState] = {
      start: ['starting', 'running'],
      restart: ['starting', 'running'],
      powerOff: ['stopping', 'stopped'],
      deallocate: ['deallocating', 'deallocated'],
    }[action] as [PowerState, PowerState];
    const before = runtime.powerState;
    runtime.powerState = during;
    return this.startOperation(
      subscriptionId,
      'Microsoft.Compute',
      vm.location,
      action,
      () => {
        runtime.powerState = after;
        if (after === 'running') runtime.bootStartedAt = Date.now();
      },
      () => {
        runtime.powerState = before;
      },
    );
  }

  // ---- long-running operations -----------------------------------------------------------------------------

  getOperation(operationId: string): Operation | undefined {
    this.settle();
    return this.operations.get(operationId);
  }

  /** Finishes every operation whose time is up; the server calls this before answering any request. */
  settle(): void {
    const now = Date.now();
    for (const operation of this.operations.values()) {
      if (operation.status === 'InProgress' && now >= operation.readyAt) {
        this.complete(operation);
      }
    }
  }

  close(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    this.blobs.close();
  }

  /**
   * A long-running operation of another resource provider's fake (aks.ts), polled through the same operation routes;
   * `delayMs` overrides how long it stays InProgress.
   */
  beginOperation(
    subscriptionId: string,
    namespace: string,
    location: string,
    name: string,
    finish: () => void,
    delayMs?: number,
  ): Operation {
    return this.startOperation(subscriptionId, namespace, location, name, finish, undefined, delayMs);
  }

  /** Ends an InProgress operation as Canceled (AKS's abort), without running its finish. */
  cancelOperation(operation: Operation): void {
    if (operation.status !== 'InProgress') return;
    operation.status = 'Canceled';
    operation.endTime = Date.now();
  }

  private startOperation(
    subscriptionId: string,
    namespace: string,
    location: string,
    name: string,
    finish: () => void,
    fail?: () => void,
    delayMs = this.lroDelayMs,
  ): Operation {
    const startedAt = Date.now();
    const operation: Operation = {
      id: randomUUID(),
      subscriptionId,
      namespace,
      location,
      name,
      startedAt,
      readyAt: startedAt + delayMs,
      status: 'InProgress',
      finish,
      ...(fail ? { fail } : {}),
    };
    this.operations.set(operation.id, operation);
    // Azure finishes the work whether or not anyone polls: a client that stops polling still sees the result.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (operation.status === 'InProgress' && Date.now() >= operation.readyAt) this.complete(operation);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
    return operation;
  }

  /**
   * Ends a PUT's operation as Failed at once, leaving its resource in provisioningState Failed; `drop` removes that
   * resource too (what it made on the way, such as a VM's OS disk, stays).
   */
  failNow(operation: Operation, error: ArmError, drop?: string): void {
    operation.failWith = { code: error.code, message: error.message };
    this.complete(operation);
    if (drop) this.removeResource(lower(drop));
  }

  private complete(operation: Operation): void {
    operation.endTime = Date.now();
    if (operation.failWith) {
      operation.fail?.();
      operation.status = 'Failed';
      operation.error = operation.failWith;
      return;
    }
    try {
      operation.finish();
      operation.status = 'Succeeded';
    } catch (error) {
      operation.status = 'Failed';
      operation.error =
        error instanceof ArmError ? { code: error.code, message: error.message } : { code: 'InternalServerError', message: String(error) };
    }
  }

  // ---- ARM's rules ---------------------------------------------------------------------------------------------

  private prepare(
    kind: ResourceKind,
    sub: string,
    rg: string,
    name: string,
    body: Json,
    existing: Stored | undefined,
    validate: boolean,
  ): ArmResourceJson {
    const fullType = `${namespaceOf(kind)}/${kind}`;
    const id = this.id(sub, rg, namespaceOf(kind), kind, name);
    const location = str(body.location) ?? 'eastus';
    const json: ArmResourceJson = {
      ...clone(body),
      id,
      name,
      type: fullType,
      location,
      properties: clone(obj(body.properties)),
    };
    if (body.tags !== undefined) json.tags = obj(body.tags) as Record<string, string>;
    const p = json.properties;
    switch (kind) {
      case 'virtualMachines':
        this.prepareVm(json, sub, rg, existing, validate);
        break;
      case 'publicIPAddresses': {
        json.sku = body.sku ?? { name: 'Standard', tier: 'Regional' };
        p.publicIPAllocationMethod ??= 'Static';
        p.publicIPAddressVersion ??= 'IPv4';
        p.idleTimeoutInMinutes ??= 4;
        p.ipAddress = existing ? existing.json.properties.ipAddress : this.nextPublicIp();
        p.resourceGuid = existing?.json.properties.resourceGuid ?? randomUUID();
        break;
      }
      case 'networkSecurityGroups':
        p.securityRules = arr(p.securityRules).map((rule) => ({
          ...rule,
          id: `${id}/securityRules/${str(rule.name)}`,
          type: 'Microsoft.Network/networkSecurityGroups/securityRules',
          properties: { ...obj(rule.properties), provisioningState: 'Succeeded' },
        }));
        p.defaultSecurityRules = defaultSecurityRules(id);
        p.resourceGuid = existing?.json.properties.resourceGuid ?? randomUUID();
        break;
      case 'virtualNetworks':
        p.subnets = arr(p.subnets).map((subnet) => ({
          ...subnet,
          id: `${id}/subnets/${str(subnet.name)}`,
          type: 'Microsoft.Network/virtualNetworks/subnets',
          properties: { ...obj(subnet.properties), provisioningState: 'Succeeded' },
        }));
        p.resourceGuid = existing?.json.properties.resourceGuid ?? randomUUID();
        break;
      case 'networkInterfaces':
        this.prepareNic(json, existing, validate);
        break;
      case 'disks':
        // Upload and FromImage disks (disks.ts); a VM's own OS disk is prepared with validate=false.
        if (validate && !existing) this.disks.create(id, name, p, (reference) => this.imageForDisk(reference));
        p.diskSizeGB ??= 30;
        p.osType ??= 'Linux';
        p.uniqueId ??= randomUUID();
        json.sku = body.sku ?? { name: 'Premium_LRS', tier: 'Premium' };
        break;
      case 'galleries':
        if (validate) checkGalleryName(name);
        p.identifier = { uniqueName: `${sub}-${name.toUpperCase()}` };
        break;
      case 'galleryImages':
      case 'galleryImageVersions':
        throw new Error('Gallery image definitions and versions are made by putGalleryItem.');
    }
    return json;
  }

  private prepareNic(json: ArmResourceJson, existing: Stored | undefined, validate: boolean): void {
    const p = json.properties;
    const configs = arr(p.ipConfigurations);
    if (validate && configs.length === 0) {
      throw new ArmError(
        400,
        'InvalidRequestFormat',
        `Cannot parse the request. NetworkInterface ${json.id} must have at least one IP configuration.`,
      );
    }
    p.ipConfigurations = configs.map((config, index) => {
      const cp = obj(config.properties);
      const subnetId = str(obj(cp.subnet).id);
      const pipId = str(obj(cp.publicIPAddress).id);
      if (!subnetId || !this.findSubnet(subnetId)) {
        throw this.missingReference(subnetId ?? '(no subnet)', json.id);
      }
      if (pipId && !this.resources.has(lower(pipId))) throw this.missingReference(pipId, json.id);
      const previous = existing ? arr(existing.json.properties.ipConfigurations)[index] : undefined;
      const configName = str(config.name) ?? `ipconfig${index + 1}`;
      return {
        name: configName,
        id: `${json.id}/ipConfigurations/${configName}`,
        type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
        properties: {
          ...cp,
          provisioningState: 'Succeeded',
          privateIPAllocationMethod: str(cp.privateIPAllocationMethod) ?? 'Dynamic',
          privateIPAddress: str(cp.privateIPAddress) ?? str(obj(previous?.properties).privateIPAddress) ?? this.nextPrivateIp(subnetId),
          privateIPAddressVersion: 'IPv4',
          primary: index === 0,
        },
      };
    });
    const nsgId = str(obj(p.networkSecurityGroup).id);
    if (nsgId && !this.resources.has(lower(nsgId))) throw this.missingReference(nsgId, json.id);
    p.macAddress = existing?.json.properties.macAddress ?? macFor(json.id);
    p.enableAcceleratedNetworking ??= false;
    p.nicType = 'Standard';
    p.resourceGuid = existing?.json.properties.resourceGuid ?? randomUUID();
  }

  private prepareVm(json: ArmResourceJson, sub: string, rg: string, existing: Stored | undefined, validate: boolean): void {
    const p = json.properties;
    const vmSize = str(obj(p.hardwareProfile).vmSize);
    const storage = obj(p.storageProfile);
    const image = obj(storage.imageReference);
    const security = obj(p.securityProfile);
    const osProfile = obj(p.osProfile);
    // A VM on an existing OS disk (createOption Attach, as `az vm create --attach-os-disk` sends it).
    const attaching = str(obj(storage.osDisk).createOption)?.toLowerCase() === 'attach';
    const attachedDiskId = attaching ? str(obj(obj(storage.osDisk).managedDisk).id) : undefined;
    if (validate) {
      if (attaching && !existing) this.checkAttach(json, attachedDiskId, image, p.osProfile, vmSize);
      if (!/^[a-zA-Z0-9][-a-zA-Z0-9_.]{0,63}$/.test(json.name) || /[-.]$/.test(json.name)) {
        throw new ArmError(
          400,
          'InvalidParameter',
          `The VM name '${json.name}' is not valid. A Linux VM name can be 1 to 64 letters, digits, hyphens, underscores and periods, must start with a letter or digit and not end with a hyphen or period.`,
        );
      }
      if (!vmSize) throw new ArmError(400, 'InvalidParameter', "Required parameter 'hardwareProfile.vmSize' is missing (null).");
      const size = this.checkSize(vmSize, json.location);
      const found = this.checkImage(image, json.location);
      if (size && found) {
        const generations = size.hyperVGenerations.split(',').map((g) => g.trim());
        if (!generations.includes(found.hyperVGeneration)) {
          throw new ArmError(
            400,
            'BadRequest',
            `The selected VM size '${vmSize}' cannot boot Hypervisor Generation '${found.hyperVGeneration.slice(1)}'. If this was a Create operation please check that the Hypervisor Generation of the Image matches the Hypervisor Generation of the selected VM Size. If this was an Update operation please select a Hypervisor Generation '${found.hyperVGeneration.slice(1)}' VM Size.`,
          );
        }
        if (size.architecture !== found.architecture) {
          throw new ArmError(
            400,
            'BadRequest',
            `The selected VM size '${vmSize}' (architecture '${size.architecture}') cannot boot an image of architecture '${found.architecture}'. Please select a VM size that matches the image architecture.`,
          );
        }
      }
      if (str(security.securityType) === 'TrustedLaunch') {
        if (found && !found.securityType.startsWith('TrustedLaunch')) {
          throw new ArmError(
            400,
            'BadRequest',
            `The VM image '${found.publisher}:${found.offer}:${found.sku}' does not support the security type 'TrustedLaunch'. Use an image whose SecurityType feature is TrustedLaunchSupported, or remove securityProfile.securityType.`,
          );
        }
        if (size?.trustedLaunchDisabled) {
          throw new ArmError(
            400,
            'BadRequest',
            `Use of TrustedLaunch setting is not supported for the provided VM size '${vmSize}'. Please choose a VM size that supports Trusted Launch.`,
          );
        }
      }
      if (!existing && !attaching) {
        const admin = str(osProfile.adminUsername);
        if (!admin) throw new ArmError(400, 'InvalidParameter', "Required parameter 'osProfile.adminUsername' is missing (null).");
        if (RESERVED_ADMIN_NAMES.has(admin.toLowerCase())) {
          throw new ArmError(400, 'InvalidParameter', 'The Admin Username specified is not allowed.');
        }
        const linux = obj(osProfile.linuxConfiguration);
        const keys = arr(obj(linux.ssh).publicKeys);
        if (linux.disablePasswordAuthentication === true && keys.length === 0) {
          throw new ArmError(
            400,
            'InvalidParameter',
            'Authentication using either SSH or by user name and password must be enabled in Linux profile.',
          );
        }
      }
      for (const nic of arr(obj(p.networkProfile).networkInterfaces)) {
        const nicId = str(nic.id);
        if (!nicId || !this.resources.has(lower(nicId))) throw this.missingReference(nicId ?? '(no id)', json.id);
        const owner = this.vmUsingNic(nicId);
        if (owner && lower(owner.json.id) !== lower(json.id)) {
          throw new ArmError(400, 'NicInUseByOtherVm', `Network interface ${nicId} is already in use by virtual machine ${owner.json.id}.`);
        }
      }
    }
    // ARM never returns secrets.
    if (p.osProfile) {
      const { adminPassword: _secret, customData: _customData, ...rest } = osProfile;
      p.osProfile = { computerName: json.name, secrets: [], allowExtensionOperations: true, requireGuestProvisionSignal: true, ...rest };
    }
    p.vmId = existing?.json.properties.vmId ?? randomUUID();
    p.timeCreated = existing?.json.properties.timeCreated ?? new Date().toISOString();
    const found = this.findImage(json.location, str(image.publisher) ?? '', str(image.offer) ?? '', str(image.sku) ?? '');
    if (found) {
      const version = str(image.version);
      image.exactVersion = version === 'latest' || !version ? found.versions[found.versions.length - 1] : version;
    }
    const existingOsDisk = obj(obj(existing?.json.properties.storageProfile).osDisk);
    const osDisk = { ...obj(storage.osDisk) };
    const attached = attachedDiskId ? this.resources.get(lower(attachedDiskId)) : undefined;
    const diskName =
      attached?.json.name ??
      str(osDisk.name) ??
      str(existingOsDisk.name) ??
      `${json.name}_OsDisk_1_${createHash('sha1').update(json.id.toLowerCase()).digest('hex').slice(0, 32)}`;
    const diskId = attached?.json.id ?? this.id(sub, rg, 'Microsoft.Compute', 'disks', diskName);
    if (attached) {
      osDisk.osType ??= str(attached.json.properties.osType) ?? 'Linux';
      osDisk.diskSizeGB ??= attached.json.properties.diskSizeGB;
    }
    const managedDisk = obj(osDisk.managedDisk);
    p.storageProfile = {
      ...storage,
      ...(Object.keys(image).length ? { imageReference: image } : {}),
      osDisk: {
        osType: 'Linux',
        createOption: 'FromImage',
        caching: 'ReadWrite',
        deleteOption: 'Detach',
        diskSizeGB: 30,
        ...osDisk,
        name: diskName,
        managedDisk: { storageAccountType: str(managedDisk.storageAccountType) ?? 'Premium_LRS', ...managedDisk, id: diskId },
      },
      dataDisks: arr(storage.dataDisks),
      diskControllerType: 'SCSI',
    };
    p.networkProfile = {
      networkInterfaces: arr(obj(p.networkProfile).networkInterfaces).map((nic, index) => ({
        id: str(nic.id),
        properties: { primary: index === 0, deleteOption: 'Detach', ...obj(nic.properties) },
      })),
    };
    if (!this.resources.has(lower(diskId))) {
      // Azure makes the OS disk from the image as part of creating the VM.
      const disk = this.prepare(
        'disks',
        sub,
        rg,
        diskName,
        {
          location: json.location,
          sku: { name: str(managedDisk.storageAccountType) ?? 'Premium_LRS' },
          properties: {
            osType: 'Linux',
            hyperVGeneration: found?.hyperVGeneration ?? 'V2',
            creationData: {
              createOption: 'FromImage',
              ...(found ? { imageReference: { id: this.imageId(sub, found, str(image.exactVersion) ?? '') } } : {}),
            },
            diskSizeGB: 30,
          },
        },
        undefined,
        false,
      );
      disk.properties.provisioningState = 'Succeeded';
      this.store('disks', sub, rg, disk);
    }
  }

  /** What Azure checks before it makes a VM on an existing OS disk. */
  private checkAttach(
    json: ArmResourceJson,
    diskId: string | undefined,
    image: Json,
    osProfile: unknown,
    vmSize: string | undefined,
  ): void {
    if (Object.keys(image).length > 0) {
      throw new ArmError(
        400,
        'InvalidParameter',
        'Cannot attach an existing OS disk if the VM is created from a platform, user or shared gallery image.',
      );
    }
    if (osProfile !== undefined) throw new ArmError(400, 'InvalidParameter', "Parameter 'osProfile' is not allowed.");
    const disk = diskId ? this.resources.get(lower(diskId)) : undefined;
    if (!diskId || !disk || disk.kind !== 'disks') throw this.missingReference(diskId ?? '(no managedDisk.id)', json.id);
    this.disks.checkUsable(disk.json.id, 'attached to a virtual machine');
    const owner = this.vmUsingDisk(disk.json.id);
    if (owner && lower(owner.json.id) !== lower(json.id)) {
      throw new ArmError(409, 'OperationNotAllowed', `Disk ${disk.json.name} is already attached to VM ${owner.json.id}.`);
    }
    const size = vmSize ? this.checkSize(vmSize, json.location) : undefined;
    const generation = str(disk.json.properties.hyperVGeneration) ?? 'V1';
    if (
      size &&
      !size.hyperVGenerations
        .split(',')
        .map((g) => g.trim())
        .includes(generation)
    ) {
      throw new ArmError(
        400,
        'BadRequest',
        `The selected VM size '${vmSize}' cannot boot Hypervisor Generation '${generation.slice(1)}'. If this was a Create operation please check that the Hypervisor Generation of the Image matches the Hypervisor Generation of the selected VM Size.`,
      );
    }
  }

  private checkSize(vmSize: string, location: string): Required<VmSizeSeed> | undefined {
    const sizesHere = this.sizes.filter((s) => s.locations.some((l) => eq(l, location)));
    if (sizesHere.length === 0) return undefined; // no catalogue seeded for this region: accept anything
    const size = sizesHere.find((s) => eq(s.name, vmSize));
    if (!size || size.restrictedIn.some((r) => eq(r, location))) {
      const failure = armFailures.skuNotAvailable(vmSize, location);
      throw new ArmError(failure.status, failure.code, failure.message);
    }
    return size;
  }

  private checkImage(image: Json, location: string): Required<ImageSeed> | undefined {
    const publisher = str(image.publisher);
    if (!publisher || !this.images.some((i) => eq(i.location, location))) return undefined;
    const found = this.findImage(location, publisher, str(image.offer) ?? '', str(image.sku) ?? '');
    const version = str(image.version) ?? 'latest';
    if (!found || (version !== 'latest' && !found.versions.includes(version))) {
      throw new ArmError(
        404,
        'PlatformImageNotFound',
        `The platform image '${publisher}:${str(image.offer)}:${str(image.sku)}:${version}' is not available. Verify that all fields in the storage profile are correct. For more details about storage profile information, please refer to https://aka.ms/storageprofile`,
      );
    }
    return found;
  }

  private checkNotInUse(stored: Stored): void {
    const id = stored.json.id;
    switch (stored.kind) {
      case 'networkInterfaces': {
        const vm = this.vmUsingNic(id);
        if (vm)
          throw new ArmError(
            400,
            'NicInUse',
            `Network Interface ${id} is used by existing resource ${vm.json.id}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`,
          );
        break;
      }
      case 'publicIPAddresses': {
        const config = this.nicConfigs().find((c) => eq(str(obj(obj(c.config.properties).publicIPAddress).id) ?? '', id));
        if (config)
          throw new ArmError(
            400,
            'PublicIPAddressInUse',
            `Public IP address ${id} can not be deleted since it is still allocated to resource ${str(config.config.id)}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.`,
          );
        break;
      }
      case 'networkSecurityGroups': {
        const nic = [...this.resources.values()].find(
          (r) => r.kind === 'networkInterfaces' && eq(str(obj(r.json.properties.networkSecurityGroup).id) ?? '', id),
        );
        const subnet = this.allSubnets().find((s) => eq(str(obj(obj(s.properties).networkSecurityGroup).id) ?? '', id));
        const user = nic?.json.id ?? str(subnet?.id);
        if (user)
          throw new ArmError(
            400,
            'InUseNetworkSecurityGroupCannotBeDeleted',
            `Network security group ${id} cannot be deleted because it is in use by the following resources: ${user}. In order to delete the Network security group, remove the association with the resource(s).`,
          );
        break;
      }
      case 'virtualNetworks': {
        const config = this.nicConfigs().find((c) =>
          lower(str(obj(obj(c.config.properties).subnet).id) ?? '').startsWith(`${lower(id)}/subnets/`),
        );
        if (config)
          throw new ArmError(
            400,
            'InUseSubnetCannotBeDeleted',
            `Subnet ${str(obj(obj(config.config.properties).subnet).id)} is in use by ${str(config.config.id)} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet.`,
          );
        break;
      }
      case 'disks': {
        const vm = this.vmUsingDisk(id);
        if (vm) throw new ArmError(409, 'OperationNotAllowed', `Disk ${stored.json.name} is attached to VM ${vm.json.id}.`);
        this.disks.checkDeletable(id);
        break;
      }
      case 'galleries':
      case 'galleryImages': {
        const child = [...this.resources.values()].find((r) => lower(r.json.id).startsWith(`${lower(id)}/`));
        if (child) {
          throw new ArmError(
            409,
            'CannotDeleteResource',
            `Can not delete resource before nested resources are deleted. ${child.json.id} still exists in ${stored.json.name}.`,
          );
        }
        break;
      }
      case 'virtualMachines':
      case 'galleryImageVersions':
        break;
    }
  }

  /** deleteOption "Delete" on the OS disk and NICs removes them with the VM, as Azure does. */
  private cascadeVmDelete(vm: ArmResourceJson): void {
    const osDisk = obj(obj(vm.properties.storageProfile).osDisk);
    if (str(osDisk.deleteOption) === 'Delete') {
      this.removeResource(lower(str(obj(osDisk.managedDisk).id) ?? ''));
      this.disks.remove(str(obj(osDisk.managedDisk).id) ?? '');
    }
    for (const nic of arr(obj(vm.properties.networkProfile).networkInterfaces)) {
      if (str(obj(nic.properties).deleteOption) === 'Delete') this.removeResource(lower(str(nic.id) ?? ''));
    }
  }

  // ---- presentation: back-references are computed, so they are never stale -------------------------------

  private present(stored: Stored, expand: string): ArmResourceJson {
    const json = clone(stored.json);
    const id = lower(json.id);
    const p = json.properties;
    switch (stored.kind) {
      case 'networkInterfaces': {
        const vm = this.vmUsingNic(json.id);
        if (vm) p.virtualMachine = { id: vm.json.id };
        const nsgId = str(obj(p.networkSecurityGroup).id);
        if (nsgId) p.networkSecurityGroup = { id: nsgId };
        if (/publicipaddress/i.test(expand)) {
          for (const config of arr(p.ipConfigurations)) {
            const cp = obj(config.properties);
            const pip = this.resources.get(lower(str(obj(cp.publicIPAddress).id) ?? ''));
            if (pip) cp.publicIPAddress = this.present(pip, '');
          }
        }
        break;
      }
      case 'publicIPAddresses': {
        const user = this.refs().configByPip.get(id);
        if (user) p.ipConfiguration = { id: str(user.id) };
        break;
      }
      case 'networkSecurityGroups': {
        const nics = this.refs().nicsByNsg.get(id) ?? [];
        if (nics.length) p.networkInterfaces = nics.map((n) => ({ id: n.json.id }));
        const subnets = this.refs().subnetsByNsg.get(id) ?? [];
        if (subnets.length) p.subnets = subnets.map((s) => ({ id: str(s.id) }));
        break;
      }
      case 'virtualNetworks':
        for (const subnet of arr(p.subnets)) {
          const users = this.refs().configsBySubnet.get(lower(str(subnet.id) ?? '')) ?? [];
          if (users.length) obj(subnet.properties).ipConfigurations = users.map((u) => ({ id: str(u.id) }));
        }
        break;
      case 'disks': {
        const vm = this.vmUsingDisk(json.id);
        if (vm) json.managedBy = vm.json.id;
        p.diskState = vm ? 'Attached' : (this.disks.state(json.id) ?? 'Unattached');
        break;
      }
      case 'virtualMachines':
        if (/instanceview/i.test(expand)) p.instanceView = this.instanceViewOf(stored);
        break;
    }
    return json;
  }

  private instanceViewOf(stored: Stored): Json {
    const runtime = stored.vm ?? {};
    const provisioning = str(stored.json.properties.provisioningState) ?? 'Succeeded';
    const now = new Date().toISOString();
    const statuses: Json[] = [
      {
        code: `ProvisioningState/${provisioning.toLowerCase()}`,
        level: provisioning === 'Failed' ? 'Error' : 'Info',
        displayStatus: provisioning === 'Succeeded' ? 'Provisioning succeeded' : `Provisioning ${provisioning.toLowerCase()}`,
        time: now,
      },
    ];
    if (runtime.powerState) {
      statuses.push({ code: `PowerState/${runtime.powerState}`, level: 'Info', displayStatus: POWER_DISPLAY[runtime.powerState] });
    }
    const osDisk = obj(obj(stored.json.properties.storageProfile).osDisk);
    return {
      computerName: str(obj(stored.json.properties.osProfile).computerName) ?? stored.json.name,
      ...(runtime.osName ? { osName: runtime.osName } : {}),
      ...(runtime.osVersion ? { osVersion: runtime.osVersion } : {}),
      hyperVGeneration: 'V2',
      vmAgent: this.agentReady(runtime)
        ? {
            vmAgentVersion: '2.12.0.2',
            statuses: [
              {
                code: 'ProvisioningState/succeeded',
                level: 'Info',
                displayStatus: 'Ready',
                message: 'Guest Agent is running',
                time: now,
              },
            ],
          }
        : {
            vmAgentVersion: 'Unknown',
            statuses: [
              {
                code: 'ProvisioningState/Unavailable',
                level: 'Warning',
                displayStatus: 'Not Ready',
                message: 'VM status blob is found but not yet populated.',
                time: now,
              },
            ],
          },
      disks: [
        {
          name: str(osDisk.name),
          statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time: now }],
        },
      ],
      statuses,
    };
  }

  // ---- disks' access, galleries, boot diagnostics, VM extensions ------------------------------------------------

  /** The platform image version a FromImage disk names (`/Subscriptions/../Publishers/../Versions/<version>`). */
  private imageForDisk(referenceId: string): ImageForDisk | undefined {
    const match =
      /\/Locations\/([^/]+)\/Publishers\/([^/]+)\/ArtifactTypes\/VMImage\/Offers\/([^/]+)\/Skus\/([^/]+)\/Versions\/([^/]+)$/i.exec(
        referenceId,
      );
    if (!match) return undefined;
    const [, location, publisher, offer, sku, version] = match as unknown as [string, string, string, string, string, string];
    const image = this.findImage(location, publisher, offer, sku);
    if (!image?.versions.includes(version)) return undefined;
    return {
      urn: `${image.publisher}:${image.offer}:${image.sku}:${version}`,
      sizeGb: image.osDiskSizeGb,
      hyperVGeneration: image.hyperVGeneration,
    };
  }

  /** Whether a new VM's OS disk gets past the firmware: an attached disk by its bytes, an image's always. */
  private osDiskBoots(vm: ArmResourceJson): boolean {
    const osDisk = obj(obj(vm.properties.storageProfile).osDisk);
    if (str(osDisk.createOption)?.toLowerCase() !== 'attach') return true;
    return this.disks.bootable(str(obj(osDisk.managedDisk).id) ?? '') ?? true;
  }

  private booted(runtime: VmRuntime): boolean {
    return runtime.bootStartedAt === undefined || Date.now() - runtime.bootStartedAt >= this.bootDurationMs;
  }

  /** The guest agent reports Ready once a bootable VM has run for bootDurationMs. */
  private agentReady(runtime: VmRuntime): boolean {
    return runtime.powerState === 'running' && runtime.bootable !== false && this.booted(runtime);
  }

  private requireDisk(subscriptionId: string, resourceGroup: string, name: string): Stored {
    const disk = this.getResource(subscriptionId, resourceGroup, 'disks', name);
    return this.resources.get(lower(disk.id))!;
  }

  /** POST .../disks/{name}/beginGetAccess: the SAS is the operation's result. */
  grantDiskAccess(subscriptionId: string, resourceGroup: string, name: string, body: Json): Operation {
    this.requireWritable(subscriptionId);
    const disk = this.requireDisk(subscriptionId, resourceGroup, name);
    const sas = this.disks.grant(disk.json.id, body.access, body.durationInSeconds, this.vmUsingDisk(disk.json.id)?.json.id);
    const operation = this.startOperation(subscriptionId, 'Microsoft.Compute', disk.json.location, 'BeginGetAccess', () => undefined);
    operation.result = { accessSAS: sas };
    return operation;
  }

  /** POST .../disks/{name}/endGetAccess. */
  revokeDiskAccess(subscriptionId: string, resourceGroup: string, name: string): Operation {
    this.requireWritable(subscriptionId);
    const disk = this.requireDisk(subscriptionId, resourceGroup, name);
    this.disks.revoke(disk.json.id);
    return this.startOperation(subscriptionId, 'Microsoft.Compute', disk.json.location, 'EndGetAccess', () => undefined);
  }

  /** PUT of a gallery image definition or image version (nested under a gallery, so not the generic PUT). */
  putGalleryItem(
    subscriptionId: string,
    resourceGroup: string,
    path: { gallery: string; image: string; version?: string },
    body: Json,
  ): { created: boolean; json: ArmResourceJson; operation: Operation } {
    this.requireWritable(subscriptionId);
    const rg = this.requireResourceGroup(subscriptionId, resourceGroup);
    const galleryId = this.id(subscriptionId, rg.json.name, 'Microsoft.Compute', 'galleries', path.gallery);
    const gallery = this.resources.get(lower(galleryId));
    const parentMissing = (name: string) =>
      new ArmError(
        404,
        'ParentResourceNotFound',
        `Can not perform requested operation on nested resource. Parent resource '${name}' not found.`,
      );
    if (!gallery) throw parentMissing(path.gallery);
    const imageId = `${gallery.json.id}/images/${path.image}`;
    const location = str(body.location);
    if (!location) throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
    const p = clone(obj(body.properties));
    let kind: ResourceKind;
    let id: string;
    let name: string;
    if (path.version === undefined) {
      kind = 'galleryImages';
      id = imageId;
      name = path.image;
      checkGalleryChildName(name);
      const identifier = obj(p.identifier);
      if (!str(p.osType) || !str(p.osState) || !str(identifier.publisher) || !str(identifier.offer) || !str(identifier.sku)) {
        throw new ArmError(
          400,
          'InvalidParameter',
          'An image definition needs osType, osState and an identifier with publisher, offer and sku.',
        );
      }
      p.hyperVGeneration ??= 'V1';
      p.architecture ??= 'x64';
    } else {
      kind = 'galleryImageVersions';
      const image = this.resources.get(lower(imageId));
      if (!image) throw parentMissing(path.image);
      id = `${imageId}/versions/${path.version}`;
      name = path.version;
      const parts = name.split('.');
      if (parts.length !== 3 || parts.some((part) => !/^\d+$/.test(part) || Number(part) > 2 ** 31 - 1)) {
        throw new ArmError(
          400,
          'InvalidParameter',
          `The gallery image version name '${name}' is invalid. It must be Major.Minor.Patch, each a 32-bit integer.`,
        );
      }
      const storage = obj(p.storageProfile);
      const sourceId = str(obj(obj(storage.osDiskImage).source).id) ?? str(obj(storage.source).id);
      const source = sourceId ? this.resources.get(lower(sourceId)) : undefined;
      if (!sourceId || !source || source.kind !== 'disks') {
        throw new ArmError(400, 'InvalidParameter', `The source of the image version (${sourceId ?? 'none given'}) was not found.`);
      }
      this.disks.checkUsable(source.json.id, 'used as an image source');
      const sourceGeneration = str(source.json.properties.hyperVGeneration) ?? 'V1';
      const imageGeneration = str(image.json.properties.hyperVGeneration) ?? 'V1';
      if (sourceGeneration !== imageGeneration) {
        throw new ArmError(
          400,
          'InvalidParameter',
          `The Hyper-V generation of the source (${sourceGeneration}) does not match the image definition ${image.json.name} (${imageGeneration}).`,
        );
      }
      const blob = this.disks.blob(source.json.id);
      if (blob) this.versionSources.set(lower(id), { sha256: () => blob.sha256() });
      this.disks.retain(source.json.id);
      const publishing = obj(p.publishingProfile);
      publishing.targetRegions ??= [{ name: location, regionalReplicaCount: 1, storageAccountType: 'Standard_LRS' }];
      publishing.publishedDate = new Date().toISOString();
      p.publishingProfile = publishing;
      p.storageProfile = {
        ...storage,
        osDiskImage: { ...obj(storage.osDiskImage), sizeInGB: source.json.properties.diskSizeGB, hostCaching: 'ReadWrite' },
      };
    }
    const existing = this.resources.get(lower(id));
    const json: ArmResourceJson = {
      id,
      name,
      type: kind === 'galleryImages' ? 'Microsoft.Compute/galleries/images' : 'Microsoft.Compute/galleries/images/versions',
      location,
      ...(body.tags ? { tags: obj(body.tags) as Record<string, string> } : {}),
      properties: { ...p, provisioningState: 'Creating' },
    };
    const stored = this.store(kind, subscriptionId, rg.json.name, json);
    const operation = this.startOperation(
      subscriptionId,
      'Microsoft.Compute',
      location,
      existing ? 'PutUpdate' : 'PutCreate',
      () => {
        const current = this.resources.get(lower(id));
        if (current) current.json.properties.provisioningState = 'Succeeded';
      },
      () => {
        const current = this.resources.get(lower(id));
        if (current) current.json.properties.provisioningState = 'Failed';
      },
    );
    return { created: !existing, json: this.present(stored, ''), operation };
  }

  /** Hashes of the disks image versions were made from, so a test can compare them with the uploaded file. */
  readonly versionSources = new Map<string, { sha256(): string }>();

  getGalleryItem(
    subscriptionId: string,
    resourceGroup: string,
    path: { gallery: string; image: string; version?: string },
  ): ArmResourceJson {
    const stored = this.resources.get(lower(this.galleryItemId(subscriptionId, resourceGroup, path)));
    if (!stored) {
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource '${this.galleryItemId(subscriptionId, resourceGroup, path)}' was not found.`,
      );
    }
    return this.present(stored, '');
  }

  /** The image definitions of a gallery, or the versions of one definition. */
  listGalleryItems(subscriptionId: string, resourceGroup: string, gallery: string, image?: string): ArmResourceJson[] {
    this.requireResourceGroup(subscriptionId, resourceGroup);
    const parent =
      image === undefined
        ? this.galleryItemId(subscriptionId, resourceGroup, { gallery, image: '' }).replace(/\/images\/$/, '')
        : this.galleryItemId(subscriptionId, resourceGroup, { gallery, image });
    if (!this.resources.has(lower(parent))) {
      throw new ArmError(404, 'ResourceNotFound', `The Resource '${parent}' was not found.`);
    }
    const prefix = `${lower(parent)}/${image === undefined ? 'images' : 'versions'}/`;
    return [...this.resources.values()]
      .filter((r) => lower(r.json.id).startsWith(prefix) && !lower(r.json.id).slice(prefix.length).includes('/'))
      .map((r) => this.present(r, ''));
  }

  deleteGalleryItem(
    subscriptionId: string,
    resourceGroup: string,
    path: { gallery: string; image: string; version?: string },
  ): Operation | undefined {
    this.requireWritable(subscriptionId);
    this.requireResourceGroup(subscriptionId, resourceGroup);
    const id = this.galleryItemId(subscriptionId, resourceGroup, path);
    const stored = this.resources.get(lower(id));
    if (!stored) return undefined;
    this.checkNotInUse(stored);
    stored.json.properties.provisioningState = 'Deleting';
    return this.startOperation(subscriptionId, 'Microsoft.Compute', stored.json.location, `Delete${stored.kind}`, () =>
      this.removeResource(lower(id)),
    );
  }

  private galleryItemId(subscriptionId: string, resourceGroup: string, path: { gallery: string; image: string; version?: string }): string {
    const gallery = this.id(subscriptionId, resourceGroup, 'Microsoft.Compute', 'galleries', path.gallery);
    return `${gallery}/images/${path.image}${path.version === undefined ? '' : `/versions/${path.version}`}`;
  }

  private requireVmRuntime(subscriptionId: string, resourceGroup: string, name: string): { stored: Stored; runtime: VmRuntime } {
    const vm = this.getResource(subscriptionId, resourceGroup, 'virtualMachines', name);
    const stored = this.resources.get(lower(vm.id))!;
    return { stored, runtime: (stored.vm ??= {}) };
  }

  /** POST .../retrieveBootDiagnosticsData: read SAS URIs of the serial log and the screenshot (managed storage). */
  retrieveBootDiagnosticsData(subscriptionId: string, resourceGroup: string, name: string, minutes: number): Json {
    const { stored, runtime } = this.requireVmRuntime(subscriptionId, resourceGroup, name);
    const enabled = obj(obj(stored.json.properties.diagnosticsProfile).bootDiagnostics).enabled === true;
    if (!enabled) {
      throw new ArmError(409, 'OperationNotAllowed', `Boot diagnostics is not enabled for virtual machine '${name}'.`);
    }
    const seconds = Math.max(60, minutes * 60);
    const vmId = str(stored.json.properties.vmId) ?? randomUUID();
    const account = `bd-${createHash('sha1').update(lower(stored.json.id)).digest('hex').slice(0, 12)}`;
    return {
      serialConsoleLogBlobUri: this.blobs.publish(
        { kind: 'block', contentType: 'text/plain', read: () => Buffer.from(this.serialLog(stored, runtime), 'utf8') },
        'r',
        seconds,
        account,
        `${name}.${vmId}.serialconsole.log`,
      ),
      consoleScreenshotBlobUri: this.blobs.publish(
        {
          kind: 'block',
          contentType: 'image/bmp',
          read: () => (runtime.powerState === 'running' ? consoleScreenshot(runtime.bootable !== false) : undefined),
        },
        'r',
        seconds,
        account,
        `${name}.${vmId}.screenshot.bmp`,
      ),
    };
  }

  /** What the serial console has printed since the VM last started (all of it for a VM that booted long ago). */
  private serialLog(stored: Stored, runtime: VmRuntime): string {
    if (runtime.powerState === 'deallocated' && runtime.bootStartedAt === undefined) return '';
    const lines = bootLogLines(str(obj(stored.json.properties.osProfile).computerName) ?? stored.json.name, runtime.bootable !== false);
    const elapsed = runtime.bootStartedAt === undefined ? Infinity : Date.now() - runtime.bootStartedAt;
    const shown =
      this.bootDurationMs <= 0 || elapsed >= this.bootDurationMs ? lines.length : Math.ceil((lines.length * elapsed) / this.bootDurationMs);
    return [...lines.slice(0, shown), ...(runtime.serialExtra ?? [])].map((line) => `${line}\r\n`).join('');
  }

  /** Test seeding: the VM prints more on its serial console. */
  appendSerialLog(vmId: string, text: string): void {
    const stored = this.resources.get(lower(vmId));
    if (!stored?.vm) throw new Error(`No VM ${vmId}`);
    (stored.vm.serialExtra ??= []).push(...text.split(/\r?\n/));
  }

  /** PUT .../virtualMachines/{vm}/extensions/{name}: needs a VM whose agent is Ready, as Azure's does. */
  putVmExtension(
    subscriptionId: string,
    resourceGroup: string,
    vmName: string,
    name: string,
    body: Json,
  ): { json: Json; operation: Operation } {
    this.requireWritable(subscriptionId);
    const { stored, runtime } = this.requireVmRuntime(subscriptionId, resourceGroup, vmName);
    const p = obj(body.properties);
    if (!str(p.publisher) || !str(p.type) || !str(p.typeHandlerVersion)) {
      throw new ArmError(400, 'InvalidParameter', 'A VM extension needs publisher, type and typeHandlerVersion.');
    }
    const extension: Json = {
      id: `${stored.json.id}/extensions/${name}`,
      name,
      type: 'Microsoft.Compute/virtualMachines/extensions',
      location: stored.json.location,
      properties: { ...clone(p), provisioningState: 'Creating' },
    };
    (runtime.extensions ??= new Map()).set(lower(name), extension);
    const operation = this.startOperation(subscriptionId, 'Microsoft.Compute', stored.json.location, 'PutExtension', () => {
      const current = obj(extension.properties);
      if (!this.agentReady(runtime)) {
        current.provisioningState = 'Failed';
        throw new ArmError(
          400,
          'VMAgentStatusCommunicationError',
          `VM '${vmName}' has not reported status for VM agent or extensions. Verify that the OS is up and healthy, the VM has a running VM agent, and that it can establish outbound connections to Azure storage. Please refer to https://aka.ms/vmextensionlinuxtroubleshoot for additional VM agent troubleshooting information.`,
        );
      }
      current.provisioningState = 'Succeeded';
    });
    const { protectedSettings: _secret, ...shown } = obj(extension.properties);
    return { json: { ...extension, properties: shown }, operation };
  }

  /** GET of a VM extension: without its protected settings, as ARM answers. */
  getVmExtension(subscriptionId: string, resourceGroup: string, vmName: string, name: string): Json {
    const { stored, runtime } = this.requireVmRuntime(subscriptionId, resourceGroup, vmName);
    const extension = runtime.extensions?.get(lower(name));
    if (!extension) {
      throw new ArmError(404, 'NotFound', `The entity was not found in this Azure location. Extension '${name}' of ${stored.json.id}.`);
    }
    const { protectedSettings: _secret, ...shown } = obj(extension.properties);
    return { ...extension, properties: shown };
  }

  /** Test inspection: an extension as it was PUT, protected settings included. */
  vmExtension(vmId: string, name: string): Json | undefined {
    return this.resources.get(lower(vmId))?.vm?.extensions?.get(lower(name));
  }

  // ---- lookups ---------------------------------------------------------------------------------------------

  private removeResource(key: string): void {
    this.resources.delete(key);
    this.refsCache = undefined;
  }

  /** Who references whom, rebuilt after any change: listing thousands of resources stays linear. */
  private refs(): RefIndex {
    if (this.refsCache) return this.refsCache;
    const index: RefIndex = {
      vmByNic: new Map(),
      vmByDisk: new Map(),
      configByPip: new Map(),
      nicsByNsg: new Map(),
      subnetsByNsg: new Map(),
      configsBySubnet: new Map(),
    };
    const push = <T>(map: Map<string, T[]>, key: string | undefined, value: T) => {
      if (!key) return;
      const list = map.get(lower(key));
      if (list) list.push(value);
      else map.set(lower(key), [value]);
    };
    for (const r of this.resources.values()) {
      const p = r.json.properties;
      if (r.kind === 'virtualMachines') {
        for (const nic of arr(obj(p.networkProfile).networkInterfaces)) {
          const id = str(nic.id);
          if (id) index.vmByNic.set(lower(id), r);
        }
        const diskId = str(obj(obj(obj(p.storageProfile).osDisk).managedDisk).id);
        if (diskId) index.vmByDisk.set(lower(diskId), r);
      } else if (r.kind === 'networkInterfaces') {
        for (const config of arr(p.ipConfigurations)) {
          const cp = obj(config.properties);
          const pipId = str(obj(cp.publicIPAddress).id);
          if (pipId) index.configByPip.set(lower(pipId), config);
          push(index.configsBySubnet, str(obj(cp.subnet).id), config);
        }
        push(index.nicsByNsg, str(obj(p.networkSecurityGroup).id), r);
      } else if (r.kind === 'virtualNetworks') {
        for (const subnet of arr(p.subnets)) push(index.subnetsByNsg, str(obj(obj(subnet.properties).networkSecurityGroup).id), subnet);
      }
    }
    return (this.refsCache = index);
  }

  private nicConfigs(): { nic: Stored; config: Json }[] {
    return [...this.resources.values()]
      .filter((r) => r.kind === 'networkInterfaces')
      .flatMap((nic) => arr(nic.json.properties.ipConfigurations).map((config) => ({ nic, config })));
  }

  private allSubnets(): Json[] {
    return [...this.resources.values()].filter((r) => r.kind === 'virtualNetworks').flatMap((v) => arr(v.json.properties.subnets));
  }

  private findSubnet(subnetId: string): Json | undefined {
    return this.allSubnets().find((s) => eq(str(s.id) ?? '', subnetId));
  }

  private vmUsingNic(nicId: string): Stored | undefined {
    return this.refs().vmByNic.get(lower(nicId));
  }

  private vmUsingDisk(diskId: string): Stored | undefined {
    return this.refs().vmByDisk.get(lower(diskId));
  }

  private findImage(location: string, publisher: string, offer: string, sku: string): Required<ImageSeed> | undefined {
    return this.images.find((i) => eq(i.location, location) && eq(i.publisher, publisher) && eq(i.offer, offer) && eq(i.sku, sku));
  }

  private imageId(sub: string, image: Required<ImageSeed>, version: string): string {
    return `/Subscriptions/${sub}/Providers/Microsoft.Compute/Locations/${image.location}/Publishers/${image.publisher}/ArtifactTypes/VMImage/Offers/${image.offer}/Skus/${image.sku}/Versions/${version}`;
  }

  private catalogueNames(
    sub: string,
    location: string,
    pick: (image: Required<ImageSeed>) => string,
    keep: (image: Required<ImageSeed>) => boolean,
    path: (name: string) => string,
  ): Json[] {
    this.requireSubscription(sub);
    const names = [...new Set(this.images.filter((i) => eq(i.location, location) && keep(i)).map(pick))].sort();
    return names.map((name) => ({
      location,
      name,
      id: `/Subscriptions/${sub}/Providers/Microsoft.Compute/Locations/${location}/${path(name)}`,
    }));
  }

  private store(kind: ResourceKind, subscriptionId: string, resourceGroup: string, json: ArmResourceJson): Stored {
    const key = lower(json.id);
    const previous = this.resources.get(key);
    const stored: Stored = { json, subscriptionId, resourceGroup, kind, ...(previous?.vm ? { vm: previous.vm } : {}) };
    this.resources.set(key, stored);
    this.refsCache = undefined;
    return stored;
  }

  private missingReference(referenced: string, by: string): ArmError {
    return new ArmError(
      400,
      'InvalidResourceReference',
      `Resource ${referenced} referenced by resource ${by} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    );
  }

  private nextPublicIp(): string {
    const n = this.publicIpCounter++;
    return `20.${51 + Math.floor(n / 62500)}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
  }

  private nextPrivateIp(subnetId: string): string {
    const subnet = this.findSubnet(subnetId);
    const prefix = str(obj(subnet?.properties).addressPrefix) ?? '10.0.0.0/24';
    const [a, b, c] = prefix.split('/')[0]!.split('.');
    const used = new Set(
      this.nicConfigs()
        .filter((cfg) => eq(str(obj(obj(cfg.config.properties).subnet).id) ?? '', subnetId))
        .map((cfg) => str(obj(cfg.config.properties).privateIPAddress)),
    );
    // Azure reserves .0 to .3 in every subnet.
    for (let host = 4; host < 255; host++) {
      const candidate = `${a}.${b}.${c}.${host}`;
      if (!used.has(candidate)) return candidate;
    }
    throw new ArmError(400, 'SubnetIsFull', `Subnet ${subnetId} has no free addresses.`);
  }

  private subscriptionJson(s: SubscriptionRecord): Json {
    return {
      id: `/subscriptions/${s.subscriptionId}`,
      authorizationSource: 'RoleBased',
      managedByTenants: [],
      subscriptionId: s.subscriptionId,
      tenantId: s.tenantId,
      displayName: s.displayName,
      state: s.state,
      subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    };
  }

  private ensureLocation(name: string): void {
    if (!this.locations.has(lower(name))) this.addLocation({ name, displayName: name });
  }

  requireSubscription(subscriptionId: string): SubscriptionRecord {
    const found = this.subscriptions.get(lower(subscriptionId));
    if (!found) throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
    return found;
  }

  /** Writes need an enabled subscription; reads work on a disabled one, as in Azure. */
  private requireWritable(subscriptionId: string): SubscriptionRecord {
    const found = this.requireSubscription(subscriptionId);
    if (found.state === 'Disabled' || found.state === 'Deleted') {
      throw new ArmError(
        409,
        'ReadOnlyDisabledSubscription',
        `The subscription '${subscriptionId}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`,
      );
    }
    return found;
  }

  private requireResourceGroup(subscriptionId: string, name: string): ResourceGroupRecord {
    this.requireSubscription(subscriptionId);
    const found = this.resourceGroups.get(this.rgKey(subscriptionId, name));
    if (!found) throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
    return found;
  }

  private rgKey(subscriptionId: string, name: string): string {
    return lower(`${subscriptionId}/${name}`);
  }

  private id(sub: string, rg: string, namespace: string, type: string, name: string): string {
    return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${namespace}/${type}/${name}`;
  }
}

const POWER_DISPLAY: Record<PowerState, string> = {
  running: 'VM running',
  stopped: 'VM stopped',
  deallocated: 'VM deallocated',
  starting: 'VM starting',
  stopping: 'VM stopping',
  deallocating: 'VM deallocating',
};

function namespaceOf(kind: ResourceKind): string {
  return kind === 'virtualMachines' || kind === 'disks' || kind.startsWith('galler') ? 'Microsoft.Compute' : 'Microsoft.Network';
}

function eq(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function macFor(id: string): string {
  const hex = createHash('sha1').update(id.toLowerCase()).digest('hex').slice(0, 12).toUpperCase();
  return hex.match(/../g)!.join('-');
}

/** What the guest agent reports as osName / osVersion for an image, as Azure Linux and Mariner VMs do. */
function osNameForImage(image: Json): { osName?: string; osVersion?: string } {
  const offer = (str(image.offer) ?? '').toLowerCase();
  const version = str(image.exactVersion) ?? str(image.version) ?? '';
  if (offer.startsWith('azurelinux-4')) return { osName: 'azurelinux', osVersion: '4.0' };
  if (offer.startsWith('azure-linux'))
    return { osName: 'azurelinux', osVersion: version.startsWith('3.') ? `3.0.${version.split('.')[1]}` : '3.0' };
  if (offer.includes('mariner')) return { osName: 'mariner', osVersion: '2.0' };
  if (offer.includes('ubuntu')) return { osName: 'ubuntu', osVersion: '24.04' };
  return {};
}

/** Gallery names: 1-80 letters, digits, underscores and periods, starting and ending with a letter or digit. */
function checkGalleryName(name: string): void {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9_.]{0,78}[A-Za-z0-9])?$/.test(name)) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `The gallery name '${name}' is invalid. It can have 1 to 80 letters, digits, underscores and periods, and must start and end with a letter or digit.`,
    );
  }
}

/** Image definition names: 1-80 letters, digits, underscores, hyphens and periods, starting and ending with a letter or digit. */
function checkGalleryChildName(name: string): void {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9])?$/.test(name)) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `The image definition name '${name}' is invalid. It can have 1 to 80 letters, digits, underscores, hyphens and periods, and must start and end with a letter or digit.`,
    );
  }
}
