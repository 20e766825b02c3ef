import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from '../../src/api';
import type { ImageBuildRecord } from '../../src/features/imageBuilds/core/buildsModel';
import type { TreeNode } from '../../src/views/treeNode';
import { eventually } from '../helpers/eventually';
import { hasDockerHost } from './dockerHost';
import { activateExtension, recordSeams, type Recorded } from './helpers';

/*
 * Build Image with Image Customizer inside a real VS Code, against the private engine and the Image Customizer
 * stand-in that scripts/docker-engine.mjs puts there as mcr.microsoft.com/azurelinux/imagecustomizer:stand-in.
 */
describe('Image builds', () => {
  let api: AzureLinuxToolsApi;
  let folder: string;
  let recorded: Recorded;

  before(async () => {
    api = await activateExtension();
    folder = mkdtempSync(join(tmpdir(), 'azl-it-imagebuild-'));
  });

  beforeEach(() => {
    recorded = recordSeams(api, { openTerminals: false });
  });

  afterEach(() => recorded.restore());

  after(async () => {
    for (const build of api.context.imageBuilds.builds.filter((b) => b.configPath.startsWith(folder))) {
      await api.context.imageBuilds.remove(build.id);
    }
    rmSync(folder, { recursive: true, force: true });
  });

  async function imageBuildRows(): Promise<TreeNode[]> {
    const roots = await api.views.localEnvironments.provider.getChildren();
    const group = roots.find((node) => node.id === 'group:imageBuilds');
    return group ? await api.views.localEnvironments.provider.getChildren(group) : [];
  }

  it('refuses a config with errors and says where the first one is', async () => {
    const configPath = join(folder, 'broken.azl.yaml');
    writeFileSync(configPath, 'os:\n  hostnme: x\n');
    const before = api.context.imageBuilds.builds.length;
    const result = await vscode.commands.executeCommand<ImageBuildRecord | undefined>(
      'azureLinux.imageBuilds.build',
      vscode.Uri.file(configPath),
      { base: join(folder, 'nowhere.vhdx'), format: 'vhd-fixed' },
    );
    assert.equal(result, undefined);
    const shown = recorded.last('error');
    assert.match(shown?.message ?? '', /^broken\.azl\.yaml has an error, so it was not built\. Line 2: /);
    assert.deepEqual(shown?.actions, ['Show Problems']);
    assert.equal(api.context.imageBuilds.builds.length, before, 'no build was started');
  });

  if (!hasDockerHost()) {
    return;
  }

  describe('with the private Docker engine and the stand-in image', () => {
    const settings = () => vscode.workspace.getConfiguration('azureLinux.imageBuilds');

    before(async () => {
      await settings().update('imageCustomizerTag', 'stand-in', vscode.ConfigurationTarget.Global);
    });

    after(async () => {
      await settings().update('imageCustomizerTag', undefined, vscode.ConfigurationTarget.Global);
    });

    it('builds a fixed VHD from a base file and lists the build in Image Builds; a config edit offers Rebuild', async () => {
      const configPath = join(folder, 'web.azl.yaml');
      writeFileSync(configPath, 'os:\n  hostname: web\n');
      const base = join(folder, 'base.raw');
      writeFileSync(base, 'base');
      truncateSync(base, 2 * 1024 * 1024);
      // The status bar's activity follows the build while it runs, and shows nothing once it has ended.
      const activity = api.context.activity;
      const seen: string[] = [];
      const watching = activity.onDidChange(() => seen.push(...activity.running.map((running) => running.title)));
      let record: ImageBuildRecord | undefined;
      try {
        record = await vscode.commands.executeCommand<ImageBuildRecord | undefined>(
          'azureLinux.imageBuilds.build',
          vscode.Uri.file(configPath),
          { base, format: 'vhd-fixed' },
        );
      } finally {
        watching.dispose();
      }
      assert.ok(
        seen.some((title) => /^Building .*web\.azl\.yaml with Image Customizer$/.test(title)),
        JSON.stringify(seen),
      );
      assert.deepEqual(activity.running, [], 'nothing runs once the build has ended');
      assert.equal(record?.state, 'succeeded', `the build ended ${record?.state}: ${record?.error ?? ''}`);
      assert.equal(record.outputPath, join(folder, 'out', 'web.vhd'));
      const output = readFileSync(record.outputPath);
      assert.equal(output.subarray(output.length - 512, output.length - 504).toString('latin1'), 'conectix', 'a VHD footer');
      assert.match(recorded.last('info')?.message ?? '', /^Built web\.vhd\.$/);

      const row = (await imageBuildRows()).find((node) => node.id === `imageBuild:${record.id}`);
      const item = row?.getTreeItem();
      assert.equal(item?.label, 'web.azl.yaml');
      assert.equal(item?.contextValue, 'imageBuilds.build.succeeded.output.vhd');
      assert.match(String(item?.description), /^succeeded · vhd-fixed · 2\.0 MB · \d+ s$/);
      assert.match(String(item?.tooltip), /Base: base\.raw/);

      writeFileSync(configPath, 'os:\n  hostname: web2\n');
      const changed = await eventually(
        'the build row to say the config changed',
        async () => {
          const current = (await imageBuildRows()).find((node) => node.id === `imageBuild:${record.id}`)?.getTreeItem();
          return current?.contextValue === 'imageBuilds.build.succeeded.output.vhd.configChanged' && current;
        },
        { onChange: (listener) => api.views.localEnvironments.provider.onDidChangeTreeData(listener) },
      );
      assert.match(String(changed.description), /^config changed · succeeded/);

      const rebuilt = await vscode.commands.executeCommand<ImageBuildRecord | undefined>('azureLinux.imageBuilds.rebuild', row);
      assert.equal(rebuilt?.state, 'succeeded');
      assert.notEqual(rebuilt.id, record.id);
      const rows = await imageBuildRows();
      assert.equal(rows[0].id, `imageBuild:${rebuilt.id}`, 'newest first');
      assert.equal(rows[0].getTreeItem().contextValue, 'imageBuilds.build.succeeded.output.vhd');
      assert.equal(
        rows.find((node) => node.id === `imageBuild:${record.id}`)?.getTreeItem().contextValue,
        'imageBuilds.build.succeeded.configChanged',
        'the older build no longer owns the output it wrote (the rebuild replaced it)',
      );

      await api.context.imageBuilds.deleteOutput(rebuilt.id);
      assert.ok(!existsSync(rebuilt.outputPath), 'Delete Output removed the file the build wrote');
      assert.equal((await imageBuildRows())[0].getTreeItem().contextValue, 'imageBuilds.build.succeeded');
    });

    it("a base file on the command line overrides the config's input.image, as upstream documents; the log is kept", async () => {
      const configPath = join(folder, 'named-input.azl.yaml');
      writeFileSync(configPath, 'input:\n  image:\n    path: ./gone.vhdx\n');
      const record = await vscode.commands.executeCommand<ImageBuildRecord | undefined>(
        'azureLinux.imageBuilds.build',
        vscode.Uri.file(configPath),
        { base: join(folder, 'base.raw'), format: 'qcow2' },
      );
      assert.equal(record?.state, 'succeeded', `the build ended ${record?.state}: ${record?.error ?? ''}`);
      assert.ok(existsSync(join(folder, 'out', 'named-input.qcow2')));
      const log = readFileSync(api.context.imageBuilds.logUri(record.id).fsPath, 'utf8');
      assert.match(log, /^\[info\] Success!$/m, 'the build log has the lines, read from JSON');
    });

    it("a failed build shows Image Customizer's own error in the notification and on its row", async () => {
      // The stand-in downloads nothing, so a base the config names by Azure Linux version is "not specified" to it.
      const configPath = join(folder, 'download.azl.yaml');
      writeFileSync(
        configPath,
        'previewFeatures:\n  - input-image-oci\ninput:\n  image:\n    azureLinux:\n      variant: minimal-os\n      version: "3.0"\n',
      );
      const record = await vscode.commands.executeCommand<ImageBuildRecord | undefined>(
        'azureLinux.imageBuilds.build',
        vscode.Uri.file(configPath),
        { base: 'config', format: 'raw' },
      );
      assert.equal(record?.state, 'failed');
      const words = 'image customization failed: invalid image config: input image file must be specified';
      assert.equal(record.error, words);
      assert.equal(recorded.last('error')?.message, `The image build of download.azl.yaml failed: ${words}`);
      const item = (await imageBuildRows()).find((node) => node.id === `imageBuild:${record.id}`)?.getTreeItem();
      assert.equal(item?.contextValue, 'imageBuilds.build.failed');
      assert.match(String(item?.tooltip), new RegExp(`Error: ${words}`));
      assert.ok(!existsSync(join(folder, 'out', 'download.raw')));
    });
  });
});
