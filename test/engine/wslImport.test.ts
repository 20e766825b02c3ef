import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContainerEngine } from '../../src/docker/engine';
import { NoticeError, isUserCancelled } from '../../src/util/errors';
import { processRunner } from '../../src/util/programRunner';
import { installAzureLinuxFromFile, importAzureLinuxFromImage, type ImportProgress, type ImportStep } from '../../src/wsl/importFromImage';
import { WslCommandError, WslService } from '../../src/wsl/wslService';
import { standInImages, testEngine, uniqueName } from './helpers';

// The import pipeline for real: a stand-in of the Azure Linux 3.0 or 4.0 image (tdnf, or dnf5 and no tdnf; useradd only
// once shadow-utils is installed) is exported from the real engine, and the stand-in wsl.exe (first on the PATH for
// this test only) unpacks it as a root file system and runs the programs it is asked to run inside it (chroot), so
// the user, group, file and packages can be checked in the result.
interface FakeWslState {
  distributions: Record<string, { installDir: string; rootfs?: string }>;
  calls: { args: string[]; exitCode?: number; stdin?: string; tarball?: { entries: number; bytes: number } }[];
}

describe('installing Azure Linux in WSL from a container image', () => {
  let engine: ContainerEngine;
  let scratch: string;
  let statePath: string;
  const wsl = new WslService(processRunner, { platform: 'win32', distroName: undefined });
  const originalPath = process.env.PATH;

  before(() => {
    engine = testEngine();
    scratch = mkdtempSync(join(tmpdir(), 'azl-wsl-test-'));
    statePath = join(scratch, 'wsl-state.json');
    process.env.PATH = [join(__dirname, '..', '..', '..', 'test', 'fakes', 'wsl'), originalPath].join(delimiter);
    process.env.AZL_FAKE_WSL_STATE = statePath;
  });

  after(() => {
    process.env.PATH = originalPath;
    delete process.env.AZL_FAKE_WSL_STATE;
    delete process.env.AZL_FAKE_WSL_FAIL;
    rmSync(scratch, { recursive: true, force: true });
  });

  const readState = (): FakeWslState =>
    existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : { distributions: {}, calls: [] };
  /** A distribution the person already has, as the stand-in keeps it (with its virtual disk). */
  const seedExisting = (name: string): string => {
    const installDir = join(scratch, 'existing', name);
    mkdirSync(installDir, { recursive: true });
    writeFileSync(join(installDir, 'ext4.vhdx'), 'the person’s own files\n');
    const state = readState();
    state.distributions[name] = { installDir };
    writeFileSync(statePath, JSON.stringify(state));
    return installDir;
  };
  const callsFor = (name: string) => readState().calls.filter((call) => call.args.includes(name));
  const recorder = (onStep?: (step: ImportStep) => void) => {
    const steps: ImportStep[] = [];
    const progress: ImportProgress = {
      step: (step) => {
        steps.push(step);
        onStep?.(step);
      },
      pull: () => undefined,
    };
    return { steps, progress };
  };
  const request = (name: string, release: '3.0' | '4.0' = '3.0') => ({
    image: standInImages()[release],
    name,
    installDir: join(scratch, 'distros', name),
    user: 'jane',
    tempRoot: join(scratch, 'tmp'),
  });
  const leftovers = async () => ({
    tempFiles: existsSync(join(scratch, 'tmp')) ? readdirSync(join(scratch, 'tmp')) : [],
    exportContainers: (await engine.listContainers()).filter((container) => container.labels['dev.azurelinux.wsl-export'] !== undefined),
  });

  /** A file of the distribution's root file system, as the stand-in unpacked it. */
  const fileIn = (name: string, path: string) => readFileSync(join(readState().distributions[name]!.rootfs!, path), 'utf8');

  for (const [release, manager] of [
    ['3.0', 'tdnf'],
    ['4.0', 'dnf5'],
  ] as const) {
    it(`imports Azure Linux ${release} from its image: ${manager} brings in useradd and sudo, then the default user`, async () => {
      const name = uniqueName(`AzureLinux-${release}`);
      const { steps, progress } = recorder();
      const logged: string[] = [];
      await importAzureLinuxFromImage(
        engine,
        wsl,
        request(name, release),
        { ...progress, log: (line) => logged.push(line) },
        new AbortController().signal,
      );

      assert.deepEqual(steps, ['export', 'import', 'user', 'finish'], 'the image is present, so nothing is pulled');
      const state = readState();
      assert.ok(state.distributions[name], 'the distribution is registered');
      const calls = state.calls.filter((call) => call.args.includes(name));
      const importCall = calls.find((call) => call.args[0] === '--import')!;
      assert.deepEqual(importCall.args, ['--import', name, join(scratch, 'distros', name), importCall.args[3], '--version', '2']);
      assert.ok(importCall.tarball!.entries > 50, `the tarball is a whole root file system (${importCall.tarball!.entries} entries)`);
      const execs = calls.filter((call) => call.args[4] === '--exec').map((call) => call.args.slice(5));
      assert.deepEqual(
        execs.map((argv) => (argv[0] === '/bin/sh' ? argv.slice(3) : argv)),
        [
          ['azl-packages', 'ensure', 'useradd:shadow-utils', 'sudo:sudo'],
          ['/usr/sbin/useradd', '--create-home', '--groups', 'wheel', '--shell', '/bin/bash', 'jane'],
          ['/usr/bin/tee', '/etc/wsl.conf'],
        ],
      );
      assert.ok(
        calls.every((call) => call.exitCode === 0),
        JSON.stringify(calls.map((call) => [call.args.slice(0, 6), call.exitCode])),
      );
      assert.deepEqual(calls.at(-1)!.args, ['--terminate', name]);
      assert.deepEqual(logged, [`${name} installs packages with ${manager}`]);

      // What the distribution holds now: the packages its own manager installed, the user, the group, the default.
      assert.equal(fileIn(name, 'var/log/azl-test/packages.log'), `${manager} install -y shadow-utils sudo\n`);
      assert.match(fileIn(name, 'etc/passwd'), /^jane:x:\d+:\d+::\/home\/jane:\/bin\/bash$/m);
      assert.match(fileIn(name, 'etc/group'), /^wheel:x:10:jane$/m);
      assert.equal(fileIn(name, 'etc/wsl.conf'), '[user]\ndefault=jane\n');
      assert.ok(fileIn(name, 'usr/bin/sudo').length > 0, 'sudo is installed');
      assert.deepEqual(await leftovers(), { tempFiles: [], exportContainers: [] });

      const status = await wsl.status();
      assert.equal(status.kind, 'ready');
      const listed = status.kind === 'ready' ? status.distributions.find((d) => d.name === name) : undefined;
      assert.equal(listed?.isAzureLinux, true, 'the new distribution is listed as Azure Linux');
    });
  }

  /** A .wsl file of a stand-in image: its root file system as a gzip-compressed tar, as WSL's format is. */
  async function wslFileOf(release: '3.0' | '4.0'): Promise<string> {
    const file = join(scratch, `azurelinux-${release}-${uniqueName('f')}.wsl`);
    const id = await engine.createContainer({
      image: standInImages()[release],
      cmd: ['/bin/true'],
      labels: { 'dev.azurelinux.wsl-export': 'file' },
    });
    try {
      const tar = join(scratch, 'rootfs-for-file.tar');
      await pipeline(await engine.exportContainerFileSystem(id), createWriteStream(tar));
      execFileSync('sh', ['-c', 'gzip -c "$1" > "$2" && rm "$1"', 'sh', tar, file]);
    } finally {
      await engine.remove(id);
    }
    return file;
  }

  it('installs a .wsl file with wsl --install --from-file where WSL has it, else with wsl --import, then the user', async () => {
    const file = await wslFileOf('4.0');
    for (const [version, way] of [
      ['2.6.1.0', 'installFromFile'],
      ['2.3.26.0', 'import'],
      ['none', 'import'],
    ] as const) {
      const name = uniqueName('AzureLinux-file');
      process.env.AZL_FAKE_WSL_VERSION = version;
      try {
        const installDir = join(scratch, 'distros', name);
        const used = await installAzureLinuxFromFile(
          wsl,
          { file, name, installDir, user: 'jane' },
          recorder().progress,
          new AbortController().signal,
        );
        assert.equal(used, way, version);
        const registering = callsFor(name).find((call) => call.args[0] === '--import' || call.args[0] === '--install')!;
        assert.deepEqual(
          registering.args,
          way === 'installFromFile'
            ? ['--install', '--from-file', file, '--name', name, '--location', installDir, '--no-launch']
            : ['--import', name, installDir, file, '--version', '2'],
        );
        assert.equal(fileIn(name, 'var/log/azl-test/packages.log'), 'dnf5 install -y shadow-utils sudo\n');
        assert.match(fileIn(name, 'etc/group'), /^wheel:x:10:jane$/m);
        assert.equal(fileIn(name, 'etc/wsl.conf'), '[user]\ndefault=jane\n');
      } finally {
        delete process.env.AZL_FAKE_WSL_VERSION;
      }
    }
  });

  it('removes what a .wsl install registered when creating the user fails', async () => {
    const file = await wslFileOf('3.0');
    const name = uniqueName('AzureLinux-file');
    process.env.AZL_FAKE_WSL_FAIL = 'useradd --create-home';
    try {
      await assert.rejects(
        installAzureLinuxFromFile(
          wsl,
          { file, name, installDir: join(scratch, 'distros', name), user: 'jane' },
          recorder().progress,
          new AbortController().signal,
        ),
        /creating the user jane/,
      );
    } finally {
      delete process.env.AZL_FAKE_WSL_FAIL;
    }
    assert.equal(readState().distributions[name], undefined);
    assert.ok(callsFor(name).some((call) => call.args[0] === '--unregister'));
    assert.equal(existsSync(join(scratch, 'distros', name)), false);
  });

  it('unregisters the distribution again when a later step fails, and says what failed', async () => {
    const name = uniqueName('AzureLinux');
    process.env.AZL_FAKE_WSL_FAIL = 'useradd --create-home';
    try {
      await assert.rejects(
        importAzureLinuxFromImage(engine, wsl, request(name), recorder().progress, new AbortController().signal),
        /creating the user jane/,
      );
    } finally {
      delete process.env.AZL_FAKE_WSL_FAIL;
    }
    const state = readState();
    assert.equal(state.distributions[name], undefined, 'no half-registered distribution is left');
    assert.ok(state.calls.some((call) => call.args[0] === '--unregister' && call.args[1] === name));
    assert.deepEqual(await leftovers(), { tempFiles: [], exportContainers: [] });
  });

  it('leaves nothing behind when cancelled', async () => {
    const name = uniqueName('AzureLinux');
    const controller = new AbortController();
    const { progress } = recorder((step) => {
      if (step === 'user') controller.abort();
    });
    await assert.rejects(importAzureLinuxFromImage(engine, wsl, request(name), progress, controller.signal), (error: unknown) =>
      isUserCancelled(error),
    );
    assert.equal(readState().distributions[name], undefined);
    assert.deepEqual(await leftovers(), { tempFiles: [], exportContainers: [] });
  });

  it('refuses a name that is already taken (any case) and leaves that distribution alone', async () => {
    const existing = uniqueName('Mine');
    const disk = join(seedExisting(existing), 'ext4.vhdx');
    const { steps, progress } = recorder();
    await assert.rejects(
      importAzureLinuxFromImage(
        engine,
        wsl,
        { ...request(existing.toLowerCase()), installDir: join(scratch, 'existing', existing) },
        progress,
        new AbortController().signal,
      ),
      (error: unknown) =>
        error instanceof NoticeError &&
        error.message === `A WSL distribution named ${existing.toLowerCase()} already exists. Choose another name; nothing was changed.`,
    );
    assert.deepEqual(steps, [], 'nothing was started');
    assert.ok(readState().distributions[existing], 'the existing distribution is still registered');
    assert.equal(readFileSync(disk, 'utf8'), 'the person’s own files\n', 'and its disk is untouched');
    assert.deepEqual(
      callsFor(existing.toLowerCase()).map((call) => call.args[0]),
      [],
      'no --import, no --unregister',
    );
    assert.deepEqual(await leftovers(), { tempFiles: [], exportContainers: [] });
  });

  it('leaves no distribution and no install folder when wsl --import itself fails', async () => {
    const name = uniqueName('AzureLinux');
    process.env.AZL_FAKE_WSL_FAIL = `--import ${name}`;
    try {
      await assert.rejects(
        importAzureLinuxFromImage(engine, wsl, request(name), recorder().progress, new AbortController().signal),
        (error: unknown) => error instanceof WslCommandError && /Importing the distribution failed/.test(error.message),
      );
    } finally {
      delete process.env.AZL_FAKE_WSL_FAIL;
    }
    assert.equal(readState().distributions[name], undefined);
    assert.deepEqual(
      callsFor(name).map((call) => [call.args[0], call.exitCode]),
      [['--import', 1]],
      'nothing of someone else’s is unregistered',
    );
    assert.equal(existsSync(join(scratch, 'distros', name)), false, 'the install folder this run created is removed');
    assert.deepEqual(await leftovers(), { tempFiles: [], exportContainers: [] });
  });

  it('lets a cancelled wsl --import finish, then unregisters what it made', async () => {
    const name = uniqueName('AzureLinux');
    const controller = new AbortController();
    const { steps, progress } = recorder((step) => {
      if (step === 'import') controller.abort();
    });
    await assert.rejects(importAzureLinuxFromImage(engine, wsl, request(name), progress, controller.signal), (error: unknown) =>
      isUserCancelled(error),
    );
    assert.deepEqual(steps, ['export', 'import']);
    assert.deepEqual(
      callsFor(name).map((call) => [call.args[0], call.exitCode]),
      [
        ['--import', 0],
        ['--unregister', 0],
      ],
    );
    assert.equal(readState().distributions[name], undefined);
    assert.equal(existsSync(join(scratch, 'distros', name)), false);
    assert.deepEqual(await leftovers(), { tempFiles: [], exportContainers: [] });
  });

  it('the stand-in takes a merged-/usr root file system (usr/bin/sh) and refuses a tarball without a shell', async () => {
    const make = (name: string, withShell: boolean) => {
      const root = join(scratch, `rootfs-${name}`);
      mkdirSync(join(root, 'etc'), { recursive: true });
      mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
      writeFileSync(join(root, 'etc', 'os-release'), 'ID=azurelinux\n');
      writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
      if (withShell) {
        writeFileSync(join(root, 'usr', 'bin', 'sh'), '');
        symlinkSync('usr/bin', join(root, 'bin'));
      }
      const tarball = join(scratch, `${name}.tar`);
      execFileSync('tar', ['-C', root, '-cf', tarball, '.']);
      mkdirSync(join(scratch, 'distros', name), { recursive: true });
      return tarball;
    };
    const merged = uniqueName('merged');
    await wsl.importDistribution(merged, join(scratch, 'distros', merged), make(merged, true));
    assert.ok(readState().distributions[merged]);
    await wsl.unregister(merged);
    const shellless = uniqueName('noshell');
    await assert.rejects(
      wsl.importDistribution(shellless, join(scratch, 'distros', shellless), make(shellless, false)),
      /missing bin\/sh or usr\/bin\/sh/,
    );
  });
});
