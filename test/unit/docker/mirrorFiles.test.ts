import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBuildContext } from '../../../src/environmentFromConfig/buildContext';
import { nodeFileAccess } from '../../../src/environmentFromConfig/nodeFiles';
import { planMirror } from '../../../src/environmentFromConfig/plan';

/*
 * A local environment is built from the files a config names: the build must copy nothing from outside the
 * workspace folder into an image, and never wait on a pipe, whatever the config says or the disk holds by then.
 */
describe('the mirror build and the files a config names', () => {
  let base: string;
  let workspace: string;
  const root = () => ({ path: workspace, name: 'the workspace folder' });

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'azl-mirror-files-'));
    workspace = join(base, 'workspace');
    mkdirSync(join(workspace, 'config'), { recursive: true });
    mkdirSync(join(base, 'outside', 'tree'), { recursive: true });
    writeFileSync(join(base, 'outside', 'id_rsa'), 'PRIVATE KEY');
    writeFileSync(join(base, 'outside', 'list.yaml'), 'packages: [secret-package]\n');
    writeFileSync(join(base, 'outside', 'script.sh'), 'echo secret\n');
    writeFileSync(join(base, 'outside', 'tree', 'a'), 'a');
    symlinkSync(join(base, 'outside', 'id_rsa'), join(workspace, 'config', 'key-link'));
    execFileSync('mkfifo', [join(workspace, 'config', 'pipe')]);
    writeFileSync(join(workspace, 'config', 'motd'), 'hello');
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('copies only regular files inside the workspace folder; the others are not mirrored, with the reason', () => {
    const configPath = join(workspace, 'config', 'image.yaml');
    const configText = [
      'os:',
      '  packages:',
      '    installLists: [../../outside/list.yaml]',
      '  additionalFiles:',
      '    - {source: motd, destination: /etc/motd}',
      '    - {source: ../../outside/id_rsa, destination: /root/a}',
      '    - {source: key-link, destination: /root/b}',
      `    - {source: ${join(base, 'outside', 'id_rsa')}, destination: /root/c}`,
      '    - {source: pipe, destination: /root/d}',
      '  additionalDirs:',
      '    - {source: ../../outside/tree, destination: /opt/tree}',
      'scripts:',
      '  postCustomization:',
      '    - path: ../../outside/script.sh',
    ].join('\n');
    const plan = planMirror({
      configPath,
      configText,
      files: nodeFileAccess(root()),
      runPostCustomization: true,
      baseImage: 'azl-test/base:3.0',
    });
    assert.deepEqual(
      plan.context.map((entry) => entry.kind === 'hostFile' && entry.hostPath),
      [join(workspace, 'config', 'motd')],
    );
    const outside = 'is outside the workspace folder; not copied.';
    assert.deepEqual(
      plan.notMirrored.map((item) => `${item.key}: ${item.reason}`),
      [
        'os.packages.installLists[0]: The package list ../../outside/list.yaml cannot be read: it is outside the workspace folder; not read.',
        `os.additionalDirs[0]: The source directory ../../outside/tree ${outside}`,
        `os.additionalFiles[1]: The source file ../../outside/id_rsa ${outside}`,
        `os.additionalFiles[2]: The source file key-link ${outside}`,
        `os.additionalFiles[3]: The source file ${join(base, 'outside', 'id_rsa')} ${outside}`,
        'os.additionalFiles[4]: The source file pipe is a named pipe, not a regular file; not copied.',
        `scripts.postCustomization[0]: The script ../../outside/script.sh ${outside}`,
      ],
    );
    assert.doesNotMatch(plan.dockerfile, /secret-package/);
  });

  it(
    'refuses, when writing the context, a planned file that became a link out of the workspace or a pipe',
    { timeout: 60_000 },
    async () => {
      const folder = join(workspace, 'swapped');
      mkdirSync(folder);
      writeFileSync(join(folder, 'a'), 'a');
      writeFileSync(join(folder, 'b'), 'b');
      const configPath = join(folder, 'image.yaml');
      const configText = 'os:\n  additionalFiles:\n    - {source: a, destination: /a}\n    - {source: b, destination: /b}\n';
      const plan = () => planMirror({ configPath, configText, files: nodeFileAccess(root()), runPostCustomization: false, baseImage: 'x' });

      const linked = plan();
      rmSync(join(folder, 'a'));
      symlinkSync(join(base, 'outside', 'id_rsa'), join(folder, 'a'));
      const first = createBuildContext(linked);
      first.stream.resume();
      await assert.rejects(first.done, /a for the build: it is outside the workspace folder; not copied\./);

      rmSync(join(folder, 'a'));
      writeFileSync(join(folder, 'a'), 'a');
      const piped = plan();
      rmSync(join(folder, 'b'));
      execFileSync('mkfifo', [join(folder, 'b')]);
      const second = createBuildContext(piped);
      second.stream.resume();
      await assert.rejects(second.done, /b for the build: it is a named pipe, not a regular file; not copied\./);
    },
  );
});
