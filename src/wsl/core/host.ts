/** Where this extension host runs, as far as WSL is concerned. */
export interface WslHost {
  /** 'win32' on Windows; inside a WSL distribution the platform is 'linux' and `distroName` is set. */
  readonly platform: NodeJS.Platform;
  /** WSL_DISTRO_NAME when VS Code's extension host runs inside a distribution. */
  readonly distroName: string | undefined;
  /** vscode.env.remoteName: 'wsl' in a WSL remote window. */
  readonly remoteName?: string | undefined;
}

export type WslWindow = 'windows' | 'insideDistribution' | 'none';

/** Windows, inside a distribution (a WSL remote window, or VS Code started in WSL), or neither. */
export function wslWindowOf(host: WslHost): WslWindow {
  if (host.platform === 'win32') return 'windows';
  if (host.distroName !== undefined || host.remoteName === 'wsl') return 'insideDistribution';
  return 'none';
}
