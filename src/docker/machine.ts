import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { L10n } from '../util/l10n';
import { resolveEngineEndpoint, resolveWithSettingFallback, type EndpointProbes, type EngineEndpoint } from './core/endpoint';

/** Probes that read this machine: its environment, files and sockets. */
export function machineProbes(settingHost?: string, env: NodeJS.ProcessEnv = process.env, l10n?: L10n): EndpointProbes {
  return {
    env,
    ...(l10n ? { l10n } : {}),
    settingHost,
    platform: process.platform,
    homeDir: homedir(),
    readFile(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (path) => existsSync(path),
  };
}

/** Where this machine's engine is, given the `azureLinux.containers.host` setting. */
export function resolveMachineEndpoint(settingHost?: string, env: NodeJS.ProcessEnv = process.env): EngineEndpoint {
  return resolveEngineEndpoint(machineProbes(settingHost, env));
}

/** Like `resolveMachineEndpoint`, and says when the setting was unusable and the environment's choice was taken. */
export function resolveMachineEndpointWithFallback(
  settingHost?: string,
  env: NodeJS.ProcessEnv = process.env,
  l10n?: L10n,
): { readonly endpoint: EngineEndpoint; readonly settingProblem?: string } {
  return resolveWithSettingFallback(machineProbes(settingHost, env, l10n));
}

/** The host user's uid and gid on Linux, where bind-mounted files keep numeric owners; undefined elsewhere. */
export function hostUserForMounts(): { uid: number; gid: number } | undefined {
  if (process.platform !== 'linux' || !process.getuid || !process.getgid) {
    return undefined;
  }
  return { uid: process.getuid(), gid: process.getgid() };
}
