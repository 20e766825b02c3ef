/** Labels the extension puts on the containers and images it makes; one place, so every feature reads the same names. */
export const azlLabels = {
  /** "1" on every azl-shell container. */
  shell: 'dev.azurelinux.shell',
  /** The image the person picked (the container's own `Image` may be an ID after a rebuild). */
  image: 'dev.azurelinux.image',
  /** The host folder mounted at /workspace. */
  workspaceFolder: 'dev.azurelinux.workspace',
  /** For containers built from an image config: the config file's path and a hash of its content at build time. */
  configPath: 'dev.azurelinux.config.path',
  configHash: 'dev.azurelinux.config.hash',
  /** For containers built from an image config: the config keys a container cannot mirror, as a JSON array. */
  configNotMirrored: 'dev.azurelinux.config.notMirrored',
  /** On images: the Azure Linux release the image is (or stands in for), e.g. "3.0". */
  osVersion: 'dev.azurelinux.os.version',
  /** On Image Customizer containers: the ID of the image build they run. */
  imageBuild: 'dev.azurelinux.image-build',
  /** "1" on the short-lived containers that read an image's files (never started): not shown, not followed. */
  probe: 'dev.azurelinux.probe',
} as const;

/** Where the workspace folder appears inside an azl-shell. */
export const workspaceMountPath = '/workspace';

export function isAzlShell(labels: Readonly<Record<string, string>>): boolean {
  return labels[azlLabels.shell] === '1';
}

/** The config keys a mirror build could not carry out, from its label; empty when there are none (or no label). */
export function notMirroredKeys(labels: Readonly<Record<string, string>>): string[] {
  try {
    const keys: unknown = JSON.parse(labels[azlLabels.configNotMirrored] ?? '[]');
    return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [];
  } catch {
    return [];
  }
}

/** Images this extension built from an image config (Open Local Environment from Image Config): they carry its path. */
export function isMirrorImage(image: { readonly labels: Readonly<Record<string, string>> }): boolean {
  return Boolean(image.labels[azlLabels.configPath]);
}

const azureLinuxRepository = /(^|\/)(azurelinux|azurelinux-beta|cbl-mariner)\//;

/** Images from the Azure Linux and CBL-Mariner repositories, and images we labelled as Azure Linux. */
export function isAzureLinuxImage(image: {
  readonly repoTags: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}): boolean {
  return Boolean(image.labels[azlLabels.osVersion]) || isMirrorImage(image) || image.repoTags.some((tag) => azureLinuxRepository.test(tag));
}
