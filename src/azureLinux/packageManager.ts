/*
 * Installing packages in an Azure Linux root file system without knowing its release: a small POSIX shell program
 * that runs inside the image (a mirror build's RUN step, a WSL distribution's `--exec`), finds the first of dnf5, dnf
 * and tdnf on the PATH, says which it uses, and runs it. Azure Linux 3.0 has tdnf; 4.0 has dnf5 (its `dnf` command is
 * dnf5) and no tdnf. Package names are positional arguments of the program, never part of its text, so no name is
 * ever read by a shell; names starting with `-` are refused before they get here (isValidPackageName).
 *
 * The commands follow each tool's documented command line, `TOOL COMMAND -y PACKAGE...`: dnf5(8) `dnf5 <command>
 * [options] [<args>...]` with `-y, --assumeyes`; tdnf's `install`, `remove` and `upgrade` (an alias of `update`)
 * commands with `-y`.
 */

/** The package managers looked for, in order. */
export const packageManagers = ['dnf5', 'dnf', 'tdnf'] as const;
export type PackageManagerName = (typeof packageManagers)[number];

/** `upgrade` with no names upgrades every installed package (`updateExistingPackages`). */
export type PackageAction = 'install' | 'remove' | 'upgrade';

/** What the program calls itself in the build output and in errors. */
export const packageProgramName = 'azl-packages';

/** A command a later step needs, and the package that provides it (`useradd` from `shadow-utils`). */
export interface NeededCommand {
  readonly command: string;
  readonly package: string;
}

/** useradd and groupadd, which neither core image promises: both come from shadow-utils. */
export const accountCommands: readonly NeededCommand[] = [
  { command: 'useradd', package: 'shadow-utils' },
  { command: 'groupadd', package: 'shadow-utils' },
];

const script = [
  'set -f',
  'action=$1',
  'shift',
  // ensure COMMAND:PACKAGE...: install the packages whose command is missing, each once.
  'if [ "$action" = ensure ]; then',
  '  missing=',
  '  for pair in "$@"; do',
  '    if ! command -v "${pair%%:*}" >/dev/null 2>&1; then',
  '      case " $missing " in *" ${pair#*:} "*) ;; *) missing="$missing ${pair#*:}" ;; esac',
  '    fi',
  '  done',
  `  if [ -z "$missing" ]; then echo "${packageProgramName}: already present: $*"; exit 0; fi`,
  '  set -- $missing',
  '  action=install',
  'fi',
  'pm=',
  `for candidate in ${packageManagers.join(' ')}; do`,
  '  if command -v "$candidate" >/dev/null 2>&1; then pm=$candidate; break; fi',
  'done',
  'if [ -z "$pm" ]; then',
  `  echo "${packageProgramName}: no package manager in this image (looked for ${packageManagers.join(', ')})" >&2`,
  '  exit 127',
  'fi',
  `echo "${packageProgramName}: using $pm: $pm $action -y $*"`,
  'exec "$pm" "$action" -y "$@"',
].join('\n');

/** The program and its arguments: runs `ACTION -y NAMES...` with the image's own package manager. */
export function packageCommand(action: PackageAction, names: readonly string[]): string[] {
  return ['/bin/sh', '-c', script, packageProgramName, action, ...names];
}

/** Installs, with the image's own package manager, the packages of the commands that are missing. */
export function ensureCommands(needed: readonly NeededCommand[]): string[] {
  return ['/bin/sh', '-c', script, packageProgramName, 'ensure', ...needed.map((entry) => `${entry.command}:${entry.package}`)];
}

/** The package manager a `packageCommand` run used, from its output ("azl-packages: using dnf5: ..."). */
export function packageManagerInOutput(output: string): PackageManagerName | undefined {
  const match = new RegExp(`${packageProgramName}: using (${packageManagers.join('|')}):`).exec(output);
  return match ? (match[1] as PackageManagerName) : undefined;
}
