import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ContainerEngine } from '../docker/engine';
import type { PullProgress } from '../docker/core/pullProgress';
import { NoticeError, UserCancelledError } from '../util/errors';
import { wslConfForDefaultUser } from './core/commandLines';
import { isTaken } from './core/distributions';
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
  let registered = false;
  let createdInstallDir: string | undefined;
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

    // Fresh, right before the name is taken: the tree's listing may be minutes old.
    if (isTaken(request.name, await wsl.listNames(signal))) throw nameTaken(request.name, l10n);
    progress.step('import');
    createdInstallDir = await mkdir(request.installDir, { recursive: true });
    try {
      await wsl.importDistribution(request.name, request.installDir, tarball);
      registered = true;
    } catch (error) {
      // A failed import normally registers nothing; if WSL did register the name after all, this run made it.
      registered = await wsl.listNames().then(
        (after) => isTaken(request.name, after),
        () => false,
      );
      throw error;
    }
    checkpoint();

    progress.step('user');
    await createDefaultUser(wsl, request.name, request.user, signal, l10n);
    checkpoint();

    progress.step('finish');
    await wsl.terminate(request.name, signal);
  } catch (error) {
    if (registered) await wsl.unregister(request.name).catch(() => undefined);
    if (createdInstallDir) await rm(createdInstallDir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  } finally {
    if (containerId) await engine.remove(containerId).catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  }
}

function nameTaken(name: string, l10n: L10n): NoticeError {
  return new NoticeError(l10n.t('A WSL distribution named {0} already exists. Choose another name; nothing was changed.', name));
}

async function createDefaultUser(wsl: WslService, distribution: string, user: string, signal: AbortSignal, l10n: L10n): Promise<void> {
  // The base image is minimal: bring in useradd (shadow-utils) and sudo when they are missing.
  const probe = await wsl.execAsRoot(distribution, ['/usr/bin/test', '-x', '/usr/sbin/useradd'], { signal });
  if (probe.exitCode !== 0) {
    await expectSuccess(
      wsl.execAsRoot(distribution, ['tdnf', 'install', '-y', 'shadow-utils', 'sudo'], { signal }),
      l10n.t('installing shadow-utils and sudo'),
      l10n,
    );
  }
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

async function expectSuccess(
  result: Promise<{ exitCode: number; stderr: Buffer; stdout: Buffer }>,
  what: string,
  l10n: L10n,
): Promise<void> {
  const { exitCode, stderr, stdout } = await result;
  if (exitCode !== 0) {
    const said = (stderr.toString() || stdout.toString()).trim();
    throw new Error(
      said
        ? l10n.t('WSL failed {0} (exit code {1}): {2}', what, exitCode, said)
        : l10n.t('WSL failed {0} (exit code {1}).', what, exitCode),
    );
  }
}
