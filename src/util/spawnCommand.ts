/*
 * How a program is started. Node refuses to spawn a Windows batch file (.cmd, .bat) without a shell since the fix for
 * CVE-2024-27980 (EINVAL), because cmd.exe, not the program, parses its command line. Node's documentation for
 * child_process: on Windows, .bat and .cmd files are run by spawning cmd.exe with the file as an argument, which is
 * what `shell: true` does (`cmd.exe /d /s /c "<command line>"`, verbatim). This builds that command line from an
 * argument array, each argument in double quotes, and refuses any argument cmd.exe would still read as syntax inside
 * quotes (a quote, %VAR% expansion, ^ and ! escapes, line breaks) or that would end in a backslash (which escapes the
 * closing quote for the program's own parser). Pure: the platform and ComSpec are passed in.
 */

export interface SpawnCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** True for the cmd.exe line, which must reach cmd.exe exactly as built (Node's own `shell: true` does the same). */
  readonly windowsVerbatimArguments: boolean;
}

/** Characters cmd.exe acts on even inside double quotes, and the ones a batch file's `%*` would see unquoted. */
const unsafeInBatch = /["%!^&|<>()\r\n\0]/;

export function isBatchFile(program: string): boolean {
  return /\.(cmd|bat)$/i.test(program);
}

/** Why an argument cannot be passed to a batch file safely, or undefined when it can. */
export function batchArgumentProblem(value: string): string | undefined {
  if (unsafeInBatch.test(value)) {
    return `"${value}" has a character cmd.exe would interpret (" % ! ^ & | < > ( ) or a line break)`;
  }
  if (value.endsWith('\\')) {
    return `"${value}" ends in a backslash, which would escape its closing quote`;
  }
  return undefined;
}

export function spawnCommand(
  program: string,
  args: readonly string[],
  platform: NodeJS.Platform = process.platform,
  comSpec: string | undefined = process.env.ComSpec,
): SpawnCommand {
  if (platform !== 'win32' || !isBatchFile(program)) {
    return { command: program, args: [...args], windowsVerbatimArguments: false };
  }
  // The program's own path may hold parentheses ("Program Files (x86)"): inside quotes cmd.exe reads them literally.
  const programProblem = /["%!^&|<>\r\n\0]/.test(program) || program.endsWith('\\');
  const problem = programProblem ? `"${program}" cannot be started through cmd.exe safely` : args.map(batchArgumentProblem).find(Boolean);
  if (problem) {
    throw new Error(`Not starting ${program}: ${problem}.`);
  }
  const line = [program, ...args].map((part) => `"${part}"`).join(' ');
  return { command: comSpec || 'cmd.exe', args: ['/d', '/s', '/c', `"${line}"`], windowsVerbatimArguments: true };
}
