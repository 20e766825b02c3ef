import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../src/language/core/index';
import { isLocalPath } from '../../../../src/language/core/image/rules/files';
import { isSnapshotTime } from '../../../../src/language/core/image/rules/sections';
import { applyFix, assertClean, assertOne, check, withCode } from './helpers';

/** Configs upstream accepts must stay clean, and the ones it rejects must be reported: one pair per finding. */
describe('image configs as upstream reads them', () => {
  it('takes an explicit "" on enum fields as the default, as the Go types do', () => {
    assertClean(
      [
        'storage:',
        '  bootType: ""',
        '  resetPartitionsUuidsType: ""',
        'os:',
        '  imageHistory: ""',
        '  selinux:',
        '    mode: ""',
        '  bootloader:',
        '    resetType: ""',
        'output:',
        '  image:',
        '    format: ""',
        '',
      ].join('\n'),
    );
    const fileSystem = 'storage:\n  filesystems:\n  - deviceId: x\n    type: ""\n    mountPoint:\n      path: /data\n      idType: ""\n';
    assert.deepEqual(withCode(fileSystem, 'image/invalid-value'), []);
    assertOne('os:\n  imageHistory: nope\n', 'image/invalid-value', 'nope', /Allowed values: 'none'/);
    // partitionTableType has no empty default upstream: only gpt.
    assertOne('storage:\n  disks:\n  - partitionTableType: ""\n', 'image/invalid-value', '""', /'gpt'/);
  });

  it('refuses the old artifact names systemd-boot and uki-addons as the pinned release does, with the rename', () => {
    const text = 'previewFeatures: [output-artifacts]\noutput:\n  artifacts:\n    path: out\n    items: [systemd-boot]\n';
    const problem = assertOne(text, 'image/deprecated-value', 'systemd-boot', /'bootloader'/);
    assert.equal(problem.severity, 'error');
    assert.equal(applyFix(text, problem.fixes![0]), text.replace('systemd-boot', 'bootloader'));
    assertClean(text.replace('systemd-boot', 'bootloader'));
    const addons = assertOne(
      text.replace('systemd-boot', 'uki-addons'),
      'image/deprecated-value',
      'uki-addons',
      /always copied with 'ukis'/,
    );
    assert.equal(addons.severity, 'error');
    assertOne(text.replace('systemd-boot', 'grub'), 'image/invalid-value', 'grub', /Allowed values/);
  });

  it('knows no keys that only unmerged upstream branches or older releases had (acl, resizeDisk, symlinkMode, uki.kernels)', () => {
    assertOne('acl:\n  oemId: metal\n', 'image/unknown-key', 'acl', /Unknown key 'acl'/, { fileName: 'x.azl.yaml' });
    assertOne('storage:\n  resizeDisk:\n    diskSize: 50G\n', 'image/unknown-key', 'resizeDisk', /Unknown key/);
    assertOne(
      'os:\n  additionalDirs:\n  - source: d\n    destination: /d\n    symlinkMode: copy\n',
      'image/unknown-key',
      'symlinkMode',
      /Unknown key/,
    );
    assertOne('previewFeatures: [uki]\nos:\n  uki:\n    kernels: auto\n', 'image/unknown-key', 'kernels', /Unknown key/);
  });

  it('does not add semantic errors on top of a syntax error', () => {
    const text = 'storage:\n  disks:\n  - partitions: []\nos:\n  bootloader:\n    resetType: hard-reset\n\thostname: foo\n';
    const codes = check(text).map((problem) => problem.code);
    assert.deepEqual(codes, ['syntax/yaml']);
    // Without the tab, the same config gets its real problems.
    assert.ok(check('storage:\n  disks:\n  - partitions: []\n').some((problem) => problem.code === 'image/bootloader-reset-required'));
  });

  it('reads only the first document of an image config, and says so for the rest', () => {
    const text = 'os:\n  hostname: box\n---\nnot: an image config\n';
    const found = check(text);
    assert.deepEqual(
      found.map((problem) => [problem.code, problem.severity]),
      [['image/later-document', 'info']],
    );
    assertOne('os:\n  hostnme: box\n---\nos: {}\n', 'image/unknown-key', 'hostnme', /Did you mean 'hostname'/);
  });

  it('leaves a Kubernetes manifest followed by an image document alone', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\nos:\n  hostname: box\n';
    const analysis = analyze(text, { fileName: 'deploy.yaml' });
    assert.equal(analysis.kind, undefined);
    assert.deepEqual(analysis.problems, []);
  });

  it('reads JSON image configs with yaml.v3 leniency: a number where a string goes', () => {
    const json = '{"input": {"image": {"azureLinux": {"version": 3.0, "variant": "minimal-os"}}}, "os": {"hostname": "box"}}';
    assertClean(json, undefined, 'image.json');
    assertOne('{"os": {"hostname": ["box"]}}', 'image/invalid-type', '["box"]', /Expected a string/, { fileName: 'image.json' });
  });

  it('rejects only exactly empty service names, device ids and verity ids', () => {
    assertClean('os:\n  services:\n    enable: [" "]\n');
    assertOne('os:\n  services:\n    disable: [""]\n', 'image/invalid-value', '""', /not empty/);
    assertOne('os:\n  users:\n  - name: " "\n', 'image/invalid-value', '" "', /not empty/);
  });

  it('does not claim Helm values, workflows, compose files or OpenAPI documents by content', () => {
    const others: Record<string, string> = {
      'values.yaml': 'replicaCount: 1\n',
      'helm-storage.yaml': 'storage:\n  size: 10Gi\noutput:\n  format: json\n',
      'helm-os.yaml': 'os:\n  name: linux\n  arch: amd64\n',
      'workflow.yaml': 'name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n',
      'compose.yaml': 'services:\n  web:\n    image: nginx\n',
      'openapi.yaml': 'openapi: 3.0.0\ninfo:\n  title: x\n',
      'k8s.yaml': 'apiVersion: apps/v1\nkind: Deployment\n',
    };
    for (const [name, text] of Object.entries(others)) assert.equal(analyze(text, { fileName: name }).kind, undefined, name);
    assert.equal(analyze('storage:\n  bootType: efi\noutput:\n  image:\n    format: vhdx\n', { fileName: 'x.yaml' }).kind, 'image');
  });

  it('keeps script paths inside the config folder', () => {
    assertClean('scripts:\n  postCustomization:\n  - path: scripts/setup.sh\n  - path: a/../b.sh\n');
    assertOne(
      'scripts:\n  postCustomization:\n  - path: ../setup.sh\n',
      'image/script-not-under-config-dir',
      '../setup.sh',
      /inside this config file's folder/,
    );
    assertOne(
      'scripts:\n  finalizeCustomization:\n  - path: /abs/setup.sh\n',
      'image/script-not-under-config-dir',
      '/abs/setup.sh',
      /inside/,
    );
    assert.equal(isLocalPath('a/../../b'), false);
    assert.equal(isLocalPath('./a'), true);
  });

  it('rejects an empty kernel argument', () => {
    assertClean('os:\n  kernelCommandLine:\n    extraCommandLine: [console=ttyS0]\n');
    assertOne('os:\n  kernelCommandLine:\n    extraCommandLine: [""]\n', 'image/invalid-value', '""', /kernel argument that is not empty/);
  });

  it('identifies existing verity partitions by part-label only, with a GPT name as id', () => {
    const verity = (idType: string, id: string) =>
      `storage:\n  verity:\n  - id: root\n    name: root\n    dataDevice:\n      idType: ${idType}\n      id: ${id}\n    hashDevice:\n      idType: part-label\n      id: roothash\n`;
    assert.equal(withCode(verity('part-label', 'rootdata'), 'image/invalid-value').length, 0);
    assertOne(verity('part-uuid', 'rootdata'), 'image/invalid-value', 'part-uuid', /'part-label'/);
    assertOne(verity('part-label', 'x'.repeat(36)), 'image/invalid-value', 'x'.repeat(36), /at most 35/);
  });

  it('parses snapshot times as Go does: upper-case T and Z only', () => {
    assert.equal(isSnapshotTime('2024-05-20T15:04:05Z'), true);
    assert.equal(isSnapshotTime('2024-05-20t15:04:05z'), false);
    assert.equal(isSnapshotTime('2024-05-20T15:04:05z'), false);
  });
});
