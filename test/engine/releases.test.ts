import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run as azlMirror } from '../../src/cli/azlMirror';
import { azlLabels } from '../../src/docker/core/labels';
import type { ContainerEngine } from '../../src/docker/engine';
import { readImageFacts } from '../../src/docker/imageFacts';
import { mirrorImageTag, pullBaseAndBuild } from '../../src/environmentFromConfig/buildMirror';
import { nodeFileAccess } from '../../src/environmentFromConfig/nodeFiles';
import { planMirror, type MirrorOptions } from '../../src/environmentFromConfig/plan';
import { removeTestContainers, standInImages, testEngine, testRunId, testRunLabel, uniqueName } from './helpers';

/*
 * Azure Linux 3.0 and 4.0 through a real Docker Engine, on stand-ins that follow the real images (tdnf in 3.0; dnf5
 * and dnf, no tdnf, in 4.0; neither has useradd or groupadd until shadow-utils is installed): what the image says
 * about itself, the extension's mirror build, and azl-mirror's folder built as `docker build DIR` would.
 */

const releases = [
  { version: '3.0', manager: 'tdnf', described: 'Azure Linux 3.0' },
  { version: '4.0', manager: 'dnf5', described: 'Azure Linux 4.0 (preview)' },
] as const;

function configFor(version: string): string {
  return `input:
  image:
    azureLinux:
      version: "${version}"
      variant: minimal-os
os:
  packages:
    install: [vim, jq]
  groups:
    - name: builders
      gid: 2000
  users:
    - name: alice
      uid: 1500
      primaryGroup: builders
      secondaryGroups: [wheel]
  additionalFiles:
    - source: files/motd
      destination: /etc/motd
      permissions: "640"
`;
}

/** The build context folder as `docker build DIR` sends it: a tar of the folder. */
function tarOfFolder(folder: string): NodeJS.ReadableStream {
  return spawn('tar', ['-C', folder, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] }).stdout;
}

describe('Azure Linux 3.0 and 4.0 stand-ins through a real Docker Engine', () => {
  let engine: ContainerEngine;
  let folder: string;
  const madeImages: string[] = [];

  before(() => {
    engine = testEngine();
    folder = mkdtempSync(join(tmpdir(), 'azl-releases-'));
  });

  after(async () => {
    await removeTestContainers(engine);
    for (const image of madeImages) await engine.removeImage(image, { force: true }).catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  });

  /** Runs the image as a container (no network) and checks the user, group, file and packages the config asks for. */
  async function checkMirrored(image: string, manager: string): Promise<void> {
    const id = await engine.createContainer({
      image,
      name: uniqueName('release'),
      cmd: ['sleep', '300'],
      networkMode: 'none',
      labels: { [testRunLabel]: testRunId },
    });
    await engine.start(id);
    const run = async (...cmd: string[]) => {
      const result = await engine.run(id, cmd);
      assert.equal(result.exitCode, 0, `${cmd.join(' ')}: ${result.output}`);
      return result.output.trim();
    };
    // Packages first (Image Customizer's order), then shadow-utils for the accounts, all with the image's own manager.
    assert.equal(await run('cat', '/var/log/azl-test/packages.log'), `${manager} install -y vim jq\n${manager} install -y shadow-utils`);
    assert.equal(await run('ls', '/var/lib/azl-test/installed'), 'jq\nshadow-utils\nvim');
    assert.equal(await run('grep', '^alice:', '/etc/passwd'), 'alice:x:1500:2000::/home/alice:/bin/sh');
    assert.equal(await run('grep', '^builders:', '/etc/group'), 'builders:x:2000:');
    assert.equal(await run('grep', '^wheel:', '/etc/group'), 'wheel:x:10:alice');
    assert.equal(await run('stat', '-c', '%u:%g', '/home/alice'), '1500:2000');
    assert.equal(await run('cat', '/etc/motd'), 'Welcome to the mirror');
    assert.equal(await run('stat', '-c', '%a', '/etc/motd'), '640');
    assert.equal((await engine.run(id, ['test', '-e', '/tmp/azl-mirror'])).exitCode, 1, 'the staging folder is gone');
  }

  for (const release of releases) {
    describe(`Azure Linux ${release.version}`, () => {
      let base: string;
      let configPath: string;

      before(() => {
        base = standInImages()[release.version];
        configPath = join(folder, release.version, 'image.azl.yaml');
        mkdirSync(join(folder, release.version, 'files'), { recursive: true });
        writeFileSync(configPath, configFor(release.version));
        writeFileSync(join(folder, release.version, 'files', 'motd'), 'Welcome to the mirror\n');
      });

      it('says which release and package manager it is, read from its files (the image has no labels)', async () => {
        const facts = await readImageFacts(engine, base);
        assert.equal(facts.osVersion, release.version);
        assert.equal(facts.packageManager, release.manager);
        assert.equal(facts.osRelease?.id, 'azurelinux');
        const probes = (await engine.listContainers()).filter((container) => container.labels[azlLabels.probe] === '1');
        assert.deepEqual(probes, [], 'the container that read the files is gone');
      });

      it("the extension's mirror build installs with the image's package manager and brings in useradd first", async () => {
        const options: MirrorOptions = {
          configPath,
          configText: configFor(release.version),
          files: nodeFileAccess({ path: folder, name: 'the test folder' }),
          runPostCustomization: false,
          baseImage: base,
        };
        const tag = mirrorImageTag(configPath);
        madeImages.push(tag);
        const log: string[] = [];
        let built = planMirror(options);
        const imageId = await pullBaseAndBuild(engine, {
          plan: built,
          configPath,
          tag,
          onLog: (line) => log.push(line),
          onProgress: () => undefined,
          replan: (facts) => (built = planMirror({ ...options, baseFacts: facts })),
        });
        const output = log.join('\n');
        assert.match(
          output,
          new RegExp(
            `The base image ${base} is ${release.described.replace(/[()]/g, '\\$&')}; it installs packages with ${release.manager}\\.`,
          ),
        );
        assert.match(output, new RegExp(`azl-packages: using ${release.manager}: ${release.manager} install -y vim jq`));
        assert.match(output, new RegExp(`azl-packages: using ${release.manager}: ${release.manager} install -y shadow-utils`));
        const image = (await engine.listImages()).find((candidate) => candidate.id === imageId);
        assert.equal(image?.labels[azlLabels.osVersion], release.version);
        await checkMirrored(tag, release.manager);
      });

      it('azl-mirror writes a folder that builds the same environment with nothing else', async () => {
        const out = join(folder, release.version, 'context');
        let stderr = '';
        const code = await azlMirror(
          [configPath, '--out', out, '--base', base],
          folder,
          () => undefined,
          (text) => (stderr += text),
        );
        assert.equal(code, 0, stderr);
        const tag = `azl-test/exported-${release.version}:${testRunId}`;
        madeImages.push(tag);
        const log: string[] = [];
        await engine.buildImage(tarOfFolder(out), { tag }, (line) => log.push(line));
        // What the image holds, not the log: a builder may serve the package step from the mirror build's cache.
        await checkMirrored(tag, release.manager);
      });
    });
  }
});
