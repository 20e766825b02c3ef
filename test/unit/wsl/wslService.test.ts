import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgramNotFoundError, type ProgramResult, type ProgramRunner, type RunOptions } from '../../../src/util/programRunner';
import { WslCommandError, WslService } from '../../../src/wsl/wslService';

const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf16le')]);

/** Answers wsl.exe calls from a table keyed by the joined arguments, and records every call. */
class RecordingRunner implements ProgramRunner {
  readonly calls: { program: string; args: readonly string[]; stdin?: string }[] = [];
  constructor(private readonly answers: Record<string, Partial<ProgramResult> | Error>) {}
  async run(program: string, args: readonly string[], options: RunOptions = {}): Promise<ProgramResult> {
    this.calls.push({ program, args, stdin: options.stdin?.toString() });
    const answer = this.answers[args.join(' ')] ?? { exitCode: 1 };
    if (answer instanceof Error) throw answer;
    return { exitCode: 0, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), ...answer };
  }
}

const windows = { platform: 'win32' as const, distroName: undefined };

describe('WslService', () => {
  it('is not available on Linux or macOS outside WSL, and runs nothing there', async () => {
    const runner = new RecordingRunner({});
    assert.deepEqual(await new WslService(runner, { platform: 'linux', distroName: undefined }).status(), { kind: 'notWindows' });
    assert.deepEqual(await new WslService(runner, { platform: 'darwin', distroName: undefined }).status(), { kind: 'notWindows' });
    assert.equal(runner.calls.length, 0);
  });

  it('says WSL is not installed when wsl.exe is missing or says so', async () => {
    const missing = new RecordingRunner({ '--list --verbose': new ProgramNotFoundError('wsl.exe') });
    assert.equal((await new WslService(missing, windows).status()).kind, 'notInstalled');
    const notEnabled = new RecordingRunner({ '--list --verbose': { exitCode: 50, stdout: utf16("The Windows Subsystem for Linux is not installed. You can install by running 'wsl.exe --install'.\n") } });
    assert.equal((await new WslService(notEnabled, windows).status()).kind, 'notInstalled');
  });

  it('lists no distributions when WSL has none', async () => {
    const runner = new RecordingRunner({
      '--list --verbose': { exitCode: -1 >>> 0, stdout: utf16('Windows Subsystem for Linux has no installed distributions.\n') },
      '--list --running --quiet': { exitCode: -1 >>> 0 },
    });
    assert.deepEqual(await new WslService(runner, windows).status(), { kind: 'ready', distributions: [], inside: undefined });
  });

  it('recognises Azure Linux by os-release in running distributions only, once', async () => {
    const runner = new RecordingRunner({
      '--list --verbose': { stdout: utf16('  NAME      STATE     VERSION\n* Ubuntu    Running   2\n  work      Running   2\n  old       Stopped   2\n') },
      '--list --running --quiet': { stdout: utf16('Ubuntu\nwork\n') },
      '--distribution Ubuntu --user root --exec cat /etc/os-release': { stdout: Buffer.from('ID=ubuntu\nID_LIKE=debian\n') },
      '--distribution work --user root --exec cat /etc/os-release': { stdout: Buffer.from('NAME="Microsoft Azure Linux"\nID=azurelinux\n') },
    });
    const service = new WslService(runner, windows);
    const status = await service.status();
    assert.equal(status.kind, 'ready');
    assert.deepEqual(status.kind === 'ready' && status.distributions.map((d) => [d.name, d.isAzureLinux, d.state, d.isDefault]), [
      ['work', true, 'running', false],
      ['Ubuntu', false, 'running', true],
      ['old', false, 'stopped', false],
    ]);
    assert.equal(runner.calls.filter((call) => call.args.includes('/etc/os-release')).length, 2, 'the stopped distribution is not started');
    await service.status();
    assert.equal(runner.calls.filter((call) => call.args.includes('/etc/os-release')).length, 2, 'verdicts are remembered');
  });

  it('knows when VS Code itself runs inside a distribution', async () => {
    const runner = new RecordingRunner({ '--list --verbose': { stdout: utf16('  NAME   STATE   VERSION\n* azl3   Running 2\n') }, '--list --running --quiet': { stdout: utf16('azl3\n') } });
    const status = await new WslService(runner, { platform: 'linux', distroName: 'azl3' }).status();
    assert.equal(status.kind === 'ready' && status.inside, 'azl3');
  });

  it('reports a failed call in wsl.exe’s words', async () => {
    const runner = new RecordingRunner({ '--unregister ghost': { exitCode: 1, stdout: utf16('There is no distribution with the supplied name.\n') } });
    await assert.rejects(new WslService(runner, windows).unregister('ghost'), (error: unknown) => error instanceof WslCommandError && /no distribution with the supplied name/.test(error.message));
  });
});
