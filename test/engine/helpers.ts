import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createContainerEngine, type ContainerEngine, type EngineLog } from '../../src/docker/engine';
import { resolveMachineEndpoint } from '../../src/docker/machine';

/** The registry-free image scripts/docker-engine.mjs imports into the private engine. */
export const testImage = 'azl-test/base:3.0';

/** Label put on everything a test run creates, so cleanup never touches anyone else's containers. */
export const testRunLabel = 'dev.azurelinux.test-run';
export const testRunId = `t${process.pid}-${randomBytes(3).toString('hex')}`;

const quiet = process.env.AZL_TEST_VERBOSE ? (message: string) => process.stderr.write(`${message}\n`) : () => undefined;
export const testLog: EngineLog = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };

/** Which engine the runner started for this suite (scripts/test-all.mjs sets AZL_TEST_ENGINE): Docker or Podman. */
export type TestEngineKind = 'docker' | 'podman';

export function testEngineKind(): TestEngineKind {
  return process.env.AZL_TEST_ENGINE === 'podman' ? 'podman' : 'docker';
}

/**
 * For a check only Docker can pass (a Docker Engine behaviour Podman does not have, named in `reason`): on Podman the
 * test says so in a diagnostic line, which the runner counts in the tier's summary ("N Docker-only"), and returns
 * true so the caller checks what Podman does instead. Never a silent skip: a skipped test fails the tier.
 */
export function dockerOnly(t: { diagnostic(message: string): void }, reason: string): boolean {
  if (testEngineKind() === 'docker') {
    return false;
  }
  t.diagnostic(`Docker-only: ${reason}`);
  return true;
}

/** The engine the engine tier runs against: DOCKER_HOST from the runner (Docker, or Podman's Docker-compatible API). */
export function testEngine(): ContainerEngine {
  if (!process.env.DOCKER_HOST) {
    throw new Error('Set DOCKER_HOST to the private engine: node scripts/docker-engine.mjs start');
  }
  return createContainerEngine(resolveMachineEndpoint(undefined), testLog);
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${testRunId}-${randomBytes(2).toString('hex')}`;
}

/** Removes every container this test run labelled. */
export async function removeTestContainers(engine: ContainerEngine): Promise<void> {
  const containers = await engine.listContainers();
  await Promise.all(containers.filter((c) => c.labels[testRunLabel] === testRunId).map((c) => engine.remove(c.id)));
}

/** Collects an exec session's output until `expected` appears in it. */
export function outputUntil(
  session: { onData(listener: (data: Buffer) => void): { dispose(): void } },
  expected: RegExp,
  timeoutMs = 15_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`Timed out waiting for ${expected} in output: ${JSON.stringify(text)}`));
    }, timeoutMs);
    const subscription = session.onData((data) => {
      text += data.toString('utf8');
      if (expected.test(text)) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(text);
      }
    });
  });
}

/** What scripts/docker-engine.mjs start() writes beside the engine's socket: the local registry and the image it holds. */
export interface LocalRegistry {
  readonly address: string;
  readonly layeredImage: string;
}

export function localRegistry(): LocalRegistry {
  const host = process.env.DOCKER_HOST ?? '';
  const file = host.startsWith('unix://') ? join(dirname(host.slice('unix://'.length)), 'registry.json') : undefined;
  try {
    return JSON.parse(readFileSync(file ?? '', 'utf8')) as LocalRegistry;
  } catch {
    throw new Error(
      `No local registry beside DOCKER_HOST=${host || '(unset)'}: start the private engine with: node scripts/docker-engine.mjs start`,
    );
  }
}

/**
 * The stand-ins for the Azure Linux 3.0 and 4.0 core images that scripts/docker-engine.mjs start() imports (written
 * from /work/shared/reference/azure-linux.md; see that script and test/fakes/images): by release.
 */
export function standInImages(): { readonly '3.0': string; readonly '4.0': string } {
  const host = process.env.DOCKER_HOST ?? '';
  const file = host.startsWith('unix://') ? join(dirname(host.slice('unix://'.length)), 'stand-ins.json') : undefined;
  try {
    return JSON.parse(readFileSync(file ?? '', 'utf8')) as { '3.0': string; '4.0': string };
  } catch {
    throw new Error(
      `No stand-in images beside DOCKER_HOST=${host || '(unset)'}: start the private engine with: node scripts/docker-engine.mjs start`,
    );
  }
}
