import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { stagingDir } from '../../../src/environmentFromConfig/dockerfile';
import { configHash } from '../../../src/environmentFromConfig/hash';
import {
  defaultBaseImage,
  planMirror,
  type MirrorFileAccess,
  type MirrorOptions,
  type MirrorPlan,
} from '../../../src/environmentFromConfig/plan';
import { packageCommand, packageProgramName } from '../../../src/azureLinux/packageManager';

const configDir = path.resolve('/work/configs');
const configPath = path.join(configDir, 'image.yaml');

/** An in-memory folder tree: paths relative to the config's folder. */
function files(entries: Record<string, string | 'dir'> = {}): MirrorFileAccess {
  const absolute = new Map(Object.entries(entries).map(([relative, content]) => [path.resolve(configDir, relative), content]));
  return {
    root: { path: configDir, name: 'the workspace folder' },
    readText: (p) => {
      const content = absolute.get(p);
      return content === undefined || content === 'dir' ? { problem: 'does not exist' } : { text: content };
    },
    check: (p, kind) => {
      const content = absolute.get(p);
      if (content === undefined) return 'does not exist';
      return (content === 'dir') === (kind === 'directory') ? undefined : kind === 'directory' ? 'is not a folder' : 'is a folder';
    },
  };
}

const testBase = 'azl-test/base:3.0';

/** Plans with the test base image unless `baseImage: null` asks for the one the config chooses. */
function plan(
  configText: string,
  options: {
    files?: MirrorFileAccess;
    runPostCustomization?: boolean;
    baseImage?: string | null;
  } & Pick<MirrorOptions, 'releaseChoice' | 'baseFacts'> = {},
): MirrorPlan {
  const baseImage = options.baseImage === undefined ? testBase : options.baseImage;
  return planMirror({
    configPath,
    configText,
    files: options.files ?? files(),
    runPostCustomization: options.runPostCustomization ?? false,
    ...(baseImage !== null ? { baseImage } : {}),
    ...(options.releaseChoice ? { releaseChoice: options.releaseChoice } : {}),
    ...(options.baseFacts ? { baseFacts: options.baseFacts } : {}),
  });
}

/** The package program's own text: the same in every step, so a step reads as `azl-packages ACTION NAMES...`. */
const packageScript = packageCommand('install', [])[2];

/**
 * Reads the Dockerfile back the way Docker does for exec form: every RUN is one JSON array. A package step is shown
 * as `azl-packages ACTION ARGS...` after checking it is the package program with the names as its arguments.
 */
function runInstructions(dockerfile: string): string[][] {
  return dockerfile
    .split('\n')
    .filter((line) => line.startsWith('RUN '))
    .map((line) => {
      const argv: unknown = JSON.parse(line.slice(4));
      assert.ok(Array.isArray(argv) && argv.every((arg) => typeof arg === 'string'), `not exec form: ${line}`);
      const words = argv as string[];
      if (words[0] === '/bin/sh' && words[3] === packageProgramName) {
        assert.deepEqual(words.slice(0, 3), ['/bin/sh', '-c', packageScript], 'the package program is always the same text');
        return words.slice(3);
      }
      return words;
    });
}

function keys(result: MirrorPlan): string[] {
  return result.notMirrored.map((item) => item.key);
}

describe('mirror plan: base image', () => {
  it('maps Azure Linux 3.0 and 4.0 to their MCR base images', () => {
    assert.equal(
      plan('input:\n  image:\n    azureLinux:\n      version: "3.0"\n', { baseImage: null }).baseImage,
      'mcr.microsoft.com/azurelinux/base/core:3.0',
    );
    assert.equal(
      plan('input:\n  image:\n    azureLinux:\n      version: "4.0"\n', { baseImage: null }).baseImage,
      'mcr.microsoft.com/azurelinux-beta/base/core:4.0',
    );
    assert.equal(
      plan('input:\n  image:\n    azureLinux:\n      version: 3.0.20250101\n', { baseImage: null }).baseImage,
      'mcr.microsoft.com/azurelinux/base/core:3.0',
    );
    assert.equal(
      plan('input:\n  image:\n    azureLinux:\n      version: "4.0"\n').osVersion,
      '4.0',
      'the release is known even with an overriding base',
    );
    assert.equal(plan('os: {}\n').osVersion, undefined);
  });

  it('defaults to 3.0 for a disk image, an OCI image or an unknown version, and says so', () => {
    for (const [config, key] of [
      ['input:\n  image:\n    path: ./base.vhdx\n', 'input.image.path'],
      ['input:\n  image:\n    oci:\n      uri: mcr.microsoft.com/x:1\n', 'input.image.oci'],
      ['input:\n  image:\n    azureLinux:\n      version: "2.0"\n', 'input.image.azureLinux.version'],
      ['os:\n  hostname: a\n', 'input.image'],
    ] as const) {
      const result = plan(config, { baseImage: null });
      assert.equal(result.baseImage, defaultBaseImage);
      assert.equal(result.releaseUnnamed, true, 'the extension asks before building such a config');
      assert.ok(keys(result).includes(key), `${key} missing from ${keys(result).join(', ')}`);
      assert.match(result.notMirrored.find((item) => item.key === key)!.reason, /Using Azure Linux 3\.0, the default\.$/);
    }
    assert.equal(plan('input:\n  image:\n    azureLinux:\n      version: "3.0"\n', { baseImage: null }).releaseUnnamed, false);
  });

  it('uses the release chosen for a config that names none, and says so', () => {
    const disk = 'input:\n  image:\n    path: ./base.vhdx\n';
    const preview = plan(disk, { baseImage: null, releaseChoice: { kind: 'release', version: '4.0' } });
    assert.equal(preview.baseImage, 'mcr.microsoft.com/azurelinux-beta/base/core:4.0');
    assert.equal(preview.osVersion, '4.0');
    assert.equal(preview.baseImageReason, 'Azure Linux 4.0 (preview), as chosen for this config');
    assert.match(
      preview.notMirrored.find((item) => item.key === 'input.image.path')!.reason,
      /Using Azure Linux 4\.0 \(preview\), as chosen/,
    );
    const any = plan(disk, { baseImage: null, releaseChoice: { kind: 'image', image: 'registry.example/team/azl:dev' } });
    assert.equal(any.baseImage, 'registry.example/team/azl:dev');
    assert.equal(any.osVersion, undefined, 'the release of an image the person named is read from the image, not guessed');
    assert.match(any.dockerfile, /^FROM registry\.example\/team\/azl:dev$/m);
    // A config that names its release is not asked about, whatever was chosen before.
    const named = plan('input:\n  image:\n    azureLinux:\n      version: "3.0"\n', {
      baseImage: null,
      releaseChoice: { kind: 'release', version: '4.0' },
    });
    assert.equal(named.baseImage, 'mcr.microsoft.com/azurelinux/base/core:3.0');
  });

  it('takes the release from the base image itself when it was read', () => {
    const result = plan('input:\n  image:\n    path: ./base.vhdx\n', {
      baseImage: null,
      releaseChoice: { kind: 'image', image: 'registry.example/azl:4' },
      baseFacts: { osVersion: '4.0', packageManager: 'dnf5' },
    });
    assert.equal(result.osVersion, '4.0');
  });

  it('takes an overriding base image and writes it in FROM', () => {
    const result = plan('input:\n  image:\n    azureLinux:\n      version: "4.0"\n', { baseImage: testBase });
    assert.equal(result.baseImage, 'azl-test/base:3.0');
    assert.match(result.dockerfile, /^FROM azl-test\/base:3\.0$/m);
  });

  it('refuses a base image that is not an image reference (no Dockerfile injection)', () => {
    assert.throws(() => plan('os: {}\n', { baseImage: 'x\nRUN evil' }), /not an image reference/);
  });
});

describe('mirror plan: packages', () => {
  it('removes, updates existing, installs and updates in Image Customizer order, lists included', () => {
    const result = plan(
      [
        'os:',
        '  packages:',
        '    updateExistingPackages: true',
        '    install: [vim, git]',
        '    installLists: [lists/tools.yaml]',
        '    remove: [nano]',
        '    removeLists: [lists/old.json]',
        '    update: [openssl]',
        '    updateLists: [lists/up.yaml]',
      ].join('\n'),
      {
        files: files({
          'lists/tools.yaml': 'packages:\n  - jq\n  - curl\n',
          'lists/old.json': '{"packages": ["ed"]}',
          'lists/up.yaml': 'packages: [zlib]\n',
        }),
      },
    );
    assert.deepEqual(runInstructions(result.dockerfile), [
      ['azl-packages', 'remove', 'ed', 'nano'],
      ['azl-packages', 'upgrade'],
      ['azl-packages', 'install', 'jq', 'curl', 'vim', 'git'],
      ['azl-packages', 'upgrade', 'zlib', 'openssl'],
    ]);
    assert.deepEqual(result.notMirrored, []);
  });

  it('passes a hostile package name as one argument of the package program, never in its text', () => {
    const hostile = 'pkg; rm -rf / && echo $HOME `id` "q"';
    const result = plan(`os:\n  packages:\n    install:\n      - ${JSON.stringify(hostile)}\n      - "pkg\\nRUN rm -rf /"\n`);
    assert.deepEqual(runInstructions(result.dockerfile), [['azl-packages', 'install', hostile, 'pkg\nRUN rm -rf /']]);
    // The newline stays escaped inside the JSON array: no second instruction appears.
    assert.equal(result.dockerfile.split('\n').filter((line) => line.startsWith('RUN')).length, 1);
    assert.ok(!packageScript.includes('pkg'), 'no name is part of the program text');
  });

  it('never names tdnf (or any one package manager) in the build: the image says which it has', () => {
    const result = plan('input:\n  image:\n    azureLinux:\n      version: "4.0"\nos:\n  packages:\n    install: [vim]\n', {
      baseImage: null,
    });
    assert.equal(result.baseImage, 'mcr.microsoft.com/azurelinux-beta/base/core:4.0');
    for (const argv of runInstructions(result.dockerfile)) assert.notEqual(argv[0], 'tdnf');
    assert.match(packageScript, /for candidate in dnf5 dnf tdnf; do/);
  });

  it('skips names a package manager would read as options, and says why', () => {
    const result = plan('os:\n  packages:\n    install: ["--nogpgcheck", "", 12, vim]\n');
    assert.deepEqual(runInstructions(result.dockerfile), [['azl-packages', 'install', 'vim']]);
    assert.deepEqual(keys(result), ['os.packages.install[0]', 'os.packages.install[1]', 'os.packages.install[2]']);
  });

  it('reports a package list that cannot be read', () => {
    const result = plan('os:\n  packages:\n    installLists: [missing.yaml]\n    install: [vim]\n');
    assert.deepEqual(runInstructions(result.dockerfile), [['azl-packages', 'install', 'vim']]);
    assert.equal(result.notMirrored[0].key, 'os.packages.installLists[0]');
    assert.match(result.notMirrored[0].reason, /missing\.yaml cannot be read/);
  });

  it('lists snapshotTime and removePackageManager as not mirrored', () => {
    const result = plan('os:\n  packages:\n    snapshotTime: 2025-01-01\n    removePackageManager: true\n');
    assert.deepEqual(keys(result), ['os.packages.snapshotTime', 'os.packages.removePackageManager']);
    // Without the base image read, no one package manager is named; read, the one it has is.
    assert.doesNotMatch(result.notMirrored[1].reason, /keeps tdnf/);
    assert.match(result.notMirrored[1].reason, /dnf5, dnf or tdnf: the build output says which/);
    for (const manager of ['dnf5', 'tdnf'] as const) {
      const read = plan('os:\n  packages:\n    removePackageManager: true\n', { baseFacts: { packageManager: manager } });
      assert.equal(read.notMirrored[0].reason, `The local environment keeps ${manager} so you can keep installing packages.`);
    }
    assert.deepEqual(runInstructions(result.dockerfile), []);
  });
});

describe('mirror plan: files and directories', () => {
  it('stages sources and inline content with their permissions and copies them in place', () => {
    const result = plan(
      [
        'os:',
        '  additionalFiles:',
        '    - source: files/motd',
        '      destination: /etc/motd',
        '      permissions: "644"',
        '    - content: "echo hi\\n"',
        '      destination: /usr/local/bin/hi',
        '      permissions: 755',
        '    - content: secret',
        '      destination: /etc/app/key',
        '      permissions: "0600"',
        '    - content: default',
        '      destination: /etc/app/default',
      ].join('\n'),
      { files: files({ 'files/motd': 'hello' }) },
    );
    assert.deepEqual(result.context, [
      { kind: 'hostFile', path: 'files/0', mode: 0o644, hostPath: path.resolve(configDir, 'files/motd') },
      { kind: 'inline', path: 'files/1', mode: 0o755, content: 'echo hi\n' },
      { kind: 'inline', path: 'files/2', mode: 0o600, content: 'secret' },
      { kind: 'inline', path: 'files/3', mode: 0o755, content: 'default' },
    ]);
    assert.match(result.dockerfile, /^COPY \["payload\/","\/tmp\/azl-mirror\/"\]$/m);
    assert.deepEqual(runInstructions(result.dockerfile), [
      ['mkdir', '-p', '/etc', '/usr/local/bin', '/etc/app'],
      ['cp', '-p', `${stagingDir}/files/0`, '/etc/motd'],
      ['cp', '-p', `${stagingDir}/files/1`, '/usr/local/bin/hi'],
      ['cp', '-p', `${stagingDir}/files/2`, '/etc/app/key'],
      ['cp', '-p', `${stagingDir}/files/3`, '/etc/app/default'],
      ['rm', '-rf', stagingDir],
    ]);
  });

  it('keeps hostile destinations as single arguments and out of COPY', () => {
    const destination = '/etc/$HOME/"x" y;rm -rf /';
    const result = plan(`os:\n  additionalFiles:\n    - content: a\n      destination: ${JSON.stringify(destination)}\n`);
    const copyLines = result.dockerfile.split('\n').filter((line) => line.startsWith('COPY'));
    assert.deepEqual(copyLines, ['COPY ["payload/","/tmp/azl-mirror/"]']);
    assert.deepEqual(runInstructions(result.dockerfile)[1], ['cp', '-p', `${stagingDir}/files/0`, destination]);
  });

  it('reports missing sources, relative destinations and bad permissions', () => {
    const result = plan(
      [
        'os:',
        '  additionalFiles:',
        '    - source: nowhere.txt',
        '      destination: /etc/a',
        '    - content: x',
        '      destination: etc/relative',
        '    - content: x',
        '      destination: /etc/b',
        '      permissions: "rwx"',
      ].join('\n'),
    );
    assert.deepEqual(keys(result), ['os.additionalFiles[0]', 'os.additionalFiles[1].destination', 'os.additionalFiles[2].permissions']);
    assert.equal(result.context.length, 1);
  });

  it('copies directories with their new-directory and child-file permissions', () => {
    const result = plan(
      [
        'os:',
        '  additionalDirs:',
        '    - source: tree',
        '      destination: /opt/tree',
        '      newDirPermissions: "750"',
        '      childFilePermissions: "640"',
        '      mergedDirPermissions: "700"',
        '    - source: other',
        '      destination: /srv/other',
      ].join('\n'),
      { files: files({ tree: 'dir', other: 'dir' }) },
    );
    assert.deepEqual(result.context, [
      { kind: 'hostDirectory', path: 'dirs/0', hostPath: path.resolve(configDir, 'tree'), dirMode: 0o750, fileMode: 0o640 },
      { kind: 'hostDirectory', path: 'dirs/1', hostPath: path.resolve(configDir, 'other'), dirMode: 0o755, fileMode: 0o755 },
    ]);
    assert.deepEqual(runInstructions(result.dockerfile).slice(0, 4), [
      ['mkdir', '-p', '/opt/tree'],
      ['cp', '-R', '-p', `${stagingDir}/dirs/0/.`, '/opt/tree'],
      ['mkdir', '-p', '/srv/other'],
      ['cp', '-R', '-p', `${stagingDir}/dirs/1/.`, '/srv/other'],
    ]);
    assert.deepEqual(keys(result), ['os.additionalDirs[0].mergedDirPermissions']);
  });
});

describe('mirror plan: groups, users, hostname', () => {
  it('adds groups and users with ids, groups, home and shell, and never copies passwords', () => {
    const result = plan(
      [
        'os:',
        '  hostname: devbox',
        '  groups:',
        '    - name: builders',
        '      gid: 2000',
        '    - name: docker',
        '  users:',
        '    - name: alice',
        '      uid: 1500',
        '      primaryGroup: builders',
        '      secondaryGroups: [docker, wheel]',
        '      homeDirectory: /srv/alice',
        '      startupCommand: /bin/bash',
        '      password:',
        '        type: plain-text',
        '        value: hunter2',
        '      sshPublicKeys: ["ssh-ed25519 AAAA"]',
        '    - name: bob',
      ].join('\n'),
    );
    assert.equal(result.hostname, 'devbox');
    assert.deepEqual(runInstructions(result.dockerfile), [
      ['azl-packages', 'ensure', 'useradd:shadow-utils', 'groupadd:shadow-utils'],
      ['groupadd', '-g', '2000', 'builders'],
      ['groupadd', 'docker'],
      ['useradd', '-m', '-u', '1500', '-g', 'builders', '-G', 'docker,wheel', '-d', '/srv/alice', '-s', '/bin/bash', 'alice'],
      ['useradd', '-m', 'bob'],
    ]);
    assert.doesNotMatch(result.dockerfile, /hunter2/);
    assert.deepEqual(keys(result), ['os.users[0].password', 'os.users[0].sshPublicKeys']);
  });

  it('refuses account names that could be read as options, and leaves root alone', () => {
    const result = plan(
      [
        'os:',
        '  groups:',
        '    - name: "-o"',
        '  users:',
        '    - name: "--help"',
        '    - name: "x; rm -rf /"',
        '    - name: root',
        '      startupCommand: /bin/zsh',
        '    - name: carol',
        '      primaryGroup: "-x"',
      ].join('\n'),
    );
    assert.deepEqual(runInstructions(result.dockerfile), [
      ['azl-packages', 'ensure', 'useradd:shadow-utils', 'groupadd:shadow-utils'],
      ['useradd', '-m', 'carol'],
    ]);
    assert.deepEqual(keys(result), [
      'os.groups[0]',
      'os.users[0]',
      'os.users[1]',
      'os.users[2].startupCommand',
      'os.users[3].primaryGroup',
    ]);
  });
});

describe('mirror plan: post-customization scripts', () => {
  const config = [
    'scripts:',
    '  postCustomization:',
    '    - path: scripts/setup.sh',
    '      arguments: ["--fast", "$HOME; id"]',
    '    - content: print("hi")',
    '      interpreter: python3',
    '      name: greet',
    '      environmentVariables:',
    '        GREETING: "hello world"',
    '        "BAD NAME": x',
  ].join('\n');
  const withScript = files({ 'scripts/setup.sh': 'echo setup\n' });

  it('lists the scripts but does not run them until confirmed', () => {
    const result = plan(config, { files: withScript });
    assert.deepEqual(result.postCustomizationScripts, [
      { key: 'scripts.postCustomization[0]', label: 'scripts/setup.sh', interpreter: '/bin/sh' },
      { key: 'scripts.postCustomization[1]', label: 'greet', interpreter: 'python3' },
    ]);
    assert.deepEqual(runInstructions(result.dockerfile), []);
    assert.deepEqual(result.context, []);
    assert.deepEqual(keys(result), ['scripts.postCustomization[0]', 'scripts.postCustomization[1]']);
  });

  it('copies confirmed scripts in and runs each with its interpreter, arguments and variables', () => {
    const result = plan(config, { files: withScript, runPostCustomization: true });
    assert.deepEqual(result.context, [
      { kind: 'hostFile', path: 'scripts/0', mode: 0o755, hostPath: path.resolve(configDir, 'scripts/setup.sh') },
      { kind: 'inline', path: 'scripts/1', mode: 0o755, content: 'print("hi")' },
    ]);
    assert.deepEqual(runInstructions(result.dockerfile), [
      ['/bin/sh', `${stagingDir}/scripts/0`, '--fast', '$HOME; id'],
      ['env', 'GREETING=hello world', 'python3', `${stagingDir}/scripts/1`],
      ['rm', '-rf', stagingDir],
    ]);
    assert.deepEqual(keys(result), ['scripts.postCustomization[1].environmentVariables.BAD NAME']);
  });
});

describe('mirror plan: what a container cannot mirror', () => {
  it('lists every unmirrorable section with a reason', () => {
    const result = plan(
      [
        'storage:',
        '  bootType: efi',
        'iso: {}',
        'pxe: {}',
        'output:',
        '  image:',
        '    format: vhdx',
        'baseConfigs: [{path: base.yaml}]',
        'previewFeatures: [base-configs]',
        'os:',
        '  selinux: {mode: enforcing}',
        '  kernelCommandLine: {extraCommandLine: [quiet]}',
        '  bootloader: {resetType: hard-reset}',
        '  uki: {mode: create}',
        '  services: {enable: [sshd]}',
        '  modules: [{name: br_netfilter}]',
        '  overlays: []',
        '  imageHistory: none',
        'scripts:',
        '  finalizeCustomization: [{content: "true"}]',
      ].join('\n'),
    );
    assert.deepEqual(keys(result), [
      'storage',
      'iso',
      'pxe',
      'output',
      'baseConfigs',
      'os.selinux',
      'os.kernelCommandLine',
      'os.bootloader',
      'os.uki',
      'os.services',
      'os.modules',
      'os.overlays',
      'os.imageHistory',
      'scripts.finalizeCustomization',
    ]);
    for (const item of result.notMirrored) assert.ok(item.reason.length > 10, `${item.key} has no reason`);
    assert.deepEqual(runInstructions(result.dockerfile), []);
  });

  it('mirrors nothing from an empty config but still builds from the base', () => {
    const result = plan('');
    assert.equal(
      result.dockerfile
        .split('\n')
        .filter((line) => /^[A-Z]/.test(line))
        .join('\n'),
      'FROM azl-test/base:3.0',
    );
  });

  it('throws with the parser message when the config is not YAML', () => {
    assert.throws(() => plan('os: [unclosed\n'), /image\.yaml cannot be read/);
  });
});

describe('config hash', () => {
  it('changes with the text and ignores line endings', () => {
    assert.equal(configHash('os:\n  hostname: a\n'), configHash('os:\r\n  hostname: a\r\n'));
    assert.notEqual(configHash('os:\n  hostname: a\n'), configHash('os:\n  hostname: b\n'));
    assert.match(configHash(''), /^sha256:[0-9a-f]{64}$/);
    assert.equal(plan('os: {}\n').configHash, configHash('os: {}\n'));
  });
});

describe('mirror plan: step order and shapes', () => {
  it('follows the Image Customizer operation ordering: packages, groups, users, additionalDirs, additionalFiles, scripts', () => {
    const result = plan(
      [
        'os:',
        '  additionalFiles:',
        '    - destination: /home/ada/.bashrc',
        '      content: "alias ll=ls"',
        '  additionalDirs:',
        '    - source: tree',
        '      destination: /opt/tree',
        '  users:',
        '    - name: ada',
        '  groups:',
        '    - name: devs',
        '  packages:',
        '    install: [vim]',
        'scripts:',
        '  postCustomization:',
        '    - content: "echo done"',
      ].join('\n'),
      { files: files({ tree: 'dir' }), runPostCustomization: true },
    );
    const firstWords = runInstructions(result.dockerfile).map((argv) =>
      argv[0] === 'cp' ? `cp ${argv.at(-1)}` : argv[0] === 'mkdir' ? `mkdir ${argv.slice(2).join(' ')}` : argv.slice(0, 3).join(' '),
    );
    assert.deepEqual(firstWords, [
      'azl-packages install vim',
      'azl-packages ensure useradd:shadow-utils',
      'groupadd devs',
      'useradd -m ada',
      'mkdir /opt/tree',
      'cp /opt/tree',
      'mkdir /home/ada',
      'cp /home/ada/.bashrc',
      `/bin/sh ${stagingDir}/scripts/0`,
      `rm -rf ${stagingDir}`,
    ]);
  });

  it('lists a key with the wrong shape as not mirrored instead of dropping it silently', () => {
    const result = plan(
      ['os:', '  packages:', '    - vim', '  additionalFiles:', '    destination: /etc/motd', '  users: alice', '  groups:'].join('\n'),
    );
    assert.deepEqual(runInstructions(result.dockerfile), []);
    assert.deepEqual(keys(result), ['os.packages', 'os.users', 'os.additionalFiles']);
    assert.match(result.notMirrored.find((n) => n.key === 'os.users')!.reason, /Expected a list/);
    const install = plan('os:\n  packages:\n    install: vim\n');
    assert.deepEqual(keys(install), ['os.packages.install']);
  });
});

describe('mirror plan: the config key of each step', () => {
  it('names the key each RUN carries out, so a failing step can say which setting failed', () => {
    const result = plan(
      [
        'os:',
        '  packages:',
        '    install: [vim]',
        '  groups:',
        '    - name: admins',
        '  users:',
        '    - name: dev',
        '      primaryGroup: admins',
        '  additionalFiles:',
        '    - content: hello',
        '      destination: /etc/motd',
        'scripts:',
        '  postCustomization:',
        '    - content: echo hi',
      ].join('\n'),
      { runPostCustomization: true },
    );
    const keys = result.steps.map((step) => (step.kind === 'run' ? (step.key ?? `(${step.argv[0]})`) : step.kind));
    assert.deepEqual(keys, [
      'copyPayload',
      'os.packages',
      'os.groups', // shadow-utils when the image lacks useradd/groupadd: there for the accounts
      'os.groups[0]',
      'os.users[0]',
      'os.additionalFiles',
      'os.additionalFiles[0]',
      'scripts.postCustomization[0]',
      '(rm)',
    ]);
    // One Dockerfile instruction per step after FROM: step N of the build is steps[N - 2].
    assert.equal(
      result.dockerfile
        .trim()
        .split('\n')
        .filter((line) => /^(RUN|COPY) /.test(line)).length,
      result.steps.length,
    );
  });
});
