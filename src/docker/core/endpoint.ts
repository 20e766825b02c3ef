import { createHash } from 'node:crypto';
import { english, type L10n } from '../../util/l10n';

/** Where the extension connects to a container engine, and why there (shown to the person and in the log). */
export interface EngineEndpoint {
  /** `unsupported`: an address the extension cannot use (ssh://, a typo); `problem` says why, nothing connects. */
  readonly kind: 'unix' | 'npipe' | 'tcp' | 'unsupported';
  /** Why an `unsupported` address cannot be used, as a sentence. */
  readonly problem?: string;
  /** Socket or named pipe path for `unix` and `npipe`. */
  readonly socketPath?: string;
  /** Host name and port for `tcp`. */
  readonly host?: string;
  readonly port?: number;
  /**
   * TLS for `tcp`: the folder holding ca.pem, cert.pem and key.pem, and whether to verify the server. `requireCa`: the
   * server is verified against `certPath/ca.pem` only (DOCKER_TLS_VERIFY, as the docker CLI), so a missing ca.pem is an
   * error; without it (a context's TLS folder) a missing ca.pem means the system's trusted roots.
   */
  readonly tls?: { readonly certPath?: string; readonly verify: boolean; readonly requireCa?: boolean };
  /** Why this endpoint was chosen. */
  readonly source: 'setting' | 'DOCKER_HOST' | 'context' | 'podman' | 'default';
  /** The Docker context name when `source` is `context`. */
  readonly contextName?: string;
  /** The address as a person would write it: `unix:///var/run/docker.sock`, `tcp://host:2376`. */
  readonly address: string;
}

/** What endpoint resolution reads from the machine; passed in so the resolution itself is pure. */
export interface EndpointProbes {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The `azureLinux.containers.host` setting (empty means unset). */
  readonly settingHost?: string;
  readonly platform: NodeJS.Platform;
  readonly homeDir: string;
  /** Text of a file, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /** Whether a path (socket, file, folder) exists. */
  exists(path: string): boolean;
  /** How the reasons an address cannot be used are worded (English when not given). */
  readonly l10n?: L10n;
}

export const windowsDefaultPipe = '//./pipe/docker_engine';
export const unixDefaultSocket = '/var/run/docker.sock';

/**
 * Picks the engine the way the docker CLI would: the setting wins, then DOCKER_HOST, then the current Docker context
 * (DOCKER_CONTEXT or `currentContext` in ~/.docker/config.json), then a socket that exists (Docker's, Docker Desktop's
 * per-user one, then Podman's), then the platform default. Never throws: an address that cannot be used comes back
 * as kind `unsupported` with the reason, so the view can say so (see `resolveWithSettingFallback`).
 */
export function resolveEngineEndpoint(probes: EndpointProbes): EngineEndpoint {
  const setting = probes.settingHost?.trim();
  if (setting) {
    return parseHost(setting, 'setting', probes);
  }
  const dockerHost = probes.env.DOCKER_HOST?.trim();
  if (dockerHost) {
    return parseHost(dockerHost, 'DOCKER_HOST', probes);
  }
  const fromContext = contextEndpoint(probes);
  if (fromContext) {
    return fromContext;
  }
  if (probes.platform === 'win32') {
    return { kind: 'npipe', socketPath: windowsDefaultPipe, source: 'default', address: `npipe://${windowsDefaultPipe}` };
  }
  const dockerSockets = [unixDefaultSocket, joinPath(probes.homeDir, '.docker/run/docker.sock')];
  const podmanSockets = [
    ...(probes.env.XDG_RUNTIME_DIR ? [joinPath(probes.env.XDG_RUNTIME_DIR, 'podman/podman.sock')] : []),
    '/run/podman/podman.sock',
  ];
  const docker = dockerSockets.find((path) => probes.exists(path));
  if (docker) {
    return unixEndpoint(docker, 'default');
  }
  const podman = podmanSockets.find((path) => probes.exists(path));
  if (podman) {
    return unixEndpoint(podman, 'podman');
  }
  return unixEndpoint(unixDefaultSocket, 'default');
}

/** The folder Docker keeps a context's metadata in: its name hashed with SHA-256. */
export function contextDirectoryName(contextName: string): string {
  return createHash('sha256').update(contextName).digest('hex');
}

function contextEndpoint(probes: EndpointProbes): EngineEndpoint | undefined {
  const configDir = probes.env.DOCKER_CONFIG?.trim() || joinPath(probes.homeDir, '.docker');
  let name = probes.env.DOCKER_CONTEXT?.trim();
  if (!name) {
    const config = parseJsonObject(probes.readFile(joinPath(configDir, 'config.json')));
    name = typeof config?.currentContext === 'string' ? config.currentContext.trim() : undefined;
  }
  if (!name || name === 'default') {
    return undefined;
  }
  const hash = contextDirectoryName(name);
  const meta = parseJsonObject(probes.readFile(joinPath(configDir, `contexts/meta/${hash}/meta.json`)));
  const endpoints = meta?.Endpoints as Record<string, { Host?: unknown; SkipTLSVerify?: unknown }> | undefined;
  const docker = endpoints?.docker;
  if (!docker || typeof docker.Host !== 'string' || !docker.Host) {
    return undefined;
  }
  const tlsDir = joinPath(configDir, `contexts/tls/${hash}/docker`);
  const endpoint = parseHost(docker.Host, 'context', probes, {
    certPath: probes.exists(tlsDir) ? tlsDir : undefined,
    verify: docker.SkipTLSVerify !== true,
  });
  return { ...endpoint, contextName: name };
}

function parseHost(
  value: string,
  source: EngineEndpoint['source'],
  probes: EndpointProbes,
  contextTls?: { certPath: string | undefined; verify: boolean },
): EngineEndpoint {
  const l10n = probes.l10n ?? english;
  if (value.startsWith('unix://')) {
    return unixEndpoint(value.slice('unix://'.length) || unixDefaultSocket, source);
  }
  if (value.startsWith('npipe://')) {
    const path = value.slice('npipe://'.length) || windowsDefaultPipe;
    return { kind: 'npipe', socketPath: path, source, address: `npipe://${path}` };
  }
  if (value.startsWith('/')) {
    return unixEndpoint(value, source);
  }
  const withScheme = value.includes('://') ? value : `tcp://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return unsupported(
      value,
      source,
      l10n.t('"{0}" is not a Docker host address. Use unix:///path/to/docker.sock, npipe:////./pipe/name or tcp://host:port.', value),
    );
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    return unsupported(
      value,
      source,
      l10n.t('Docker hosts with "{0}//" are not supported. Use unix://, npipe:// or tcp://.', url.protocol),
    );
  }
  // As the docker CLI (cli/flags/options.go): DOCKER_TLS_VERIFY set to anything turns TLS on and verifies the server
  // against DOCKER_CERT_PATH/ca.pem; DOCKER_TLS alone turns TLS on without verifying; neither means plain HTTP, on any
  // port (2376 included) and whatever DOCKER_CERT_PATH says. A tcp:// address without a port is port 2375
  // (opts/hosts.go). An https:// address always verifies.
  const tlsVerify = Boolean(probes.env.DOCKER_TLS_VERIFY) || url.protocol === 'https:';
  const tlsOn = tlsVerify || Boolean(probes.env.DOCKER_TLS);
  const certPath = probes.env.DOCKER_CERT_PATH?.trim() || probes.env.DOCKER_CONFIG?.trim() || joinPath(probes.homeDir, '.docker');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 2376 : 2375;
  const tls = contextTls?.certPath
    ? { certPath: contextTls.certPath, verify: contextTls.verify }
    : tlsOn
      ? { certPath, verify: tlsVerify, ...(tlsVerify ? { requireCa: true } : {}) }
      : undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { kind: 'tcp', host, port, ...(tls ? { tls } : {}), source, address: `tcp://${url.hostname}:${port}` };
}

function unsupported(value: string, source: EngineEndpoint['source'], problem: string): EngineEndpoint {
  return { kind: 'unsupported', problem, source, address: value };
}

/**
 * The endpoint to use, and the setting's problem when the setting itself is unusable: then the environment's choice
 * (DOCKER_HOST, context, default) is used instead, and only then is the setting to blame.
 */
export function resolveWithSettingFallback(probes: EndpointProbes): {
  readonly endpoint: EngineEndpoint;
  readonly settingProblem?: string;
} {
  const endpoint = resolveEngineEndpoint(probes);
  if (endpoint.kind === 'unsupported' && endpoint.source === 'setting') {
    return { endpoint: resolveEngineEndpoint({ ...probes, settingHost: undefined }), settingProblem: endpoint.problem };
  }
  return { endpoint };
}

function unixEndpoint(path: string, source: EngineEndpoint['source']): EngineEndpoint {
  return { kind: 'unix', socketPath: path, source, address: `unix://${path}` };
}

function joinPath(base: string, relative: string): string {
  return `${base.replace(/[\\/]+$/, '')}/${relative}`;
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A short description of where and why, for the log and the tree's tooltip. */
export function describeEndpoint(endpoint: EngineEndpoint, l10n: L10n = english): string {
  switch (endpoint.source) {
    case 'setting':
      return l10n.t('{0} (from the setting azureLinux.containers.host)', endpoint.address);
    case 'DOCKER_HOST':
      return l10n.t('{0} (from DOCKER_HOST)', endpoint.address);
    case 'context':
      return l10n.t('{0} (from the Docker context "{1}")', endpoint.address, endpoint.contextName ?? '');
    case 'podman':
      return l10n.t('{0} (Podman)', endpoint.address);
    default:
      return endpoint.address;
  }
}

/**
 * How exposed the connection to a `tcp://` engine is: `plaintext` (anyone on the network path can read and drive the
 * engine, which is root on its host) or `unverified` (TLS, but the engine's certificate is not checked), with the
 * words for the view and a warning. Undefined for sockets, pipes and verified TLS.
 */
export function endpointExposure(
  endpoint: EngineEndpoint,
  l10n: L10n = english,
): { readonly kind: 'plaintext' | 'unverified'; readonly short: string; readonly warning: string } | undefined {
  if (endpoint.kind !== 'tcp') {
    return undefined;
  }
  if (!endpoint.tls) {
    return {
      kind: 'plaintext',
      short: l10n.t('not encrypted'),
      warning: l10n.t(
        'The container engine at {0} is reached without TLS: anyone on the network between can read and control it. Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem, as for the docker CLI.',
        endpoint.address,
      ),
    };
  }
  if (!endpoint.tls.verify) {
    return {
      kind: 'unverified',
      short: l10n.t('certificate not verified'),
      warning: l10n.t(
        "The container engine at {0} is reached over TLS without verifying its certificate, so another server could pose as it. Set DOCKER_TLS_VERIFY=1 (and DOCKER_CERT_PATH to the folder with the engine's ca.pem) to verify it.",
        endpoint.address,
      ),
    };
  }
  return undefined;
}
