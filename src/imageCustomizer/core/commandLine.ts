import type { BindMount } from '../../docker/engine';
/*
 * How the Image Customizer container is run, as pure data: the image, the mounts and the command line, following
 * upstream's quick-start (docs/imagecustomizer/quick-start/quick-start.md) and its CLI reference
 * (docs/imagecustomizer/api/cli/customize.md, cli.md). test/unit/imageBuilds/commandLine.test.ts checks these
 * arguments against those documents, quoted there with the upstream commit they were read at.
 */
import * as path from 'node:path';

/** The container image upstream publishes; the tag is the azureLinux.imageBuilds.imageCustomizerTag setting. */
export const imageCustomizerRepository = 'mcr.microsoft.com/azurelinux/imagecustomizer';

/** Where the mounts go inside the container. */
export const containerPaths = {
  /** The folder holding the config and the files it names (read-only). */
  config: '/mnt/config',
  /** The base image file (read-only). */
  base: '/mnt/base',
  /** The staging folder the output is written to (the quick-start's `/mnt/staging`). */
  staging: '/mnt/staging',
  /** The download cache for a base the config names by OCI reference or Azure Linux version. */
  cache: '/mnt/cache',
  /** Image Customizer's temporary files, inside the container (the quick-start's `--build-dir "/build"`). */
  build: '/build',
} as const;

/** The output formats a build writes as one disk-image file; the others (iso, pxe, cosi) are left to the CLI. */
export const diskImageFormats = ['vhd-fixed', 'vhd', 'vhdx', 'qcow2', 'raw'] as const;
export type DiskImageFormat = (typeof diskImageFormats)[number];

export function isDiskImageFormat(value: unknown): value is DiskImageFormat {
  return typeof value === 'string' && (diskImageFormats as readonly string[]).includes(value);
}

/** The base images upstream reads, by file name extension (customize.md: "vhd, vhdx, qcow2, and raw"). */
export const baseImageExtensions = ['vhd', 'vhdx', 'qcow2', 'raw'] as const;

/** A version read from an image tag ("1.4.0", "v0.17.0"); undefined for "latest" and other names. */
export interface ToolVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export function toolVersionOfTag(tag: string): ToolVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(tag.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) } : undefined;
}

function before(version: ToolVersion, major: number, minor: number): boolean {
  return version.major < major || (version.major === major && version.minor < minor);
}

/**
 * What the container of a given version needs, from upstream's history. A tag that names no version ("latest", a
 * private build) is taken to be current.
 */
export interface ToolContract {
  /** Before v0.18.0 the image had no ENTRYPOINT and the command line started with `imagecustomizer`. */
  readonly commandName: boolean;
  /** "For v1.4 and below, you must also add the docker option: -v /dev:/dev" (quick-start). */
  readonly bindDev: boolean;
  /** `--log-format` was "Added in v1.3" (cli.md); earlier versions print text only. */
  readonly jsonLog: boolean;
}

export function contractFor(tag: string): ToolContract {
  const version = toolVersionOfTag(tag);
  if (!version) return { commandName: false, bindDev: false, jsonLog: true };
  return { commandName: before(version, 0, 18), bindDev: before(version, 1, 5), jsonLog: !before(version, 1, 3) };
}

export interface InvocationInput {
  /** The image tag (the setting). */
  readonly tag: string;
  /** The config file on the host. */
  readonly configPath: string;
  /** The host folder mounted read-only at /mnt/config: the config's workspace folder, so `../files` still resolve. */
  readonly configRoot: string;
  /** The base image file on the host; undefined when the config's own `input.image` (oci, azureLinux) is used. */
  readonly baseImagePath?: string;
  /** The host folder the output is written to (created for this build only). */
  readonly stagingFolder: string;
  /** The output's file name inside the staging folder. */
  readonly outputFileName: string;
  readonly format: DiskImageFormat;
  /** The host folder for downloaded bases; mounted only when the config names its base by reference. */
  readonly cacheFolder?: string;
}

export interface Invocation {
  readonly image: string;
  /** Host paths bind-mounted into the container (as the quick-start's `-v`; sent as mounts, so a `:` in a path is safe). */
  readonly mounts: readonly BindMount[];
  /** The container's command (after the image's ENTRYPOINT). */
  readonly cmd: readonly string[];
  /** The quick-start's `--privileged=true`: loop devices and partitions. */
  readonly privileged: true;
  readonly contract: ToolContract;
  /** The output file as the container writes it. */
  readonly containerOutputPath: string;
}

/** The config's path inside the container; undefined when the config is not under `configRoot`. */
export function containerConfigPath(configPath: string, configRoot: string): string | undefined {
  const relative = path.relative(configRoot, configPath);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return path.posix.join(containerPaths.config, ...relative.split(path.sep));
}

/**
 * The container to run: the staging folder mounted as the quick-start mounts `$HOME/staging`, the config and the base read-only beside it, and the customize options of the CLI reference.
 */
export function imageCustomizerInvocation(input: InvocationInput): Invocation {
  const contract = contractFor(input.tag);
  const configInContainer = containerConfigPath(input.configPath, input.configRoot);
  if (!configInContainer) throw new Error(`${input.configPath} is not inside ${input.configRoot}`);
  const mounts: BindMount[] = [
    { source: input.configRoot, target: containerPaths.config, readOnly: true },
    { source: input.stagingFolder, target: containerPaths.staging },
  ];
  const cmd: string[] = contract.commandName ? ['imagecustomizer'] : [];
  if (input.baseImagePath) {
    const baseInContainer = path.posix.join(containerPaths.base, path.basename(input.baseImagePath));
    mounts.push({ source: input.baseImagePath, target: baseInContainer, readOnly: true });
    cmd.push('--image-file', baseInContainer);
  }
  const containerOutputPath = path.posix.join(containerPaths.staging, input.outputFileName);
  cmd.push(
    '--config-file',
    configInContainer,
    '--build-dir',
    containerPaths.build,
    '--output-image-format',
    input.format,
    '--output-image-file',
    containerOutputPath,
  );
  if (!input.baseImagePath && input.cacheFolder) {
    mounts.push({ source: input.cacheFolder, target: containerPaths.cache });
    cmd.push('--image-cache-dir', containerPaths.cache);
  }
  if (contract.jsonLog) cmd.push('--log-format', 'json');
  if (contract.bindDev) mounts.push({ source: '/dev', target: '/dev' });
  return { image: `${imageCustomizerRepository}:${input.tag}`, mounts, cmd, privileged: true, contract, containerOutputPath };
}

/** Whether this host can build: Image Customizer mounts the image through loop devices of a Linux kernel. */
export function hostCanBuild(platform: string): boolean {
  return platform === 'linux';
}
