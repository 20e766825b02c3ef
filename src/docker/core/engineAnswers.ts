/*
 * Where Podman's Docker-compatible API (Podman 4.3, the `podman` tier of npm test) answers differently from the
 * Docker Engine, reduced to what Docker says, so the rest of the extension sees one engine. Pure: no I/O.
 */

/**
 * An image reference as Docker shows it ("familiar" form, as `docker images` and the Engine API's RepoTags print it):
 * Podman's compatible API names the Docker Hub images it lists in full (`docker.io/azl-test/base:3.0`,
 * `docker.io/library/busybox:latest`); Docker names them `azl-test/base:3.0` and `busybox:latest`. Other registries
 * (`mcr.microsoft.com/...`, `localhost/...`, `127.0.0.1:5000/...`) are kept as they are.
 */
export function familiarReference(ref: string): string {
  const hub = /^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/(.+)$/.exec(ref);
  if (!hub) {
    return ref;
  }
  const rest = hub[1]!;
  return rest.startsWith('library/') && !rest.slice('library/'.length).includes('/') ? rest.slice('library/'.length) : rest;
}

/**
 * True when the engine refused a container name because another container has it. Docker answers 409 ("Conflict. The
 * container name "/x" is already in use by container ..."); Podman 4.3 answers 500 ("... the container name "x" is
 * already in use by ... that name is already in use").
 */
export function isNameInUse(message: string): boolean {
  return /\bname\b.*\bis already in use\b/i.test(message);
}

/**
 * Podman 4.3 answers a successful exec resize with 201 Created where Docker answers 200 (the Engine API documents 200
 * and 201 is what Podman's compat handler writes); both mean the terminal has the new size.
 */
export function isSuccessStatus(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

/**
 * Rows of a pull's progress that are not layers: Podman 4.3 reports the image's configuration blob (whose digest is
 * the image ID) as one more "Pulling fs layer" / "Download complete" row; Docker never does. `imageId` is the pulled
 * image's ID (`sha256:...`); a row is named by the first 12 hex digits of its digest.
 */
export function isConfigBlobRow(rowId: string, imageId: string | undefined): boolean {
  const id = imageId?.replace(/^sha256:/, '');
  return Boolean(id) && rowId.length >= 12 && id!.startsWith(rowId);
}

/**
 * An engine event's action under Docker's name. Podman 4.3 reports a removed container as `remove` where Docker says
 * `destroy` (Docker's `remove` does not exist for containers); everything else the extension listens to is named
 * alike (`create`, `start`, `die`, `pause`, `unpause`, `rename`; images' `pull`, `tag`, `untag`, `delete`, `import`).
 */
export function dockerEventAction(type: string, action: string): string {
  return type === 'container' && action === 'remove' ? 'destroy' : action;
}
