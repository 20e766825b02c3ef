import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ContainerEngine } from '../docker/engine';
import type { PullProgress } from '../docker/core/pullProgress';
import { UserCancelledError } from '../util/errors';
import { wslConfForDefaultUser } from './core/commandLines';
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

export interface ImportProgress {
  step(step: ImportStep, message: string): void;
  pull(progress: PullProgress): void;
}

/**
 * Makes a WSL distribution from an Azure Linux container image: pull (when missing), export the container's file
 * system to a tarball, `wsl --import`, create the user and make it the default. Whatever fails or is cancelled,
 * the temporary container and tarball are removed, and a distribution this run registered is unregistered again.
 */
export async function importAzureLinuxFromImage(engine: ContainerEngine, wsl: WslService, request: ImportRequest, progress: ImportProgress, signal: AbortSignal): Promise<void> {
  const checkpoint = () => {
    if (signal.aborted) throw new UserCancelledError();
  };
  await mkdir(request.tempRoot, { recursive: true });
  const workDir = await mkdtemp(join(request.tempRoot, 'azl-wsl-'));
  let containerId: string | undefined;
  let registered = false;
  try {
    if (!(await engine.imageExists(request.image, signal))) {
      progress.step('pull', `Pulling ${request.image}`);
      await engine.pullImage(request.image, (pull) => progress.pull(pull), signal);
    }
    checkpoint();

    progress.step('export', 'Exporting the image’s file system');
    containerId = await engine.createContainer({ image: request.image, cmd: ['/bin/true'], labels: { 'dev.azurelinux.wsl-export': request.name } }, signal);
    const tarball = join(workDir, 'rootfs.tar');
    await pipeline(await engine.exportContainerFileSystem(containerId, signal), createWriteStream(tarball, { mode: 0o600 }), { signal });
    await engine.remove(containerId, signal);
    containerId = undefined;
    checkpoint();

    progress.step('import', `Registering ${request.name} with WSL`);
    await mkdir(request.installDir, { recursive: true });
    registered = true; // From here on a failure unregisters, even if the import itself half-happened.
    await wsl.importDistribution(request.name, request.installDir, tarball, signal);
    checkpoint();

    progress.step('user', `Creating the user ${request.user}`);
    await createDefaultUser(wsl, request.name, request.user, signal);
    checkpoint();

    progress.step('finish', 'Restarting the distribution with its default user');
    await wsl.terminate(request.name, signal);
  } catch (error) {
    if (registered) await wsl.unregister(request.name).catch(() => undefined);
    throw error;
  } finally {
    if (containerId) await engine.remove(containerId).catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  }
}

async function createDefaultUser(wsl: WslService, distribution: string, user: string, signal: AbortSignal): Promise<void> {
  // The base image is minimal: bring in useradd (shadow-utils) and sudo when they are missing.
  const probe = await wsl.execAsRoot(distribution, ['/usr/bin/test', '-x', '/usr/sbin/useradd'], { signal });
  if (probe.exitCode !== 0) {
    await expectSuccess(wsl.execAsRoot(distribution, ['tdnf', 'install', '-y', 'shadow-utils', 'sudo'], { signal }), 'installing shadow-utils and sudo');
  }
  await expectSuccess(wsl.execAsRoot(distribution, ['/usr/sbin/useradd', '--create-home', '--groups', 'wheel', '--shell', '/bin/bash', user], { signal }), `creating the user ${user}`);
  await expectSuccess(wsl.execAsRoot(distribution, ['/usr/bin/tee', '/etc/wsl.conf'], { signal, stdin: wslConfForDefaultUser(user) }), 'writing /etc/wsl.conf');
}

async function expectSuccess(result: Promise<{ exitCode: number; stderr: Buffer; stdout: Buffer }>, what: string): Promise<void> {
  const { exitCode, stderr, stdout } = await result;
  if (exitCode !== 0) {
    const said = (stderr.toString() || stdout.toString()).trim();
    throw new Error(`WSL failed ${what} (exit code ${exitCode})${said ? `: ${said}` : '.'}`);
  }
}
