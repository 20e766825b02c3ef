import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  containerConfigPath,
  contractFor,
  hostCanBuild,
  imageCustomizerInvocation,
  toolVersionOfTag,
  type InvocationInput,
} from '../../../src/imageCustomizer/core/commandLine';

/*
 * The arguments the extension passes, checked against upstream's documentation as read at
 * microsoft/azure-linux-image-tools commit b80d3525b020646e92e0c3e2449cfb54412ff24f (v1.6.0 and later).
 *
 * docs/imagecustomizer/quick-start/quick-start.md:
 *     docker run \
 *       --rm \
 *       --privileged=true \
 *       -v "$HOME/staging:/mnt/staging:z" \
 *       mcr.microsoft.com/azurelinux/imagecustomizer:latest \
 *         --image-file "/mnt/staging/image.vhdx" \
 *         --config-file "/mnt/staging/image-config.yaml" \
 *         --build-dir "/build" \
 *         --output-image-format "vhdx" \
 *         --output-image-file "/mnt/staging/out/image.vhdx"
 *   "For v1.4 and below, you must also add the docker option: - `-v /dev:/dev`"
 *
 * docs/imagecustomizer/api/cli/customize.md:
 *   "## --build-dir=DIRECTORY-PATH  Required."  "## --config-file=FILE-PATH  Required."
 *   "## --image-file=FILE-PATH ... If both a command-line input image and a configuration input image are specified,
 *    then the command line's input image overrides the config file's input image."
 *   "## --output-image-format=FORMAT ... Supported image formats: `vhd`, `vhd-fixed`, `vhdx`, `qcow2`, `raw`, ..."
 *   "## --image-cache-dir ... used in conjunction with the [oci](../configuration/inputImage.md#oci-ociimage) API."
 * docs/imagecustomizer/api/cli/cli.md:
 *   "## --log-format=FORMAT ... `json`: Output the logs as a sequence of JSON objects. ... Added in v1.3."
 *
 * Preview features cannot be passed on the command line: the customize command has no such flag (main.go's
 * CustomizeCmd), and toolkit/tools/pkg/imagecustomizerlib/imagecustomizeroptions.go says of
 * ImageCustomizerOptions.PreviewFeatures: "Not provided via the command line. Only used in tests." A config that
 * needs one must list it under `previewFeatures` (the language service reports it missing as an error, which stops
 * the build), so the extension passes none.
 *
 * History: the image's ENTRYPOINT arrived in v0.18.0 ("Set container ENTRYPOINT. (#368)", f6cb22bd9; before it the
 * command line began with `imagecustomizer`); `-v /dev:/dev` stopped being needed in v1.5.0 ("Remove requirement to
 * bind mount /dev for container. (#784)", d0cd1d122).
 */

const input: InvocationInput = {
  tag: '1.6.0',
  configPath: '/home/dev/project/images/web.azl.yaml',
  configRoot: '/home/dev/project',
  baseImagePath: '/home/dev/Downloads/azurelinux-3.0.vhdx',
  stagingFolder: '/home/dev/project/images/out/.azl-build-1',
  outputFileName: 'web.vhd',
  format: 'vhd-fixed',
};

/** `--flag value` pairs of a command line. */
function flags(cmd: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  for (let i = 0; i < cmd.length; i++) {
    if (cmd[i].startsWith('--')) result.set(cmd[i], cmd[i + 1]);
  }
  return result;
}

describe('the Image Customizer container, as upstream documents it', () => {
  it('runs the published image, privileged, with the staging folder mounted as the quick-start mounts it', () => {
    const run = imageCustomizerInvocation(input);
    assert.equal(run.image, 'mcr.microsoft.com/azurelinux/imagecustomizer:1.6.0');
    assert.equal(run.privileged, true);
    assert.ok(
      run.mounts.some((m) => m.source === '/home/dev/project/images/out/.azl-build-1' && m.target === '/mnt/staging' && !m.readOnly),
    );
    assert.ok(
      run.mounts.some((m) => m.source === '/home/dev/project' && m.target === '/mnt/config' && m.readOnly === true),
      'the config and the files it names, read-only',
    );
    assert.ok(
      run.mounts.some(
        (m) =>
          m.source === '/home/dev/Downloads/azurelinux-3.0.vhdx' && m.target === '/mnt/base/azurelinux-3.0.vhdx' && m.readOnly === true,
      ),
      'the base, read-only',
    );
    assert.ok(!run.mounts.some((m) => m.source === '/dev'), 'v1.5 and later need no /dev mount');
  });

  it('passes exactly the customize options of the CLI reference, the required ones included', () => {
    const run = imageCustomizerInvocation(input);
    assert.notEqual(run.cmd[0], 'imagecustomizer', 'the image has an ENTRYPOINT since v0.18');
    assert.deepEqual(Object.fromEntries(flags(run.cmd)), {
      '--image-file': '/mnt/base/azurelinux-3.0.vhdx',
      '--config-file': '/mnt/config/images/web.azl.yaml',
      '--build-dir': '/build',
      '--output-image-format': 'vhd-fixed',
      '--output-image-file': '/mnt/staging/web.vhd',
      '--log-format': 'json',
    });
    assert.equal(run.cmd.length, 12, 'every flag has one value and nothing else is passed');
    assert.equal(run.containerOutputPath, '/mnt/staging/web.vhd');
    assert.ok(!run.cmd.some((arg) => /preview/i.test(arg)), 'no preview-feature flag: upstream has none');
  });

  it("leaves out --image-file for the config's own base, and gives a base it downloads a cache", () => {
    const own = imageCustomizerInvocation({ ...input, baseImagePath: undefined, cacheFolder: '/home/dev/.cache/azl' });
    assert.ok(!own.cmd.includes('--image-file'));
    assert.equal(flags(own.cmd).get('--image-cache-dir'), '/mnt/cache');
    assert.ok(own.mounts.some((m) => m.source === '/home/dev/.cache/azl' && m.target === '/mnt/cache'));
    const withFile = imageCustomizerInvocation({ ...input, cacheFolder: '/home/dev/.cache/azl' });
    assert.ok(!withFile.cmd.includes('--image-cache-dir'), 'a base file needs no download cache');
  });

  it('follows the tool version in the tag: /dev for v1.4 and below, text logs before v1.3, the command name before v0.18', () => {
    const v14 = imageCustomizerInvocation({ ...input, tag: '1.4.0' });
    assert.ok(v14.mounts.some((m) => m.source === '/dev' && m.target === '/dev'));
    assert.equal(flags(v14.cmd).get('--log-format'), 'json');
    const v12 = imageCustomizerInvocation({ ...input, tag: 'v1.2.3' });
    assert.ok(!v12.cmd.includes('--log-format'), '--log-format was added in v1.3');
    const v017 = imageCustomizerInvocation({ ...input, tag: '0.17.0' });
    assert.equal(v017.cmd[0], 'imagecustomizer');
    assert.deepEqual(contractFor('0.18.0'), { commandName: false, bindDev: true, jsonLog: false });
    assert.deepEqual(contractFor('1.5.0'), { commandName: false, bindDev: false, jsonLog: true });
    assert.deepEqual(contractFor('latest'), { commandName: false, bindDev: false, jsonLog: true }, 'a name, not a version: current');
    assert.deepEqual(toolVersionOfTag('1.5'), { major: 1, minor: 5, patch: 0 });
    assert.equal(toolVersionOfTag('stand-in'), undefined);
  });

  it('maps the config into the container only from inside the mounted folder', () => {
    assert.equal(containerConfigPath('/w/a/b.yaml', '/w'), '/mnt/config/a/b.yaml');
    assert.equal(containerConfigPath('/elsewhere/b.yaml', '/w'), undefined);
    assert.throws(() => imageCustomizerInvocation({ ...input, configRoot: '/somewhere/else' }));
  });

  it('builds on Linux hosts only (loop devices)', () => {
    assert.equal(hostCanBuild('linux'), true);
    assert.equal(hostCanBuild('darwin'), false);
    assert.equal(hostCanBuild('win32'), false);
  });
});
