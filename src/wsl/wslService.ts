import { UserCancelledError, isUserCancelled } from '../util/errors';
import { ProgramNotFoundError, type ProgramResult, type ProgramRunner } from '../util/programRunner';
import { orderDistributions, isAzureLinuxOsRelease, type ListedDistribution } from './core/distributions';
import { regArgs, regProgram, wslArgs, wslProgram } from './core/commandLines';
import { wslWindowOf, type WslHost } from './core/host';
import {
  decodeProgramOutput,
  decodeWslOutput,
  parseLxssRegistry,
  parseOnlineList,
  parseWslVersion,
  parseQuietList,
  parseVerboseList,
  saysNoDistributions,
  saysWslIsNotInstalled,
  type OnlineDistribution,
  type WslDistribution,
} from './core/output';
import { english, type L10n } from '../util/l10n';

export type { WslHost } from './core/host';

export type WslStatus =
  | { readonly kind: 'notWindows' }
  | { readonly kind: 'notInstalled'; readonly detail: string }
  /** wsl.exe answered, but neither with a listing nor with a message we know: `detail` is its own text. */
  | { readonly kind: 'failed'; readonly detail: string }
  | {
      readonly kind: 'ready';
      readonly distributions: readonly ListedDistribution[];
      readonly inside: string | undefined;
      /** Inside a distribution whose Windows interop is off (or wsl.exe is not on its PATH): only it is listed. */
      readonly wslExeUnreachable?: string;
    };

/** A failed wsl.exe call, with what wsl.exe said in its own words. */
export class WslCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly output: string,
    l10n: L10n = english,
  ) {
    super(
      output
        ? l10n.t('wsl.exe {0} failed (exit code {1}): {2}', args[0] ?? '', exitCode, output)
        : l10n.t('wsl.exe {0} failed (exit code {1}).', args[0] ?? '', exitCode),
    );
    this.name = 'WslCommandError';
  }
}

const listTimeoutMs = 30_000;
/** The online catalogue is fetched from the internet: an extra, so it may not hold an install up for long. */
const onlineTimeoutMs = 10_000;

/** This process's environment without WSL_UTF8, so wsl.exe writes UTF-16LE as the decoders expect. */
export function wslEnvironment(environment: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(environment).filter(([name]) => name.toUpperCase() !== 'WSL_UTF8'));
}

/** WSL through wsl.exe. Everything takes an AbortSignal; the runner is the seam tests replace. */
export class WslService {
  /** Names found to be Azure Linux by their /etc/os-release, remembered so a distribution is read once. */
  private readonly osReleaseVerdicts = new Map<string, boolean>();

  constructor(
    private readonly runner: ProgramRunner,
    readonly host: WslHost,
    /** Words the errors; the extension passes vscode.l10n. */
    private readonly l10n: L10n = english,
  ) {}

  /** Windows, or a WSL distribution (where wsl.exe is reachable through interop). */
  get available(): boolean {
    return wslWindowOf(this.host) !== 'none';
  }

  async status(signal?: AbortSignal): Promise<WslStatus> {
    if (!this.available) return { kind: 'notWindows' };
    const inside = this.host.distroName;
    let verbose: ProgramResult;
    try {
      verbose = await this.runner.run(wslProgram, wslArgs.listVerbose(), { signal, timeoutMs: listTimeoutMs, env: wslEnvironment() });
    } catch (error) {
      if (isUserCancelled(error)) throw error;
      // Inside a distribution, wsl.exe is a Windows program reached through interop: off, or not on the PATH.
      if (inside)
        return {
          kind: 'ready',
          distributions: orderDistributions([{ name: inside, state: 'running', version: undefined, isDefault: false }], new Set()),
          inside,
          wslExeUnreachable: errorText(error),
        };
      if (error instanceof ProgramNotFoundError) return { kind: 'notInstalled', detail: error.message };
      throw error;
    }
    const text = (decodeWslOutput(verbose.stdout) + decodeWslOutput(verbose.stderr)).trim();
    let distributions: WslDistribution[];
    if (verbose.exitCode === 0) {
      distributions = parseVerboseList(decodeWslOutput(verbose.stdout), await this.runningNames(signal));
    } else if (saysNoDistributions(text)) {
      distributions = [];
    } else if (saysWslIsNotInstalled(text)) {
      return { kind: 'notInstalled', detail: text };
    } else {
      // Some other failure: the names alone are better than nothing; failing that, show what wsl.exe said.
      const names = await this.quietNames(signal).catch((error: unknown) => {
        if (isUserCancelled(error)) throw error;
        return undefined;
      });
      if (!names) return { kind: 'failed', detail: text || this.l10n.t('wsl.exe --list failed (exit code {0}).', verbose.exitCode) };
      const running = await this.runningNames(signal);
      distributions = names.map((name) => ({
        name,
        state: running ? (running.has(name) ? ('running' as const) : ('stopped' as const)) : ('unknown' as const),
        version: undefined,
        isDefault: false,
      }));
    }
    await this.readOsReleases(
      distributions.filter((d) => d.state === 'running').map((d) => d.name),
      signal,
    );
    const azureLinuxByOsRelease = new Set([...this.osReleaseVerdicts].filter(([, isAzureLinux]) => isAzureLinux).map(([name]) => name));
    return { kind: 'ready', distributions: orderDistributions(distributions, azureLinuxByOsRelease), inside };
  }

  /** The running names, or undefined when wsl.exe could not say (then the states from --verbose stand). */
  private async runningNames(signal?: AbortSignal): Promise<Set<string> | undefined> {
    try {
      const running = await this.runner.run(wslProgram, wslArgs.listRunning(), { signal, timeoutMs: listTimeoutMs, env: wslEnvironment() });
      if (running.exitCode === 0) return new Set(parseQuietList(decodeWslOutput(running.stdout)));
      // "There are no running distributions." exits non-zero too; wsl.exe prints no names then.
      return parseQuietList(decodeWslOutput(running.stdout)).length === 0 &&
        /no running distributions/i.test(decodeWslOutput(running.stdout) + decodeWslOutput(running.stderr))
        ? new Set()
        : undefined;
    } catch (error) {
      if (isUserCancelled(error)) throw error;
      return undefined;
    }
  }

  private async quietNames(signal?: AbortSignal): Promise<string[] | undefined> {
    const names = await this.quietListing(signal);
    return Array.isArray(names) ? names : undefined;
  }

  /** `--list --quiet`: the names, or the failed call's error. */
  private async quietListing(signal?: AbortSignal): Promise<string[] | WslCommandError> {
    const quiet = await this.runner.run(wslProgram, wslArgs.listQuiet(), { signal, timeoutMs: listTimeoutMs, env: wslEnvironment() });
    if (quiet.exitCode === 0) return parseQuietList(decodeWslOutput(quiet.stdout));
    const said = (decodeWslOutput(quiet.stdout) + decodeWslOutput(quiet.stderr)).trim();
    return saysNoDistributions(said) ? [] : new WslCommandError(wslArgs.listQuiet(), quiet.exitCode, said, this.l10n);
  }

  /**
   * The registered names as WSL sees them right now (not the tree's cached listing): checked just before a name is
   * taken, and to find what an install added.
   */
  async listNames(signal?: AbortSignal): Promise<string[]> {
    const names = await this.quietListing(signal);
    if (names instanceof WslCommandError) throw names;
    return names;
  }

  /**
   * Reads /etc/os-release only in running distributions (reading a stopped one would start it). Each probe fails on
   * its own: a slow or broken distribution is "not known to be Azure Linux" this time and asked again next time.
   */
  private async readOsReleases(names: readonly string[], signal?: AbortSignal): Promise<void> {
    await Promise.all(
      names
        .filter((name) => !this.osReleaseVerdicts.has(name))
        .map(async (name) => {
          try {
            const result = await this.runner.run(wslProgram, wslArgs.execAsRoot(name, ['cat', '/etc/os-release']), {
              signal,
              timeoutMs: 15_000,
              env: wslEnvironment(),
            });
            if (result.exitCode === 0) this.osReleaseVerdicts.set(name, isAzureLinuxOsRelease(decodeProgramOutput(result.stdout)));
          } catch (error) {
            if (signal?.aborted) throw new UserCancelledError();
            void error; // Treated as unknown, not remembered.
          }
        }),
    );
  }

  /**
   * WSL's online catalogue, an extra source of distributions: bounded in time and never failing (offline, slow or
   * broken, it is simply empty). Azure Linux has not been in it so far; the image and a .wsl file are the install paths.
   */
  async listOnline(signal?: AbortSignal): Promise<OnlineDistribution[]> {
    try {
      const result = await this.runner.run(wslProgram, wslArgs.listOnline(), { signal, timeoutMs: onlineTimeoutMs, env: wslEnvironment() });
      return result.exitCode === 0 ? parseOnlineList(decodeWslOutput(result.stdout)) : [];
    } catch (error) {
      if (signal?.aborted) throw new UserCancelledError();
      void error; // Offline, or wsl.exe too slow to answer: no catalogue this time.
      return [];
    }
  }

  installOnline(name: string, signal?: AbortSignal): Promise<void> {
    return this.call(wslArgs.installOnline(name), signal);
  }

  /** The WSL package's version (`wsl --version`, "2.4.4.0"), or undefined when this wsl.exe cannot say (inbox WSL). */
  async version(signal?: AbortSignal): Promise<string | undefined> {
    try {
      const result = await this.runner.run(wslProgram, wslArgs.version(), { signal, timeoutMs: listTimeoutMs, env: wslEnvironment() });
      return result.exitCode === 0 ? parseWslVersion(decodeWslOutput(result.stdout)) : undefined;
    } catch (error) {
      if (isUserCancelled(error)) throw error;
      return undefined;
    }
  }

  /** `wsl --install --from-file FILE --name NAME --location FOLDER --no-launch` (WSL 2.4.4 and later). */
  installFromFile(file: string, name: string, location: string, signal?: AbortSignal): Promise<void> {
    return this.call(wslArgs.installFromFile(file, name, location), signal);
  }

  importDistribution(name: string, installDir: string, tarball: string, signal?: AbortSignal): Promise<void> {
    return this.call(wslArgs.import(name, installDir, tarball), signal);
  }

  /** The distribution's Linux path for an absolute Windows path (its own `wslpath`), or undefined. */
  async linuxPathOf(name: string, windowsPath: string, signal?: AbortSignal): Promise<string | undefined> {
    const result = await this.runner.run(wslProgram, wslArgs.wslpath(name, windowsPath), {
      signal,
      timeoutMs: 60_000,
      env: wslEnvironment(),
    });
    const path = decodeProgramOutput(result.stdout).trim();
    return result.exitCode === 0 && path.startsWith('/') ? path : undefined;
  }

  /** Runs a program as root inside the distribution; `stdin` feeds it (e.g. `tee` writing a file). */
  async execAsRoot(
    name: string,
    program: readonly string[],
    options: { signal?: AbortSignal; stdin?: string } = {},
  ): Promise<ProgramResult> {
    return this.runner.run(wslProgram, wslArgs.execAsRoot(name, program), {
      signal: options.signal,
      stdin: options.stdin,
      timeoutMs: 10 * 60_000,
      env: wslEnvironment(),
    });
  }

  /**
   * Where each distribution's disk lives (its registry BasePath), by name, for the unregister confirmation; empty
   * when the registry cannot be read, which only leaves the confirmation without folders.
   */
  async diskFolders(signal?: AbortSignal): Promise<Map<string, string>> {
    try {
      const result = await this.runner.run(regProgram, regArgs.lxss(), { signal, timeoutMs: 15_000 });
      return result.exitCode === 0 ? parseLxssRegistry(decodeProgramOutput(result.stdout)) : new Map();
    } catch (error) {
      if (isUserCancelled(error)) throw error;
      return new Map();
    }
  }

  terminate(name: string, signal?: AbortSignal): Promise<void> {
    return this.call(wslArgs.terminate(name), signal);
  }

  unregister(name: string, signal?: AbortSignal): Promise<void> {
    this.osReleaseVerdicts.delete(name);
    return this.call(wslArgs.unregister(name), signal);
  }

  private async call(args: readonly string[], signal?: AbortSignal): Promise<void> {
    const result = await this.runner.run(wslProgram, args, { signal, timeoutMs: 30 * 60_000, env: wslEnvironment() });
    if (result.exitCode !== 0) {
      throw new WslCommandError(args, result.exitCode, (decodeWslOutput(result.stdout) + decodeWslOutput(result.stderr)).trim(), this.l10n);
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
