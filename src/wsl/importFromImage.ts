import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ContainerEngine } from '../docker/engine';
import type { PullProgress } from '../docker/core/pullProgress';
import { NoticeError, UserCancelledError } from '../util/errors';
import { ensureCommands, packageManagerInOutput } from '../azureLinux/packageManager';
import { wslConfForDefaultUser } from './core/commandLines';
import { isTaken } from './core/distributions';
import { decodeProgramOutput, installFromFileSince, versionAtLeast } from './core/output';
import { english, type L10n } from '../util/l10n';
import type { WslService } from './wslService';

export interface ImportRequest {
  /** The Azure Linux container image whose file system becomes the distribution. */
  readonly image: string;
  readonly name: string;
  /** Where WSL keeps the distribution's virtual disk. */
  readonly installDir: string;
  /** The Linux user to create and make the default login (matching the Windows user). */
  readonly user: string;
  /** A folder for the temporary tarball; removed afterwards. */
  readonly tempRoot: string;
}

export type ImportStep = 'pull' | 'export' | 'import' | 'user' | 'finish';

/** The adapter words each step (it knows the request); the pipeline only says which step starts. */
export interface ImportProgress {
  step(step: ImportStep): void;
  pull(progress: PullProgress): void;
  /** A line for the log: which package manager the distribution has, which way a .wsl file was installed. */
  log?(line: string): void;
}

/**
 * Makes a WSL distribution from an Azure Linux container image: pull (when missing), export the container's file
 * system to a tarball, `wsl --import`, create the user and make it the default. Whatever fails or is cancelled,
 * the temporary container and tarball are removed, and only what this run made is undone: the distribution it
 * registered and the install folder it created. A name that is taken (checked against WSL's own list just before
 * the import) is refused, so a distribution the person already had is never touched.
 *
 * `wsl --import` itself is not interrupted (killing the client would leave WSL importing on its own): a cancel
 * during it is honoured once it has finished, by unregistering the result.
 */
export async function importAzureLinuxFromImage(
  engine: ContainerEngine,
  wsl: WslService,
  request: ImportRequest,
  progress: ImportProgress,
  signal: AbortSignal,
  l10n: L10n = english,
): Promise<void> {
  const checkpoint = () => {
    if (signal.aborted) throw new UserCancelledError();
  };
  await mkdir(request.tempRoot, { recursive: true });
  const workDir = await mkdtemp(join(request.tempRoot, 'azl-wsl-'));
  let containerId: string | undefined;
  try {
    if (isTaken(request.name, await wsl.listNames(signal))) throw nameTaken(request.name, l10n);

    if (!(await engine.imageExists(request.image, signal))) {
      progress.step('pull');
      await engine.pullImage(request.image, (pull) => progress.pull(pull), signal);
    }
    checkpoint();

    progress.step('export');
    containerId = await engine.createContainer(
      { image: request.image, cmd: ['/bin/true'], labels: { 'dev.azurelinux.wsl-export': request.name } },
      signal,
    );
    const tarball = join(workDir, 'rootfs.tar');
    await pipeline(await engine.exportContainerFileSystem(containerId, signal), createWriteStream(tarball, { mode: 0o600 }), { signal });
    await engine.remove(containerId, signal);
    containerId = undefined;
    checkpoint();

    await registerAndSetUp(wsl, request, () => wsl.importDistribution(request.name, request.installDir, tarball), progress, signal, l10n);
  } finally {
    if (containerId) await engine.remove(containerId).catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  }
}

export interface FileInstallRequest {
  /** A .wsl file (a root file system tar with WSL's metadata), or any root file system tar. */
  readonly file: string;
  readonly name: string;
  readonly installDir: string;
  readonly user: string;
}

/**
 * Installs a distribution from a .wsl file: `wsl --install --from-file` where the installed WSL has it (2.4.4 and
 * later, from `wsl --version`), else `wsl --import` of the same file (a .wsl file is a root file system tar). Then the
 * user, as from an image, with the same rollback. Resolves with the way it was registered.
 */
export async function installAzureLinuxFromFile(
  wsl: WslService,
  request: FileInstallRequest,
  progress: ImportProgress,
  signal: AbortSignal,
  l10n: L10n = english,
): Promise<'installFromFile' | 'import'> {
  if (isTaken(request.name, await wsl.listNames(signal))) throw nameTaken(request.name, l10n);
  const version = await wsl.version(signal);
  const way = version && versionAtLeast(version, installFromFileSince) ? 'installFromFile' : 'import';
  progress.log?.(
    way === 'installFromFile'
      ? `WSL ${version} installs the file with wsl --install --from-file`
      : `WSL ${version ?? '(version unknown)'} has no --install --from-file (it came with ${installFromFileSince}): importing the file with wsl --import`,
  );
  await registerAndSetUp(
    wsl,
    request,
    () =>
      way === 'installFromFile'
        ? wsl.installFromFile(request.file, request.name, request.installDir)
        : wsl.importDistribution(request.name, request.installDir, request.file),
    progress,
    signal,
    l10n,
  );
  return way;
}

/**
 * Registers the distribution with `register` (checking the name is free right before), creates the user and makes it
 * the default, then stops the distribution so the default applies. On failure or cancel it undoes only what it did:
 * the distribution it registered and the install folder it created. `register` is never interrupted; a cancel during
 * it is honoured once it has finished.
 */
async function registerAndSetUp(
  wsl: WslService,
  target: { readonly name: string; readonly installDir: string; readonly user: string },
  register: () => Promise<void>,
  progress: ImportProgress,
  signal: AbortSignal,
  l10n: L10n,
): Promise<void> {
  const checkpoint = () => {
    if (signal.aborted) throw new UserCancelledError();
  };
  let registered = false;
  let createdInstallDir: string | undefined;
  try {
    // Fresh, right before the name is taken: the tree's listing may be minutes old.
    if (isTaken(target.name, await wsl.listNames(signal))) throw nameTaken(target.name, l10n);
    progress.step('import');
    createdInstallDir = await mkdir(target.installDir, { recursive: true });
    try {
      await register();
      registered = true;
    } catch (error) {
      // A failed registration normally registers nothing; if WSL did register the name after all, this run made it.
      registered = await wsl.listNames().then(
        (after) => isTaken(target.name, after),
        () => false,
      );
      throw error;
    }
    checkpoint();

    progress.step('user');
    await createDefaultUser(wsl, target.name, target.user, progress, signal, l10n);
    checkpoint();

    progress.step('finish');
    await wsl.terminate(target.name, signal);
  } catch (error) {
    if (registered) await wsl.unregister(target.name).catch(() => undefined);
    if (createdInstallDir) await rm(createdInstallDir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

function nameTaken(name: string, l10n: L10n): NoticeError {
  return new NoticeError(l10n.t('A WSL distribution named {0} already exists. Choose another name; nothing was changed.', name));
}

async function createDefaultUser(
  wsl: WslService,
  distribution: string,
  user: string,
  progress: ImportProgress,
  signal: AbortSignal,
  l10n: L10n,
): Promise<void> {
  // The core images are minimal: useradd (shadow-utils) and sudo come in when missing, with whichever package manager
  // the distribution has (dnf5 on 4.0, tdnf on 3.0), found inside it.
  const ensured = await expectSuccess(
    wsl.execAsRoot(
      distribution,
      ensureCommands([
        { command: 'useradd', package: 'shadow-utils' },
        { command: 'sudo', package: 'sudo' },
      ]),
      { signal },
    ),
    l10n.t('installing shadow-utils and sudo'),
    l10n,
  );
  const manager = packageManagerInOutput(ensured);
  progress.log?.(manager ? `${distribution} installs packages with ${manager}` : `${distribution} already has useradd and sudo`);
  await expectSuccess(
    wsl.execAsRoot(distribution, ['/usr/sbin/useradd', '--create-home', '--groups', 'wheel', '--shell', '/bin/bash', user], { signal }),
    l10n.t('creating the user {0}', user),
    l10n,
  );
  await expectSuccess(
    wsl.execAsRoot(distribution, ['/usr/bin/tee', '/etc/wsl.conf'], { signal, stdin: wslConfForDefaultUser(user) }),
    l10n.t('writing /etc/wsl.conf'),
    l10n,
  );
}

/** Resolves with the program's output when it succeeded; otherwise fails with what it said. */
async function expectSuccess(
  result: Promise<{ exitCode: number; stderr: Buffer; stdout: Buffer }>,
  what: string,
  l10n: L10n,
): Promise<string> {
  const { exitCode, stderr, stdout } = await result;
  if (exitCode !== 0) {
    const said = (decodeProgramOutput(stderr) || decodeProgramOutput(stdout)).trim();
    throw new Error(
      said
        ? l10n.t('WSL failed {0} (exit code {1}): {2}', what, exitCode, said)
        : l10n.t('WSL failed {0} (exit code {1}).', what, exitCode),
    );
  }
  return decodeProgramOutput(stdout);
}
