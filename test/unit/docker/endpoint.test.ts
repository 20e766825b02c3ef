import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  contextDirectoryName,
  describeEndpoint,
  endpointExposure,
  resolveEngineEndpoint,
  resolveWithSettingFallback,
  type EndpointProbes,
} from '../../../src/docker/core/endpoint';
import { connectionOptions, createContainerEngine, EngineError } from '../../../src/docker/engine';
import { EnvironmentsModel } from '../../../src/features/localEnvironments/core/environmentsModel';
import { english } from '../../../src/util/l10n';

function probes(overrides: Partial<EndpointProbes> & { files?: Record<string, string>; paths?: string[] } = {}): EndpointProbes {
  const files = overrides.files ?? {};
  const paths = new Set([...(overrides.paths ?? []), ...Object.keys(files)]);
  return {
    env: overrides.env ?? {},
    settingHost: overrides.settingHost,
    platform: overrides.platform ?? 'linux',
    homeDir: overrides.homeDir ?? '/home/ada',
    readFile: (path) => files[path],
    exists: (path) => paths.has(path),
    ...(overrides.l10n ? { l10n: overrides.l10n } : {}),
  };
}

describe('resolveEngineEndpoint', () => {
  it('uses the default socket when nothing else says otherwise', () => {
    const endpoint = resolveEngineEndpoint(probes({ paths: ['/var/run/docker.sock'] }));
    assert.deepEqual(endpoint, {
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
      source: 'default',
      address: 'unix:///var/run/docker.sock',
    });
  });

  it('takes DOCKER_HOST over the context and the default', () => {
    const endpoint = resolveEngineEndpoint(
      probes({
        env: { DOCKER_HOST: 'unix:///tmp/private/docker.sock' },
        files: { '/home/ada/.docker/config.json': '{"currentContext":"remote"}' },
        paths: ['/var/run/docker.sock'],
      }),
    );
    assert.equal(endpoint.source, 'DOCKER_HOST');
    assert.equal(endpoint.socketPath, '/tmp/private/docker.sock');
  });

  it('lets the setting override DOCKER_HOST', () => {
    const endpoint = resolveEngineEndpoint(
      probes({ env: { DOCKER_HOST: 'unix:///a.sock' }, settingHost: ' npipe:////./pipe/podman-machine ' }),
    );
    assert.deepEqual(endpoint, {
      kind: 'npipe',
      socketPath: '//./pipe/podman-machine',
      source: 'setting',
      address: 'npipe:////./pipe/podman-machine',
    });
  });

  it('reads the current Docker context from config.json and the hashed meta folder', () => {
    const hash = contextDirectoryName('colima');
    assert.equal(
      hash,
      'f24fd3749c1368328e2b149bec149cb6795619f244c5b584e844961215dadd16',
      'the SHA-256 of the name, as Docker names the folder',
    );
    const endpoint = resolveEngineEndpoint(
      probes({
        files: {
          '/home/ada/.docker/config.json': '{"auths":{},"currentContext":"colima"}',
          [`/home/ada/.docker/contexts/meta/${hash}/meta.json`]:
            '{"Name":"colima","Metadata":{},"Endpoints":{"docker":{"Host":"unix:///home/ada/.colima/default/docker.sock","SkipTLSVerify":false}}}',
        },
        paths: ['/var/run/docker.sock'],
      }),
    );
    assert.deepEqual(endpoint, {
      kind: 'unix',
      socketPath: '/home/ada/.colima/default/docker.sock',
      source: 'context',
      contextName: 'colima',
      address: 'unix:///home/ada/.colima/default/docker.sock',
    });
    assert.match(describeEndpoint(endpoint), /Docker context "colima"/);
  });

  it('prefers DOCKER_CONTEXT to currentContext, and uses the context TLS folder', () => {
    const hash = contextDirectoryName('secure');
    const endpoint = resolveEngineEndpoint(
      probes({
        env: { DOCKER_CONTEXT: 'secure' },
        files: {
          '/home/ada/.docker/config.json': '{"currentContext":"other"}',
          [`/home/ada/.docker/contexts/meta/${hash}/meta.json`]:
            '{"Name":"secure","Endpoints":{"docker":{"Host":"tcp://build.example:2376","SkipTLSVerify":false}}}',
        },
        paths: [`/home/ada/.docker/contexts/tls/${hash}/docker`],
      }),
    );
    assert.equal(endpoint.kind, 'tcp');
    assert.equal(endpoint.host, 'build.example');
    assert.equal(endpoint.port, 2376);
    assert.deepEqual(endpoint.tls, { certPath: `/home/ada/.docker/contexts/tls/${hash}/docker`, verify: true });
  });

  it('ignores the "default" context and an unreadable config', () => {
    assert.equal(
      resolveEngineEndpoint(probes({ files: { '/home/ada/.docker/config.json': '{"currentContext":"default"}' } })).source,
      'default',
    );
    assert.equal(resolveEngineEndpoint(probes({ files: { '/home/ada/.docker/config.json': '{not json' } })).source, 'default');
  });

  it('uses TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH for tcp', () => {
    const endpoint = resolveEngineEndpoint(
      probes({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' } }),
    );
    assert.deepEqual(endpoint, {
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2376,
      tls: { certPath: '/certs', verify: true, requireCa: true },
      source: 'DOCKER_HOST',
      address: 'tcp://10.0.0.5:2376',
    });
    const plain = resolveEngineEndpoint(probes({ env: { DOCKER_HOST: 'tcp://localhost:2375' } }));
    assert.equal(plain.tls, undefined);
    assert.equal(plain.port, 2375);
  });

  it('follows the docker CLI: port 2376 and DOCKER_CERT_PATH alone mean plain HTTP, and say so', () => {
    for (const env of [
      { DOCKER_HOST: 'tcp://10.0.0.5:2376' },
      { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_CERT_PATH: '/certs' },
      { DOCKER_HOST: 'tcp://10.0.0.5' },
    ]) {
      const endpoint = resolveEngineEndpoint(probes({ env }));
      assert.equal(endpoint.tls, undefined, JSON.stringify(env));
      assert.equal(endpointExposure(endpoint)?.kind, 'plaintext');
      assert.match(endpointExposure(endpoint)?.warning ?? '', /without TLS.*DOCKER_TLS_VERIFY=1/);
    }
    assert.equal(resolveEngineEndpoint(probes({ env: { DOCKER_HOST: 'tcp://10.0.0.5' } })).port, 2375, 'no port: 2375, as opts/hosts.go');
  });

  it('DOCKER_TLS_VERIFY set to any value verifies against DOCKER_CERT_PATH, else the Docker config folder', () => {
    for (const value of ['1', 'true', '0', 'yes']) {
      const endpoint = resolveEngineEndpoint(probes({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: value } }));
      assert.deepEqual(endpoint.tls, { certPath: '/home/ada/.docker', verify: true, requireCa: true }, value);
      assert.equal(endpointExposure(endpoint), undefined);
    }
    const fromConfig = resolveEngineEndpoint(
      probes({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: '/etc/docker-client' } }),
    );
    assert.equal(fromConfig.tls?.certPath, '/etc/docker-client');
    const empty = resolveEngineEndpoint(probes({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '' } }));
    assert.equal(empty.tls, undefined, 'an empty value is unset, as in the CLI');
  });

  it('DOCKER_TLS alone encrypts without verifying, and says so', () => {
    const endpoint = resolveEngineEndpoint(probes({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS: '1' } }));
    assert.deepEqual(endpoint.tls, { certPath: '/home/ada/.docker', verify: false });
    assert.equal(endpointExposure(endpoint)?.kind, 'unverified');
  });

  it('sockets and pipes are not exposed', () => {
    assert.equal(endpointExposure(resolveEngineEndpoint(probes({ paths: ['/var/run/docker.sock'] }))), undefined);
  });

  it('connection options: verified TLS needs the CA and sends a client certificate only with its key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'azl-certs-'));
    try {
      const endpoint = resolveEngineEndpoint(
        probes({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir } }),
      );
      assert.throws(
        () => connectionOptions(endpoint),
        (error: EngineError) =>
          error instanceof EngineError && /DOCKER_TLS_VERIFY is set, but .*ca\.pem cannot be read/.test(error.message),
      );
      writeFileSync(join(dir, 'ca.pem'), 'CA');
      writeFileSync(join(dir, 'cert.pem'), 'CERT');
      const withoutKey = connectionOptions(endpoint) as Record<string, unknown>;
      assert.equal(String(withoutKey.ca), 'CA');
      assert.equal(withoutKey.cert, undefined, 'no certificate without its key');
      assert.equal(withoutKey.protocol, 'https');
      assert.equal(withoutKey.agent, undefined, 'verification stays on');
      assert.equal(withoutKey.checkServerIdentity, undefined);
      writeFileSync(join(dir, 'key.pem'), 'KEY');
      const full = connectionOptions(endpoint) as Record<string, unknown>;
      assert.deepEqual([String(full.cert), String(full.key)], ['CERT', 'KEY']);
      const plain = connectionOptions(
        resolveEngineEndpoint(probes({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_CERT_PATH: dir } })),
      );
      assert.deepEqual(
        [plain.protocol, (plain as Record<string, unknown>).cert, (plain as Record<string, unknown>).ca],
        ['http', undefined, undefined],
        'no TLS and no certificate sent on plain HTTP',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds Podman when that is the socket the machine has', () => {
    const rootless = resolveEngineEndpoint(
      probes({ env: { XDG_RUNTIME_DIR: '/run/user/1000' }, paths: ['/run/user/1000/podman/podman.sock', '/run/podman/podman.sock'] }),
    );
    assert.deepEqual(rootless, {
      kind: 'unix',
      socketPath: '/run/user/1000/podman/podman.sock',
      source: 'podman',
      address: 'unix:///run/user/1000/podman/podman.sock',
    });
    const rootful = resolveEngineEndpoint(probes({ paths: ['/run/podman/podman.sock'] }));
    assert.equal(rootful.socketPath, '/run/podman/podman.sock');
    const dockerWins = resolveEngineEndpoint(probes({ paths: ['/var/run/docker.sock', '/run/podman/podman.sock'] }));
    assert.equal(dockerWins.source, 'default');
  });

  it("finds Docker Desktop's per-user socket", () => {
    const endpoint = resolveEngineEndpoint(probes({ paths: ['/home/ada/.docker/run/docker.sock'] }));
    assert.equal(endpoint.socketPath, '/home/ada/.docker/run/docker.sock');
  });

  it('uses the named pipe on Windows', () => {
    const endpoint = resolveEngineEndpoint(probes({ platform: 'win32', homeDir: 'C:\\Users\\ada' }));
    assert.deepEqual(endpoint, {
      kind: 'npipe',
      socketPath: '//./pipe/docker_engine',
      source: 'default',
      address: 'npipe:////./pipe/docker_engine',
    });
  });

  it('says what is wrong with an unusable address', () => {
    const ssh = resolveEngineEndpoint(probes({ env: { DOCKER_HOST: 'ssh://x' } }));
    assert.equal(ssh.kind, 'unsupported');
    assert.equal(ssh.source, 'DOCKER_HOST');
    assert.equal(ssh.address, 'ssh://x');
    assert.match(ssh.problem!, /not supported\. Use unix:\/\/, npipe:\/\/ or tcp:\/\//);
    const bad = resolveEngineEndpoint(probes({ settingHost: 'tcp://[bad' }));
    assert.equal(bad.kind, 'unsupported');
    assert.match(bad.problem!, /is not a Docker host address/);
  });

  it('words the reasons and descriptions with the l10n it is given', () => {
    const translated = { t: (message: string, ...args: Array<string | number | boolean>) => `«${english.t(message, ...args)}»` };
    const ssh = resolveEngineEndpoint(probes({ env: { DOCKER_HOST: 'ssh://x' }, l10n: translated }));
    assert.equal(ssh.problem, '«Docker hosts with "ssh://" are not supported. Use unix://, npipe:// or tcp://.»');
    assert.equal(describeEndpoint(ssh, translated), '«ssh://x (from DOCKER_HOST)»');
  });

  it('blames the setting only when the setting is the unusable address', () => {
    const fromSetting = resolveWithSettingFallback(probes({ settingHost: 'ssh://me@box', env: { DOCKER_HOST: 'unix:///a.sock' } }));
    assert.match(fromSetting.settingProblem!, /not supported/);
    assert.equal(fromSetting.endpoint.address, 'unix:///a.sock');
    const fromEnv = resolveWithSettingFallback(probes({ env: { DOCKER_HOST: 'ssh://x' } }));
    assert.equal(fromEnv.settingProblem, undefined);
    assert.equal(fromEnv.endpoint.kind, 'unsupported');
  });

  it('an unusable address makes an engine whose calls fail with the reason, never a throw at creation', async () => {
    const endpoint = resolveEngineEndpoint(probes({ env: { DOCKER_HOST: 'ssh://x' } }));
    const engine = createContainerEngine(endpoint, { trace() {}, debug() {}, info() {}, warn() {}, error() {} });
    await assert.rejects(
      engine.version(),
      (error: EngineError) => error.kind === 'unsupported' && /ssh:\/\/x \(from DOCKER_HOST\)/.test(error.message),
    );
    const model = new EnvironmentsModel(engine, { trace() {}, debug() {}, info() {}, warn() {}, error() {} });
    await model.refresh();
    assert.equal(model.status.kind, 'unreachable');
    assert.equal(model.status.kind === 'unreachable' && model.status.reason, 'unsupported');
    model.dispose();
  });
});
