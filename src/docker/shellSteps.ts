/*
 * The engine steps behind "New azl-shell" and "Open Shell", without `vscode`: the commands, the terminal and the
 * benchmark all run these, so the benchmark times what a person gets.
 */
import { workspaceMountPath } from './core/labels';
import { containerUserForHost, interactiveShellCommand } from './core/shellSpec';
import type { ContainerEngine, ContainerSpec, ExecSession } from './engine';
import { hostUserForMounts } from './machine';

/** Who an azl-shell runs as so /workspace files belong to the host user (0:0 on a rootless engine). */
export async function mountOwner(engine: ContainerEngine, signal?: AbortSignal): Promise<{ uid: number; gid: number } | undefined> {
  const hostUser = hostUserForMounts();
  if (!hostUser) {
    return undefined;
  }
  const rootless = await engine.isRootless(signal).catch(() => false);
  return containerUserForHost(hostUser, { rootless });
}

/** Creates the azl-shell container and starts it; returns its ID. */
export async function createAndStartShell(engine: ContainerEngine, spec: ContainerSpec, signal?: AbortSignal): Promise<string> {
  const id = await engine.createContainer(spec, signal);
  await engine.start(id, signal);
  return id;
}

export interface ShellSessionOptions {
  /** Start in /workspace (azl-shells with a mounted folder). */
  readonly inWorkspace?: boolean;
  readonly size?: { readonly columns: number; readonly rows: number };
}

/**
 * Starts an interactive shell in a running container (bash when the image has it, else sh) with a TTY. A container
 * without /bin/sh ends the session at once: `isMissingShell` tells that apart for the caller to say so.
 */
export async function startShellSession(
  engine: ContainerEngine,
  containerId: string,
  options: ShellSessionOptions,
  signal?: AbortSignal,
): Promise<ExecSession> {
  return engine.exec(
    containerId,
    {
      cmd: interactiveShellCommand,
      tty: true,
      env: { TERM: 'xterm-256color' },
      ...(options.inWorkspace ? { workdir: workspaceMountPath } : {}),
      ...(options.size ? { size: options.size } : {}),
    },
    signal,
  );
}
