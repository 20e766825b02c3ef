import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClean, assertOne, check, EFI_STORAGE, memoryFiles, RESET, withCode } from './helpers';

describe('image base configs', () => {
  it('checks each file of the chain on its own, as upstream does: resetType in the file with storage.disks', () => {
    const files = memoryFiles({ 'base.yaml': EFI_STORAGE + RESET });
    assertClean('previewFeatures:\n  - base-configs\nbaseConfigs:\n  - path: base.yaml\n', files);
    // The child's resetType does not cover the base's disks: upstream validates the base alone and rejects it.
    const apart = memoryFiles({ 'base.yaml': EFI_STORAGE });
    assertOne(
      'previewFeatures:\n  - base-configs\nbaseConfigs:\n  - path: base.yaml\n' + RESET,
      'image/base-config',
      'base.yaml',
      /resetType/,
      { files: apart },
    );
  });

  it("uses only a file's own previewFeatures for its preview settings", () => {
    const own = memoryFiles({ 'base.yaml': 'previewFeatures:\n  - uki\nos:\n  uki:\n    mode: passthrough\n' });
    assertClean('previewFeatures:\n  - base-configs\nbaseConfigs:\n  - path: base.yaml\n', own);
    const inherited = memoryFiles({ 'base.yaml': 'previewFeatures:\n  - uki\n' });
    const text = 'previewFeatures:\n  - base-configs\nbaseConfigs:\n  - path: base.yaml\nos:\n  uki:\n    mode: passthrough\n';
    assertOne(text, 'image/preview-feature-required', 'uki', /add 'uki' to 'previewFeatures'/, { files: inherited });
  });

  it('rejects a base reached twice (listed twice or through two bases), as upstream keeps one visited set', () => {
    const files = memoryFiles({
      'a.yaml': 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: common.yaml\n',
      'b.yaml': 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: common.yaml\n',
      'common.yaml': 'os:\n  hostname: fine\n',
    });
    const diamond = 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: a.yaml\n  - path: b.yaml\n';
    assertOne(diamond, 'image/base-config', 'b.yaml', /'common.yaml' is reached more than once/, { files });
    const twice = 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: common.yaml\n  - path: common.yaml\n';
    assertOne(twice, 'image/base-config', 'common.yaml', /reached more than once/, { files, occurrence: 1 });
    assertClean('previewFeatures: [base-configs]\nbaseConfigs:\n  - path: a.yaml\n', files);
  });

  it('reports a base config problem on the entry that names it, with its line', () => {
    const files = memoryFiles({ 'base.yaml': 'os:\n  hostname: bad_name\n' });
    const text = 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: base.yaml\n';
    const problem = assertOne(text, 'image/base-config', 'base.yaml', /In base config 'base.yaml', line 2: Invalid host name 'bad_name'/, {
      files,
    });
    assert.equal(problem.severity, 'error');
  });

  it('reports unknown keys in a base config through the schema', () => {
    const files = memoryFiles({ 'base.yaml': 'os:\n  hostnme: x\n' });
    assertOne(
      'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: base.yaml\n',
      'image/base-config',
      'base.yaml',
      /Unknown key 'hostnme'/,
      { files },
    );
  });

  it('follows nested bases relative to each base, reporting on the top entry', () => {
    const files = memoryFiles({
      'common/base.yaml': 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: ../shared/root.yaml\n',
      'shared/root.yaml': 'os:\n  users:\n  - name: test\n    password:\n      type: locked\n      value: x\n',
    });
    const text = 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: common/base.yaml\n';
    assertOne(text, 'image/base-config', 'common/base.yaml', /base config 'root.yaml', line 6: A 'locked' password takes no value/, {
      files,
    });
  });

  it('detects cycles', () => {
    const files = memoryFiles({
      'a.yaml': 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: b.yaml\n',
      'b.yaml': 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: image.yaml\n',
      'image.yaml': 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: a.yaml\n',
    });
    const text = 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: a.yaml\n';
    assertOne(text, 'image/base-config', 'a.yaml', /cycle \(image.yaml → a.yaml → b.yaml → image.yaml\)/, { files });
  });

  it('reports a base that cannot be parsed', () => {
    const files = memoryFiles({ 'base.yaml': 'os: [\n' });
    const found = withCode('previewFeatures: [base-configs]\nbaseConfigs:\n  - path: base.yaml\n', 'image/base-config', files);
    assert.ok(found.some((problem) => /cannot be parsed/.test(problem.message)));
  });

  it('warns on a missing base file, and stays quiet without file access', () => {
    const text = 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: missing.yaml\n';
    assertOne(text, 'image/missing-file', 'missing.yaml', /does not exist/, { files: memoryFiles({}) });
    assert.equal(check(text).filter((problem) => problem.severity !== 'info').length, 0);
  });

  it('reports only child problems once the base is fine', () => {
    const files = memoryFiles({ 'base.yaml': 'os:\n  hostname: fine\n' });
    const text = 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: base.yaml\nos:\n  hostname: not_fine\n';
    assertOne(text, 'image/invalid-hostname', 'not_fine', /Underscores/, { files });
    assert.equal(withCode(text, 'image/base-config', files).length, 0);
  });
});

describe('image base-config chain rules', () => {
  const head = 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: base.yaml\n';
  const withBase = (base: string) => memoryFiles({ 'base.yaml': base });

  it('accepts storage in one config of the chain only, as upstream does not merge it', () => {
    assertClean(head + EFI_STORAGE + RESET, withBase('os:\n  hostname: base\n'));
    assertClean(head + RESET, withBase(EFI_STORAGE + RESET));
    const problem = assertOne(
      head + EFI_STORAGE + RESET,
      'image/storage-in-several-configs',
      'storage',
      /also set in base config 'base.yaml'.*does not merge/,
      {
        files: withBase(EFI_STORAGE + RESET),
      },
    );
    assert.equal(problem.severity, 'error');
  });

  it('counts any storage setting, and reports two bases on the second entry', () => {
    const files = memoryFiles({
      'a.yaml': 'storage:\n  resetPartitionsUuidsType: reset-all\n' + RESET,
      'b.yaml': 'storage:\n  reinitializeVerity: all\npreviewFeatures: [reinitialize-verity]\n',
    });
    const text = 'previewFeatures: [base-configs]\nbaseConfigs:\n  - path: a.yaml\n  - path: b.yaml\n';
    assertOne(text, 'image/storage-in-several-configs', 'b.yaml', /'a.yaml', 'b.yaml' both set 'storage'/, { files });
    // An empty storage map sets nothing.
    assertClean(head + 'storage: {}\n', withBase(EFI_STORAGE + RESET));
  });

  const removal = 'previewFeatures: [remove-package-manager]\nos:\n  packages:\n    removePackageManager: true\n';

  it('warns when removePackageManager meets an output format upstream cannot build without it', () => {
    assertClean(removal + 'output:\n  image:\n    format: vhdx\n');
    for (const format of ['cosi', 'iso', 'pxe-dir', 'pxe-tar', 'baremetal-image']) {
      const problem = assertOne(
        `${removal}output:\n  image:\n    format: ${format}\n`,
        'image/remove-package-manager-format',
        format,
        /does not work yet with output format.*--output-image-format/,
        { after: 'format:' },
      );
      assert.equal(problem.severity, 'warning');
    }
    assertClean(removal.replace('true', 'false') + 'output:\n  image:\n    format: cosi\n');
  });

  it('resolves both settings through the chain, the last config that sets one winning', () => {
    const files = withBase('output:\n  image:\n    format: iso\n');
    const text =
      head.replace('[base-configs]', '[base-configs, remove-package-manager]') + 'os:\n  packages:\n    removePackageManager: yes\n';
    assertOne(text, 'image/remove-package-manager-format', 'yes', /'iso' \(set through base configs\)/, { files });
    assertClean(text + 'output:\n  image:\n    format: raw\n', files);
  });
});
