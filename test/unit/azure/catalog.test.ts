import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  azureLinuxPublishers,
  imageChoices,
  supportsTrustedLaunch,
  type ImageOffer,
  type ImageSkuDetails,
} from '../../../src/azure/core/images';
import { sizeChoices, type VmSkuInfo } from '../../../src/azure/core/sizes';
import { STANDARD_LOCATIONS, STANDARD_VM_SIZES, standardImages } from '../../fakes/arm/catalog';

/** The offers and SKUs ARM lists for the Azure Linux publishers in a region, from the fake ARM's seed catalogue. */
function offersIn(location: string): ImageOffer[] {
  const offers = new Map<string, ImageOffer & { skus: ImageSkuDetails[] }>();
  for (const image of standardImages(location).filter((i) => (azureLinuxPublishers as readonly string[]).includes(i.publisher))) {
    const key = `${image.publisher}:${image.offer}`;
    const offer = offers.get(key) ?? { publisher: image.publisher, offer: image.offer, skus: [] };
    offer.skus.push({
      name: image.sku,
      hyperVGeneration: image.hyperVGeneration,
      architecture: image.architecture,
      securityType: image.securityType,
    });
    offers.set(key, offer);
  }
  return [...offers.values()];
}

function skusIn(location: string): VmSkuInfo[] {
  return STANDARD_VM_SIZES.filter((size) => size.locations.includes(location)).map((size) => ({
    name: size.name,
    restricted: size.restrictedIn?.includes(location) ?? false,
    capabilities: {
      vCPUs: String(size.vCPUs),
      MemoryGB: String(size.memoryGB),
      HyperVGenerations: size.hyperVGenerations ?? 'V1',
      CpuArchitectureType: size.architecture ?? 'x64',
      ...(size.trustedLaunchDisabled ? { TrustedLaunchDisabled: 'True' } : {}),
    },
  }));
}

describe('image choices', () => {
  it('offers both publishers’ general-purpose Gen2 images, labelled by release, architecture, generation, FIPS and preview', () => {
    const choices = imageChoices(offersIn('eastus'));
    assert.deepEqual(
      choices.map((choice) => [choice.label, choice.description, choice.isDefault]),
      [
        ['Azure Linux 3.0 (x64, Gen2)', 'MicrosoftCBLMariner:azure-linux-3:azure-linux-3-gen2', true],
        ['Azure Linux 3.0 (x64, Gen2, FIPS)', 'MicrosoftCBLMariner:azure-linux-3:azure-linux-3-gen2-fips', false],
        ['Azure Linux 3.0 (Arm64, Gen2)', 'MicrosoftCBLMariner:azure-linux-3:azure-linux-3-arm64', false],
        ['CBL-Mariner 2.0 (x64, Gen2)', 'MicrosoftCBLMariner:cbl-mariner:cbl-mariner-2-gen2', false],
        ['Azure Linux 4.0 (x64, Gen2, preview)', 'MicrosoftAzureLinux:azurelinux-4:4', false],
        ['Azure Linux 4.0 (Arm64, Gen2, preview)', 'MicrosoftAzureLinux:azurelinux-4:4-arm64', false],
      ],
    );
    const preview = choices.find((choice) => choice.image.sku === '4')!;
    assert.deepEqual(preview.image, { publisher: 'MicrosoftAzureLinux', offer: 'azurelinux-4', sku: '4', version: 'latest' });
    assert.deepEqual([preview.release, preview.preview, preview.generation, preview.trustedLaunch], ['4.0', true, 'Gen2', true]);
    const defaults = choices.filter((choice) => choice.isDefault);
    assert.equal(defaults.length, 1);
    assert.equal(defaults[0].trustedLaunch, true);
  });

  it('never offers an Azure Container Linux (AKS node) image, let alone as the default', () => {
    const everywhere = STANDARD_LOCATIONS.flatMap((location) => imageChoices(offersIn(location.name)));
    assert.ok(
      standardImages('eastus').some((image) => image.sku === 'azure-linux-3-acl'),
      'the catalogue has it',
    );
    assert.equal(everywhere.filter((choice) => /acl/.test(choice.image.sku)).length, 0);
    // Alone in a region, it still is not offered: there is nothing to create.
    const onlyAcl: ImageOffer[] = [
      {
        publisher: 'MicrosoftCBLMariner',
        offer: 'azure-linux-3',
        skus: [{ name: 'azure-linux-3-acl', hyperVGeneration: 'V2', architecture: 'x64' }],
      },
    ];
    assert.deepEqual(imageChoices(onlyAcl), []);
  });

  it('defaults to the newest generally available release: 4.0 once it is no longer a preview', () => {
    const generallyAvailable4: ImageOffer[] = [
      ...offersIn('eastus').filter((offer) => offer.publisher === 'MicrosoftCBLMariner'),
      { publisher: 'MicrosoftAzureLinux', offer: 'azurelinux-5', skus: [{ name: '5', hyperVGeneration: 'V2', architecture: 'x64' }] },
    ];
    // A release the table does not know is not a preview: the newest generally available one wins.
    assert.equal(imageChoices(generallyAvailable4).find((choice) => choice.isDefault)?.image.sku, '5');
  });

  it('reads Gen2 and Trusted Launch from the image, not from its SKU name', () => {
    const misleading: ImageOffer[] = [
      {
        publisher: 'MicrosoftCBLMariner',
        offer: 'azure-linux-3',
        skus: [
          { name: 'azure-linux-3-gen2', hyperVGeneration: 'V1', architecture: 'x64', securityType: 'TrustedLaunchSupported' },
          { name: 'azure-linux-3-plain', hyperVGeneration: 'V2', architecture: 'x64' },
          {
            name: 'azure-linux-3-cvm',
            hyperVGeneration: 'V2',
            architecture: 'x64',
            securityType: 'TrustedLaunchAndConfidentialVmSupported',
          },
          { name: 'azure-linux-3-aarch', hyperVGeneration: 'V2', architecture: 'Arm64' },
        ],
      },
    ];
    const choices = imageChoices(misleading);
    assert.deepEqual(
      choices.map((choice) => [choice.image.sku, choice.architecture, choice.trustedLaunch]),
      [
        ['azure-linux-3-cvm', 'x64', true],
        ['azure-linux-3-plain', 'x64', false],
        ['azure-linux-3-aarch', 'Arm64', false],
      ],
    );
    assert.equal(
      supportsTrustedLaunch({ name: 'x', hyperVGeneration: 'V2', architecture: 'Arm64', securityType: 'TrustedLaunchSupported' }),
      false,
    );
  });

  it('offers no 4.0 preview or Arm64 where the region lacks them, and no Gen1 image anywhere', () => {
    const skus = imageChoices(offersIn('southeastasia')).map((choice) => choice.image.sku);
    assert.ok(!skus.some((sku) => sku.includes('arm64')));
    assert.ok(!skus.some((sku) => sku.startsWith('4')));
    assert.ok(!standardImages('eastus').some((image) => image.publisher === 'MicrosoftAzureLinux' && image.hyperVGeneration === 'V1'));
    for (const choice of imageChoices(offersIn('eastus'))) assert.equal(choice.generation, 'Gen2');
    assert.ok(!imageChoices(offersIn('eastus')).some((choice) => ['azure-linux-3', 'azure-linux-3-fips'].includes(choice.image.sku)));
  });
});

describe('size choices', () => {
  it('picks a Gen2 x64 default available to the subscription, falling back when the preferred one is restricted', () => {
    assert.equal(sizeChoices(skusIn('eastus'), 'x64', true).find((size) => size.isDefault)?.name, 'Standard_D2s_v5');
    const restricted = sizeChoices(skusIn('southeastasia'), 'x64', true);
    assert.ok(!restricted.some((size) => size.name === 'Standard_D2s_v5'));
    assert.equal(restricted.find((size) => size.isDefault)?.name, 'Standard_B2s');
  });

  it('never offers Gen1-only sizes, or sizes without Trusted Launch for a Trusted Launch image', () => {
    const names = sizeChoices(skusIn('eastus'), 'x64', true).map((size) => size.name);
    assert.ok(!names.includes('Standard_A1_v2'));
    assert.ok(!names.includes('Standard_D2ps_v5'));
  });

  it('picks an Arm64 size for Arm64 images', () => {
    const arm = sizeChoices(skusIn('eastus'), 'Arm64', false);
    assert.ok(arm.every((size) => size.name.includes('p')));
    assert.equal(arm.find((size) => size.isDefault)?.name, 'Standard_D2ps_v5');
  });
});
