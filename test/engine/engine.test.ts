import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { familiarReference } from '../../src/docker/core/engineAnswers';
import { azlLabels, isAzlShell } from '../../src/docker/core/labels';
import { isRegistryUnreachable } from '../../src/docker/core/pullErrors';
import { buildShellContainerSpec, isMissingShell } from '../../src/docker/core/shellSpec';
import { EngineError, type ContainerEngine, type ExecSession } from '../../src/docker/engine';
import { startShellSession } from '../../src/docker/shellSteps';
import { dockerPackages } from '../../src/util/lazyPackages';
import { localRegistry, outputUntil, removeTestContainers, testEngine, testImage, testRunId, testRunLabel, uniqueName } from './helpers';

describe('container engine against a real Docker Engine', () => {
  let engine: ContainerEngine;
  let workspace: string;

  before(() => {
    engine = testEngine();
    workspace = mkdtempSync(join(tmpdir(), 'azl-shell-ws-'));
    chmodSync(workspace, 0o777);
  });

  after(async () => {
    await removeTestContainers(engine);
    rmSync(workspace, { recursive: true, force: true });
  });

  async function createShell(name: string, hostUser?: { uid: number; gid: number }): Promise<string> {
    const spec = buildShellContainerSpec({
      image: testImage,
      name,
      workspaceFolder: workspace,
      hostUser,
      networkMode: 'none',
      extraLabels: { [testRunLabel]: testRunId },
    });
    const id = await engine.createContainer(spec);
    await engine.start(id);
    return id;
  }

  it('reports the engine version and finds the test image', async () => {
    const version = await engine.version();
    assert.match(version.version, /^\d+\.\d+/);
    assert.match(version.apiVersion, /^1\.\d+$/);
    assert.equal(await engine.imageExists(testImage), true);
    assert.equal(await engine.imageExists('azl-test/does-not-exist:1'), false);
  });

  it('lists an azl-shell with its labels, running', async () => {
    const name = uniqueName('list');
    const id = await createShell(name);
    const listed = (await engine.listContainers()).find((c) => c.id === id);
    assert.ok(listed, 'the new container is listed');
    assert.equal(listed.name, name);
    assert.equal(listed.image, testImage, 'the image under the name it was given (Podman lists docker.io/... in full)');
    assert.equal((await engine.inspect(id)).image, testImage);
    assert.equal(listed.state, 'running');
    assert.equal(isAzlShell(listed.labels), true);
    assert.equal(listed.labels[azlLabels.image], testImage);
    assert.equal(listed.labels[azlLabels.workspaceFolder], workspace);
  });

  it('mounts the workspace at /workspace and files made inside belong to the host user', async () => {
    const hostUser = { uid: 4321, gid: 4322 };
    const id = await createShell(uniqueName('mount'), hostUser);
    const result = await engine.run(id, ['sh', '-c', 'pwd; id -u; echo made-inside > created.txt']);
    assert.equal(result.exitCode, 0, result.output);
    assert.deepEqual(result.output.trim().split('\n'), ['/workspace', '4321']);
    const created = join(workspace, 'created.txt');
    assert.equal(readFileSync(created, 'utf8'), 'made-inside\n');
    assert.equal(statSync(created).uid, hostUser.uid);
    assert.equal(statSync(created).gid, hostUser.gid);
  });

  it("mounts a folder whose name has ':' at /workspace, and a file goes both ways through it", async () => {
    // Legal on Linux, and what a `host:/workspace` bind string cannot carry. (No comma: Podman 4.3's compatibility API
    // splits a mount's source on commas whatever the API says, "invalid mount option".)
    const folder = join(workspace, 'build:2024 final');
    mkdirSync(folder, { mode: 0o777 });
    chmodSync(folder, 0o777);
    writeFileSync(join(folder, 'from-host.txt'), 'made on the host\n');
    const spec = buildShellContainerSpec({
      image: testImage,
      name: uniqueName('colon'),
      workspaceFolder: folder,
      networkMode: 'none',
      extraLabels: { [testRunLabel]: testRunId },
    });
    const id = await engine.createContainer(spec);
    await engine.start(id);
    const result = await engine.run(id, ['sh', '-c', 'pwd; cat from-host.txt; echo made inside > from-container.txt']);
    assert.equal(result.exitCode, 0, result.output);
    assert.deepEqual(result.output.trim().split('\n'), ['/workspace', 'made on the host']);
    assert.equal(readFileSync(join(folder, 'from-container.txt'), 'utf8'), 'made inside\n');
    const inspected = (await engine.inspect(id)).raw as { Mounts?: { Source?: string; Destination?: string }[] };
    assert.deepEqual(
      inspected.Mounts?.map((mount) => [mount.Source, mount.Destination]),
      [[folder, '/workspace']],
    );
  });

  it('runs an interactive shell: type a command, read its output, resize, exit', async () => {
    const id = await createShell(uniqueName('shell'));
    const session = await startShellSession(engine, id, { inWorkspace: true, size: { columns: 100, rows: 30 } });
    const exited = new Promise<number | undefined>((resolve) => session.onExit(resolve));
    session.write('echo "sum=$((20 + 22))"\r');
    assert.match(await outputUntil(session, /sum=42/), /sum=42/);
    session.write('stty size\r');
    assert.match(await outputUntil(session, /30 100/), /30 100/);
    await session.resize(132, 41);
    session.write('stty size\r');
    assert.match(await outputUntil(session, /41 132/), /41 132/);
    session.write('exit 7\r');
    assert.equal(await exited, 7);
  });

  /** Everything a session prints until it ends, and how it ended. */
  function untilExit(session: ExecSession): Promise<{ output: string; exitCode: number | undefined }> {
    let output = '';
    session.onData((data) => (output += data.toString('utf8')));
    return new Promise((resolve) => session.onExit((exitCode) => resolve({ output, exitCode })));
  }

  it('opens bash when the image has it, as a login shell', async () => {
    const id = await createShell(uniqueName('bash'));
    // The busybox test image has no bash: a stand-in on the PATH says it was chosen, with its arguments.
    const install = await engine.run(id, [
      '/bin/sh',
      '-c',
      'printf \'#!/bin/sh\\necho "stand-in bash $*"\\n\' > /bin/bash && chmod +x /bin/bash',
    ]);
    assert.equal(install.exitCode, 0, install.output);
    const session = await startShellSession(engine, id, {});
    assert.match((await untilExit(session)).output, /stand-in bash -l/);
  });

  it('tells a container without /bin/sh from a shell that exited', async () => {
    const id = await createShell(uniqueName('nosh'));
    const removed = await engine.run(id, ['/bin/busybox', 'rm', '/bin/sh']);
    assert.equal(removed.exitCode, 0, removed.output);
    const ended = await untilExit(await startShellSession(engine, id, {}));
    assert.equal(isMissingShell(ended.exitCode, ended.output), true, JSON.stringify(ended));

    const withShell = await createShell(uniqueName('exit127'));
    const session = await startShellSession(engine, withShell, {});
    session.write('exit 127\r');
    const exited = await untilExit(session);
    assert.equal(exited.exitCode, 127);
    assert.equal(isMissingShell(exited.exitCode, exited.output), false, 'a shell that ran and exited 127 is not a missing shell');
  });

  it('stops, starts, restarts and removes a container', async () => {
    const id = await createShell(uniqueName('life'));
    await engine.stop(id);
    assert.equal((await engine.inspect(id)).state, 'exited');
    await engine.start(id);
    assert.equal((await engine.inspect(id)).running, true);
    await engine.restart(id);
    assert.equal((await engine.inspect(id)).running, true);
    await engine.remove(id);
    await assert.rejects(engine.inspect(id), (error: unknown) => error instanceof EngineError && error.kind === 'notFound');
  });

  it('unpauses a paused container, and stops a paused one without unpausing it first', async () => {
    const docker = new (dockerPackages().Dockerode)({ socketPath: process.env.DOCKER_HOST!.replace(/^unix:\/\//, '') });
    const id = await createShell(uniqueName('paused'));
    await docker.getContainer(id).pause();
    assert.equal((await engine.inspect(id)).state, 'paused');
    assert.equal((await engine.listContainers()).find((c) => c.id === id)?.state, 'paused', 'the tree sees it paused');
    // The engine cannot start a paused container (that is what Unpause is for); one sentence whichever engine refused.
    await assert.rejects(engine.start(id), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.equal(error.message, `The container ${id.slice(0, 12)} is paused: unpause it instead of starting it.`);
      return true;
    });
    await engine.unpause(id);
    const details = await engine.inspect(id);
    assert.equal(details.state, 'running');
    assert.equal((await engine.run(id, ['echo', 'awake'])).output.trim(), 'awake', 'its processes run again');
    await docker.getContainer(id).pause();
    await engine.stop(id);
    assert.equal((await engine.inspect(id)).state, 'exited', 'Stop ends a paused container');
    await engine.remove(id);
  });

  it('reads logs, and follows them until cancelled', async () => {
    const id = await engine.createContainer({
      image: testImage,
      name: uniqueName('logs'),
      labels: { [testRunLabel]: testRunId },
      cmd: ['sh', '-c', 'echo first line; echo to-stderr >&2; sleep 1; echo later line; sleep 300'],
      init: true,
      networkMode: 'none',
    });
    await engine.start(id);
    const controller = new AbortController();
    let followed = '';
    for await (const text of engine.logs(id, { follow: true }, controller.signal)) {
      followed += text;
      if (followed.includes('later line')) {
        controller.abort();
      }
    }
    assert.match(followed, /first line\n/);
    assert.match(followed, /to-stderr\n/);
    assert.match(followed, /later line\n/);
    let whole = '';
    for await (const text of engine.logs(id, { follow: false })) {
      whole += text;
    }
    assert.match(whole, /first line\nto-stderr\nlater line\n|first line\n.*later line/s);
  });

  it('says the name is taken in a sentence when creating a duplicate', async () => {
    const name = uniqueName('dup');
    await createShell(name);
    await assert.rejects(createShell(name), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.equal(error.kind, 'conflict');
      assert.equal(
        error.message,
        `The name ${name} is already in use by another container. Choose another name, or remove that container.`,
      );
      return true;
    });
  });

  it('imports a root file system tarball under the name and tag asked for', async () => {
    // What `docker import` does; Podman 4.3 ignores the Engine API's separate `tag` parameter (it tagged "latest").
    const ref = `azl-test/imported-${testRunId}:2.1`;
    const rootfs = tar.pack();
    rootfs.entry({ name: 'etc/os-release' }, 'ID=azurelinux\nVERSION_ID="3.0"\n');
    rootfs.finalize();
    const imageId = await engine.importImage(Readable.from(rootfs), ref, { changes: ['LABEL dev.azurelinux.test.imported=1'] });
    try {
      assert.match(imageId, /^sha256:[0-9a-f]{64}$/);
      assert.equal(await engine.imageExists(ref), true);
      const listed = (await engine.listImages()).find((image) => image.id === imageId);
      assert.deepEqual(listed?.repoTags, [ref]);
      assert.equal(listed?.labels['dev.azurelinux.test.imported'], '1');
    } finally {
      await engine.removeImage(ref, { force: true }).catch(() => undefined);
    }
  });

  it('exports the root file system as a tar stream', async () => {
    const id = await createShell(uniqueName('export'));
    const stream = await engine.exportContainerFileSystem(id);
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
    }
    const tar = Buffer.concat(chunks);
    // tar headers carry member names at 512-byte boundaries; os-release must be among them.
    assert.ok(tar.includes(Buffer.from('etc/os-release')), 'the export holds etc/os-release');
    assert.ok(tar.length > 1_000_000, 'the export holds the busybox binary');
  });

  it('cancelling a pull leaves no image and no container behind', async () => {
    const imagesBefore = (await engine.listImages()).map((i) => i.id).sort();
    const containersBefore = (await engine.listContainers()).map((c) => c.id).sort();
    const controller = new AbortController();
    const ref = 'registry.invalid:5000/azl-test/never-pulled:1';
    const pulling = engine.pullImage(ref, () => undefined, controller.signal);
    controller.abort();
    await assert.rejects(pulling, (error: unknown) => error instanceof EngineError && error.kind === 'cancelled');
    assert.equal(await engine.imageExists(ref), false);
    assert.deepEqual((await engine.listImages()).map((i) => i.id).sort(), imagesBefore);
    assert.deepEqual((await engine.listContainers()).map((c) => c.id).sort(), containersBefore);
  });

  it('a pull that fails says why in a sentence', async () => {
    await assert.rejects(
      engine.pullImage('registry.invalid:5000/azl-test/never-pulled:1', () => undefined),
      (error: unknown) => {
        assert.ok(error instanceof EngineError);
        assert.match(error.message, /^Pulling registry\.invalid:5000\/azl-test\/never-pulled:1 failed: /);
        // A name that resolves nowhere (RFC 6761) fails the way every registry does on an offline machine: the
        // engine's own DNS error, which the extension turns into "is this machine offline?".
        assert.equal(isRegistryUnreachable(error.message), true, error.message);
        return true;
      },
    );
  });

  it('a pull the registry refuses is not taken for an offline machine', async () => {
    const { address } = localRegistry();
    await assert.rejects(
      engine.pullImage(`${address}/azl-test/never-pushed:1`, () => undefined),
      (error: unknown) => {
        assert.equal(isRegistryUnreachable(error instanceof Error ? error.message : String(error)), false, String(error));
        return true;
      },
    );
  });

  it("inspects an image: the engine's document, with its ID and tags", async () => {
    const inspected = (await engine.inspectImage(testImage)) as { Id: string; RepoTags: string[] };
    // The engine's own document: Podman names Docker Hub images in full (docker.io/...), Docker in familiar form.
    assert.ok(inspected.RepoTags.map(familiarReference).includes(testImage), JSON.stringify(inspected.RepoTags));
    assert.equal(inspected.Id, (await engine.listImages()).find((image) => image.repoTags.includes(testImage))?.id);
    await assert.rejects(
      engine.inspectImage('azl-test/does-not-exist:1'),
      (error: unknown) => error instanceof EngineError && error.kind === 'notFound',
    );
  });
});
