import type * as ComputeTypes from '@azure/arm-compute';
import { parseArmId, powerStateFromStatuses } from '../core/model';
import type {
  AzureImageServices,
  BootDiagnosticsUris,
  DiskInfo,
  DiskTarget,
  GalleryImageDefinition,
  GalleryImageInfo,
  GalleryInfo,
  ResolvedImage,
  VmBootState,
} from '../imageServices';
import type { ResourceGroupOutcome } from '../core/createVm';
import type { ImageReference } from '../services';
import { callAzure, isNotFound, type ArmAzureServices, type ArmServiceOptions } from './armAzureServices';

/** A long-running PUT or POST: the request always reaches Azure and gets its answer; a cancel stops only the waiting. */
interface Poller<T> {
  submitted(): Promise<void>;
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

async function submitThenPoll<T>(poller: Poller<T>, signal: AbortSignal): Promise<T> {
  await poller.submitted();
  return poller.pollUntilDone({ abortSignal: signal });
}

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

function requireId(id: string, what: string): { subscriptionId: string; resourceGroup: string; name: string } {
  const parts = parseArmId(id);
  if (!parts?.name) throw new Error(`Not ${what} id: ${id}`);
  return { subscriptionId: parts.subscriptionId, resourceGroup: parts.resourceGroup, name: parts.name };
}

/** `/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/galleries/G/images/I[/versions/V]`. */
function galleryParts(id: string): { subscriptionId: string; resourceGroup: string; gallery: string; image?: string; version?: string } {
  const match =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/galleries\/([^/]+)(?:\/images\/([^/]+)(?:\/versions\/([^/]+))?)?$/i.exec(
      id,
    );
  if (!match) throw new Error(`Not an Azure Compute Gallery id: ${id}`);
  return { subscriptionId: match[1]!, resourceGroup: match[2]!, gallery: match[3]!, image: match[4], version: match[5] };
}

/** The platform image version's id, as `az disk create --image-reference <URN>` sends it. */
export function platformImageId(subscriptionId: string, location: string, image: ImageReference): string {
  return `/Subscriptions/${subscriptionId}/Providers/Microsoft.Compute/Locations/${location}/Publishers/${image.publisher}/ArtifactTypes/VMImage/Offers/${image.offer}/Skus/${image.sku}/Versions/${image.version}`;
}

/** The VMAccessForLinux extension as `az vm user update` installs it. */
const vmAccess = { name: 'enablevmaccess', publisher: 'Microsoft.OSTCExtensions', type: 'VMAccessForLinux', version: '1.5' } as const;

export class ArmImageServices implements AzureImageServices {
  /** `arm`'s SDK clients are used, so both services share one client and token cache per subscription. */
  constructor(
    private readonly arm: ArmAzureServices,
    private readonly options: ArmServiceOptions = {},
  ) {}

  private call<T>(what: string, work: () => Promise<T>): Promise<T> {
    return callAzure(what, work);
  }

  private compute(subscriptionId: string) {
    return this.arm.compute(subscriptionId);
  }

  private resources(subscriptionId: string) {
    return this.arm.resources(subscriptionId);
  }

  private poll() {
    return { updateIntervalInMs: this.options.pollIntervalMs };
  }

  resolveImage(subscriptionId: string, location: string, image: ImageReference, signal: AbortSignal): Promise<ResolvedImage> {
    const urn = `${image.publisher}:${image.offer}:${image.sku}:${image.version}`;
    return this.call(`Looking up the image ${urn} in ${location} failed`, async () => {
      const images = this.compute(subscriptionId).virtualMachineImages;
      let version = image.version;
      if (version.toLowerCase() === 'latest') {
        const [newest] = await images.list(location, image.publisher, image.offer, image.sku, {
          top: 1,
          orderby: 'name desc',
          abortSignal: signal,
        });
        if (!newest?.name) throw new Error(`${image.publisher}:${image.offer}:${image.sku} has no version in ${location}.`);
        version = newest.name;
      }
      const found = await images.get(location, image.publisher, image.offer, image.sku, version, { abortSignal: signal });
      return {
        image: { ...image, version },
        hyperVGeneration: found.hyperVGeneration,
        architecture: found.architecture,
      };
    });
  }

  ensureResourceGroup(
    subscriptionId: string,
    name: string,
    location: string,
    tags: Readonly<Record<string, string>>,
  ): Promise<ResourceGroupOutcome> {
    return this.call(`Creating the resource group ${name} failed`, async () => {
      const groups = this.resources(subscriptionId).resourceGroups;
      if ((await groups.checkExistence(name)).body) return { created: false };
      // No tags in the PUT: should the group appear between the two calls, it is not marked as ours.
      let status: number | undefined;
      await groups.createOrUpdate(name, { location }, { onResponse: (response) => (status = response.status) });
      if (status !== 201) return { created: false };
      // PATCH keeps whatever it is not given (REST API "Resource Groups - Update").
      await groups.update(name, { tags: { ...tags } });
      return { created: true };
    });
  }

  deleteResourceGroup(subscriptionId: string, name: string, signal: AbortSignal): Promise<void> {
    return this.call(`Deleting the resource group ${name} failed`, async () => {
      try {
        await this.resources(subscriptionId).resourceGroups.beginDeleteAndWait(name, { ...this.poll(), abortSignal: signal });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
  }

  createDiskFromImage(target: DiskTarget, image: ResolvedImage, signal: AbortSignal): Promise<DiskInfo> {
    return this.call(`Creating the disk ${target.name} from ${image.image.offer}:${image.image.sku} failed`, () =>
      this.createDisk(
        target,
        image.hyperVGeneration === 'V1' ? 'V1' : 'V2',
        { createOption: 'FromImage', imageReference: { id: platformImageId(target.subscriptionId, target.location, image.image) } },
        signal,
      ),
    );
  }

  createUploadDisk(target: DiskTarget, uploadSizeBytes: number, hyperVGeneration: 'V1' | 'V2', signal: AbortSignal): Promise<DiskInfo> {
    return this.call(`Creating the disk ${target.name} for the upload failed`, () =>
      this.createDisk(target, hyperVGeneration, { createOption: 'Upload', uploadSizeBytes }, signal),
    );
  }

  /** A Standard HDD Linux disk, tagged, made as `creationData` says. */
  private async createDisk(
    target: DiskTarget,
    hyperVGeneration: 'V1' | 'V2',
    creationData: ComputeTypes.CreationData,
    signal: AbortSignal,
  ): Promise<DiskInfo> {
    const disk = await submitThenPoll(
      this.compute(target.subscriptionId).disks.createOrUpdate(
        target.resourceGroup,
        target.name,
        {
          location: target.location,
          tags: { ...target.tags },
          sku: { name: 'Standard_LRS' },
          osType: 'Linux',
          hyperVGeneration,
          creationData,
        },
        this.poll(),
      ),
      signal,
    );
    return toDiskInfo(disk);
  }

  grantDiskAccess(diskId: string, access: 'Read' | 'Write', durationSeconds: number, signal: AbortSignal): Promise<string> {
    const disk = requireId(diskId, 'a disk');
    return this.call(`Granting ${access.toLowerCase()} access to the disk ${disk.name} failed`, async () => {
      const result = await submitThenPoll(
        this.compute(disk.subscriptionId).disks.grantAccess(
          disk.resourceGroup,
          disk.name,
          { access, durationInSeconds: durationSeconds },
          this.poll(),
        ),
        signal,
      );
      if (!result.accessSAS) throw new Error('Azure granted access but returned no SAS.');
      return result.accessSAS;
    });
  }

  revokeDiskAccess(diskId: string, signal: AbortSignal): Promise<void> {
    const disk = requireId(diskId, 'a disk');
    return this.call(`Revoking access to the disk ${disk.name} failed`, async () => {
      try {
        await submitThenPoll(this.compute(disk.subscriptionId).disks.revokeAccess(disk.resourceGroup, disk.name, this.poll()), signal);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
  }

  getDisk(diskId: string, signal: AbortSignal): Promise<DiskInfo | undefined> {
    const disk = requireId(diskId, 'a disk');
    return this.call(`Reading the disk ${disk.name} failed`, async () => {
      try {
        return toDiskInfo(await this.compute(disk.subscriptionId).disks.get(disk.resourceGroup, disk.name, { abortSignal: signal }));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    });
  }

  deleteDisk(diskId: string, signal: AbortSignal): Promise<void> {
    const disk = requireId(diskId, 'a disk');
    return this.call(`Deleting the disk ${disk.name} failed`, async () => {
      try {
        await this.compute(disk.subscriptionId).disks.delete(disk.resourceGroup, disk.name, { ...this.poll(), abortSignal: signal });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
  }

  listGalleries(subscriptionId: string, signal: AbortSignal): Promise<GalleryInfo[]> {
    return this.call('Listing the Azure Compute Galleries failed', async () => {
      const galleries = await collect(this.compute(subscriptionId).galleries.list({ abortSignal: signal }));
      return galleries
        .filter((gallery) => gallery.id && gallery.name)
        .map((gallery) => ({
          id: gallery.id!,
          name: gallery.name!,
          resourceGroup: parseArmId(gallery.id!)?.resourceGroup ?? '',
          location: gallery.location,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  listGalleryImages(galleryId: string, signal: AbortSignal): Promise<GalleryImageInfo[]> {
    const gallery = galleryParts(galleryId);
    return this.call(`Listing the image definitions of ${gallery.gallery} failed`, async () => {
      const images = await collect(
        this.compute(gallery.subscriptionId).galleryImages.listByGallery(gallery.resourceGroup, gallery.gallery, { abortSignal: signal }),
      );
      return images
        .filter((image) => image.id && image.name)
        .map((image) => ({
          id: image.id!,
          name: image.name!,
          location: image.location,
          hyperVGeneration: image.hyperVGeneration,
          architecture: image.architecture,
          osState: image.osState,
          identifier: image.identifier,
        }));
    });
  }

  listGalleryImageVersions(imageId: string, signal: AbortSignal): Promise<string[]> {
    const parts = galleryParts(imageId);
    return this.call(`Listing the versions of ${parts.image} failed`, async () => {
      const versions = await collect(
        this.compute(parts.subscriptionId).galleryImageVersions.listByGalleryImage(parts.resourceGroup, parts.gallery, parts.image!, {
          abortSignal: signal,
        }),
      );
      return versions.map((version) => version.name ?? '').filter(Boolean);
    });
  }

  createGallery(
    subscriptionId: string,
    resourceGroup: string,
    name: string,
    location: string,
    tags: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<GalleryInfo> {
    return this.call(`Creating the gallery ${name} failed`, async () => {
      const gallery = await submitThenPoll(
        this.compute(subscriptionId).galleries.createOrUpdate(resourceGroup, name, { location, tags: { ...tags } }, this.poll()),
        signal,
      );
      return { id: gallery.id ?? '', name, resourceGroup, location };
    });
  }

  createGalleryImage(definition: GalleryImageDefinition, signal: AbortSignal): Promise<GalleryImageInfo> {
    const gallery = galleryParts(definition.galleryId);
    return this.call(`Creating the image definition ${definition.name} failed`, async () => {
      const image = await submitThenPoll(
        this.compute(gallery.subscriptionId).galleryImages.createOrUpdate(
          gallery.resourceGroup,
          gallery.gallery,
          definition.name,
          {
            location: definition.location,
            tags: { ...definition.tags },
            osType: 'Linux',
            // Image Customizer changes the image offline, without booting it: a marketplace base stays generalized.
            osState: 'Generalized',
            hyperVGeneration: definition.hyperVGeneration,
            architecture: definition.architecture,
            identifier: { publisher: definition.publisher, offer: definition.offer, sku: definition.sku },
          },
          this.poll(),
        ),
        signal,
      );
      return {
        id: image.id ?? `${definition.galleryId}/images/${definition.name}`,
        name: definition.name,
        location: definition.location,
        hyperVGeneration: definition.hyperVGeneration,
        architecture: definition.architecture,
      };
    });
  }

  createGalleryImageVersion(
    imageId: string,
    version: string,
    sourceDiskId: string,
    location: string,
    tags: Readonly<Record<string, string>>,
    signal: AbortSignal,
  ): Promise<string> {
    const parts = galleryParts(imageId);
    return this.call(`Creating the image version ${version} of ${parts.image} failed`, async () => {
      const created = await submitThenPoll(
        this.compute(parts.subscriptionId).galleryImageVersions.createOrUpdate(
          parts.resourceGroup,
          parts.gallery,
          parts.image!,
          version,
          {
            location,
            tags: { ...tags },
            publishingProfile: { targetRegions: [{ name: location, regionalReplicaCount: 1 }] },
            storageProfile: { osDiskImage: { source: { id: sourceDiskId } } },
          },
          this.poll(),
        ),
        signal,
      );
      return created.id ?? `${imageId}/versions/${version}`;
    });
  }

  deleteGalleryResource(id: string, signal: AbortSignal): Promise<void> {
    const parts = galleryParts(id);
    const name = parts.version ?? parts.image ?? parts.gallery;
    return this.call(`Deleting ${name} failed`, async () => {
      const compute = this.compute(parts.subscriptionId);
      const options = { ...this.poll(), abortSignal: signal };
      try {
        if (parts.version) {
          await compute.galleryImageVersions.delete(parts.resourceGroup, parts.gallery, parts.image!, parts.version, options);
        } else if (parts.image) {
          await compute.galleryImages.delete(parts.resourceGroup, parts.gallery, parts.image, options);
        } else {
          await compute.galleries.delete(parts.resourceGroup, parts.gallery, options);
        }
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    });
  }

  bootDiagnostics(vmId: string, signal: AbortSignal): Promise<BootDiagnosticsUris> {
    const vm = requireId(vmId, 'a virtual machine');
    return this.call(`Reading the boot diagnostics of ${vm.name} failed`, async () => {
      const vms = this.compute(vm.subscriptionId).virtualMachines;
      const current = await vms.get(vm.resourceGroup, vm.name, { abortSignal: signal });
      if (current.diagnosticsProfile?.bootDiagnostics?.enabled !== true) return { enabled: false };
      const data = await vms.retrieveBootDiagnosticsData(vm.resourceGroup, vm.name, {
        sasUriExpirationTimeInMinutes: 60,
        abortSignal: signal,
      });
      return { enabled: true, serialLogUri: data.serialConsoleLogBlobUri, screenshotUri: data.consoleScreenshotBlobUri };
    });
  }

  bootState(vmId: string, signal: AbortSignal): Promise<VmBootState> {
    const vm = requireId(vmId, 'a virtual machine');
    return this.call(`Reading the state of ${vm.name} failed`, async () => {
      const view = await this.compute(vm.subscriptionId).virtualMachines.instanceView(vm.resourceGroup, vm.name, { abortSignal: signal });
      const agentStatus = view.vmAgent?.statuses?.[0]?.displayStatus;
      return {
        agentReady: agentStatus === 'Ready',
        agentStatus,
        powerState: powerStateFromStatuses((view.statuses ?? []).map((status) => status.code)),
      };
    });
  }

  setSshKey(vmId: string, user: string, publicKey: string, signal: AbortSignal): Promise<void> {
    const vm = requireId(vmId, 'a virtual machine');
    return this.call(`Adding your SSH key to ${vm.name} failed`, async () => {
      const compute = this.compute(vm.subscriptionId);
      const current = await compute.virtualMachines.get(vm.resourceGroup, vm.name, { abortSignal: signal });
      await submitThenPoll(
        compute.virtualMachineExtensions.createOrUpdate(
          vm.resourceGroup,
          vm.name,
          vmAccess.name,
          {
            location: current.location,
            publisher: vmAccess.publisher,
            typePropertiesType: vmAccess.type,
            typeHandlerVersion: vmAccess.version,
            autoUpgradeMinorVersion: true,
            // The key is public; VMAccess still takes it as a protected setting, as `az vm user update` sends it.
            protectedSettings: { username: user, ssh_key: publicKey },
          },
          this.poll(),
        ),
        signal,
      );
    });
  }
}

function toDiskInfo(disk: ComputeTypes.Disk): DiskInfo {
  return {
    id: disk.id ?? '',
    name: disk.name ?? '',
    diskState: disk.diskState,
    hyperVGeneration: disk.hyperVGeneration,
    sizeBytes: disk.diskSizeBytes,
  };
}
