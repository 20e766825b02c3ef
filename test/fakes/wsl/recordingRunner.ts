import type { ProgramResult, ProgramRunner, RunOptions } from '../../../src/util/programRunner';

/** wsl.exe's own bytes: UTF-16LE with CRLF line ends and no byte-order mark (_O_U16TEXT, microsoft/WSL WslClient.cpp). */
export const utf16 = (text: string): Buffer => Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le');

export type Answer = Partial<ProgramResult> | Error | ((options: RunOptions) => Promise<Partial<ProgramResult>>);

/**
 * A program runner that answers from a table keyed by the joined arguments (unknown calls exit 1) and records every
 * call: the unit tests read the exact argument arrays from `calls`.
 */
export class RecordingRunner implements ProgramRunner {
  readonly calls: { program: string; args: readonly string[]; stdin?: string; signal?: AbortSignal; env?: NodeJS.ProcessEnv }[] = [];
  constructor(private readonly answers: Record<string, Answer>) {}
  async run(program: string, args: readonly string[], options: RunOptions = {}): Promise<ProgramResult> {
    this.calls.push({ program, args, stdin: options.stdin?.toString(), signal: options.signal, env: options.env });
    const answer = this.answers[args.join(' ')] ?? { exitCode: 1 };
    if (answer instanceof Error) throw answer;
    const result = typeof answer === 'function' ? await answer(options) : answer;
    return { exitCode: 0, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), ...result };
  }

  argsOf(predicate: (args: readonly string[]) => boolean = () => true): (readonly string[])[] {
    return this.calls.filter((call) => predicate(call.args)).map((call) => call.args);
  }
}
