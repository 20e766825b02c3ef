/*
 * tcp:// engines with TLS, against the real engine: the private engine's API served over TLS on loopback by a
 * terminator that, like `dockerd --tlsverify`, requires a client certificate signed by its CA. The certificates are
 * made at test time with openssl. What is checked is what the docker CLI does with the same environment:
 * DOCKER_TLS_VERIFY verifies the engine against DOCKER_CERT_PATH/ca.pem and sends cert.pem/key.pem; without it, plain
 * HTTP (which a TLS port refuses); DOCKER_TLS alone encrypts without verifying.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { resolveEngineEndpoint } from '../../src/docker/core/endpoint';
import { createContainerEngine } from '../../src/docker/engine';
import { machineProbes } from '../../src/docker/machine';
import { testImage, testLog } from './helpers';

/** A new P-256 key without a passphrase, as part of an `openssl req` line. */
const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A CA, and certificates it signs: a server one for 127.0.0.1 and a client one, as Docker's "Protect the daemon socket" guide makes them. */
function makeCertificates(dir: string, caName: string): void {
  mkdirSync(dir, { recursive: true });
  openssl(['req', '-x509', ...newKey, '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', `/CN=${caName}`], dir);
  const sign = (name: string, subject: string, extensions: string) => {
    openssl(['req', ...newKey, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', subject], dir);
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca-key.pem',
        '-CAcreateserial',
        '-out',
        `${name}-cert.pem`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      ],
      dir,
    );
  };
  sign('server', '/CN=127.0.0.1', 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n');
  sign('client', '/CN=azl-client', 'extendedKeyUsage = clientAuth\n');
}

/** A DOCKER_CERT_PATH folder: ca.pem, and the client's cert.pem and key.pem when `withClient`. */
function certPath(root: string, name: string, caFrom: string, clientFrom?: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(caFrom, 'ca.pem'), join(dir, 'ca.pem'));
  if (clientFrom) {
    copyFileSync(join(clientFrom, 'client-cert.pem'), join(dir, 'cert.pem'));
    copyFileSync(join(clientFrom, 'client-key.pem'), join(dir, 'key.pem'));
  }
  return dir;
}

describe('tcp:// engines with TLS, as the docker CLI connects', () => {
  let root: string;
  let server: Server;
  let port: number;
  const clients: string[] = [];

  before(async () => {
    const socketPath = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
    assert.ok(socketPath.startsWith('/'), 'the private engine listens on a unix socket');
    root = mkdtempSync(join(tmpdir(), 'azl-tls-'));
    makeCertificates(join(root, 'pki'), 'azl test CA');
    makeCertificates(join(root, 'other'), 'someone else');
    const pki = join(root, 'pki');
    server = createServer(
      {
        key: readFileSync(join(pki, 'server-key.pem')),
        cert: readFileSync(join(pki, 'server-cert.pem')),
        ca: readFileSync(join(pki, 'ca.pem')),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (socket: TLSSocket) => {
        clients.push(String(socket.getPeerCertificate().subject?.CN ?? ''));
        const engine: Socket = connect(socketPath);
        socket.pipe(engine).pipe(socket);
        socket.on('error', () => engine.destroy());
        engine.on('error', () => socket.destroy());
      },
    );
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  });

  function engineFor(env: Record<string, string>) {
    const endpoint = resolveEngineEndpoint(machineProbes(undefined, { DOCKER_HOST: `tcp://127.0.0.1:${port}`, ...env }));
    return { endpoint, engine: createContainerEngine(endpoint, testLog) };
  }

  it('DOCKER_TLS_VERIFY: verifies the engine against DOCKER_CERT_PATH/ca.pem and sends the client certificate', async () => {
    const dir = certPath(root, 'verify', join(root, 'pki'), join(root, 'pki'));
    const { endpoint, engine } = engineFor({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir });
    assert.deepEqual(endpoint.tls, { certPath: dir, verify: true, requireCa: true });
    const version = await engine.version();
    assert.ok(version.apiVersion, 'the engine answered through TLS');
    assert.ok((await engine.listImages()).some((image) => image.repoTags.includes(testImage)));
    assert.ok(clients.includes('azl-client'), 'the engine saw our client certificate');
  });

  it('DOCKER_TLS_VERIFY: refuses an engine whose certificate another CA signed', async () => {
    const dir = certPath(root, 'wrong-ca', join(root, 'other'), join(root, 'pki'));
    const { engine } = engineFor({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir });
    await assert.rejects(engine.version());
  });

  it('DOCKER_TLS_VERIFY without a client certificate: the engine (which requires one) refuses', async () => {
    const dir = certPath(root, 'no-client', join(root, 'pki'));
    const { engine } = engineFor({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir });
    await assert.rejects(engine.version());
  });

  it('without DOCKER_TLS_VERIFY: plain HTTP, as the docker CLI, so a TLS engine is not reached, and no certificate is sent', async () => {
    const dir = certPath(root, 'plain', join(root, 'pki'), join(root, 'pki'));
    const before = clients.length;
    const { endpoint, engine } = engineFor({ DOCKER_CERT_PATH: dir });
    assert.equal(endpoint.tls, undefined);
    await assert.rejects(engine.version());
    assert.equal(clients.length, before, 'no TLS handshake was made');
  });

  it('DOCKER_TLS alone: encrypted without verifying (the view warns), so another CA is accepted', async () => {
    const dir = certPath(root, 'unverified', join(root, 'other'), join(root, 'pki'));
    const { endpoint, engine } = engineFor({ DOCKER_TLS: '1', DOCKER_CERT_PATH: dir });
    assert.equal(endpoint.tls?.verify, false);
    assert.ok((await engine.version()).apiVersion);
  });
});
