import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createContainerEngine, EngineError, isRootlessEngine, type ContainerEngine } from '../../../src/docker/engine';
import { containerUserForHost } from '../../../src/docker/core/shellSpec';

const log = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('engine time-outs against a socket that accepts and never answers', () => {
  let dir: string;
  let server: Server;
  let engine: ContainerEngine;
  const sockets = new Set<Socket>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'azl-silent-'));
    const socketPath = join(dir, 'docker.sock');
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => undefined); // Reads the request, never writes a byte.
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    engine = createContainerEngine({ kind: 'unix', socketPath, source: 'setting', address: `unix://${socketPath}` }, log, {
      quickMs: 150,
      firstResponseMs: 200,
    });
  });

  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const timesOut = (error: unknown) => {
    assert.ok(error instanceof EngineError);
    assert.equal(error.kind, 'timeout');
    assert.match(
      error.message,
      new RegExp(`Docker at unix://${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/docker\\.sock did not answer within`),
    );
    return true;
  };

  it('pull', async () => {
    await assert.rejects(
      engine.pullImage('x:1', () => undefined),
      timesOut,
    );
  });
  it('build', async () => {
    const { Readable } = await import('node:stream');
    await assert.rejects(
      engine.buildImage(Readable.from([Buffer.alloc(1024)]), { tag: 'x:1' }, () => undefined),
      timesOut,
    );
  });
  it('import', async () => {
    const { Readable } = await import('node:stream');
    await assert.rejects(engine.importImage(Readable.from([Buffer.alloc(1024)]), 'x:1'), timesOut);
  });
  it('events', async () => {
    await assert.rejects(
      engine.events(() => undefined, new AbortController().signal),
      timesOut,
    );
  });
  it('a quick call', async () => {
    await assert.rejects(engine.listContainers(), timesOut);
  });
  it('a cancelled pull is a cancel, not a time-out', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(
      engine.pullImage('x:1', () => undefined, controller.signal),
      (error: EngineError) => error.kind === 'cancelled',
    );
  });
});

describe('host-user ownership on a rootless engine', () => {
  it("reads rootless from the engine's security options", () => {
    assert.equal(isRootlessEngine(['name=seccomp,profile=default', 'name=rootless']), true);
    assert.equal(isRootlessEngine(['name=seccomp,profile=default', 'name=cgroupns']), false);
    assert.equal(isRootlessEngine(undefined), false);
  });
  it('runs as 0:0 there (the host user), as the host uid:gid on a rootful engine, and as the image default with no host user', () => {
    assert.deepEqual(containerUserForHost({ uid: 1000, gid: 1000 }, { rootless: true }), { uid: 0, gid: 0 });
    assert.deepEqual(containerUserForHost({ uid: 1000, gid: 1001 }, { rootless: false }), { uid: 1000, gid: 1001 });
    assert.equal(containerUserForHost(undefined, { rootless: true }), undefined);
  });
});
