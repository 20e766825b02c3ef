import { ProgramNotFoundError, type ProgramResult, type ProgramRunner } from '../util/programRunner';
import { orderDistributions, isAzureLinuxOsRelease, type ListedDistribution } from './core/distributions';
import { wslArgs, wslProgram } from './core/commandLines';
import { decodeWslOutput, parseOnlineList, parseQuietList, parseVerboseList, saysWslIsNotInstalled, type OnlineDistribution } from './core/output';

export type WslStatus =
  | { readonly kind: 'notWindows' }
  | { readonly kind: 'notInstalled'; readonly detail: string }
  | { readonly kind: 'ready'; readonly distributions: readonly ListedDistribution[]; readonly inside: string | undefined };

/** A failed wsl.exe call, with what wsl.exe said in its own words. */
export class WslCommandError extends Error {
  constructor(readonly args: readonly string[], readonly exitCode: number, output: string) {
    super(`wsl.exe ${args[0] ?? ''} failed (exit code ${exitCode})${output ? `: ${output}` : '.'}`);
    this.name = 'WslCommandError';
  }
}

export interface WslHost {
  /** 'win32' on Windows; inside a WSL distribution the platform is 'linux' and `distroName` is set. */
  readonly platform: NodeJS.Platform;
  /** WSL_DISTRO_NAME when VS Code itself runs inside a distribution. */
  readonly distroName: string | undefined;
}

/** WSL through wsl.exe. Everything takes an AbortSignal; the runner is the seam tests replace. */
export class WslService {
  /** Names found to be Azure Linux by their /etc/os-release, remembered so a distribution is read once. */
  private readonly osReleaseVerdicts = new Map<string, boolean>();

  constructor(
    private readonly runner: ProgramRunner,
    readonly host: WslHost,
  ) {}

  /** Windows, or a WSL distribution (where wsl.exe is reachable through interop). */
  get available(): boolean {
    return this.host.platform === 'win32' || this.host.distroName !== undefined;
  }

  async status(signal?: AbortSignal): Promise<WslStatus> {
    if (!this.available) return { kind: 'notWindows' };
    let verbose: ProgramResult;
    try {
      verbose = await this.runner.run(wslProgram, wslArgs.listVerbose(), { signal, timeoutMs: 30_000 });
    } catch (error) {
      if (error instanceof ProgramNotFoundError) return { kind: 'notInstalled', detail: error.message };
      throw error;
    }
    const text = decodeWslOutput(verbose.stdout) + decodeWslOutput(verbose.stderr);
    if (verbose.exitCode !== 0 && saysWslIsNotInstalled(text)) return { kind: 'notInstalled', detail: text.trim() };
    const running = await this.runner.run(wslProgram, wslArgs.listRunning(), { signal, timeoutMs: 30_000 });
    const runningNames = new Set(running.exitCode === 0 ? parseQuietList(decodeWslOutput(running.stdout)) : []);
    // A non-zero exit with no rows is WSL's "no installed distributions" message, in any language.
    const distributions = verbose.exitCode === 0 ? parseVerboseList(decodeWslOutput(verbose.stdout), runningNames) : [];
    await this.readOsReleases(distributions.filter((d) => d.state === 'running').map((d) => d.name), signal);
    const azureLinuxByOsRelease = new Set([...this.osReleaseVerdicts].filter(([, isAzureLinux]) => isAzureLinux).map(([name]) => name));
    return { kind: 'ready', distributions: orderDistributions(distributions, azureLinuxByOsRelease), inside: this.host.distroName };
  }

  /** Reads /etc/os-release only in running distributions: reading a stopped one would start it. */
  private async readOsReleases(names: readonly string[], signal?: AbortSignal): Promise<void> {
    await Promise.all(
      names
        .filter((name) => !this.osReleaseVerdicts.has(name))
        .map(async (name) => {
          const result = await this.runner.run(wslProgram, wslArgs.execAsRoot(name, ['cat', '/etc/os-release']), { signal, timeoutMs: 15_000 });
          this.osReleaseVerdicts.set(name, result.exitCode === 0 && isAzureLinuxOsRelease(decodeWslOutput(result.stdout)));
        }),
    );
  }

  async listOnline(signal?: AbortSignal): Promise<OnlineDistribution[]> {
    const result = await this.runner.run(wslProgram, wslArgs.listOnline(), { signal, timeoutMs: 60_000 });
    // Offline machines fail here; the caller falls back to importing from the container image.
    return result.exitCode === 0 ? parseOnlineList(decodeWslOutput(result.stdout)) : [];
  }

  installOnline(name: string, signal?: AbortSignal): Promise<void> {
    return this.call(wslArgs.installOnline(name), signal);
  }

  importDistribution(name: string, installDir: string, tarball: string, signal?: AbortSignal): Promise<void> {
    return this.call(wslArgs.import(name, installDir, tarball), signal);
  }

  /** Runs a program as root inside the distribution; `stdin` feeds it (e.g. `tee` writing a file). */
  async execAsRoot(name: string, program: readonly string[], options: { signal?: AbortSignal; stdin?: string } = {}): Promise<ProgramResult> {
    return this.runner.run(wslProgram, wslArgs.execAsRoot(name, program), { signal: options.signal, stdin: options.stdin, timeoutMs: 10 * 60_000 });
  }

  terminate(name: string, signal?: AbortSignal): Promise<void> {
    return this.call(wslArgs.terminate(name), signal);
  }

  unregister(name: string, signal?: AbortSignal): Promise<void> {
    this.osReleaseVerdicts.delete(name);
    return this.call(wslArgs.unregister(name), signal);
  }

  private async call(args: readonly string[], signal?: AbortSignal): Promise<void> {
    const result = await this.runner.run(wslProgram, args, { signal, timeoutMs: 30 * 60_000 });
    if (result.exitCode !== 0) {
      throw new WslCommandError(args, result.exitCode, (decodeWslOutput(result.stdout) + decodeWslOutput(result.stderr)).trim());
    }
  }
}
