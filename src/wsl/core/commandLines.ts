/**
 * Every wsl.exe call as an argument array, never a shell line: distribution and user names come from the
 * machine or from the person and are passed as single arguments.
 */
export const wslProgram = 'wsl.exe';

export const wslArgs = {
  listVerbose: () => ['--list', '--verbose'],
  listRunning: () => ['--list', '--running', '--quiet'],
  /** Names only: the fallback listing, and the fresh check of taken names just before an import. */
  listQuiet: () => ['--list', '--quiet'],
  listOnline: () => ['--list', '--online'],
  installOnline: (name: string) => ['--install', '--distribution', name, '--no-launch'],
  /** WSL 2.4.4 and later: registers a .wsl file (a root file system tar with WSL's metadata) without launching it. */
  installFromFile: (file: string, name: string, location: string) => [
    '--install',
    '--from-file',
    file,
    '--name',
    name,
    '--location',
    location,
    '--no-launch',
  ],
  version: () => ['--version'],
  import: (name: string, installDir: string, tarball: string) => ['--import', name, installDir, tarball, '--version', '2'],
  terminate: (name: string) => ['--terminate', name],
  unregister: (name: string) => ['--unregister', name],
  /** Runs a program as root inside the distribution without a shell in between. */
  execAsRoot: (name: string, program: readonly string[]) => ['--distribution', name, '--user', 'root', '--exec', ...program],
  /**
   * An interactive login shell in the distribution, starting in `cwd` when given: an absolute Windows path (wsl.exe
   * translates it) or a Linux path starting with `/`; otherwise the user's home.
   */
  shell: (name: string, cwd?: string) => ['--distribution', name, '--cd', cwd ?? '~'],
  /** The distribution's own translation of an absolute Windows path to its Linux path. */
  wslpath: (name: string, windowsPath: string) => ['--distribution', name, '--exec', 'wslpath', '-a', '-u', windowsPath],
};

/** reg.exe, which reads where WSL keeps each distribution (its registry key holds the folder of its disk). */
export const regProgram = 'reg.exe';

export const regArgs = {
  lxss: () => ['query', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss', '/s'],
};

/** The /etc/wsl.conf that makes `user` the default login (written through `tee`, so no shell quoting). */
export function wslConfForDefaultUser(user: string): string {
  return `[user]\ndefault=${user}\n`;
}
