/*
 * Seed data that looks like the real Azure catalogue for Azure Linux: regions, marketplace images and VM sizes with
 * the capabilities the create flow reads. Values follow what ARM returns; availability differs per region on purpose,
 * so code that hard-codes an image or a size shows up in tests.
 *
 * The Azure Linux images follow /work/shared/reference/azure-linux.md ("VM images"), not the extension's code:
 *  - 3.0: publisher MicrosoftCBLMariner, offer azure-linux-3, SKUs azure-linux-3 (Gen1), azure-linux-3-gen2,
 *    azure-linux-3-arm64, FIPS variants (...-fips: here the Gen1 and Gen2 ones), and azure-linux-3-acl (Azure Container
 *    Linux, an AKS node OS with no console login, not a general-purpose VM);
 *  - 4.0 preview: publisher MicrosoftAzureLinux, offer azurelinux-4, SKUs 4 (x64, Gen2) and 4-arm64; no Gen1 image
 *    ("MicrosoftAzureLinux:azurelinux-4:4:latest" in Microsoft's Azure Linux 4.0 preview docs).
 * Version numbers, security types of the 4.0 and ACL images, and which regions have what are this file's own choices
 * (the 3.0 Gen2 x64 images report TrustedLaunchSupported; the 4.0 and ACL Gen2 x64 images are given the same).
 */

export interface LocationSeed {
  name: string;
  displayName: string;
  geography?: string;
  pairedRegion?: string;
}

export interface ImageSeed {
  location: string;
  publisher: string;
  offer: string;
  sku: string;
  /** Versions in any order; the catalogue sorts them like ARM does. */
  versions: string[];
  hyperVGeneration?: 'V1' | 'V2';
  architecture?: 'x64' | 'Arm64';
  /** `SecurityType` feature: `TrustedLaunchSupported`, `TrustedLaunchAndConfidentialVmSupported`, or none. */
  securityType?: string;
  /** ARM's `imageDeprecationStatus.imageState`: `Active` or `ScheduledForDeprecation`. */
  imageState?: string;
  /** `osDiskImage.sizeInGb`: the size of a disk made from the image (default 30). */
  osDiskSizeGb?: number;
}

export interface VmSizeSeed {
  name: string;
  /** Regions where the size exists; restricted regions are listed again in `restrictedIn`. */
  locations: string[];
  vCPUs: number;
  memoryGB: number;
  family: string;
  hyperVGenerations?: string;
  architecture?: 'x64' | 'Arm64';
  /** Regions where the subscription may not use the size (`NotAvailableForSubscription`). */
  restrictedIn?: string[];
  trustedLaunchDisabled?: boolean;
  maxDataDisks?: number;
}

export const STANDARD_LOCATIONS: LocationSeed[] = [
  { name: 'eastus', displayName: 'East US', geography: 'United States', pairedRegion: 'westus' },
  { name: 'eastus2', displayName: 'East US 2', geography: 'United States', pairedRegion: 'centralus' },
  { name: 'westus2', displayName: 'West US 2', geography: 'United States', pairedRegion: 'westcentralus' },
  { name: 'westeurope', displayName: 'West Europe', geography: 'Europe', pairedRegion: 'northeurope' },
  { name: 'northeurope', displayName: 'North Europe', geography: 'Europe', pairedRegion: 'westeurope' },
  { name: 'southeastasia', displayName: 'Southeast Asia', geography: 'Asia Pacific', pairedRegion: 'eastasia' },
];

const AZL3_VERSIONS = ['3.20250102.02', '3.20250203.01', '3.20250310.01'];
const AZL4_VERSIONS = ['4.20260901.01', '4.20261015.01'];
const MARINER2_VERSIONS = ['2.20241015.01', '2.20250102.01'];
const UBUNTU_VERSIONS = ['24.04.202501140', '24.04.202502210'];

/** The image catalogue for one region: which variants exist depends on the region. */
export function standardImages(location: string): ImageSeed[] {
  const azl3 = { location, publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', versions: AZL3_VERSIONS };
  const trusted = { hyperVGeneration: 'V2', architecture: 'x64', securityType: 'TrustedLaunchSupported' } as const;
  const images: ImageSeed[] = [
    { ...azl3, sku: 'azure-linux-3', hyperVGeneration: 'V1', architecture: 'x64' },
    { ...azl3, sku: 'azure-linux-3-gen2', ...trusted },
    { ...azl3, sku: 'azure-linux-3-fips', hyperVGeneration: 'V1', architecture: 'x64' },
    { ...azl3, sku: 'azure-linux-3-gen2-fips', ...trusted },
    { ...azl3, sku: 'azure-linux-3-acl', ...trusted },
    {
      location,
      publisher: 'MicrosoftCBLMariner',
      offer: 'cbl-mariner',
      sku: 'cbl-mariner-2-gen2',
      versions: MARINER2_VERSIONS,
      hyperVGeneration: 'V2',
      architecture: 'x64',
      securityType: 'TrustedLaunchSupported',
      imageState: 'ScheduledForDeprecation',
    },
    {
      location,
      publisher: 'Canonical',
      offer: 'ubuntu-24_04-lts',
      sku: 'server',
      versions: UBUNTU_VERSIONS,
      hyperVGeneration: 'V2',
      architecture: 'x64',
      securityType: 'TrustedLaunchSupported',
    },
  ];
  if (location !== 'southeastasia') {
    images.push({ ...azl3, sku: 'azure-linux-3-arm64', hyperVGeneration: 'V2', architecture: 'Arm64' });
  }
  if (location === 'eastus' || location === 'westus2') {
    const azl4 = { location, publisher: 'MicrosoftAzureLinux', offer: 'azurelinux-4', versions: AZL4_VERSIONS };
    images.push({ ...azl4, sku: '4', ...trusted }, { ...azl4, sku: '4-arm64', hyperVGeneration: 'V2', architecture: 'Arm64' });
  }
  return images;
}

const ALL = STANDARD_LOCATIONS.map((location) => location.name);

export const STANDARD_VM_SIZES: VmSizeSeed[] = [
  { name: 'Standard_B1s', locations: ALL, vCPUs: 1, memoryGB: 1, family: 'standardBSFamily', hyperVGenerations: 'V1,V2' },
  { name: 'Standard_B2s', locations: ALL, vCPUs: 2, memoryGB: 4, family: 'standardBSFamily', hyperVGenerations: 'V1,V2' },
  { name: 'Standard_B2als_v2', locations: ALL, vCPUs: 2, memoryGB: 4, family: 'standardBasv2Family', hyperVGenerations: 'V1,V2' },
  {
    name: 'Standard_D2s_v5',
    locations: ALL,
    vCPUs: 2,
    memoryGB: 8,
    family: 'standardDSv5Family',
    hyperVGenerations: 'V1,V2',
    restrictedIn: ['southeastasia'],
  },
  { name: 'Standard_D4s_v5', locations: ALL, vCPUs: 4, memoryGB: 16, family: 'standardDSv5Family', hyperVGenerations: 'V1,V2' },
  {
    name: 'Standard_D2ps_v5',
    locations: ALL.filter((l) => l !== 'southeastasia'),
    vCPUs: 2,
    memoryGB: 8,
    family: 'standardDPSv5Family',
    hyperVGenerations: 'V2',
    architecture: 'Arm64',
  },
  {
    name: 'Standard_D2pls_v5',
    locations: ALL.filter((l) => l !== 'southeastasia'),
    vCPUs: 2,
    memoryGB: 4,
    family: 'standardDPLSv5Family',
    hyperVGenerations: 'V2',
    architecture: 'Arm64',
  },
  {
    name: 'Standard_A1_v2',
    locations: ALL,
    vCPUs: 1,
    memoryGB: 2,
    family: 'standardAv2Family',
    hyperVGenerations: 'V1',
    trustedLaunchDisabled: true,
  },
];
