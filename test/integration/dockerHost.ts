import * as assert from 'node:assert/strict';

/**
 * Whether the private Docker engine is there (npm test starts it and sets DOCKER_HOST). Without it the suite's
 * engine tests cannot run, and that shows as a failing test instead of a silent gap.
 */
export function hasDockerHost(): boolean {
  if (process.env.DOCKER_HOST) {
    return true;
  }
  it('has a Docker engine to test against (run it through npm test, which starts one, or set DOCKER_HOST)', () => {
    assert.fail('DOCKER_HOST is not set, so the tests that need the engine did not run');
  });
  return false;
}
