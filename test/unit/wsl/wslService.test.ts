import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProgramNotFoundError } from '../../../src/util/programRunner';
import { WslCommandError, WslService } from '../../../src/wsl/wslService';
import { RecordingRunner, utf16 } from '../../fakes/wsl/recordingRunner';

const fixtureBytes = (name: string) => readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'wsl', name));

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
    const notEnabled = new RecordingRunner({
      '--list --verbose': {
        exitCode: 50,
        stdout: utf16("The Windows Subsystem for Linux is not installed. You can install by running 'wsl.exe --install'.\n"),
      },
    });
    assert.equal((await new WslService(notEnabled, windows).status()).kind, 'notInstalled');
  });

  it('lists no distributions when WSL has none, in the current wording and in other languages', async () => {
    for (const file of ['list-none-en.bin', 'list-none-de.bin', 'list-none-ru.bin', 'list-none-legacy.bin']) {
      const runner = new RecordingRunner({ '--list --verbose': { exitCode: -1 >>> 0, stdout: fixtureBytes(file) } });
      assert.deepEqual(await new WslService(runner, windows).status(), { kind: 'ready', distributions: [], inside: undefined }, file);
    }
  });

  it('falls back to the names alone when --verbose fails for another reason', async () => {
    const runner = new RecordingRunner({
      '--list --verbose': { exitCode: 1, stdout: utf16('Invalid command line option: --verbose\n') },
      '--list --quiet': { stdout: utf16('Ubuntu\nAzureLinux-3.0\n') },
      '--list --running --quiet': { stdout: utf16('Ubuntu\n') },
    });
    const status = await new WslService(runner, windows).status();
    assert.equal(status.kind, 'ready');
    assert.deepEqual(status.kind === 'ready' && status.distributions.map((d) => [d.name, d.state, d.isAzureLinux]), [
      ['AzureLinux-3.0', 'stopped', true],
      ['Ubuntu', 'running', false],
    ]);
    assert.deepEqual(runner.argsOf().slice(0, 3), [
      ['--list', '--verbose'],
      ['--list', '--quiet'],
      ['--list', '--running', '--quiet'],
    ]);
  });

  it('shows wsl.exe’s own words when no listing works', async () => {
    const runner = new RecordingRunner({
      '--list --verbose': {
        exitCode: 1,
        stdout: utf16(
          'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.\nError code: Wsl/0x80070422\n',
        ),
      },
      '--list --quiet': { exitCode: 1, stdout: utf16('The service cannot be started.\n') },
    });
    const status = await new WslService(runner, windows).status();
    assert.equal(status.kind, 'failed');
    assert.match(
      status.kind === 'failed' ? status.detail : '',
      /^The service cannot be started, either because.*\nError code: Wsl\/0x80070422$/s,
    );
  });

  it('keeps the states from --verbose when the running list fails', async () => {
    const runner = new RecordingRunner({
      '--list --verbose': { stdout: fixtureBytes('list-verbose-en.bin') },
      '--list --running --quiet': { exitCode: 1, stdout: utf16('Catastrophic failure\n') },
    });
    const status = await new WslService(runner, windows).status();
    assert.deepEqual(status.kind === 'ready' && status.distributions.map((d) => [d.name, d.state]), [
      ['Ubuntu', 'running'],
      ['docker-desktop', 'running'],
      ['Legacy', 'stopped'],
      ['Ubuntu-18.04', 'stopped'],
    ]);
  });

  it('lists the rest when one /etc/os-release probe fails, and asks that one again next time', async () => {
    const runner = new RecordingRunner({
      '--list --verbose': { stdout: utf16('  NAME      STATE     VERSION\n* Ubuntu    Running   2\n  work      Running   2\n') },
      '--list --running --quiet': { stdout: utf16('Ubuntu\nwork\n') },
      '--distribution Ubuntu --user root --exec cat /etc/os-release': new Error('wsl.exe did not finish within 15 s (SIGTERM).'),
      '--distribution work --user root --exec cat /etc/os-release': { stdout: Buffer.from('ID=azurelinux\n') },
    });
    const service = new WslService(runner, windows);
    const status = await service.status();
    assert.deepEqual(status.kind === 'ready' && status.distributions.map((d) => [d.name, d.isAzureLinux]), [
      ['work', true],
      ['Ubuntu', false],
    ]);
    await service.status();
    assert.deepEqual(
      runner
        .argsOf((args) => args.includes('/etc/os-release'))
        .map((args) => args[1])
        .sort(),
      ['Ubuntu', 'Ubuntu', 'work'],
      'the failed probe is not remembered',
    );
  });

  it('recognises Azure Linux by os-release in running distributions only, once', async () => {
    const runner = new RecordingRunner({
      '--list --verbose': {
        stdout: utf16('  NAME      STATE     VERSION\n* Ubuntu    Running   2\n  work      Running   2\n  old       Stopped   2\n'),
      },
      '--list --running --quiet': { stdout: utf16('Ubuntu\nwork\n') },
      '--distribution Ubuntu --user root --exec cat /etc/os-release': { stdout: Buffer.from('ID=ubuntu\nID_LIKE=debian\n') },
      '--distribution work --user root --exec cat /etc/os-release': {
        stdout: Buffer.from('NAME="Microsoft Azure Linux"\nID=azurelinux\n'),
      },
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

  it('lists the current distribution and says so when wsl.exe is unreachable from inside it', async () => {
    for (const failure of [new ProgramNotFoundError('wsl.exe'), Object.assign(new Error('spawn wsl.exe ENOEXEC'), { code: 'ENOEXEC' })]) {
      const runner = new RecordingRunner({ '--list --verbose': failure });
      const status = await new WslService(runner, { platform: 'linux', distroName: 'azl3' }).status();
      assert.equal(status.kind, 'ready');
      if (status.kind !== 'ready') continue;
      assert.deepEqual(
        status.distributions.map((d) => [d.name, d.state, d.isAzureLinux]),
        [['azl3', 'running', true]],
      );
      assert.equal(status.inside, 'azl3');
      assert.equal(status.wslExeUnreachable, failure.message);
    }
  });

  it('reads taken names fresh with --list --quiet, an empty list when there are none', async () => {
    const names = new RecordingRunner({ '--list --quiet': { stdout: utf16('Ubuntu\nAzureLinux\n.dot\n') } });
    assert.deepEqual(await new WslService(names, windows).listNames(), ['Ubuntu', 'AzureLinux', '.dot']);
    // Current wsl.exe: --quiet with no distributions prints nothing and exits 0.
    const none = new RecordingRunner({ '--list --quiet': { stdout: Buffer.alloc(0) } });
    assert.deepEqual(await new WslService(none, windows).listNames(), []);
    // Older ones said so and failed; the message is still understood.
    const older = new RecordingRunner({ '--list --quiet': { exitCode: -1 >>> 0, stdout: fixtureBytes('list-none-en.bin') } });
    assert.deepEqual(await new WslService(older, windows).listNames(), []);
    const broken = new RecordingRunner({ '--list --quiet': { exitCode: 1, stdout: utf16('Access is denied.\n') } });
    await assert.rejects(
      new WslService(broken, windows).listNames(),
      (error: unknown) => error instanceof WslCommandError && /Access is denied/.test(error.message),
    );
  });

  it('runs each operation with its exact argument array', async () => {
    const runner = new RecordingRunner({
      '--install --distribution AzureLinux-3.0 --no-launch': {},
      '--import azl C:\\WSL\\azl C:\\Temp\\rootfs.tar --version 2': {},
      '--terminate azl': {},
      '--unregister azl': {},
      '--distribution azl --user root --exec /usr/bin/tee /etc/wsl.conf': {},
      '--distribution azl --exec wslpath -a -u C:\\src\\app': { stdout: Buffer.from('/mnt/c/src/app\n') },
    });
    const service = new WslService(runner, windows);
    await service.installOnline('AzureLinux-3.0');
    await service.importDistribution('azl', 'C:\\WSL\\azl', 'C:\\Temp\\rootfs.tar');
    await service.execAsRoot('azl', ['/usr/bin/tee', '/etc/wsl.conf'], { stdin: '[user]\ndefault=jane\n' });
    assert.equal(await service.linuxPathOf('azl', 'C:\\src\\app'), '/mnt/c/src/app');
    await service.terminate('azl');
    await service.unregister('azl');
    assert.deepEqual(runner.argsOf(), [
      ['--install', '--distribution', 'AzureLinux-3.0', '--no-launch'],
      ['--import', 'azl', 'C:\\WSL\\azl', 'C:\\Temp\\rootfs.tar', '--version', '2'],
      ['--distribution', 'azl', '--user', 'root', '--exec', '/usr/bin/tee', '/etc/wsl.conf'],
      ['--distribution', 'azl', '--exec', 'wslpath', '-a', '-u', 'C:\\src\\app'],
      ['--terminate', 'azl'],
      ['--unregister', 'azl'],
    ]);
    assert.deepEqual(new Set(runner.calls.map((call) => call.program)), new Set(['wsl.exe']));
    assert.equal(runner.calls[2].stdin, '[user]\ndefault=jane\n');
  });

  it('knows when VS Code itself runs inside a distribution', async () => {
    const runner = new RecordingRunner({
      '--list --verbose': { stdout: utf16('  NAME   STATE   VERSION\n* azl3   Running 2\n') },
      '--list --running --quiet': { stdout: utf16('azl3\n') },
    });
    const status = await new WslService(runner, { platform: 'linux', distroName: 'azl3' }).status();
    assert.equal(status.kind === 'ready' && status.inside, 'azl3');
  });

  it('reads where each disk lives with reg.exe, and carries on without it', async () => {
    const key = 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss';
    const listing = `${key}\\{0c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5}\r\n    DistributionName    REG_SZ    AzureLinux-3\r\n    BasePath    REG_SZ    C:\\wsl\\azl\r\n`;
    const query = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss';
    const runner = new RecordingRunner({ [`query ${query} /s`]: { stdout: Buffer.from(listing) } });
    assert.deepEqual([...(await new WslService(runner, windows).diskFolders())], [['AzureLinux-3', 'C:\\wsl\\azl']]);
    assert.deepEqual(
      runner.calls.map((call) => [call.program, ...call.args]),
      [['reg.exe', 'query', query, '/s']],
    );
    assert.equal(
      (await new WslService(new RecordingRunner({}), windows).diskFolders()).size,
      0,
      'a failed query leaves no folders, and no error',
    );
  });

  it('reports a failed call in wsl.exe’s words', async () => {
    const runner = new RecordingRunner({
      '--unregister ghost': { exitCode: 1, stdout: utf16('There is no distribution with the supplied name.\n') },
    });
    await assert.rejects(
      new WslService(runner, windows).unregister('ghost'),
      (error: unknown) => error instanceof WslCommandError && /no distribution with the supplied name/.test(error.message),
    );
    const translated = new WslService(runner, windows, { t: (message, ...args) => `[de] ${message} ${args.join('|')}` });
    await assert.rejects(translated.unregister('ghost'), /\[de\] wsl\.exe \{0\} failed/);
  });

  it('shows a distribution being exported as exporting, and lists names starting with a dot, underscore or dash', async () => {
    const runner = new RecordingRunner({
      '--list --verbose': { stdout: fixtureBytes('list-verbose-states.bin') },
      '--list --running --quiet': { stdout: utf16('Ubuntu\n') },
      '--distribution Ubuntu --user root --exec cat /etc/os-release': { stdout: Buffer.from('ID=ubuntu\n') },
    });
    const status = await new WslService(runner, windows).status();
    assert.equal(status.kind, 'ready');
    const states = Object.fromEntries(status.kind === 'ready' ? status.distributions.map((d) => [d.name, d.state]) : []);
    assert.deepEqual(states, {
      'AzureLinux-4.0': 'converting',
      Ubuntu: 'running',
      '-dash': 'exporting',
      '.hidden': 'stopped',
      _work: 'installing',
      old: 'uninstalling',
    });
  });

  it('asks the online catalogue for at most 10 s, and an offline or stuck catalogue is simply empty', async () => {
    const stuck = new RecordingRunner({ '--list --online': new Error('wsl.exe did not finish within 10 s (SIGTERM).') });
    assert.deepEqual(await new WslService(stuck, windows).listOnline(), []);
    const offline = new RecordingRunner({
      '--list --online': { exitCode: 1, stdout: utf16('The server name or address could not be resolved\n') },
    });
    assert.deepEqual(await new WslService(offline, windows).listOnline(), []);
    const timed: number[] = [];
    const timing = new RecordingRunner({
      '--list --online': async (options) => {
        timed.push(options.timeoutMs ?? Infinity);
        return { stdout: fixtureBytes('list-online-current.bin') };
      },
    });
    assert.equal((await new WslService(timing, windows).listOnline()).length, 22);
    assert.ok(timed[0]! <= 10_000, `bounded: ${timed[0]}`);
  });

  it('reads the WSL version, and none from an inbox wsl.exe', async () => {
    const current = new RecordingRunner({ '--version': { stdout: utf16('WSL version: 2.4.4.0\nKernel version: 5.15.167.4-1\n') } });
    assert.equal(await new WslService(current, windows).version(), '2.4.4.0');
    const inbox = new RecordingRunner({ '--version': { exitCode: -1 >>> 0, stdout: utf16('Invalid command line option: --version\n') } });
    assert.equal(await new WslService(inbox, windows).version(), undefined);
  });

  it('installs a .wsl file with its name and location, without launching it', async () => {
    const runner = new RecordingRunner({ '--install --from-file C:\\t\\azl.wsl --name azl --location C:\\WSL\\azl --no-launch': {} });
    await new WslService(runner, windows).installFromFile('C:\\t\\azl.wsl', 'azl', 'C:\\WSL\\azl');
    assert.deepEqual(runner.argsOf(), [
      ['--install', '--from-file', 'C:\\t\\azl.wsl', '--name', 'azl', '--location', 'C:\\WSL\\azl', '--no-launch'],
    ]);
  });

  it('runs wsl.exe without WSL_UTF8, so its output is always UTF-16LE', async () => {
    process.env.WSL_UTF8 = '1';
    try {
      const runner = new RecordingRunner({ '--list --quiet': { stdout: utf16('Ubuntu\n') }, '--terminate azl': {} });
      const service = new WslService(runner, windows);
      assert.deepEqual(await service.listNames(), ['Ubuntu']);
      await service.terminate('azl');
      assert.equal(runner.calls.length, 2);
      for (const call of runner.calls) assert.equal(call.env?.WSL_UTF8, undefined, call.args.join(' '));
      assert.ok(
        runner.calls.every((call) => call.env?.PATH === process.env.PATH),
        'the rest of the environment is kept',
      );
    } finally {
      delete process.env.WSL_UTF8;
    }
  });
});
