/**
 * Translates a Windows path to the path a WSL distribution sees: drive paths go under /mnt/<drive>, and paths
 * inside a distribution's own share (\\wsl$\Name\... or \\wsl.localhost\Name\...) map to its root when it is
 * that distribution. Returns undefined when there is no path to translate to (another distribution's share,
 * a network share).
 */
export function windowsPathToWsl(windowsPath: string, distribution: string): string | undefined {
  const share = /^\\\\(?:wsl\$|wsl\.localhost)\\([^\\]+)(\\.*)?$/i.exec(windowsPath);
  if (share) {
    if (share[1].toLowerCase() !== distribution.toLowerCase()) return undefined;
    return (share[2] ?? '\\').replace(/\\/g, '/');
  }
  const drive = /^([A-Za-z]):(?:[\\/](.*))?$/.exec(windowsPath);
  if (!drive) return undefined;
  const rest = (drive[2] ?? '').replace(/\\/g, '/').replace(/\/+$/, '');
  return `/mnt/${drive[1].toLowerCase()}${rest ? `/${rest}` : ''}`;
}
