/*
 * What an image says about itself, read from its files without running anything in it: the release from
 * /etc/os-release (falling back to /usr/lib/os-release, as os-release(5) says), and which package manager it has.
 * An image is read through a container that is created and removed again, never started.
 */
import { packageManagers, type PackageManagerName } from '../azureLinux/packageManager';
import { azureLinuxVersionOf, parseOsRelease, type OsRelease } from '../azureLinux/releases';
import { azlLabels } from './core/labels';
import type { ContainerEngine } from './engine';

export interface ImageFacts {
  readonly osRelease?: OsRelease;
  /** The Azure Linux release ("4.0") when the image is Azure Linux. */
  readonly osVersion?: string;
  readonly packageManager?: PackageManagerName;
}

/** Where `command -v` finds the package managers in the images that have them (merged /usr: /bin is /usr/bin). */
const binaryFolders = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];

/** Reads a container's own files (any state). */
export async function readContainerFacts(engine: ContainerEngine, containerId: string, signal?: AbortSignal): Promise<ImageFacts> {
  const text =
    (await engine.readFile(containerId, '/etc/os-release', { maxBytes: 64 * 1024 }, signal)) ??
    (await engine.readFile(containerId, '/usr/lib/os-release', { maxBytes: 64 * 1024 }, signal));
  const osRelease = text ? parseOsRelease(text.toString('utf8')) : undefined;
  const osVersion = osRelease ? azureLinuxVersionOf(osRelease) : undefined;
  let packageManager: PackageManagerName | undefined;
  search: for (const manager of packageManagers) {
    for (const folder of binaryFolders) {
      if (await engine.statPath(containerId, `${folder}/${manager}`, signal)) {
        packageManager = manager;
        break search;
      }
    }
  }
  return { ...(osRelease ? { osRelease } : {}), ...(osVersion ? { osVersion } : {}), ...(packageManager ? { packageManager } : {}) };
}

/** Reads an image through a container created for the purpose (labelled as a probe) and removed again. */
export async function readImageFacts(engine: ContainerEngine, image: string, signal?: AbortSignal): Promise<ImageFacts> {
  const id = await engine.createContainer({ image, cmd: ['/bin/true'], labels: { [azlLabels.probe]: '1' }, networkMode: 'none' }, signal);
  try {
    return await readContainerFacts(engine, id, signal);
  } finally {
    await engine.remove(id).catch(() => undefined);
  }
}
