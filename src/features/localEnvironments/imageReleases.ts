/*
 * Which release each image in the Local Environments tree is, read from the image's own /etc/os-release (not from its
 * tag): for azl-shells from the container's files, for images through a container created to read them (never
 * started). Read once per image ID (an ID names fixed content), one at a time, in the background; the tree is
 * redrawn as answers come. Images the extension built carry the release in their labels and are not read.
 */
import { describeOsRelease } from '../../azureLinux/releases';
import { azlLabels, isAzlShell, isAzureLinuxImage } from '../../docker/core/labels';
import type { ContainerEngine, ContainerSummary, ImageSummary } from '../../docker/engine';
import { readContainerFacts, readImageFacts } from '../../docker/imageFacts';
import { english, type L10n } from '../../util/l10n';

export class ImageReleases {
  /** Image ID -> "Azure Linux 4.0 (preview)", or null when the image has no os-release (or could not be read). */
  private readonly known = new Map<string, string | null>();
  /** Image ID -> a container of it to read from, when there is one (no container has to be made then). */
  private readonly wanted = new Map<string, string | undefined>();
  private draining = false;

  constructor(
    private readonly engine: () => ContainerEngine,
    private readonly onChange: () => void,
    private readonly log: { debug(message: string): void },
    private readonly l10n: L10n = english,
  ) {}

  /** The release of an image, when it has been read. */
  get(imageId: string): string | undefined {
    return this.known.get(imageId) ?? undefined;
  }

  /** Reads, in the background, the releases of the azl-shells and Azure Linux images not known yet. */
  update(containers: readonly ContainerSummary[], images: readonly ImageSummary[]): void {
    for (const container of containers) {
      if (!isAzlShell(container.labels) || container.labels[azlLabels.osVersion] || this.known.has(container.imageId)) continue;
      this.wanted.set(container.imageId, container.id);
    }
    for (const image of images) {
      if (!isAzureLinuxImage(image) || image.labels[azlLabels.osVersion] || this.known.has(image.id) || this.wanted.has(image.id)) continue;
      this.wanted.set(image.id, undefined);
    }
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.wanted.entries().next(); !next.done; next = this.wanted.entries().next()) {
        const [imageId, containerId] = next.value;
        this.wanted.delete(imageId);
        if (this.known.has(imageId)) continue;
        try {
          const facts = containerId ? await readContainerFacts(this.engine(), containerId) : await readImageFacts(this.engine(), imageId);
          this.known.set(imageId, facts.osRelease ? (describeOsRelease(facts.osRelease, this.l10n) ?? null) : null);
        } catch (error) {
          // A container removed meanwhile, an engine gone: not known this time; the image is not asked again until
          // the extension restarts, so a broken image does not make a container every refresh.
          this.known.set(imageId, null);
          this.log.debug(`Reading the release of ${imageId.slice(0, 19)}: ${error instanceof Error ? error.message : String(error)}`);
        }
        this.onChange();
      }
    } finally {
      this.draining = false;
    }
  }
}
