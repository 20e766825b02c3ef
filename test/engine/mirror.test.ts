import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import * as tar from 'tar-stream';
import { azlLabels } from '../../src/docker/core/labels';
import type { ContainerEngine } from '../../src/docker/engine';
import {
  buildMirrorImage,
  mirrorContainerSpec,
  mirrorImageTag,
  pullBaseAndBuild,
  pullShare,
  type MirrorBuildProgress,
} from '../../src/environmentFromConfig/buildMirror';
import { MirrorStepError } from '../../src/environmentFromConfig/buildSteps';
import { nodeFileAccess } from '../../src/environmentFromConfig/nodeFiles';
import { planMirror, type MirrorPlan } from '../../src/environmentFromConfig/plan';
import { dockerPackages } from '../../src/util/lazyPackages';
import { dockerOnly, localRegistry, removeTestContainers, testEngine, testImage, testRunId, testRunLabel, uniqueName } from './helpers';

/*
 * Mirror builds through a real Docker Engine. The test image has a stand-in tdnf that records its arguments; this
 * file adds the stand-ins for groupadd and useradd (busybox has neither) of test/fakes/images, which record theirs and
 * write /etc/group and /etc/passwd, so the package, file, directory, account and script steps all run for real.
 */

// The tag names the stand-ins' version, so an engine kept from an earlier run never serves older ones.
const mirrorBase = 'azl-test/mirror-base:3.0-useradd3';
const standIns = join(__dirname, '..', '..', '..', 'test', 'fakes', 'images');

function tarOf(files: Record<string, { content: string; mode: number }>): NodeJS.ReadableStream {
  const pack = tar.pack();
  for (const [name, file] of Object.entries(files)) pack.entry({ name, mode: file.mode }, file.content);
  pack.finalize();
  return Readable.from(pack);
}

async function ensureMirrorBase(engine: ContainerEngine): Promise<void> {
  if (await engine.imageExists(mirrorBase)) return;
  const context = tarOf({
    Dockerfile: { content: `FROM ${testImage}\nCOPY ["groupadd", "useradd", "/usr/sbin/"]\n`, mode: 0o644 },
    groupadd: { content: readFileSync(join(standIns, 'groupadd'), 'utf8'), mode: 0o755 },
    useradd: { content: readFileSync(join(standIns, 'useradd'), 'utf8'), mode: 0o755 },
  });
  await engine.buildImage(context, { tag: mirrorBase }, () => undefined);
}

function write(path: string, content: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

const sampleConfig = `
input:
  image:
    azureLinux:
      version: "3.0"
os:
  hostname: mirror-test
  selinux:
    mode: enforcing
  packages:
    updateExistingPackages: true
    remove: [nano]
    installLists: [lists/tools.yaml]
    install:
      - vim
      - "pkg; touch /pwned"
  additionalFiles:
    - source: files/motd
      destination: /etc/motd
      permissions: "640"
    - content: "#!/bin/sh\\necho hi from $0\\n"
      destination: /usr/local/bin/hi
      permissions: "755"
    - content: secret
      destination: /etc/app/secret.conf
      permissions: "0600"
    - content: "color=auto"
      destination: /srv/alice/.config/app.conf
      permissions: "644"
  additionalDirs:
    - source: tree
      destination: /opt/tree
      newDirPermissions: "750"
      childFilePermissions: "640"
  groups:
    - name: builders
      gid: 2000
    - name: docker
      gid: 2001
  users:
    - name: alice
      uid: 1500
      primaryGroup: builders
      secondaryGroups: [docker]
      homeDirectory: /srv/alice
      startupCommand: /bin/sh
      password:
        type: plain-text
        value: hunter2-never-copied
scripts:
  postCustomization:
    - content: |
        echo "$GREETING $1" > /etc/greeting
      arguments: [world]
      environmentVariables:
        GREETING: hello
`;

describe('mirror an image config through a real Docker Engine', () => {
  let engine: ContainerEngine;
  let docker: Dockerode;
  let folder: string;
  const madeImages: string[] = [];

  before(async () => {
    engine = testEngine();
    const socketPath = process.env.DOCKER_HOST!.replace(/^unix:\/\//, '');
    docker = new (dockerPackages().Dockerode)({ socketPath });
    folder = mkdtempSync(join(tmpdir(), 'azl-mirror-'));
    await ensureMirrorBase(engine);
  });

  after(async () => {
    await removeTestContainers(engine);
    for (const image of madeImages) {
      await engine.removeImage(image, { force: true }).catch(() => undefined);
    }
    rmSync(folder, { recursive: true, force: true });
  });

  function planFor(configPath: string, text: string): MirrorPlan {
    return planMirror({
      configPath,
      configText: text,
      files: nodeFileAccess({ path: folder, name: 'the workspace folder' }),
      runPostCustomization: true,
      baseImage: mirrorBase,
    });
  }

  it('builds the packages, files, directories, accounts and scripts of a sample config', async () => {
    const configPath = join(folder, 'sample', 'image.yaml');
    write(configPath, sampleConfig);
    write(join(folder, 'sample', 'lists', 'tools.yaml'), 'packages:\n  - jq\n  - curl\n');
    write(join(folder, 'sample', 'files', 'motd'), 'Welcome to the mirror\n');
    write(join(folder, 'sample', 'tree', 'a.txt'), 'a\n');
    write(join(folder, 'sample', 'tree', 'sub', 'b.txt'), 'b\n');

    const plan = planFor(configPath, sampleConfig);
    assert.deepEqual(
      plan.notMirrored.map((item) => item.key),
      ['os.users[0].password', 'os.selinux'],
    );
    const tag = mirrorImageTag(configPath);
    madeImages.push(tag);
    const log: string[] = [];
    const imageId = await buildMirrorImage(engine, { plan, configPath, tag, onLog: (line) => log.push(line) });
    assert.match(imageId, /^sha256:/);
    assert.ok(
      log.some((line) => line.includes('azl-packages: using tdnf: tdnf install -y jq curl vim')),
      `the build log streams the steps and says which package manager the image has: ${log.join('\n')}`,
    );

    const images = await engine.listImages();
    const built = images.find((image) => image.id === imageId);
    assert.ok(built, 'the image is listed');
    assert.equal(built.labels[azlLabels.configPath], configPath);
    assert.equal(built.labels[azlLabels.configHash], plan.configHash);
    assert.equal(built.labels[azlLabels.osVersion], '3.0');

    const spec = mirrorContainerSpec({
      plan,
      configPath,
      image: tag,
      name: uniqueName('mirror'),
      networkMode: 'none',
      extraLabels: { [testRunLabel]: testRunId },
    });
    const id = await engine.createContainer(spec);
    await engine.start(id);
    const run = async (...cmd: string[]) => {
      const result = await engine.run(id, cmd);
      assert.equal(result.exitCode, 0, `${cmd.join(' ')}: ${result.output}`);
      return result.output.trim();
    };

    // The stand-in tdnf recorded each call in Image Customizer's order; the hostile name ran nothing.
    assert.deepEqual((await run('cat', '/var/log/tdnf-calls.log')).split('\n'), [
      'remove -y nano',
      'upgrade -y',
      'install -y jq curl vim pkg; touch /pwned',
    ]);
    assert.equal((await engine.run(id, ['test', '-e', '/pwned'])).exitCode, 1, 'the package name was not run by a shell');

    assert.equal(await run('cat', '/etc/motd'), 'Welcome to the mirror');
    assert.equal(await run('stat', '-c', '%a %u', '/etc/motd', '/usr/local/bin/hi', '/etc/app/secret.conf'), '640 0\n755 0\n600 0');
    assert.equal(await run('/usr/local/bin/hi'), 'hi from /usr/local/bin/hi');
    assert.equal(
      await run('stat', '-c', '%a %n', '/opt/tree', '/opt/tree/a.txt', '/opt/tree/sub', '/opt/tree/sub/b.txt'),
      '750 /opt/tree\n640 /opt/tree/a.txt\n750 /opt/tree/sub\n640 /opt/tree/sub/b.txt',
    );

    assert.equal(await run('cat', '/var/log/azl-test/groupadd.log'), '-g 2000 builders\n-g 2001 docker');
    assert.equal(await run('cat', '/var/log/azl-test/useradd.log'), '-m -u 1500 -g builders -G docker -d /srv/alice -s /bin/sh alice');
    assert.equal(await run('grep', '^alice:', '/etc/passwd'), 'alice:x:1500:2000::/srv/alice:/bin/sh');
    assert.equal(await run('grep', '^docker:', '/etc/group'), 'docker:x:2001:alice');
    // Users come before additionalFiles (Image Customizer's order): useradd -m made the home, owned by alice with
    // its skeleton, and the file placed in it afterwards is there with its permissions.
    assert.equal(await run('stat', '-c', '%u:%g', '/srv/alice'), '1500:2000');
    assert.equal(await run('cat', '/srv/alice/.skel'), 'skel');
    assert.equal(await run('stat', '-c', '%a', '/srv/alice/.config/app.conf'), '644');
    assert.equal(await run('cat', '/srv/alice/.config/app.conf'), 'color=auto');
    assert.equal((await engine.run(id, ['grep', '-r', 'hunter2', '/etc', '/var/log'])).exitCode, 1, 'the password is nowhere in the image');

    assert.equal(await run('cat', '/etc/greeting'), 'hello world');
    assert.equal((await engine.run(id, ['test', '-e', '/tmp/azl-mirror'])).exitCode, 1, 'the staging folder is gone');
    assert.equal(await run('hostname'), 'mirror-test');

    const details = await engine.inspect(id);
    assert.equal(details.labels[azlLabels.configHash], plan.configHash);
    assert.equal(details.labels[azlLabels.configPath], configPath);
  });

  it('leaves no image or container behind when the build is cancelled mid-step', async () => {
    const marker = `marker-${testRunId}`;
    const configPath = join(folder, 'cancel', 'image.yaml');
    // The script says it started, then works for a long time: the build is cancelled while the step runs, whichever
    // builder runs it (Docker prints "Running in <id>" first; Podman's Buildah does not).
    const text = `os:\n  packages:\n    install: [${marker}]\nscripts:\n  postCustomization:\n    - content: echo started-$1; sleep 120\n      arguments: [${marker}]\n`;
    write(configPath, text);
    const plan = planFor(configPath, text);
    const tag = mirrorImageTag(configPath);
    madeImages.push(tag);
    const before = new Set((await docker.listImages({ all: true })).map((image) => image.Id));

    const controller = new AbortController();
    const build = buildMirrorImage(engine, {
      plan,
      configPath,
      tag,
      signal: controller.signal,
      onLog: (line) => {
        if (line.includes(`started-${marker}`)) controller.abort();
      },
    });
    await assert.rejects(build, (error: Error) => error.name === 'AbortError');

    assert.equal(await engine.imageExists(tag), false, 'the tag was never made');
    const containers = await docker.listContainers({ all: true });
    assert.deepEqual(
      containers.filter((container) => container.Command.includes(marker)).map((container) => container.Id),
      [],
      'no build container is left',
    );
    // The files build one at a time, so any image that was not there before is a layer of this build left behind.
    const leftovers = (await docker.listImages({ all: true })).filter((image) => !before.has(image.Id)).map((image) => image.Id);
    assert.deepEqual(leftovers, [], 'no layer of the cancelled build is left');
  });

  it('reports a failing step with its output and removes what the build made', async (t) => {
    const marker = `failing-${testRunId}`;
    const configPath = join(folder, 'failing', 'image.yaml');
    // The script colours its complaint as programs writing to a terminal do: the log gets it as plain text.
    const text = `os:\n  packages:\n    install: [${marker}]\nscripts:\n  postCustomization:\n    - content: printf '\\033[1;31mbroken on purpose\\033[0m\\n' >&2; exit 3\n      arguments: [${marker}]\n`;
    write(configPath, text);
    const plan = planFor(configPath, text);
    const tag = mirrorImageTag(configPath);
    madeImages.push(tag);
    const log: string[] = [];
    const before = new Set((await docker.listImages({ all: true })).map((image) => image.Id));
    // The builder's own words name the exit code: the classic Docker builder's, or Podman's Buildah's.
    const exitCode3 = dockerOnly(t, 'the classic builder\'s "returned a non-zero code" (Podman\'s Buildah says "exit status 3")')
      ? /building at STEP "RUN \/bin\/sh \/tmp\/azl-mirror\/scripts\/0 .*": while running runtime: exit status 3/
      : /returned a non-zero code: 3/;
    await assert.rejects(buildMirrorImage(engine, { plan, configPath, tag, onLog: (line) => log.push(line) }), (error: unknown) => {
      // The step, the config key it carries out, what it said last, and the engine's words.
      assert.ok(error instanceof MirrorStepError, String(error));
      assert.equal(error.key, 'scripts.postCustomization[0]');
      assert.equal(error.output.at(-1), 'broken on purpose');
      assert.match(error.engineMessage, exitCode3);
      const failedStep = plan.steps[error.step - 2];
      assert.equal(failedStep?.kind === 'run' ? failedStep.key : undefined, 'scripts.postCustomization[0]');
      return true;
    });
    assert.ok(
      log.some((line) => line === 'broken on purpose'),
      'the script output reached the build log, without its escape sequences',
    );
    assert.deepEqual(
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      log.filter((line) => /[\x00-\x08\x0b-\x1f\x7f]/.test(line)),
      [],
      'no control characters in the log',
    );
    assert.equal(await engine.imageExists(tag), false);
    // Any image that was not there before is a layer this build committed (the package step's) and left behind.
    const leftovers = (await docker.listImages({ all: true })).filter((image) => !before.has(image.Id)).map((image) => image.Id);
    assert.deepEqual(leftovers, [], 'the committed package layer was removed');
    const containers = await docker.listContainers({ all: true });
    assert.deepEqual(
      containers.filter((container) => container.Command.includes(marker)).map((container) => container.Id),
      [],
    );
  });

  it('builds an empty config as the bare base image, with the config labels', async () => {
    const configPath = join(folder, 'empty', 'image.yaml');
    write(configPath, '');
    const plan = planFor(configPath, '');
    const tag = mirrorImageTag(configPath);
    madeImages.push(tag);
    const imageId = await buildMirrorImage(engine, { plan, configPath, tag, onLog: () => undefined });
    const built = (await engine.listImages()).find((image) => image.id === imageId);
    assert.equal(built?.labels[azlLabels.configHash], plan.configHash);
    assert.equal(plan.context.length, 0);
  });

  it("a cancel during the base image's pull stops the one operation: no base, no image, no build container", async () => {
    const base = localRegistry().layeredImage;
    if (await engine.imageExists(base)) await engine.removeImage(base, { force: true });
    const configPath = join(folder, 'pull-cancel', 'image.yaml');
    const text = 'os:\n  packages:\n    install: [jq]\n';
    write(configPath, text);
    const plan = planMirror({
      configPath,
      configText: text,
      files: nodeFileAccess({ path: folder, name: 'the workspace folder' }),
      runPostCustomization: false,
      baseImage: base,
    });
    const tag = mirrorImageTag(configPath);
    const controller = new AbortController();
    const stages: string[] = [];
    const build = pullBaseAndBuild(engine, {
      plan,
      configPath,
      tag,
      signal: controller.signal,
      onLog: () => undefined,
      onProgress: (state) => {
        stages.push(state.stage);
        // As soon as a layer is being fetched (Podman 4.3 reports no download progress, only "Pulling fs layer").
        if (state.stage === 'pulling' && state.pull.layers.some((layer) => layer.phase === 'waiting' || layer.phase === 'downloading')) {
          controller.abort();
        }
      },
    });
    await assert.rejects(build, (error: Error) => error.name === 'AbortError');
    assert.ok(!stages.includes('building'), 'the build never started');
    assert.equal(await engine.imageExists(base), false, 'the base image was not half-made');
    assert.equal(await engine.imageExists(tag), false);
  });

  it("pulls a missing base image inside the build's one bar: the pull's layers, then the steps, rising to 100%", async () => {
    const base = localRegistry().layeredImage;
    if (await engine.imageExists(base)) await engine.removeImage(base, { force: true });
    const configPath = join(folder, 'pulled', 'image.yaml');
    const text = 'os:\n  packages:\n    install: [jq]\n';
    write(configPath, text);
    const plan = planMirror({
      configPath,
      configText: text,
      files: nodeFileAccess({ path: folder, name: 'the workspace folder' }),
      runPostCustomization: false,
      baseImage: base,
    });
    const tag = mirrorImageTag(configPath);
    const seen: MirrorBuildProgress[] = [];
    let imageId: string;
    try {
      imageId = await pullBaseAndBuild(engine, { plan, configPath, tag, onLog: () => undefined, onProgress: (state) => seen.push(state) });
      assert.ok(await engine.imageExists(base), 'the base is there for the next build');
    } finally {
      // The built image holds the base's layers: both go, so later pulls download them again.
      await engine.removeImage(tag, { force: true }).catch(() => undefined);
      await engine.removeImage(base, { force: true }).catch(() => undefined);
    }
    assert.match(imageId, /^sha256:/);
    const stages = seen.map((state) => state.stage).filter((stage, index, all) => stage !== all[index - 1]);
    assert.deepEqual(stages, ['pulling', 'building'], 'the pull comes first, then the build, in the same stream of progress');
    const pulls = seen.filter((state) => state.stage === 'pulling');
    const lastPull = pulls.at(-1);
    assert.ok(
      lastPull?.stage === 'pulling' && lastPull.pull.layers.length >= 2 && lastPull.pull.layers.every((layer) => layer.phase === 'done'),
      'every layer of the base shows done',
    );
    assert.ok(
      pulls.every((state) => state.percent <= pullShare),
      'the pull stays within its share of the bar',
    );
    const percents = seen.map((state) => state.percent);
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      'the bar never goes back',
    );
    const steps = seen.flatMap((state) => (state.stage === 'building' && state.step ? [state.step] : []));
    assert.ok(
      steps.length >= 2 && steps.every((step) => step.count === steps[0]!.count),
      `build steps were reported: ${JSON.stringify(steps)}`,
    );
    assert.ok(percents.at(-1)! > pullShare, 'the steps move the bar past the pull');
  });
});
