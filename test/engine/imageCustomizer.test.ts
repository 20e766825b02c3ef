import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { azlLabels } from '../../src/docker/core/labels';
import { EngineError, type ContainerEngine } from '../../src/docker/engine';
import type { BuildStage, LogEntry } from '../../src/imageCustomizer/core/buildLog';
import { stagingFolderFor } from '../../src/imageCustomizer/core/outputs';
import { ImageCustomizerFailure, runImageCustomizer, type ImageCustomizerRequest } from '../../src/imageCustomizer/runImageCustomizer';
import { dockerPackages } from '../../src/util/lazyPackages';
import { eventually } from '../helpers/eventually';
import { testEngine } from './helpers';

/*
 * Image builds through a real Docker Engine, with the Image Customizer stand-in (test/fakes/imagecustomizer, made by
 * scripts/docker-engine.mjs as mcr.microsoft.com/azurelinux/imagecustomizer:stand-in). The container runs privileged
 * with the mounts and command line the extension builds; the stand-in checks the flags, logs JSON and writes the
 * output's header or footer as the format's specification lays it out, which these tests read back.
 */

const tag = 'stand-in';

/** The hard disk footer of Microsoft's VHD specification, read field by field. */
function readVhdFooter(file: string): { cookie: string; diskType: number; currentSize: number; checksumOk: boolean; dataOffset: bigint } {
  const bytes = readFileSync(file);
  const footer = bytes.subarray(bytes.length - 512);
  let sum = 0;
  footer.forEach((byte, index) => {
    if (index < 64 || index >= 68) sum += byte;
  });
  return {
    cookie: footer.subarray(0, 8).toString('latin1'),
    dataOffset: footer.readBigUInt64BE(16),
    currentSize: Number(footer.readBigUInt64BE(48)),
    diskType: footer.readUInt32BE(60),
    checksumOk: footer.readUInt32BE(64) === ~sum >>> 0,
  };
}

describe('Image Customizer builds through the engine (stand-in image)', () => {
  let engine: ContainerEngine;
  let folder: string;
  let configPath: string;
  let smallBase: string;
  let largeBase: string;

  before(() => {
    engine = testEngine();
    folder = mkdtempSync(join(tmpdir(), 'azl-imagebuild-'));
    configPath = join(folder, 'image.azl.yaml');
    writeFileSync(configPath, 'os:\n  hostname: built\n  packages:\n    install:\n      - dnf\n');
    smallBase = join(folder, 'base.raw');
    writeFileSync(smallBase, Buffer.from('azure linux base image'));
    truncateSync(smallBase, 3 * 1024 * 1024);
    // Large enough that the stand-in is still writing when a test stops it (it writes a MiB at a time).
    largeBase = join(folder, 'large.raw');
    writeFileSync(largeBase, '');
    truncateSync(largeBase, 512 * 1024 * 1024);
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  function request(overrides: Partial<ImageCustomizerRequest>): ImageCustomizerRequest {
    const buildId = `t${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    return {
      buildId,
      tag,
      configPath,
      configRoot: folder,
      baseImagePath: smallBase,
      format: 'vhd-fixed',
      outputPath: join(folder, 'out', `${buildId}.vhd`),
      ...overrides,
    };
  }

  async function containersOf(buildId: string) {
    return (await engine.listContainers()).filter((container) => container.labels[azlLabels.imageBuild] === buildId);
  }

  function collect() {
    const stages: BuildStage[] = [];
    const lines: LogEntry[] = [];
    let containerId: string | undefined;
    return {
      stages,
      lines,
      get containerId() {
        return containerId;
      },
      events: {
        onStage: (stage: BuildStage) => stages.push(stage),
        onLog: (entry: LogEntry) => lines.push(entry),
        onContainer: (id: string) => (containerId = id),
      },
    };
  }

  it('builds a fixed VHD: the output has a valid footer, the stages follow the JSON log, nothing is left behind', async () => {
    const build = request({});
    const seen = collect();
    const outcome = await runImageCustomizer(engine, build, seen.events, new AbortController().signal);
    assert.equal(outcome.outputPath, build.outputPath);
    const footer = readVhdFooter(build.outputPath);
    assert.equal(footer.cookie, 'conectix');
    assert.equal(footer.diskType, 2, 'a fixed disk');
    assert.equal(footer.dataOffset, 0xffffffffffffffffn, 'a fixed disk has no dynamic header');
    assert.equal(footer.currentSize, 3 * 1024 * 1024, 'the disk is the base rounded to whole MiB');
    assert.ok(footer.checksumOk, 'the footer checksum is right');
    assert.equal(statSync(build.outputPath).size, outcome.sizeBytes);
    assert.equal(readFileSync(build.outputPath).subarray(0, 22).toString(), 'azure linux base image');
    assert.deepEqual(seen.stages, ['base', 'packages', 'os', 'output', 'done']);
    assert.ok(
      seen.lines.some((line) => line.level === 'info' && line.message === 'Installing packages (1): [dnf]'),
      'the JSON lines are parsed',
    );
    assert.ok(!existsSync(stagingFolderFor(build.outputPath, build.buildId)), 'the staging folder is gone');
    assert.deepEqual(await containersOf(build.buildId), [], 'the container is gone');
  });

  it('builds a qcow2 image with a version 3 header', async () => {
    const build = request({ format: 'qcow2', outputPath: join(folder, 'out', 'image.qcow2') });
    await runImageCustomizer(engine, build, collect().events, new AbortController().signal);
    const header = readFileSync(build.outputPath).subarray(0, 104);
    assert.deepEqual([...header.subarray(0, 4)], [0x51, 0x46, 0x49, 0xfb], 'QFI\\xfb');
    assert.equal(header.readUInt32BE(4), 3, 'version 3');
    assert.equal(header.readUInt32BE(20), 16, '64 KiB clusters');
    assert.equal(Number(header.readBigUInt64BE(24)), 3 * 1024 * 1024, 'the virtual size');
  });

  it("fails with Image Customizer's own words for an invalid config, and removes what it made", async () => {
    const badConfig = join(folder, 'bad.azl.yaml');
    writeFileSync(badConfig, 'os:\n  hostname: x\nbogus: 1\n');
    const outFolder = join(folder, 'never-made');
    const build = request({ configPath: badConfig, outputPath: join(outFolder, 'image.vhd') });
    await assert.rejects(runImageCustomizer(engine, build, collect().events, new AbortController().signal), (error: unknown) => {
      assert.ok(error instanceof ImageCustomizerFailure);
      // main.go wraps yaml.v3's unknown-field error (imagecustomizerapi.UnmarshalYaml uses KnownFields(true)).
      assert.equal(
        error.message,
        'image customization failed: yaml: unmarshal errors: line 3: field bogus not found in type imagecustomizerapi.Config',
      );
      assert.equal(error.exitCode, 1);
      return true;
    });
    assert.ok(!existsSync(outFolder), 'the output folder this build made is removed again');
    assert.deepEqual(await containersOf(build.buildId), []);
  });

  it('says "input image file must be specified" when neither the command line nor the config names a base', async () => {
    const build = request({ baseImagePath: undefined });
    await assert.rejects(
      runImageCustomizer(engine, build, collect().events, new AbortController().signal),
      /^ImageCustomizerFailure: image customization failed: invalid image config: input image file must be specified$/,
    );
  });

  async function partialOutput(build: ImageCustomizerRequest): Promise<string> {
    const staged = join(stagingFolderFor(build.outputPath, build.buildId), 'image.vhd');
    return eventually('the stand-in to start writing the output', () => existsSync(staged) && statSync(staged).size > 0 && staged, {
      timeoutMs: 60_000,
    });
  }

  it('a build whose container dies mid-write fails and leaves no partial output', async () => {
    const build = request({ baseImagePath: largeBase, outputPath: join(folder, 'crash', 'image.vhd') });
    const seen = collect();
    const running = runImageCustomizer(engine, build, seen.events, new AbortController().signal);
    await partialOutput(build);
    const { Dockerode } = dockerPackages();
    const docker = new Dockerode({ socketPath: process.env.DOCKER_HOST!.replace(/^unix:\/\//, '') });
    await docker.getContainer(seen.containerId!).kill();
    await assert.rejects(running, (error: unknown) => {
      assert.ok(error instanceof ImageCustomizerFailure);
      assert.match(error.message, /^Image Customizer stopped with exit code 137 before it finished\.$/);
      return true;
    });
    assert.ok(!existsSync(build.outputPath));
    assert.ok(!existsSync(join(folder, 'crash')), 'nothing is left in the folder the build made');
    assert.deepEqual(await containersOf(build.buildId), []);
  });

  it('cancel stops and removes the container and deletes the partial output', async () => {
    const build = request({ baseImagePath: largeBase, outputPath: join(folder, 'cancelled', 'image.vhd') });
    writeFileSync(join(folder, 'keep.txt'), 'not ours');
    const cancel = new AbortController();
    const seen = collect();
    const running = runImageCustomizer(engine, build, seen.events, cancel.signal);
    await partialOutput(build);
    assert.equal((await containersOf(build.buildId)).length, 1, 'the container runs');
    cancel.abort();
    await assert.rejects(running, (error: unknown) => error instanceof EngineError && error.kind === 'cancelled');
    assert.deepEqual(await containersOf(build.buildId), [], 'the container is gone');
    assert.ok(!existsSync(join(folder, 'cancelled')), 'the partial output and its folder are gone');
    assert.ok(existsSync(join(folder, 'keep.txt')), 'files the build did not write stay');
    assert.ok(readdirSync(folder).includes('base.raw'));
  });
});
