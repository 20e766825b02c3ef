import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageChoices, supportsTrustedLaunch, type ImageOffer, type ImageSkuDetails } from '../../../src/azure/core/images';
import { sizeChoices, type VmSkuInfo } from '../../../src/azure/core/sizes';
import { STANDARD_VM_SIZES, standardImages } from '../../fakes/arm/catalog';

/** The offers and SKUs ARM lists for the publisher in a region, from the fake ARM's seed catalogue. */
function offersIn(location: string): ImageOffer[] {
  const offers = new Map<string, ImageSkuDetails[]>();
  for (const image of standardImages(location).filter((i) => i.publisher === 'MicrosoftCBLMariner')) {
    const details = {
      name: image.sku,
      hyperVGeneration: image.hyperVGeneration,
      architecture: image.architecture,
      securityType: image.securityType,
    };
    offers.set(image.offer, [...(offers.get(image.offer) ?? []), details]);
  }
  return [...offers].map(([offer, skus]) => ({ offer, skus }));
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
  it('defaults to Azure Linux 3.0 Gen2 and offers FIPS, Arm64 and 4.0 preview where the region has them', () => {
    const choices = imageChoices(offersIn('eastus'));
    const defaults = choices.filter((choice) => choice.isDefault);
    assert.equal(defaults.length, 1);
    assert.deepEqual(defaults[0].image, {
      publisher: 'MicrosoftCBLMariner',
      offer: 'azure-linux-3',
      sku: 'azure-linux-3-gen2',
      version: 'latest',
    });
    assert.equal(defaults[0].trustedLaunch, true);
    assert.equal(choices[0], defaults[0]);
    const skus = choices.map((choice) => choice.image.sku);
    assert.ok(skus.includes('azure-linux-3-gen2-fips'));
    assert.ok(skus.includes('azure-linux-3-arm64'));
    assert.ok(skus.includes('azure-linux-4-gen2'));
    assert.ok(!skus.includes('azure-linux-3'), 'Gen1 images are not offered');
    const preview = choices.find((choice) => choice.image.sku === 'azure-linux-4-gen2')!;
    assert.equal(preview.preview, true);
    assert.equal(choices.find((choice) => choice.image.sku === 'azure-linux-3-arm64')!.architecture, 'Arm64');
  });

  it('reads Gen2 and Trusted Launch from the image, not from its SKU name', () => {
    const misleading: ImageOffer[] = [
      {
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

  it('offers no 4.0 preview or Arm64 where the region lacks them', () => {
    const skus = imageChoices(offersIn('southeastasia')).map((choice) => choice.image.sku);
    assert.ok(!skus.some((sku) => sku.includes('arm64')));
    assert.ok(!skus.some((sku) => sku.startsWith('azure-linux-4')));
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
