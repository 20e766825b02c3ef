import type { ImageReferenceInfo } from './model';

/** The marketplace publisher of Azure Linux (and of CBL-Mariner before it). */
export const azureLinuxPublisher = 'MicrosoftCBLMariner';

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
  readonly majorVersion: number;
  readonly fips: boolean;
  readonly preview: boolean;
  /** The image supports Trusted Launch (secure boot and vTPM), as its SecurityType feature says. */
  readonly trustedLaunch: boolean;
  readonly isDefault: boolean;
}

function majorVersionOf(offer: string, sku: string): number | undefined {
  const match = /azure-linux-(\d+)/i.exec(offer) ?? /azure-linux-(\d+)/i.exec(sku) ?? /cbl-mariner-(\d+)/i.exec(sku);
  return match ? Number(match[1]) : undefined;
}

/**
 * Turns the publisher's offers and SKUs in a region (looked up at run time) into the choices the create flow
 * offers: Gen2 images only (x64 and Arm64, as each image's newest version reports), newest generally available first, the default being Azure Linux 3.0 Gen2.
 */
export function imageChoices(offers: readonly ImageOffer[]): ImageChoice[] {
  const choices: Omit<ImageChoice, 'isDefault'>[] = [];
  for (const { offer, skus } of offers) {
    for (const details of skus) {
      const sku = details.name;
      const major = majorVersionOf(offer, sku);
      const name = sku.toLowerCase();
      const arm64 = details.architecture === 'Arm64';
      // Gen2 only, as the image itself says (not guessed from the SKU's name).
      if (major === undefined || details.hyperVGeneration !== 'V2') {
        continue;
      }
      const fips = name.includes('fips');
      const preview = /preview/i.test(offer) || name.includes('preview');
      const product = major >= 3 ? `Azure Linux ${major}.0` : `Azure Linux ${major}.0 (CBL-Mariner)`;
      const variant = [arm64 ? 'Arm64' : 'x64 Gen2', fips ? 'FIPS' : undefined, preview ? 'preview' : undefined].filter(Boolean).join(', ');
      choices.push({
        label: `${product} (${variant})`,
        description: `${azureLinuxPublisher}:${offer}:${sku}`,
        image: { publisher: azureLinuxPublisher, offer, sku, version: 'latest' },
        architecture: arm64 ? 'Arm64' : 'x64',
        majorVersion: major,
        fips,
        preview,
        trustedLaunch: supportsTrustedLaunch(details),
      });
    }
  }
  const rank = (choice: Omit<ImageChoice, 'isDefault'>) =>
    (choice.preview ? 1000 : 0) +
    (choice.majorVersion === 3 ? 0 : 100 - choice.majorVersion) +
    (choice.architecture === 'Arm64' ? 2 : 0) +
    (choice.fips ? 1 : 0);
  choices.sort((a, b) => rank(a) - rank(b) || a.description.localeCompare(b.description));
  const defaultIndex = choices.findIndex(
    (choice) => choice.majorVersion === 3 && !choice.preview && !choice.fips && choice.architecture === 'x64',
  );
  return choices.map((choice, index) => ({ ...choice, isDefault: index === (defaultIndex >= 0 ? defaultIndex : 0) }));
}
