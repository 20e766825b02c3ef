import type { ResourceGroupOutcome } from './core/createVm';
import type { ImageReference } from './services';

/*
 * What building on Azure Linux images asks of Azure Resource Manager beyond the VM listing: managed disks made for
 * upload or from a marketplace image and their read/write access (SAS), Azure Compute Gallery image definitions and
 * versions, boot diagnostics and the VM agent's state. One real implementation (arm/armImageServices.ts, the
 * compute SDK); every method takes an AbortSignal and fails with a sentence a person can act on.
 */

export interface DiskTarget {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface DiskInfo {
  readonly id: string;
  readonly name: string;
  readonly diskState?: string;
  readonly hyperVGeneration?: string;
  readonly sizeBytes?: number;
}

/** An exact marketplace image version and what it says about itself. */
export interface ResolvedImage {
  readonly image: ImageReference;
  readonly hyperVGeneration?: string;
  readonly architecture?: string;
  /** The size of a disk made from it. */
  readonly osDiskSizeGb?: number;
}

export interface GalleryInfo {
  readonly id: string;
  readonly name: string;
  readonly resourceGroup: string;
  readonly location: string;
}

export interface GalleryImageInfo {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly hyperVGeneration?: string;
  readonly architecture?: string;
  readonly osState?: string;
  readonly identifier?: { readonly publisher: string; readonly offer: string; readonly sku: string };
}

export interface GalleryImageDefinition {
  readonly galleryId: string;
  readonly name: string;
  readonly location: string;
  readonly publisher: string;
  readonly offer: string;
  readonly sku: string;
  readonly hyperVGeneration: 'V1' | 'V2';
  readonly architecture: 'x64' | 'Arm64';
  readonly tags: Readonly<Record<string, string>>;
}

export interface BootDiagnosticsUris {
  /** False when the VM has boot diagnostics turned off: there is nothing to read. */
  readonly enabled: boolean;
  readonly serialLogUri?: string;
  readonly screenshotUri?: string;
}

export interface VmBootState {
  /** The VM agent's own status: "Ready" once the guest has booted and the agent runs. */
  readonly agentReady: boolean;
  readonly agentStatus?: string;
  /** The power state code's last part ("running", "starting", ...). */
  readonly powerState?: string;
  readonly publicIp?: string;
}

export interface AzureImageServices {
  /** The exact version "latest" stands for, with the image's generation, architecture and OS disk size. */
  resolveImage(subscriptionId: string, location: string, image: ImageReference, signal: AbortSignal): Promise<ResolvedImage>;
  /**
   * Makes the group unless it exists, and tags it when Azure answered 201 Created: only then is it the run's own
   * (see ResourceGroupOutcome in core/createVm.ts). An existing group gets no PUT, so its tags stay as they are.
   * Not cancellable: quick synchronous requests that must get their answer, so a cancel cannot leave a group Azure
   * made after cleanup looked.
   */
  ensureResourceGroup(
    subscriptionId: string,
    name: string,
    location: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<ResourceGroupOutcome>;
  /** Deletes the group and everything in it; a group that does not exist counts as deleted. */
  deleteResourceGroup(subscriptionId: string, name: string, signal: AbortSignal): Promise<void>;
  /** A disk made from a marketplace image version (`createOption: FromImage`), to export. */
  createDiskFromImage(target: DiskTarget, image: ResolvedImage, signal: AbortSignal): Promise<DiskInfo>;
  /** An empty disk to upload a fixed VHD of `uploadSizeBytes` (footer included) into (`createOption: Upload`). */
  createUploadDisk(target: DiskTarget, uploadSizeBytes: number, hyperVGeneration: 'V1' | 'V2', signal: AbortSignal): Promise<DiskInfo>;
  /** A SAS for the disk's page blob: Read to export it, Write to upload into it. */
  grantDiskAccess(diskId: string, access: 'Read' | 'Write', durationSeconds: number, signal: AbortSignal): Promise<string>;
  /** Ends an export or an upload; a disk without access (or gone) is left as it is. */
  revokeDiskAccess(diskId: string, signal: AbortSignal): Promise<void>;
  getDisk(diskId: string, signal: AbortSignal): Promise<DiskInfo | undefined>;
  /** A disk that does not exist counts as deleted. */
  deleteDisk(diskId: string, signal: AbortSignal): Promise<void>;
  listGalleries(subscriptionId: string, signal: AbortSignal): Promise<GalleryInfo[]>;
  listGalleryImages(galleryId: string, signal: AbortSignal): Promise<GalleryImageInfo[]>;
  /** Version names of an image definition ("1.0.0", ...). */
  listGalleryImageVersions(imageId: string, signal: AbortSignal): Promise<string[]>;
  createGallery(
    subscriptionId: string,
    resourceGroup: string,
    name: string,
    location: string,
    tags: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<GalleryInfo>;
  createGalleryImage(definition: GalleryImageDefinition, signal: AbortSignal): Promise<GalleryImageInfo>;
  /** An image version made from a managed disk, replicated to `location`; returns its id. */
  createGalleryImageVersion(
    imageId: string,
    version: string,
    sourceDiskId: string,
    location: string,
    tags: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<string>;
  /** Deletes a gallery, an image definition or an image version; one that does not exist counts as deleted. */
  deleteGalleryResource(id: string, signal: AbortSignal): Promise<void>;
  /** Read SAS URIs of the serial log and the screenshot (`retrieveBootDiagnosticsData`). */
  bootDiagnostics(vmId: string, signal: AbortSignal): Promise<BootDiagnosticsUris>;
  /** The VM agent's state and the power state, from the instance view. */
  bootState(vmId: string, signal: AbortSignal): Promise<VmBootState>;
  /**
   * Puts an SSH public key for `user` on the VM through the VMAccessForLinux extension (what `az vm user update`
   * does): the way in to a VM made on an existing OS disk, which takes no osProfile. Needs the VM agent.
   */
  setSshKey(vmId: string, user: string, publicKey: string, signal: AbortSignal): Promise<void>;
}
