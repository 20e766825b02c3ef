import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { azlLabels } from '../../../src/docker/core/labels';
import * as tar from 'tar-stream';
import { createBuildContext } from '../../../src/environmentFromConfig/buildContext';
import { BuildLeftovers } from '../../../src/environmentFromConfig/buildLeftovers';
import { configSlug, mirrorImageTag } from '../../../src/environmentFromConfig/buildMirror';
import { ConfigHashCache, configStateOf } from '../../../src/environmentFromConfig/configChange';
import { configHash } from '../../../src/environmentFromConfig/hash';
import { bindMountsOf, devContainerConfig, pinnedImage } from '../../../src/environmentFromConfig/devcontainer';
import { nodeFileAccess } from '../../../src/environmentFromConfig/nodeFiles';
import { planMirror } from '../../../src/environmentFromConfig/plan';
import { execForm } from '../../../src/environmentFromConfig/dockerfile';

describe('build leftovers', () => {
  it('collects the layers a classic build committed and the container a cancel interrupted', () => {
    const leftovers = new BuildLeftovers();
    for (const line of [
      'Step 1/4 : FROM azl-test/base:3.0',
      ' ---> 1111111111aa',
      'Step 2/4 : COPY ["payload/","/tmp/azl-mirror/"]',
      ' ---> Using cache',
      ' ---> 2222222222bb',
      'Step 3/4 : RUN ["tdnf","-y","install","vim"]',
      ' ---> Running in 3333333333cc',
      'Removing intermediate container 3333333333cc',
      ' ---> 4444444444dd',
      'Step 4/4 : RUN ["sleep","30"]',
      ' ---> Running in 5555555555ee',
    ]) {
      leftovers.observe(line);
    }
    assert.deepEqual(leftovers.images, ['4444444444dd']);
    assert.deepEqual(leftovers.containers, ['5555555555ee']);
  });

  it("understands Podman's output", () => {
    // As Podman 4.3's Buildah printed it in the podman tier: 11 hex digits per commit, the full id on a cached step.
    const leftovers = new BuildLeftovers();
    for (const line of [
      'STEP 1/4: FROM azl-test/base:3.0',
      'STEP 2/4: RUN echo one > /one',
      '--> Using cache b9b9801d1f0e444b2a4c530b28e344bbb8631c0bbc27c6d3cd0b26830a6a5e81',
      '--> b9b9801d1f0',
      'STEP 3/4: RUN ["true"]',
      '--> 6666666666f',
      'STEP 4/4: RUN echo two; exit 3',
      'two',
    ]) {
      leftovers.observe(line);
    }
    assert.deepEqual(leftovers.images, ['6666666666f'], 'the cached layer belongs to an earlier build and is kept');
  });

  it('lists images newest first so children go before parents', () => {
    const leftovers = new BuildLeftovers();
    for (const line of ['Step 2/3 : RUN ["a"]', ' ---> aaaaaaaaaaaa', 'Step 3/3 : RUN ["b"]', ' ---> bbbbbbbbbbbb'])
      leftovers.observe(line);
    assert.deepEqual(leftovers.images, ['bbbbbbbbbbbb', 'aaaaaaaaaaaa']);
  });
});

describe('exec form', () => {
  it('escapes everything outside printable ASCII so an instruction stays on one line', () => {
    const line = execForm(['a\nb', 'é', '\u2028', 'tab\t']);
    assert.doesNotMatch(line, /[^\x20-\x7e]/);
    assert.deepEqual(JSON.parse(line), ['a\nb', 'é', '\u2028', 'tab\t']);
  });
});

describe('devcontainer.json', () => {
  const facts = {
    name: 'azl-mirror-image',
    imageReference: 'azl-mirror/image:latest',
    imageId: 'sha256:abc',
    tagsOfImage: ['azl-mirror/image:latest'],
    mounts: [
      { source: '/home/me/src', target: '/workspace', readonly: false },
      { source: '/home/me/.cache', target: '/cache', readonly: true },
    ],
    user: '1000:1000',
    hostname: 'devbox',
    localWorkspaceFolder: '/home/me/src',
  };

  it('pins the image, mounts the workspace at /workspace and keeps the other mounts, hostname and user', () => {
    assert.deepEqual(devContainerConfig(facts), {
      name: 'azl-mirror-image',
      image: 'azl-mirror/image:latest',
      workspaceFolder: '/workspace',
      workspaceMount: 'source=${localWorkspaceFolder},target=/workspace,type=bind',
      mounts: [{ source: '/home/me/.cache', target: '/cache', type: 'bind', readonly: true }],
      runArgs: ['--hostname', 'devbox'],
      containerUser: '1000:1000',
      remoteUser: '1000:1000',
    });
  });

  it('leaves the user out for root and names the host folder when it is not the workspace', () => {
    const config = devContainerConfig({
      ...facts,
      user: '',
      localWorkspaceFolder: '/elsewhere',
      mounts: [{ source: '/home/me/src', target: '/workspace', readonly: false }],
    });
    assert.equal(config.remoteUser, undefined);
    assert.equal(config.workspaceMount, 'source=/home/me/src,target=/workspace,type=bind');
    assert.equal(devContainerConfig({ ...facts, user: 'root' }).remoteUser, undefined);
    assert.equal(devContainerConfig({ ...facts, user: 'alice' }).remoteUser, 'alice');
    assert.equal(devContainerConfig({ ...facts, user: 'alice' }).containerUser, undefined);
  });

  it('uses the image ID once the tag has moved to another image', () => {
    assert.equal(pinnedImage({ imageReference: 'azl-mirror/image:latest', imageId: 'sha256:abc', tagsOfImage: [] }), 'sha256:abc');
    assert.equal(
      pinnedImage({
        imageReference: 'mcr.microsoft.com/azurelinux/base/core',
        imageId: 'sha256:abc',
        tagsOfImage: ['mcr.microsoft.com/azurelinux/base/core:latest'],
      }),
      'mcr.microsoft.com/azurelinux/base/core',
    );
    assert.equal(pinnedImage({ imageReference: 'x@sha256:0123', imageId: 'sha256:abc', tagsOfImage: [] }), 'x@sha256:0123');
    const digest = 'mcr.microsoft.com/azurelinux/base/core@sha256:' + 'a'.repeat(64);
    assert.equal(
      pinnedImage({
        imageReference: 'mcr.microsoft.com/azurelinux/base/core:3.0',
        imageId: 'sha256:abc',
        tagsOfImage: ['mcr.microsoft.com/azurelinux/base/core:3.0'],
        repoDigests: [digest],
      }),
      digest,
      'a registry digest pins exactly',
    );
    assert.deepEqual(
      devContainerConfig({ ...facts, env: { HOME: '/tmp' } }).containerEnv,
      { HOME: '/tmp' },
      "the shell's HOME carries over",
    );
  });

  it("reads the bind mounts from the inspect document's Mounts, paths with ':' and Windows drives whole", () => {
    assert.deepEqual(
      bindMountsOf([
        { Type: 'bind', Source: '/home/me/a:b', Destination: '/workspace', RW: true },
        { Type: 'bind', Source: 'C:\\Users\\me\\src', Destination: '/src', RW: false },
        { Type: 'volume', Source: '/var/lib/docker/volumes/x/_data', Destination: '/data', RW: true },
      ]),
      [
        { source: '/home/me/a:b', target: '/workspace', readonly: false },
        { source: 'C:\\Users\\me\\src', target: '/src', readonly: true },
      ],
    );
    assert.deepEqual(bindMountsOf(null), []);
  });
});

describe('config changed', () => {
  const labels = (hash: string) => ({ [azlLabels.configPath]: '/cfg/image.yaml', [azlLabels.configHash]: hash });

  it("compares the label hash with the config file's current hash", () => {
    const current = configHash('os: {}\n');
    assert.equal(
      configStateOf(labels(current), () => current),
      'unchanged',
    );
    assert.equal(
      configStateOf(labels(configHash('os: {hostname: a}\n')), () => current),
      'changed',
    );
    assert.equal(
      configStateOf(labels(current), () => undefined),
      'missing',
    );
    assert.equal(
      configStateOf({}, () => current),
      undefined,
    );
  });

  it('re-reads a config file only when it changes on disk', () => {
    const folder = mkdtempSync(join(tmpdir(), 'azl-config-hash-'));
    try {
      const file = join(folder, 'image.yaml');
      writeFileSync(file, 'os: {}\n');
      const cache = new ConfigHashCache();
      assert.equal(cache.currentHash(file), configHash('os: {}\n'));
      assert.equal(cache.has(file), true);
      writeFileSync(file, 'os: {hostname: b}\n');
      utimesSync(file, new Date(), new Date(Date.now() + 5000));
      assert.equal(cache.currentHash(file), configHash('os: {hostname: b}\n'));
      rmSync(file);
      assert.equal(cache.currentHash(file), undefined);
      assert.equal(cache.has(file), false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('mirror image names', () => {
  it('makes one lower-case tag per config file, stable for the same path', () => {
    assert.equal(configSlug('/x/My_Image.AZL.yaml'), 'my-image-azl');
    assert.equal(configSlug('/x/---.yaml'), 'image-config');
    assert.match(mirrorImageTag('/x/my.yaml'), /^azl-mirror\/my-[0-9a-f]{8}:latest$/);
    assert.equal(mirrorImageTag('/x/my.yaml'), mirrorImageTag('/x/my.yaml'));
    assert.notEqual(mirrorImageTag('/x/my.yaml'), mirrorImageTag('/y/my.yaml'));
  });
});

describe('build context', () => {
  async function entriesOf(
    stream: NodeJS.ReadableStream,
  ): Promise<Map<string, { mode: number; type: string; content: string; uid: number }>> {
    const entries = new Map<string, { mode: number; type: string; content: string; uid: number }>();
    const extract = tar.extract();
    extract.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      body.on('end', () => {
        entries.set(header.name, {
          mode: header.mode ?? 0,
          type: header.type ?? 'file',
          content: Buffer.concat(chunks).toString('utf8'),
          uid: header.uid ?? -1,
        });
        next();
      });
    });
    const done = new Promise<void>((resolve, reject) => {
      extract.on('finish', resolve);
      extract.on('error', reject);
    });
    stream.pipe(extract as unknown as NodeJS.WritableStream);
    await done;
    return entries;
  }

  it('holds the Dockerfile and every staged file with the permissions the image should get, owned by root', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'azl-context-'));
    try {
      writeFileSync(join(folder, 'motd'), 'hello');
      mkdirSync(join(folder, 'tree', 'sub'), { recursive: true });
      writeFileSync(join(folder, 'tree', 'a'), 'a');
      writeFileSync(join(folder, 'tree', 'sub', 'b'), 'b');
      symlinkSync('a', join(folder, 'tree', 'link'));
      const configPath = join(folder, 'image.yaml');
      const configText = [
        'os:',
        '  additionalFiles:',
        '    - {source: motd, destination: /etc/motd, permissions: "600"}',
        '    - {content: inline, destination: /etc/inline}',
        '  additionalDirs:',
        '    - {source: tree, destination: /opt/tree, newDirPermissions: "700", childFilePermissions: "640"}',
      ].join('\n');
      const plan = planMirror({
        configPath,
        configText,
        files: nodeFileAccess({ path: folder, name: 'the workspace folder' }),
        runPostCustomization: false,
        baseImage: 'azl-test/base:3.0',
      });
      const context = createBuildContext(plan);
      const entries = await entriesOf(context.stream);
      await context.done;
      assert.equal(entries.get('Dockerfile')?.content, plan.dockerfile);
      const summary = (name: string) => {
        const entry = entries.get(name);
        return entry && `${entry.type} ${entry.mode.toString(8)} ${entry.uid}`;
      };
      assert.equal(summary('payload/files/0'), 'file 600 0');
      assert.equal(entries.get('payload/files/0')?.content, 'hello');
      assert.equal(summary('payload/files/1'), 'file 755 0');
      assert.equal(summary('payload/dirs/0/'), 'directory 700 0');
      assert.equal(summary('payload/dirs/0/a'), 'file 640 0');
      assert.equal(summary('payload/dirs/0/sub/'), 'directory 700 0');
      assert.equal(summary('payload/dirs/0/sub/b'), 'file 640 0');
      assert.equal(entries.get('payload/dirs/0/link')?.type, 'symlink');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('fails the stream when a source file vanished before the build', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'azl-context-'));
    try {
      writeFileSync(join(folder, 'motd'), 'hello');
      const configPath = join(folder, 'image.yaml');
      const plan = planMirror({
        configPath,
        configText: 'os:\n  additionalFiles:\n    - {source: motd, destination: /etc/motd}\n',
        files: nodeFileAccess({ path: folder, name: 'the workspace folder' }),
        runPostCustomization: false,
        baseImage: 'azl-test/base:3.0',
      });
      rmSync(join(folder, 'motd'));
      const context = createBuildContext(plan);
      context.stream.resume();
      await assert.rejects(context.done, /motd for the build: it no longer exists/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
