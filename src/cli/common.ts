/*
 * What every command-line tool of this package shares (azl-lint, and the ones that follow it): argument parsing with
 * node:util's parseArgs, usage errors as exit 2, output that survives a closed pipe (`azl-lint . | head`), and
 * messages made safe to print (no raw control bytes, no kilobytes of one excerpt). No vscode import.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit status of a usage error or of input that cannot be read; tools print the message and the usage. */
export const usageExitCode = 2;

export class UsageError extends Error {}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses `args` strictly (unknown options and missing values are usage errors; `--` ends the options), with
 * positionals allowed. parseArgs' own sentences say what was wrong; they are turned into `UsageError`s.
 */
export function parseCommandLine<O extends OptionsConfig>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    if (error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

/** A string option's value when it is one of `allowed`; a usage error naming them otherwise. */
export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const choices = `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
  throw new UsageError(`Unknown ${option} '${printable(value)}': use ${choices}.`);
}

/**
 * A writer for stdout or stderr that stops quietly once the reader has gone (`| head` closed the pipe): without a
 * listener, Node turns EPIPE into an uncaught exception and a stack trace. Other write errors still throw.
 */
export function pipeSafeWriter(stream: NodeJS.WritableStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

export interface CliIo {
  readonly cwd: string;
  write(text: string): void;
  writeError(text: string): void;
}

/** Runs a tool's `main` with the process's arguments and streams; its result is the exit status. */
export function runCli(main: (args: readonly string[], io: CliIo) => number): void {
  const io: CliIo = { cwd: process.cwd(), write: pipeSafeWriter(process.stdout), writeError: pipeSafeWriter(process.stderr) };
  process.exitCode = main(process.argv.slice(2), io);
}

/** The most characters of one quoted excerpt of a file shown in a message. */
export const maxExcerptLength = 60;
/** The most characters of one message. */
export const maxMessageLength = 400;

/** C0 and C1 controls, DEL, and the invisible direction marks and overrides that can make a line read differently. */
function unsafe(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/**
 * A message made safe for a terminal or a CI log: quoted excerpts longer than `maxExcerptLength` are cut (`…`),
 * control characters are shown escaped (`\x1b`, `\u202e`) instead of raw, and the result is cut at
 * `maxMessageLength`, so text from a file can neither flood a log nor act on the terminal.
 */
export function printable(text: string): string {
  const excerptsCut = text.replace(/'([^'\n]*)'/g, (whole, excerpt: string) => {
    const characters = [...excerpt];
    return characters.length > maxExcerptLength ? `'${characters.slice(0, maxExcerptLength).join('')}…'` : whole;
  });
  return escapeControls(excerptsCut, maxMessageLength);
}

/** Control characters shown escaped; past `limit` characters of the result, the rest is dropped for `… (cut)`. */
export function escapeControls(text: string, limit = Infinity): string {
  let result = '';
  for (const character of text) {
    const code = character.codePointAt(0)!;
    const shown = !unsafe(code)
      ? character
      : code <= 0xff
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : `\\u${code.toString(16).padStart(4, '0')}`;
    if (result.length + shown.length > limit) return `${result}… (cut)`;
    result += shown;
  }
  return result;
}
