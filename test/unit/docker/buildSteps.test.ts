import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BuildStepTracker, MirrorStepError } from '../../../src/environmentFromConfig/buildSteps';
import { planMirror } from '../../../src/environmentFromConfig/plan';

const plan = planMirror({
  configPath: '/w/image.yaml',
  configText: 'os:\n  groups:\n    - name: wheel2\n  users:\n    - name: dev\n      primaryGroup: admins\n',
  files: { root: { path: '/w', name: 'w' }, readText: () => ({ problem: 'does not exist' }), check: () => 'does not exist' },
  runPostCustomization: false,
  baseImage: 'azl-test/base:3.0',
});

describe('a failing mirror build step', () => {
  it("names the step, the config key it carries out and the step's last words (classic builder output)", () => {
    const tracker = new BuildStepTracker();
    // The classic builder's output for this plan, as Docker Engine 20.10 prints it (FROM, shadow-utils when missing,
    // groupadd, useradd, LABEL).
    for (const line of [
      'Step 1/5 : FROM azl-test/base:3.0',
      ' ---> 5d2f1c0e9a7b',
      'Step 2/5 : RUN ["/bin/sh","-c","set -f ...","azl-packages","ensure","useradd:shadow-utils","groupadd:shadow-utils"]',
      ' ---> Running in 9f8e7d6c5b4a',
      'azl-packages: already present: useradd:shadow-utils groupadd:shadow-utils',
      'Removing intermediate container 9f8e7d6c5b4a',
      ' ---> 4c3b2a190817',
      'Step 3/5 : RUN ["groupadd","wheel2"]',
      ' ---> Running in 0a1b2c3d4e5f',
      'Removing intermediate container 0a1b2c3d4e5f',
      ' ---> 6e7f8a9b0c1d',
      'Step 4/5 : RUN ["useradd","-m","-g","admins","dev"]',
      ' ---> Running in 1b2c3d4e5f6a',
      "useradd: group 'admins' does not exist",
    ]) {
      tracker.observe(line);
    }
    const failure = tracker.failure(
      plan,
      new Error("Building x failed: The command 'useradd -m -g admins dev' returned a non-zero code: 6."),
    );
    assert.ok(failure instanceof MirrorStepError);
    assert.equal(failure.step, 4);
    assert.equal(failure.stepCount, 5);
    assert.equal(failure.key, 'os.users[0]');
    assert.deepEqual(failure.output, ["useradd: group 'admins' does not exist"]);
    assert.match(failure.message, /^Step 4 of 5 \(os\.users\[0\]\) failed: useradd: group 'admins' does not exist\. .*non-zero code: 6/);
  });

  it("reads Podman's STEP lines, keeps only the last lines of the failing step, and says nothing before any step", () => {
    const tracker = new BuildStepTracker();
    assert.equal(tracker.failure(plan, new Error('no context')), undefined);
    tracker.observe('STEP 1/5: FROM azl-test/base:3.0');
    tracker.observe('STEP 2/5: RUN ["/bin/sh","-c","set -f ...","azl-packages","ensure","useradd:shadow-utils","groupadd:shadow-utils"]');
    tracker.observe('azl-packages: using tdnf: tdnf install -y shadow-utils');
    tracker.observe('STEP 3/5: RUN ["groupadd","wheel2"]');
    for (let index = 0; index < 8; index++) tracker.observe(`line ${index}`);
    const failure = tracker.failure(plan, new Error('exit status 1'))!;
    assert.equal(failure.key, 'os.groups[0]');
    assert.deepEqual(failure.output, ['line 3', 'line 4', 'line 5', 'line 6', 'line 7']);
  });

  it("has no key for the build's own steps (FROM, the label Docker adds at the end)", () => {
    const tracker = new BuildStepTracker();
    tracker.observe('Step 5/5 : LABEL dev.azurelinux.config.path=/w/image.yaml');
    assert.equal(tracker.failure(plan, new Error('x'))!.key, undefined);
  });
});
