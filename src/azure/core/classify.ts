import { createdByTag } from './createVm';
import type { ImageReferenceInfo, LinuxFamily, VmInfo } from './model';

/*
 * Azure Linux VMs are recognised from two independent signals, because either may be missing: the marketplace
 * image reference (absent for gallery images) and the OS name the guest agent reports (absent while stopped).
 */

/** Azure Container Linux (AKS nodes): its own name, or the `-acl` SKUs of the azure-linux-3 offer. */
const containerLinuxPattern = /azure[-_ ]?container[-_ ]?linux|(?:^|[-_ ])acl(?:$|[-_ ])/i;
const azureLinuxPattern = /azure[-_ ]?linux|azurelinux/i;
const marinerPattern = /mariner/i;

function familyFromText(text: string): LinuxFamily | undefined {
  if (containerLinuxPattern.test(text)) {
    return 'azureContainerLinux';
  }
  if (azureLinuxPattern.test(text)) {
    return 'azureLinux';
  }
  if (marinerPattern.test(text)) {
    return 'cblMariner';
  }
  return undefined;
}

export function familyFromImage(image: ImageReferenceInfo | undefined): LinuxFamily | undefined {
  if (!image) {
    return undefined;
  }
  // The offer and SKU name the distribution; MicrosoftCBLMariner publishes both Mariner and Azure Linux 3.0,
  // MicrosoftAzureLinux Azure Linux 4.0 (offer azurelinux-4, SKUs 4 and 4-arm64).
  const fromOfferAndSku = familyFromText(`${image.offer ?? ''} ${image.sku ?? ''}`);
  if (fromOfferAndSku) {
    return fromOfferAndSku;
  }
  if (image.id) {
    return familyFromText(image.id);
  }
  return image.publisher && /^(?:microsoftcblmariner|microsoftazurelinux)$/i.test(image.publisher) ? 'azureLinux' : undefined;
}

export function familyFromOsName(osName: string | undefined): LinuxFamily | undefined {
  return osName ? familyFromText(osName) : undefined;
}

export function classifyVm(vm: Pick<VmInfo, 'image' | 'osName' | 'osType'>): LinuxFamily {
  const family = familyFromImage(vm.image) ?? familyFromOsName(vm.osName);
  if (family) {
    return family;
  }
  return vm.osType === 'Windows' ? 'windows' : 'otherLinux';
}

export function isAzureLinuxFamily(family: LinuxFamily): boolean {
  return family === 'azureLinux' || family === 'cblMariner' || family === 'azureContainerLinux';
}

/**
 * Which VMs the tree lists: Azure Linux by default, every Linux VM with the `showAllLinuxVms` setting, and always
 * the VMs this extension made (one on an uploaded image has no marketplace image, nor an OS name until it booted).
 */
export function isShownVm(
  vm: Pick<VmInfo, 'image' | 'osName' | 'osType'> & { readonly tags?: VmInfo['tags'] },
  showAllLinuxVms: boolean,
): boolean {
  const family = classifyVm(vm);
  if (family === 'windows') {
    return false;
  }
  return showAllLinuxVms || isAzureLinuxFamily(family) || vm.tags?.createdBy === createdByTag.createdBy;
}

export function familyLabel(family: LinuxFamily): string {
  switch (family) {
    case 'azureLinux':
      return 'Azure Linux';
    case 'cblMariner':
      return 'CBL-Mariner';
    case 'azureContainerLinux':
      return 'Azure Container Linux';
    case 'otherLinux':
      return 'Linux';
    case 'windows':
      return 'Windows';
  }
}
