/**
 * Where a shell in a distribution should start, as the argument of `wsl.exe --cd`. wsl.exe translates an absolute
 * Windows path itself (drive paths, whatever the distribution's automount root is), so drive paths are passed as
 * they are; a path inside the distribution's own share (\\wsl$\Name\... or \\wsl.localhost\Name\...) becomes the
 * Linux path it stands for. Undefined when there is nothing sensible to start in (another distribution's share, a
 * network share): the shell then starts in the home folder.
 */
export function cdArgumentFor(windowsPath: string, distribution: string): string | undefined {
  const share = /^\\\\(?:wsl\$|wsl\.localhost)\\([^\\]+)(\\.*)?$/i.exec(windowsPath);
  if (share) {
    if (share[1].toLowerCase() !== distribution.toLowerCase()) return undefined;
    return (share[2] ?? '\\').replace(/\\/g, '/');
  }
  return /^[A-Za-z]:(?:[\\/]|$)/.test(windowsPath) ? windowsPath : undefined;
}

/** The parts of a workspace folder's URI that decide where a shell or a WSL window opens. */
export interface FolderLocation {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
  /** The platform path of a `file` URI. */
  readonly fsPath: string;
}

/**
 * The workspace folder as `wsl.exe --cd` should get it for `distribution`: a Linux path when the folder is already
 * in that distribution (a WSL remote window on it, or this extension host running inside it), the Windows path
 * otherwise (wsl.exe translates it), or undefined when the distribution cannot see the folder.
 */
export function workspacePathIn(folder: FolderLocation | undefined, distribution: string, inside: string | undefined): string | undefined {
  if (!folder) return undefined;
  if (folder.scheme === 'vscode-remote' && folder.authority.toLowerCase() === `wsl+${distribution.toLowerCase()}`) return folder.path;
  if (folder.scheme !== 'file') return undefined;
  // Inside a distribution the folder is a Linux path of that one; other distributions cannot be told where it is.
  if (inside) return inside.toLowerCase() === distribution.toLowerCase() ? folder.fsPath : undefined;
  return cdArgumentFor(folder.fsPath, distribution);
}
