import { spawn } from 'node:child_process';
import { UserCancelledError } from './errors';
import { spawnCommand } from './spawnCommand';

export interface ProgramResult {
  readonly exitCode: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Written to the program's standard input, which is then closed. */
  readonly stdin?: string | Buffer;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs programs with argument arrays (never through a shell; a Windows .cmd or .bat file through cmd.exe with every
 * argument quoted and checked, see spawnCommand.ts). A seam: tests give a recording fake.
 */
export interface ProgramRunner {
  run(program: string, args: readonly string[], options?: RunOptions): Promise<ProgramResult>;
}

/** Thrown when the program itself could not be started (not installed, not on the PATH). */
export class ProgramNotFoundError extends Error {
  constructor(readonly program: string) {
    super(`${program} was not found on this machine.`);
    this.name = 'ProgramNotFoundError';
  }
}

export const processRunner: ProgramRunner = {
  run(program, args, options = {}) {
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new UserCancelledError());
        return;
      }
      let command;
      try {
        command = spawnCommand(program, args);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const child = spawn(command.command, command.args, {
        env: options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
        shell: false,
        windowsVerbatimArguments: command.windowsVerbatimArguments,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      const abort = () => child.kill();
      options.signal?.addEventListener('abort', abort, { once: true });
      const timer = options.timeoutMs ? setTimeout(() => child.kill(), options.timeoutMs) : undefined;
      const finish = () => {
        options.signal?.removeEventListener('abort', abort);
        if (timer) clearTimeout(timer);
      };
      child.once('error', (error: NodeJS.ErrnoException) => {
        finish();
        reject(error.code === 'ENOENT' ? new ProgramNotFoundError(program) : error);
      });
      child.once('close', (code, signal) => {
        finish();
        if (options.signal?.aborted) reject(new UserCancelledError());
        else if (code === null && timer) reject(new Error(`${program} did not finish within ${options.timeoutMs! / 1000} s (${signal}).`));
        else resolve({ exitCode: code ?? 1, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) });
      });
      child.stdin.on('error', () => undefined); // A program that exits without reading its input is not an error here.
      child.stdin.end(options.stdin);
    });
  },
};
