/*
 * `.devcontainer/devcontainer.json` for an azl-shell container: the same image (pinned to what the container runs),
 * the workspace at /workspace, the other bind mounts, the hostname and the user, so the Dev Containers extension
 * recreates the same environment. Pure: the command gathers the facts from the engine.
 */

export const containerWorkspace = '/workspace';

export interface DevContainerFacts {
  /** The container's name, used as the configuration's name. */
  readonly name: string;
  /** The image the container was created from, as written (`Config.Image`). */
  readonly imageReference: string;
  /** The ID of the image the container runs (`Image` in the inspect document). */
  readonly imageId: string;
  /** Tags that point at `imageId` right now. */
  readonly tagsOfImage: readonly string[];
  /** `repository@sha256:...` digests of `imageId`, when it came from a registry. */
  readonly repoDigests?: readonly string[];
  /** `Config.Env` entries the environment depends on (HOME for a host user with no passwd entry). */
  readonly env?: Readonly<Record<string, string>>;
  /** The container's bind mounts, from the inspect document's `Mounts` (whether made with `Mounts` or `Binds`). */
  readonly mounts: readonly Bind[];
  /** `Config.User`; empty for the image's default. */
  readonly user?: string;
  readonly hostname?: string;
  /** The VS Code workspace folder's path on this machine. */
  readonly localWorkspaceFolder?: string;
}

/**
 * The reference that names exactly the image the container runs: the reference it was created from when that still
 * points at the same image (a digest, or a tag not moved since), else the image ID.
 */
export function pinnedImage(facts: Pick<DevContainerFacts, 'imageReference' | 'imageId' | 'tagsOfImage' | 'repoDigests'>): string {
  if (facts.imageReference.includes('@sha256:')) return facts.imageReference;
  // A registry digest of the same repository names the exact image and can be pulled anywhere.
  const repository = facts.imageReference.replace(/:[^/]+$/, '');
  const digest = facts.repoDigests?.find((d) => d.startsWith(`${repository}@sha256:`));
  if (digest) return digest;
  const withTag = /:[^/]+$/.test(facts.imageReference) ? facts.imageReference : `${facts.imageReference}:latest`;
  return facts.tagsOfImage.includes(withTag) || facts.tagsOfImage.includes(facts.imageReference) ? facts.imageReference : facts.imageId;
}

export interface Bind {
  readonly source: string;
  readonly target: string;
  readonly readonly: boolean;
}

/**
 * The bind mounts in a container's inspect document (`Mounts`: Type, Source, Destination, RW), which lists them
 * however they were made, so a host path holding `:` comes through whole.
 */
export function bindMountsOf(inspectMounts: readonly InspectMount[] | null | undefined): Bind[] {
  return (inspectMounts ?? [])
    .filter((mount) => mount.Type === 'bind' && typeof mount.Source === 'string' && typeof mount.Destination === 'string')
    .map((mount) => ({ source: mount.Source!, target: mount.Destination!, readonly: mount.RW === false }));
}

export interface InspectMount {
  readonly Type?: string;
  readonly Source?: string;
  readonly Destination?: string;
  readonly RW?: boolean;
}

function isRoot(user: string | undefined): boolean {
  return !user || user === 'root' || user === '0' || user.startsWith('0:') || user.startsWith('root:');
}

function mountSpec(bind: Bind, source: string): string {
  return `source=${source},target=${bind.target},type=bind${bind.readonly ? ',readonly' : ''}`;
}

/** `mounts` entries in the object form, so a path with a comma cannot break the mount apart. */
function mountObject(bind: Bind): Record<string, unknown> {
  return { source: bind.source, target: bind.target, type: 'bind', ...(bind.readonly ? { readonly: true } : {}) };
}

export function devContainerConfig(facts: DevContainerFacts): Record<string, unknown> {
  const binds = facts.mounts;
  const workspace = binds.find((bind) => bind.target === containerWorkspace);
  const others = binds.filter((bind) => bind !== workspace);
  const config: Record<string, unknown> = {
    name: facts.name,
    image: pinnedImage(facts),
    workspaceFolder: containerWorkspace,
  };
  if (workspace) {
    const sameFolder = facts.localWorkspaceFolder !== undefined && samePath(workspace.source, facts.localWorkspaceFolder);
    config.workspaceMount = mountSpec(workspace, sameFolder ? '${localWorkspaceFolder}' : workspace.source);
  }
  if (others.length) config.mounts = others.map(mountObject);
  // The shell's HOME (a writable one for a host user the image does not know), so terminals behave the same.
  if (facts.env?.HOME) config.containerEnv = { HOME: facts.env.HOME };
  if (facts.hostname) config.runArgs = ['--hostname', facts.hostname];
  if (!isRoot(facts.user)) {
    // A numeric `uid:gid` (the host user on Linux) has no name in the image: run the container as it too.
    if (/^\d+(:\d+)?$/.test(facts.user!)) config.containerUser = facts.user;
    config.remoteUser = facts.user;
  }
  return config;
}

export function devContainerText(facts: DevContainerFacts): string {
  return `${JSON.stringify(devContainerConfig(facts), undefined, 2)}\n`;
}

function samePath(a: string, b: string): boolean {
  const normalize = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  return /^[A-Za-z]:/.test(a) ? normalize(a).toLowerCase() === normalize(b).toLowerCase() : normalize(a) === normalize(b);
}
