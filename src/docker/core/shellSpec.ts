import type { BindMount, ContainerSpec } from '../engine';
import { english, type L10n } from '../../util/l10n';
import { azlLabels, workspaceMountPath } from './labels';

/** The images "New azl-shell..." offers first. */
export const azureLinuxImages = {
  azureLinux3: 'mcr.microsoft.com/azurelinux/base/core:3.0',
  azureLinux4Preview: 'mcr.microsoft.com/azurelinux-beta/base/core:4.0',
  /** Dated 3.0 tags look like 3.0.20250102. */
  azureLinux3Repository: 'mcr.microsoft.com/azurelinux/base/core',
} as const;

export function datedAzureLinux3Image(tag: string): string {
  return `${azureLinuxImages.azureLinux3Repository}:${tag.trim()}`;
}

/** A dated 3.0 tag: `3.0.YYYYMMDD`. The rules word their answers with `l10n` (the input boxes pass `vscode.l10n`). */
export function validateDatedTag(tag: string, l10n: L10n = english): string | undefined {
  const value = tag.trim();
  if (!/^3\.0\.\d{8}$/.test(value)) {
    return l10n.t('A dated Azure Linux 3.0 tag looks like {0}.', '3.0.20250102');
  }
  return undefined;
}

/** Container names the engine accepts: a letter or digit, then letters, digits, "_", "." or "-"; at least two characters. */
export function validateEnvironmentName(name: string, existingNames: readonly string[] = [], l10n: L10n = english): string | undefined {
  const value = name.trim();
  if (!value) {
    return l10n.t('Enter a name.');
  }
  if (value.length < 2) {
    return l10n.t('Use at least two characters.');
  }
  if (value.length > 63) {
    return l10n.t('Use at most 63 characters.');
  }
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(value)) {
    return l10n.t('Start with a letter or digit, then use only letters, digits, "_", "." and "-".');
  }
  if (existingNames.includes(value)) {
    return l10n.t('A container named "{0}" already exists.', value);
  }
  return undefined;
}

/** An image reference: [registry[:port]/]path[:tag][@digest], lower-case path. */
export function validateImageReference(ref: string, l10n: L10n = english): string | undefined {
  const value = ref.trim();
  if (!value) {
    return l10n.t('Enter an image, for example {0}.', azureLinuxImages.azureLinux3);
  }
  if (/\s/.test(value)) {
    return l10n.t('An image reference has no spaces.');
  }
  const pattern =
    /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
  if (!pattern.test(value)) {
    return l10n.t('This is not an image reference. Use lower-case letters, digits and "/", with an optional ":tag".');
  }
  return undefined;
}

/** A free default name derived from the image: `azl-3.0`, then `azl-3.0-2`, ... */
export function suggestEnvironmentName(image: string, existingNames: readonly string[]): string {
  const reference = image.split('@')[0]!;
  const colon = reference.lastIndexOf(':');
  const tag = colon > reference.lastIndexOf('/') && colon < reference.length - 1 ? reference.slice(colon + 1) : 'latest';
  const base = `azl-${tag.replace(/[^a-zA-Z0-9_.-]/g, '-')}`.slice(0, 50);
  if (!existingNames.includes(base)) {
    return base;
  }
  for (let index = 2; ; index++) {
    const candidate = `${base}-${index}`;
    if (!existingNames.includes(candidate)) {
      return candidate;
    }
  }
}

export interface ShellSpecInput {
  readonly image: string;
  readonly name: string;
  /** The host folder to mount at /workspace, when a folder is open. */
  readonly workspaceFolder?: string;
  /** On Linux hosts the container runs as the host user so files it creates in /workspace belong to that user. */
  readonly hostUser?: { readonly uid: number; readonly gid: number };
  /** Engine network mode; the engine default when unset. */
  readonly networkMode?: string;
  /** Extra labels (for example the config path and hash of an image built from a config). */
  readonly extraLabels?: Readonly<Record<string, string>>;
}

/**
 * Who the container runs as so files it creates in /workspace belong to the host user. A rootful engine keeps numeric
 * owners, so that is the host user's uid:gid. A rootless engine maps its uid 0 to the host user (and the host uid to
 * some subordinate id nobody owns), so there it is 0:0. No host user (Windows, macOS): the image's default.
 */
export function containerUserForHost(
  hostUser: { readonly uid: number; readonly gid: number } | undefined,
  engine: { readonly rootless: boolean },
): { uid: number; gid: number } | undefined {
  if (!hostUser) {
    return undefined;
  }
  return engine.rootless ? { uid: 0, gid: 0 } : { uid: hostUser.uid, gid: hostUser.gid };
}

/**
 * The container behind an azl-shell: a long-lived `sleep` under an init (so stop is immediate), the workspace mounted
 * and used as working directory, labelled so the tree knows it. Shells are execs into it.
 */
export function buildShellContainerSpec(input: ShellSpecInput): ContainerSpec {
  const mapUser = input.hostUser && input.hostUser.uid !== 0;
  return {
    image: input.image,
    name: input.name,
    labels: {
      [azlLabels.shell]: '1',
      [azlLabels.image]: input.image,
      ...(input.workspaceFolder ? { [azlLabels.workspaceFolder]: input.workspaceFolder } : {}),
      ...input.extraLabels,
    },
    ...(input.workspaceFolder
      ? { mounts: [{ source: input.workspaceFolder, target: workspaceMountPath }], workdir: workspaceMountPath }
      : {}),
    ...(input.hostUser ? { user: `${input.hostUser.uid}:${input.hostUser.gid}` } : {}),
    // A user without an /etc/passwd entry has no home; give shells a writable one.
    ...(mapUser ? { env: { HOME: '/tmp' } } : {}),
    cmd: ['sleep', 'infinity'],
    init: true,
    ...(input.networkMode ? { networkMode: input.networkMode } : {}),
  };
}

/**
 * An azl-shell's interactive shell in one exec: bash when the image has it, else the POSIX sh, as a login shell so
 * the image's profile runs. Choosing inside the container saves a probe exec before every shell. A constant line:
 * nothing from a name goes into it.
 */
export const interactiveShellCommand: readonly string[] = [
  '/bin/sh',
  '-c',
  'command -v bash >/dev/null 2>&1 && exec bash -l; exec /bin/sh -l',
];

/** True when a shell exec ended because the container has no /bin/sh: the engine's exit code and words for that. */
export function isMissingShell(exitCode: number | undefined, output: string): boolean {
  return (exitCode === 126 || exitCode === 127) && /no such file|not found|executable file/i.test(output);
}

/** `docker run` arguments equivalent to an azl-shell, for comparisons and for people who want the CLI line. */
export function dockerRunArguments(spec: ContainerSpec, options: { readonly detach: boolean; readonly remove?: boolean }): string[] {
  const args = ['run'];
  if (options.detach) {
    args.push('--detach');
  }
  if (options.remove) {
    args.push('--rm');
  }
  if (spec.name) {
    args.push('--name', spec.name);
  }
  for (const [key, value] of Object.entries(spec.labels ?? {})) {
    args.push('--label', `${key}=${value}`);
  }
  for (const mount of spec.mounts ?? []) {
    args.push('--mount', mountArgument(mount));
  }
  if (spec.workdir) {
    args.push('--workdir', spec.workdir);
  }
  if (spec.user) {
    args.push('--user', spec.user);
  }
  for (const [key, value] of Object.entries(spec.env ?? {})) {
    args.push('--env', `${key}=${value}`);
  }
  if (spec.init) {
    args.push('--init');
  }
  if (spec.networkMode) {
    args.push('--network', spec.networkMode);
  }
  if (spec.tty) {
    args.push('--tty');
  }
  if (spec.openStdin) {
    args.push('--interactive');
  }
  args.push(spec.image, ...(spec.cmd ?? []));
  return args;
}

/**
 * `docker run --mount` text for a bind mount. The CLI reads it as one CSV record, so a field holding a comma or a
 * quote is quoted CSV-style; a `:` needs nothing (it is what `--volume host:container` cannot carry).
 */
export function mountArgument(mount: BindMount): string {
  const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return ['type=bind', field(`source=${mount.source}`), field(`target=${mount.target}`), ...(mount.readOnly ? ['readonly'] : [])].join(',');
}
