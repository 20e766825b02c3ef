import * as path from 'node:path';
import { parseConfig } from '../language/core/parse';
import { asMap, asScalar, asSeq, entryOf, nodeAt, stringValue, valueOf } from '../language/core/syntax';
import type { MapNode, SeqNode, SyntaxNode } from '../language/core/types';
import { accountCommands, ensureCommands, packageCommand, type PackageManagerName } from '../azureLinux/packageManager';
import { azureLinuxReleases, defaultRelease, describeRelease, knownRelease, majorMinor } from '../azureLinux/releases';
import { renderDockerfile, stagingDir, type BuildStep } from './dockerfile';
import { configHash } from './hash';
import type { FileRoot } from '../util/boundedFiles';

/*
 * Turns an Image Customizer config into a container build: the Dockerfile, the files that go into the build
 * context beside it, the hostname for the container, and a list of everything a container cannot mirror, each with
 * the reason. Pure: files the config points at are read through `MirrorFileAccess`; nothing here touches Docker.
 * Steps follow the Image Customizer's documented operation ordering: packages (remove, update existing, install,
 * update), then groups and users (so `useradd -m` creates each home owned by its user), then additional directories,
 * then additional files (which may land in those homes), then post-customization scripts. A key whose value has the
 * wrong shape (a map where a list belongs) is listed as not mirrored rather than dropped.
 */

export const azureLinuxBaseImages: Readonly<Record<string, string>> = Object.fromEntries(
  azureLinuxReleases.map((release) => [release.version, release.containerImage]),
);
export const defaultBaseImage = defaultRelease.containerImage;

/**
 * The answer for a config that names no Azure Linux release (a disk image as input, or no input): a release from
 * the table ("3.0", "4.0"), or any image the person names.
 */
export type ReleaseChoice = { readonly kind: 'release'; readonly version: string } | { readonly kind: 'image'; readonly image: string };

/** What was read from the base image itself before the build (the extension reads it; the CLI cannot). */
export interface BaseImageFacts {
  /** `VERSION_ID` of an Azure Linux base image, e.g. "4.0". */
  readonly osVersion?: string;
  readonly packageManager?: PackageManagerName;
}

/**
 * What the planner may read from disk: file text (package lists) and whether a referenced path can be copied. The real
 * one (nodeFiles.ts) is the bounded reader confined to `root`; its answers say why not ("is outside the workspace
 * folder; not copied").
 */
export interface MirrorFileAccess {
  /** The folder every file the build reads or copies must stay inside (checked again when the context is written). */
  readonly root: FileRoot;
  /** A package list's text, or why it cannot be read ("does not exist", "is larger than 4 MiB; not read"). */
  readText(absolutePath: string): { readonly text: string } | { readonly problem: string };
  /** Undefined when the path is a file (or folder) that may be copied; else why not. */
  check(absolutePath: string, kind: 'file' | 'directory'): string | undefined;
}

export interface MirrorOptions {
  /** Absolute path of the config file: relative paths in it are resolved against its folder. */
  readonly configPath: string;
  readonly configText: string;
  readonly files: MirrorFileAccess;
  /** Run `scripts.postCustomization` in the build: only after the person has confirmed. */
  readonly runPostCustomization: boolean;
  /** Replaces the base image chosen from `input.image` (tests use a local image; azl-mirror --base). */
  readonly baseImage?: string;
  /** For a config that names no release: the person's answer (asked once per config and remembered). */
  readonly releaseChoice?: ReleaseChoice;
  /** What the base image says about itself, when it was read: names its release and package manager. */
  readonly baseFacts?: BaseImageFacts;
}

/** One entry of the build context under `payload/`; `mode` is the permission bits the file gets in the image. */
export type ContextEntry =
  | { readonly kind: 'inline'; readonly path: string; readonly mode: number; readonly content: string }
  | { readonly kind: 'hostFile'; readonly path: string; readonly mode: number; readonly hostPath: string }
  | {
      readonly kind: 'hostDirectory';
      readonly path: string;
      readonly hostPath: string;
      readonly dirMode: number;
      readonly fileMode: number;
    };

export interface NotMirrored {
  /** Where in the config, e.g. `os.selinux`, `os.users[1].password`. */
  readonly key: string;
  readonly reason: string;
}

export interface ScriptSummary {
  readonly key: string;
  /** The script's `name`, else its path, else "inline script". */
  readonly label: string;
  readonly interpreter: string;
}

export interface MirrorPlan {
  readonly baseImage: string;
  /**
   * The Azure Linux release of the image: what the base image's /etc/os-release says when it was read, else what the
   * config (or the answer for a config that names none) asks for; undefined when neither is known.
   */
  readonly osVersion?: string;
  /**
   * The config names no Azure Linux release (a disk image or nothing as input), so the release came from
   * `releaseChoice`, or (without one) from the default: the extension asks before building such a config.
   */
  readonly releaseUnnamed: boolean;
  /** How the base image was chosen, for the top of the build output ("Azure Linux 4.0 (preview), as the config asks"). */
  readonly baseImageReason: string;
  readonly dockerfile: string;
  readonly steps: readonly BuildStep[];
  /** Everything the build context holds besides the Dockerfile, under `payload/`. */
  readonly context: readonly ContextEntry[];
  /** For the container's create options (Docker owns /etc/hostname at run time). */
  readonly hostname?: string;
  readonly notMirrored: readonly NotMirrored[];
  /** `scripts.postCustomization`, whether or not they run, so the command can ask first. */
  readonly postCustomizationScripts: readonly ScriptSummary[];
  readonly configHash: string;
  /** The folder the context's host files must stay inside (the file access's root). */
  readonly root: FileRoot;
}

/** Plans the build; throws only when the config cannot be read as YAML or JSON at all. */
export function planMirror(options: MirrorOptions): MirrorPlan {
  const root = parseRoot(options.configText, options.configPath);
  const planner = new Planner(options, root);
  return planner.plan();
}

function parseRoot(text: string, fileName: string): MapNode {
  const parsed = parseConfig(text, fileName);
  const syntaxError = parsed.problems.find((problem) => problem.severity === 'error');
  if (syntaxError) {
    throw new Error(`${path.basename(fileName)} cannot be read: ${syntaxError.message}`);
  }
  const root = asMap(parsed.documents[0]?.root);
  if (!root && parsed.documents[0]?.root) {
    throw new Error(`${path.basename(fileName)} is not an image config: its top level is not a mapping.`);
  }
  return root ?? { kind: 'map', range: { start: 0, end: 0 }, entries: [] };
}

/** Parses permissions the way Image Customizer does: 3 or 4 octal digits, given as a string or as digits. */
export function parsePermissions(node: SyntaxNode | undefined): number | 'invalid' | undefined {
  const scalar = asScalar(node);
  if (!scalar || scalar.value === null) return node ? 'invalid' : undefined;
  const text = String(scalar.value);
  return /^[0-7]{3,4}$/.test(text) ? parseInt(text, 8) : 'invalid';
}

/** User and group names as shadow-utils accepts them; never starting with `-`, so never read as an option. */
export function isValidAccountName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/.test(name);
}

/** Anything dnf5, dnf or tdnf could take as a package spec; a leading `-` would be read as an option. */
export function isValidPackageName(name: string): boolean {
  return name.trim() === name && name.length > 0 && !name.startsWith('-');
}

const environmentName = /^[A-Za-z_][A-Za-z0-9_]*$/;

const unmirrorableOs: ReadonlyArray<readonly [key: string, reason: string]> = [
  ['selinux', "A container shares the host kernel: its SELinux mode is the host's."],
  ['kernelCommandLine', 'A container has no kernel or bootloader of its own.'],
  ['bootloader', 'A container has no bootloader.'],
  ['uki', 'A container does not boot, so there is no unified kernel image.'],
  ['services', 'A container runs no init system (systemd), so services are not enabled or disabled.'],
  ['modules', 'Kernel modules belong to the host kernel, not to a container.'],
  ['overlays', 'Overlay mounts are set up at boot; a container does not boot.'],
  ['imageHistory', 'A container image keeps no Image Customizer history.'],
];

const unmirrorableTop: ReadonlyArray<readonly [key: string, reason: string]> = [
  ['storage', "A container uses the engine's file system: disks, partitions, file systems and verity do not apply."],
  ['iso', 'ISO media settings apply to bootable ISO output only.'],
  ['pxe', 'PXE settings apply to network-boot output only.'],
  ['output', 'The local environment is a container image, not an output file.'],
  ['baseConfigs', 'Base configs are not merged: only this file is mirrored.'],
];

class Planner {
  private readonly steps: BuildStep[] = [];
  private readonly context: ContextEntry[] = [];
  private readonly notMirrored: NotMirrored[] = [];
  private readonly scripts: ScriptSummary[] = [];
  private readonly configDir: string;

  constructor(
    private readonly options: MirrorOptions,
    private readonly root: MapNode,
  ) {
    this.configDir = path.dirname(options.configPath);
  }

  plan(): MirrorPlan {
    // An overriding base image (tests, azl-mirror --base) replaces the choice, so what the config asks for is not reported.
    const fromInput = this.baseImageFromInput(this.options.baseImage === undefined);
    const baseImage = this.options.baseImage ?? fromInput.image;
    // An overriding base stands in for the release the config names; for a config that names none, it is simply unknown.
    const osVersion =
      this.options.baseFacts?.osVersion ?? (this.options.baseImage !== undefined && fromInput.unnamed ? undefined : fromInput.version);
    const os = this.shaped(valueOf(this.root, 'os'), 'os', 'map');
    const hostname = stringValue(valueOf(os, 'hostname'));

    const packageSteps = this.steps.length;
    this.packages(this.shaped(valueOf(os, 'packages'), 'os.packages', 'map'));
    this.keySince(packageSteps, 'os.packages');
    const beforeAccounts = this.steps.length;
    this.groups(this.shaped(valueOf(os, 'groups'), 'os.groups', 'seq'));
    this.users(this.shaped(valueOf(os, 'users'), 'os.users', 'seq'));
    // Neither core image promises useradd and groupadd: shadow-utils comes in first, with the image's package manager.
    // It is there for the accounts: a failure in it names the section it serves (os.groups, else os.users).
    const firstAccount = this.steps[beforeAccounts];
    const accountsKey = firstAccount?.kind === 'run' ? firstAccount.key?.replace(/\[\d+\]$/, '') : undefined;
    if (this.steps.length > beforeAccounts) {
      this.steps.splice(beforeAccounts, 0, {
        kind: 'run',
        argv: ensureCommands(accountCommands),
        ...(accountsKey ? { key: accountsKey } : {}),
      });
    }
    this.additionalDirs(this.shaped(valueOf(os, 'additionalDirs'), 'os.additionalDirs', 'seq'));
    this.additionalFiles(this.shaped(valueOf(os, 'additionalFiles'), 'os.additionalFiles', 'seq'));
    this.postCustomization(this.shaped(nodeAt(this.root, ['scripts', 'postCustomization']), 'scripts.postCustomization', 'seq'));
    this.unmirrorable(os);

    const steps: BuildStep[] = this.context.length
      ? [{ kind: 'copyPayload' }, ...this.steps, { kind: 'run', argv: ['rm', '-rf', stagingDir] }]
      : this.steps;
    return {
      baseImage,
      ...(osVersion ? { osVersion } : {}),
      releaseUnnamed: fromInput.unnamed,
      baseImageReason: this.options.baseImage === undefined ? fromInput.reason : `${baseImage}, given instead of the config's choice`,
      dockerfile: renderDockerfile(baseImage, steps),
      steps,
      context: this.context,
      ...(hostname ? { hostname } : {}),
      notMirrored: this.notMirrored,
      postCustomizationScripts: this.scripts,
      configHash: configHash(this.options.configText),
      root: this.options.files.root,
    };
  }

  /** The node when it has the shape the key needs; otherwise (and when it is not empty) a not-mirrored entry saying so. */
  private shaped<K extends 'map' | 'seq'>(
    node: SyntaxNode | undefined,
    key: string,
    kind: K,
  ): (K extends 'map' ? MapNode : SeqNode) | undefined {
    const value = kind === 'map' ? asMap(node) : asSeq(node);
    if (!value && node && !(node.kind === 'scalar' && node.value === null)) {
      this.skip(
        key,
        kind === 'map'
          ? 'Expected a map of settings here: nothing under this key is mirrored.'
          : 'Expected a list here: nothing under this key is mirrored.',
      );
    }
    return value as (K extends 'map' ? MapNode : SeqNode) | undefined;
  }

  /** Steps added since `from` without a key come from `key` (the package manager's steps, one per operation). */
  private keySince(from: number, key: string): void {
    for (let index = from; index < this.steps.length; index++) {
      const step = this.steps[index]!;
      if (step.kind === 'run' && !step.key) this.steps[index] = { ...step, key };
    }
  }

  private skip(key: string, reason: string): void {
    this.notMirrored.push({ key, reason });
  }

  private resolve(relative: string): string {
    return path.resolve(this.configDir, relative);
  }

  /**
   * The base image for `input.image`: the release `azureLinux.version` names; for a disk image (`path`, `oci`), no input,
   * or a version with no container image, the person's answer (`releaseChoice`), else the default release, each
   * reported so the build output says what was used instead.
   */
  private baseImageFromInput(report: boolean): { image: string; version?: string; unnamed: boolean; reason: string } {
    const skip = (key: string, reason: string) => report && this.skip(key, reason);
    const image = asMap(nodeAt(this.root, ['input', 'image']));
    const azureLinux = asMap(valueOf(image, 'azureLinux'));
    const unnamed = (key: string, why: string) => {
      const choice = this.options.releaseChoice;
      const chosen =
        choice?.kind === 'image'
          ? { image: choice.image, label: choice.image }
          : choice?.kind === 'release' && knownRelease(choice.version)
            ? { image: knownRelease(choice.version)!.containerImage, version: choice.version, label: describeRelease(choice.version) }
            : undefined;
      if (chosen) {
        skip(key, `${why} Using ${chosen.label}, as chosen for this config.`);
        return {
          image: chosen.image,
          ...(chosen.version ? { version: chosen.version } : {}),
          unnamed: true,
          reason: `${chosen.label}, as chosen for this config`,
        };
      }
      const fallback = describeRelease(defaultRelease.version);
      skip(key, `${why} Using ${fallback}, the default.`);
      return {
        image: defaultRelease.containerImage,
        version: defaultRelease.version,
        unnamed: true,
        reason: `${fallback}, the default for a config that names no release`,
      };
    };
    if (azureLinux) {
      const version = asScalar(valueOf(azureLinux, 'version'))?.value;
      const release = knownRelease(majorMinor(String(version ?? '')));
      if (release) {
        if (valueOf(azureLinux, 'variant') !== undefined) {
          skip('input.image.azureLinux.variant', 'Containers start from the "core" base image whatever the variant.');
        }
        return {
          image: release.containerImage,
          version: release.version,
          unnamed: false,
          reason: `${describeRelease(release.version)}, as input.image.azureLinux.version asks`,
        };
      }
      return unnamed('input.image.azureLinux.version', `No Azure Linux container image for version "${String(version ?? '')}".`);
    }
    for (const kind of ['path', 'oci']) {
      if (entryOf(image, kind))
        return unnamed(`input.image.${kind}`, 'A container cannot start from a disk image, and the config names no Azure Linux release.');
    }
    return unnamed('input.image', 'The config names no Azure Linux release.');
  }

  private packageNames(node: SyntaxNode | undefined, key: string): string[] {
    const names: string[] = [];
    this.shaped(node, key, 'seq')?.items.forEach((item, index) => {
      const name = stringValue(item);
      if (name !== undefined && isValidPackageName(name)) names.push(name);
      else this.skip(`${key}[${index}]`, 'Not a package name: it is empty, not text, or starts with "-".');
    });
    return names;
  }

  /** Package lists are YAML or JSON files with a `packages:` list, relative to the config. */
  private packageLists(node: SyntaxNode | undefined, key: string): string[] {
    const names: string[] = [];
    this.shaped(node, key, 'seq')?.items.forEach((item, index) => {
      const itemKey = `${key}[${index}]`;
      const relative = stringValue(item);
      if (relative === undefined) {
        this.skip(itemKey, 'The package list cannot be read.');
        return;
      }
      const read = this.options.files.readText(this.resolve(relative));
      if ('problem' in read) {
        this.skip(itemKey, `The package list ${relative} cannot be read: it ${read.problem}.`);
        return;
      }
      let listRoot: MapNode | undefined;
      try {
        listRoot = parseRoot(read.text, this.resolve(relative));
      } catch (error) {
        this.skip(itemKey, error instanceof Error ? error.message : String(error));
        return;
      }
      names.push(...this.packageNames(valueOf(listRoot, 'packages'), `${relative} packages`));
    });
    return names;
  }

  private packages(packages: MapNode | undefined): void {
    if (!packages) return;
    const key = 'os.packages';
    const remove = [
      ...this.packageLists(valueOf(packages, 'removeLists'), `${key}.removeLists`),
      ...this.packageNames(valueOf(packages, 'remove'), `${key}.remove`),
    ];
    const install = [
      ...this.packageLists(valueOf(packages, 'installLists'), `${key}.installLists`),
      ...this.packageNames(valueOf(packages, 'install'), `${key}.install`),
    ];
    const update = [
      ...this.packageLists(valueOf(packages, 'updateLists'), `${key}.updateLists`),
      ...this.packageNames(valueOf(packages, 'update'), `${key}.update`),
    ];
    // Each step finds the image's own package manager (dnf5, dnf or tdnf) and says in the build output which it used.
    if (remove.length) this.steps.push({ kind: 'run', argv: packageCommand('remove', remove) });
    if (asScalar(valueOf(packages, 'updateExistingPackages'))?.value === true)
      this.steps.push({ kind: 'run', argv: packageCommand('upgrade', []) });
    if (install.length) this.steps.push({ kind: 'run', argv: packageCommand('install', install) });
    if (update.length) this.steps.push({ kind: 'run', argv: packageCommand('upgrade', update) });
    if (entryOf(packages, 'snapshotTime')) {
      this.skip(`${key}.snapshotTime`, 'The container installs the newest packages: snapshot filtering is not applied.');
    }
    if (entryOf(packages, 'removePackageManager')) {
      const manager = this.options.baseFacts?.packageManager;
      this.skip(
        `${key}.removePackageManager`,
        manager
          ? `The local environment keeps ${manager} so you can keep installing packages.`
          : "The local environment keeps the base image's package manager (dnf5, dnf or tdnf: the build output says which) so you can keep installing packages.",
      );
    }
  }

  private destination(node: SyntaxNode | undefined, key: string): string | undefined {
    const destination = stringValue(node);
    if (destination && path.posix.isAbsolute(destination) && !destination.includes('\0')) return destination;
    this.skip(key, 'The destination is not an absolute path.');
    return undefined;
  }

  private additionalFiles(files: ReturnType<typeof asSeq>): void {
    const parents: string[] = [];
    const copies: BuildStep[] = [];
    files?.items.forEach((item, index) => {
      const key = `os.additionalFiles[${index}]`;
      const file = asMap(item);
      const destination = this.destination(valueOf(file, 'destination'), `${key}.destination`);
      if (!destination) return;
      const permissions = parsePermissions(valueOf(file, 'permissions'));
      if (permissions === 'invalid') {
        this.skip(`${key}.permissions`, 'Not 3 or 4 octal digits: the file gets 755.');
      }
      const mode = typeof permissions === 'number' ? permissions : 0o755;
      const staged = `files/${index}`;
      const content = asScalar(valueOf(file, 'content'));
      const source = stringValue(valueOf(file, 'source'));
      if (content && content.value !== null) {
        this.context.push({ kind: 'inline', path: staged, mode, content: String(content.value) });
      } else if (source === undefined) {
        this.skip(key, 'Neither source nor content is given.');
        return;
      } else {
        const problem = this.options.files.check(this.resolve(source), 'file');
        if (problem) {
          this.skip(key, `The source file ${source} ${problem}.`);
          return;
        }
        this.context.push({ kind: 'hostFile', path: staged, mode, hostPath: this.resolve(source) });
      }
      parents.push(path.posix.dirname(destination));
      copies.push({ kind: 'run', argv: ['cp', '-p', `${stagingDir}/${staged}`, destination], key });
    });
    // `cp -p` keeps the mode the build context carries; coreutils and busybox both have `mkdir -p` and `cp -p`.
    if (parents.length) this.steps.push({ kind: 'run', argv: ['mkdir', '-p', ...new Set(parents)], key: 'os.additionalFiles' }, ...copies);
  }

  private additionalDirs(dirs: ReturnType<typeof asSeq>): void {
    dirs?.items.forEach((item, index) => {
      const key = `os.additionalDirs[${index}]`;
      const dir = asMap(item);
      const destination = this.destination(valueOf(dir, 'destination'), `${key}.destination`);
      if (!destination) return;
      const source = stringValue(valueOf(dir, 'source'));
      const problem = source === undefined ? 'No source directory is given.' : this.options.files.check(this.resolve(source), 'directory');
      if (source === undefined || problem) {
        this.skip(key, source === undefined ? 'No source directory is given.' : `The source directory ${source} ${problem}.`);
        return;
      }
      const modes = { dirMode: 0o755, fileMode: 0o755 };
      for (const [field, target] of [
        ['newDirPermissions', 'dirMode'],
        ['childFilePermissions', 'fileMode'],
      ] as const) {
        const permissions = parsePermissions(valueOf(dir, field));
        if (permissions === 'invalid') this.skip(`${key}.${field}`, 'Not 3 or 4 octal digits: 755 is used.');
        else if (permissions !== undefined) modes[target] = permissions;
      }
      if (entryOf(dir, 'mergedDirPermissions')) {
        this.skip(`${key}.mergedDirPermissions`, 'Directories that already exist in the image take newDirPermissions in the container.');
      }
      const staged = `dirs/${index}`;
      this.context.push({ kind: 'hostDirectory', path: staged, hostPath: this.resolve(source), ...modes });
      // `cp -p` keeps the modes the build context carries; `dir/.` copies the contents into an existing destination.
      this.steps.push({ kind: 'run', argv: ['mkdir', '-p', destination], key });
      this.steps.push({ kind: 'run', argv: ['cp', '-R', '-p', `${stagingDir}/${staged}/.`, destination], key });
    });
  }

  private groups(groups: ReturnType<typeof asSeq>): void {
    groups?.items.forEach((item, index) => {
      const key = `os.groups[${index}]`;
      const group = asMap(item);
      const name = stringValue(valueOf(group, 'name'));
      if (name === undefined || !isValidAccountName(name)) {
        this.skip(key, 'The group name is missing or not a valid account name.');
        return;
      }
      const gid = asScalar(valueOf(group, 'gid'))?.value;
      const argv = ['groupadd'];
      if (typeof gid === 'number' && Number.isInteger(gid) && gid >= 0) argv.push('-g', String(gid));
      else if (gid !== undefined) this.skip(`${key}.gid`, 'Not a whole number: the group gets the next free id.');
      this.steps.push({ kind: 'run', argv: [...argv, name], key });
    });
  }

  private users(users: ReturnType<typeof asSeq>): void {
    users?.items.forEach((item, index) => {
      const key = `os.users[${index}]`;
      const user = asMap(item);
      const name = stringValue(valueOf(user, 'name'));
      if (name === undefined || !isValidAccountName(name)) {
        this.skip(key, 'The user name is missing or not a valid account name.');
        return;
      }
      for (const [field, reason] of [
        ['password', 'Passwords are never copied into a local image.'],
        ['passwordExpiresDays', 'There is no password in the local image to expire.'],
        ['sshPublicKeys', 'The container runs no SSH server: use Open Shell instead.'],
        ['sshPublicKeyPaths', 'The container runs no SSH server: use Open Shell instead.'],
      ] as const) {
        if (entryOf(user, field)) this.skip(`${key}.${field}`, reason);
      }
      if (name === 'root') {
        for (const field of ['uid', 'primaryGroup', 'secondaryGroups', 'startupCommand', 'homeDirectory']) {
          if (entryOf(user, field)) this.skip(`${key}.${field}`, 'root already exists in the base image and is left as it is.');
        }
        return;
      }
      const argv = ['useradd', '-m'];
      const uid = asScalar(valueOf(user, 'uid'))?.value;
      if (typeof uid === 'number' && Number.isInteger(uid) && uid >= 0) argv.push('-u', String(uid));
      else if (uid !== undefined) this.skip(`${key}.uid`, 'Not a whole number: the user gets the next free id.');
      const primaryGroup = stringValue(valueOf(user, 'primaryGroup'));
      if (primaryGroup !== undefined) {
        if (isValidAccountName(primaryGroup)) argv.push('-g', primaryGroup);
        else this.skip(`${key}.primaryGroup`, 'Not a valid group name.');
      }
      const secondary: string[] = [];
      this.shaped(valueOf(user, 'secondaryGroups'), `${key}.secondaryGroups`, 'seq')?.items.forEach((groupNode, groupIndex) => {
        const group = stringValue(groupNode);
        if (group !== undefined && isValidAccountName(group)) secondary.push(group);
        else this.skip(`${key}.secondaryGroups[${groupIndex}]`, 'Not a valid group name.');
      });
      if (secondary.length) argv.push('-G', secondary.join(','));
      const home = stringValue(valueOf(user, 'homeDirectory'));
      if (home !== undefined) {
        if (path.posix.isAbsolute(home)) argv.push('-d', home);
        else this.skip(`${key}.homeDirectory`, 'Not an absolute path.');
      }
      const shell = stringValue(valueOf(user, 'startupCommand'));
      if (shell !== undefined) argv.push('-s', shell);
      this.steps.push({ kind: 'run', argv: [...argv, name], key });
    });
  }

  private postCustomization(scripts: ReturnType<typeof asSeq>): void {
    scripts?.items.forEach((item, index) => {
      const key = `scripts.postCustomization[${index}]`;
      const script = asMap(item);
      const scriptPath = stringValue(valueOf(script, 'path'));
      const content = asScalar(valueOf(script, 'content'));
      const interpreter = stringValue(valueOf(script, 'interpreter')) || '/bin/sh';
      const label = stringValue(valueOf(script, 'name')) ?? scriptPath ?? 'inline script';
      this.scripts.push({ key, label, interpreter });
      if (!this.options.runPostCustomization) {
        this.skip(key, 'Not run: post-customization scripts run only after you confirm.');
        return;
      }
      const staged = `scripts/${index}`;
      if (content && content.value !== null) {
        this.context.push({ kind: 'inline', path: staged, mode: 0o755, content: String(content.value) });
      } else if (scriptPath === undefined) {
        this.skip(key, 'Neither path nor content is given.');
        return;
      } else {
        const problem = this.options.files.check(this.resolve(scriptPath), 'file');
        if (problem) {
          this.skip(key, `The script ${scriptPath} ${problem}.`);
          return;
        }
        this.context.push({ kind: 'hostFile', path: staged, mode: 0o755, hostPath: this.resolve(scriptPath) });
      }
      const environment: string[] = [];
      for (const entry of this.shaped(valueOf(script, 'environmentVariables'), `${key}.environmentVariables`, 'map')?.entries ?? []) {
        const name = String(entry.key.value);
        const value = asScalar(entry.value)?.value;
        if (environmentName.test(name)) environment.push(`${name}=${value === null || value === undefined ? '' : String(value)}`);
        else this.skip(`${key}.environmentVariables.${name}`, 'Not a valid environment variable name.');
      }
      const args = (this.shaped(valueOf(script, 'arguments'), `${key}.arguments`, 'seq')?.items ?? []).map((arg) =>
        String(asScalar(arg)?.value ?? ''),
      );
      const run = [interpreter, `${stagingDir}/${staged}`, ...args];
      // `env NAME=value program` sets variables without a shell, so values are never expanded or split.
      this.steps.push({ kind: 'run', argv: environment.length ? ['env', ...environment, ...run] : run, key });
    });
  }

  private unmirrorable(os: MapNode | undefined): void {
    for (const [key, reason] of unmirrorableTop) {
      if (entryOf(this.root, key)) this.skip(key, reason);
    }
    for (const [key, reason] of unmirrorableOs) {
      if (entryOf(os, key)) this.skip(`os.${key}`, reason);
    }
    if (nodeAt(this.root, ['scripts', 'finalizeCustomization'])) {
      this.skip(
        'scripts.finalizeCustomization',
        'Finalize scripts prepare a finished disk image (after SELinux labelling); a container has none.',
      );
    }
  }
}
