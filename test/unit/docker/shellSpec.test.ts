import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { azlLabels, isAzlShell, isAzureLinuxImage } from '../../../src/docker/core/labels';
import {
  buildShellContainerSpec,
  interactiveShellCommand,
  isMissingShell,
  datedAzureLinux3Image,
  dockerRunArguments,
  mountArgument,
  suggestEnvironmentName,
  validateDatedTag,
  validateEnvironmentName,
  validateImageReference,
} from '../../../src/docker/core/shellSpec';
import { splitReference } from '../../../src/docker/engine';

describe('azl-shell container spec', () => {
  it('mounts the workspace, works there, runs as the host user and labels the container', () => {
    const spec = buildShellContainerSpec({
      image: 'mcr.microsoft.com/azurelinux/base/core:3.0',
      name: 'azl-3.0',
      workspaceFolder: '/home/ada/project',
      hostUser: { uid: 1000, gid: 1001 },
    });
    assert.deepEqual(spec, {
      image: 'mcr.microsoft.com/azurelinux/base/core:3.0',
      name: 'azl-3.0',
      labels: {
        [azlLabels.shell]: '1',
        [azlLabels.image]: 'mcr.microsoft.com/azurelinux/base/core:3.0',
        [azlLabels.workspaceFolder]: '/home/ada/project',
      },
      mounts: [{ source: '/home/ada/project', target: '/workspace' }],
      workdir: '/workspace',
      user: '1000:1001',
      env: { HOME: '/tmp' },
      cmd: ['sleep', 'infinity'],
      init: true,
    });
    assert.equal(isAzlShell(spec.labels!), true);
  });

  it('without a folder or a host user there is no mount and no user mapping', () => {
    const spec = buildShellContainerSpec({ image: 'x:1', name: 'nofolder' });
    assert.equal(spec.mounts, undefined);
    assert.equal(spec.workdir, undefined);
    assert.equal(spec.user, undefined);
    assert.equal(spec.env, undefined);
    assert.equal(spec.labels![azlLabels.workspaceFolder], undefined);
  });

  it('root on the host keeps root inside, without a made-up home', () => {
    const spec = buildShellContainerSpec({ image: 'x:1', name: 'root', workspaceFolder: '/w', hostUser: { uid: 0, gid: 0 } });
    assert.equal(spec.user, '0:0');
    assert.equal(spec.env, undefined);
  });

  it('builds docker run arguments as an array, names never joined into a shell line', () => {
    const spec = buildShellContainerSpec({ image: 'img:1', name: 'a b; rm -rf /', workspaceFolder: '/my folder', networkMode: 'none' });
    const args = dockerRunArguments(spec, { detach: true });
    assert.deepEqual(args.slice(0, 4), ['run', '--detach', '--name', 'a b; rm -rf /']);
    assert.equal(args[args.indexOf('--mount') + 1], 'type=bind,source=/my folder,target=/workspace');
    assert.deepEqual(args.slice(-3), ['img:1', 'sleep', 'infinity']);
    assert.ok(args.includes('--init') && args.includes('none'));
  });
});

describe('bind mounts', () => {
  it('keeps a folder with ":" (legal on Linux) whole: a mount, not a host:container string', () => {
    const spec = buildShellContainerSpec({ image: 'img:1', name: 'n', workspaceFolder: '/home/ada/a:b' });
    assert.deepEqual(spec.mounts, [{ source: '/home/ada/a:b', target: '/workspace' }]);
    assert.equal(mountArgument(spec.mounts![0]), 'type=bind,source=/home/ada/a:b,target=/workspace');
  });

  it('quotes a --mount field with a comma or quote the way the docker CLI reads CSV', () => {
    assert.equal(mountArgument({ source: '/src/a,b', target: '/workspace' }), 'type=bind,"source=/src/a,b",target=/workspace');
    assert.equal(
      mountArgument({ source: '/src/say "hi"', target: '/w', readOnly: true }),
      'type=bind,"source=/src/say ""hi""",target=/w,readonly',
    );
  });
});

describe('shell choice', () => {
  it('is one constant exec that prefers bash and falls back to sh, both as login shells', () => {
    assert.equal(interactiveShellCommand[0], '/bin/sh');
    assert.match(interactiveShellCommand[2], /exec bash -l; exec \/bin\/sh -l$/);
  });

  it('recognises the engine saying the container has no /bin/sh, and nothing else', () => {
    assert.equal(
      isMissingShell(
        127,
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown',
      ),
      true,
    );
    assert.equal(isMissingShell(126, 'exec: "/bin/sh": executable file not found in $PATH'), true);
    assert.equal(isMissingShell(127, 'sh: nope: not found'), true);
    assert.equal(isMissingShell(127, '$ exit 127\r\n'), false);
    assert.equal(isMissingShell(0, 'no such file'), false);
    assert.equal(isMissingShell(undefined, 'no such file'), false);
  });
});

describe('validation', () => {
  it('accepts engine-valid names and explains the rest', () => {
    assert.equal(validateEnvironmentName('azl-3.0_dev'), undefined);
    assert.match(validateEnvironmentName('')!, /Enter a name/);
    assert.match(validateEnvironmentName('a')!, /two characters/);
    assert.match(validateEnvironmentName('-lead')!, /Start with a letter or digit/);
    assert.match(validateEnvironmentName('has space')!, /only letters/);
    assert.match(validateEnvironmentName('x'.repeat(64))!, /at most 63/);
    assert.match(validateEnvironmentName('taken', ['taken'])!, /already exists/);
  });

  it('accepts image references and rejects what the engine would', () => {
    for (const ok of ['mcr.microsoft.com/azurelinux/base/core:3.0', 'localhost:5000/a/b', 'busybox', `x@sha256:${'a'.repeat(64)}`]) {
      assert.equal(validateImageReference(ok), undefined, ok);
    }
    for (const bad of ['', 'Upper/Case', 'a b', 'a:', 'a//b']) {
      assert.ok(validateImageReference(bad), bad);
    }
  });

  it('dated tags', () => {
    assert.equal(validateDatedTag('3.0.20250102'), undefined);
    assert.ok(validateDatedTag('3.0'));
    assert.equal(datedAzureLinux3Image(' 3.0.20250102 '), 'mcr.microsoft.com/azurelinux/base/core:3.0.20250102');
  });

  it('suggests a free name from the tag', () => {
    assert.equal(suggestEnvironmentName('mcr.microsoft.com/azurelinux/base/core:3.0', []), 'azl-3.0');
    assert.equal(suggestEnvironmentName('mcr.microsoft.com/azurelinux/base/core:3.0', ['azl-3.0', 'azl-3.0-2']), 'azl-3.0-3');
    assert.equal(suggestEnvironmentName('localhost:5000/img', []), 'azl-latest');
  });

  it('splits references into repository and tag', () => {
    assert.deepEqual(splitReference('localhost:5000/a/b:1.2'), ['localhost:5000/a/b', '1.2']);
    assert.deepEqual(splitReference('localhost:5000/a/b'), ['localhost:5000/a/b', 'latest']);
  });

  it('knows Azure Linux images by repository or by our label', () => {
    assert.equal(isAzureLinuxImage({ repoTags: ['mcr.microsoft.com/azurelinux/base/core:3.0'], labels: {} }), true);
    assert.equal(isAzureLinuxImage({ repoTags: ['mcr.microsoft.com/cbl-mariner/base/core:2.0'], labels: {} }), true);
    assert.equal(isAzureLinuxImage({ repoTags: ['azl-test/base:3.0'], labels: { [azlLabels.osVersion]: '3.0' } }), true);
    assert.equal(isAzureLinuxImage({ repoTags: ['ubuntu:24.04'], labels: {} }), false);
  });
});
