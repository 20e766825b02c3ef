import { knownRelease } from '../../azureLinux/releases';
import type { ImageReferenceInfo } from './model';

/**
 * The marketplace publishers that ship Azure Linux: MicrosoftCBLMariner (CBL-Mariner 2.0, Azure Linux 3.0 and its
 * Azure Container Linux SKU) and MicrosoftAzureLinux (Azure Linux 4.0). Their offers and SKUs are looked up at run time.
 */
export const azureLinuxPublishers = ['MicrosoftCBLMariner', 'MicrosoftAzureLinux'] as const;

/** What the image's newest version says about itself (`virtualMachineImages.get`). */
export interface ImageSkuDetails {
  readonly name: string;
  /** "V1" or "V2"; undefined when the SKU has no version in the region. */
  readonly hyperVGeneration?: string;
  /** "x64" or "Arm64". */
  readonly architecture?: string;
  /** The image's `SecurityType` feature, e.g. "TrustedLaunchSupported"; undefined when it has none. */
  readonly securityType?: string;
}

export interface ImageOffer {
  readonly publisher: string;
  readonly offer: string;
  readonly skus: readonly ImageSkuDetails[];
}

/** Trusted Launch (secure boot, vTPM) is for Gen2 x64 images whose SecurityType feature says they support it. */
export function supportsTrustedLaunch(details: ImageSkuDetails): boolean {
  return details.hyperVGeneration === 'V2' && details.architecture !== 'Arm64' && /TrustedLaunch/i.test(details.securityType ?? '');
}

export interface ImageChoice {
  readonly label: string;
  readonly description: string;
  readonly image: Required<Pick<ImageReferenceInfo, 'publisher' | 'offer' | 'sku' | 'version'>>;
  readonly architecture: 'x64' | 'Arm64';
  readonly generation: 'Gen1' | 'Gen2';
  /** "3.0", "4.0". */
  readonly release: string;
  readonly majorVersion: number;
  readonly fips: boolean;
  readonly preview: boolean;
  /** The image supports Trusted Launch (secure boot and vTPM), as its SecurityType feature says. */
  readonly trustedLaunch: boolean;
  readonly isDefault: boolean;
}

/** What an offer and SKU name says: the release, and whether it is an Azure Container Linux (AKS node) image. */
export interface ImageIdentity {
  readonly majorVersion: number;
  readonly family: 'azureLinux' | 'cblMariner' | 'azureContainerLinux';
  readonly fips: boolean;
  readonly preview: boolean;
}

/**
 * Reads the release from the names the publishers use: `azure-linux-3` (offer and SKUs), `azurelinux-4` (offer) with
 * SKUs `4` and `4-arm64`, `cbl-mariner-2...`; `...-acl` and `azure-container-linux` are Azure Container Linux.
 */
export function identifyImage(offer: string, sku: string): ImageIdentity | undefined {
  const names = `${offer} ${sku}`.toLowerCase();
  const major =
    /azure-?linux-?(\d+)/.exec(offer.toLowerCase())?.[1] ??
    /azure-?linux-?(\d+)/.exec(sku.toLowerCase())?.[1] ??
    /cbl-?mariner-?(\d+)/.exec(names)?.[1] ??
    /^(\d+)(?:-|$)/.exec(sku)?.[1];
  if (major === undefined) return undefined;
  const majorVersion = Number(major);
  const family = /(?:^|[-_ ])acl(?:$|[-_ ])|container-?linux/.test(names)
    ? 'azureContainerLinux'
    : /mariner/.test(names) || majorVersion < 3
      ? 'cblMariner'
      : 'azureLinux';
  return {
    majorVersion,
    family,
    fips: names.includes('fips'),
    preview: /preview/.test(names) || Boolean(knownRelease(`${majorVersion}.0`)?.preview),
  };
}

/**
 * Turns the publishers' offers and SKUs in a region (looked up at run time) into the choices the create flow
 * offers: Gen2 images only (x64 and Arm64, as each image's newest version reports), each labelled by release,
 * architecture, generation, FIPS and preview. Azure Container Linux images are AKS node images with no console login,
 * not general-purpose VMs, so they are not offered. Generally available releases come first, newest first; the default
 * is the newest generally available general-purpose Gen2 x64 image (not FIPS).
 */
export function imageChoices(offers: readonly ImageOffer[]): ImageChoice[] {
  const choices: Omit<ImageChoice, 'isDefault'>[] = [];
  for (const { publisher, offer, skus } of offers) {
    for (const details of skus) {
      const sku = details.name;
      const identity = identifyImage(offer, sku);
      // Gen2 only, as the image itself says (not guessed from the SKU's name).
      if (!identity || identity.family === 'azureContainerLinux' || details.hyperVGeneration !== 'V2') {
        continue;
      }
      const arm64 = details.architecture === 'Arm64';
      const release = `${identity.majorVersion}.0`;
      const product = identity.family === 'cblMariner' ? `CBL-Mariner ${release}` : `Azure Linux ${release}`;
      const variant = [arm64 ? 'Arm64' : 'x64', 'Gen2', identity.fips ? 'FIPS' : undefined, identity.preview ? 'preview' : undefined]
        .filter(Boolean)
        .join(', ');
      choices.push({
        label: `${product} (${variant})`,
        description: `${publisher}:${offer}:${sku}`,
        image: { publisher, offer, sku, version: 'latest' },
        architecture: arm64 ? 'Arm64' : 'x64',
        generation: 'Gen2',
        release,
        majorVersion: identity.majorVersion,
        fips: identity.fips,
        preview: identity.preview,
        trustedLaunch: supportsTrustedLaunch(details),
      });
    }
  }
  const order = (choice: Omit<ImageChoice, 'isDefault'>) => [
    choice.preview ? 1 : 0,
    -choice.majorVersion,
    choice.architecture === 'Arm64' ? 1 : 0,
    choice.fips ? 1 : 0,
  ];
  choices.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    const difference = x.map((value, index) => value - y[index]!).find((value) => value !== 0);
    return difference ?? a.description.localeCompare(b.description);
  });
  const defaultIndex = choices.findIndex((choice) => !choice.preview && !choice.fips && choice.architecture === 'x64');
  return choices.map((choice, index) => ({ ...choice, isDefault: index === (defaultIndex >= 0 ? defaultIndex : 0) }));
}
