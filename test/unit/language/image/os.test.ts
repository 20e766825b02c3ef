import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostnameProblem } from '../../../../src/language/core/image/rules/os';
import { english } from '../../../../src/util/l10n';
import { assertClean, assertOne, withCode } from './helpers';

describe('image os settings', () => {
  it('checks the host name', () => {
    assertClean('os:\n  hostname: build-01.example.com\n');
    assertOne('os:\n  hostname: my_host\n', 'image/invalid-hostname', 'my_host', /Underscores are not allowed/);
    assertOne('os:\n  hostname: -bad\n', 'image/invalid-hostname', '-bad', /letters, digits and hyphens/);
    assert.equal(hostnameProblem(english, '10.0.0.1'), 'An IP address is not a host name.');
    assert.equal(hostnameProblem(english, '010.0.0.1'), undefined);
    assert.equal(hostnameProblem(english, 'a'.repeat(63)), undefined);
    assert.notEqual(hostnameProblem(english, 'a'.repeat(64)), undefined);
  });

  it('checks user names and ids through the schema', () => {
    assertClean('os:\n  users:\n  - name: test\n    uid: 1000\n    passwordExpiresDays: -1\n');
    assertOne('os:\n  users:\n  - name: test\n    uid: 70000\n', 'image/invalid-value', '70000', /60000/);
    assertOne('os:\n  users:\n  - name: " "\n', 'image/invalid-value', '" "', /not empty/);
  });

  it('needs a password value except for locked, on the value', () => {
    assertClean('os:\n  users:\n  - name: test\n    password:\n      type: locked\n');
    assertOne(
      'os:\n  users:\n  - name: test\n    password:\n      type: locked\n      value: secret\n',
      'image/password-value',
      'secret',
      /'locked' password takes no value/,
    );
    assertOne(
      'os:\n  users:\n  - name: test\n    password:\n      type: hashed\n',
      'image/password-value',
      'hashed',
      /'hashed' password needs a 'value'/,
    );
    assertOne(
      'os:\n  users:\n  - name: test\n    password:\n      type: plain-text-file\n      value: ""\n',
      'image/password-value',
      '""',
      /path of the file/,
    );
  });

  it('checks kernel modules: unique names, options without spaces', () => {
    assertClean(
      'os:\n  modules:\n  - name: vfio\n    loadMode: always\n    options:\n      enable_unsafe_noiommu_mode: Y\n      max: 64\n',
    );
    assertOne(
      'os:\n  modules:\n  - name: vfio\n  - name: vfio\n    loadMode: disable\n',
      'image/duplicate-module',
      'vfio',
      /listed twice/,
      { occurrence: 1 },
    );
    assertOne(
      'os:\n  modules:\n  - name: vfio\n    options:\n      mode: "a b"\n',
      'image/module-option',
      '"a b"',
      /non-empty and without spaces/,
    );
    assertOne(
      'os:\n  modules:\n  - name: vfio\n    options:\n      mode:\n',
      'image/module-option',
      'mode',
      /value of module option 'mode'/,
    );
    assertOne('os:\n  modules:\n  - name: "vfio pci"\n', 'image/invalid-value', '"vfio pci"', /without spaces/);
  });

  it('checks overlays: absolute plain paths, distinct upper and work directories, unique', () => {
    const overlay = (upper: string, work: string, mount = '/etc') =>
      `  - lowerDirs: [/etc]\n    upperDir: ${upper}\n    workDir: ${work}\n    mountPoint: ${mount}\n`;
    assertClean(`os:\n  overlays:\n${overlay('/var/overlays/etc/upper', '/var/overlays/etc/work')}`);
    assertOne(`os:\n  overlays:\n${overlay('var/upper', '/var/work')}`, 'image/invalid-overlay-path', 'var/upper', /absolute path/);
    assertOne(`os:\n  overlays:\n${overlay('/var/a', '/var/a')}`, 'image/overlay-dirs', '/var/a', /must be different/, { occurrence: 1 });
    assertOne(
      `os:\n  overlays:\n${overlay('/var/a', '/var/a/work')}`,
      'image/overlay-dirs',
      '/var/a/work',
      /must not be inside 'upperDir'/,
    );
    assertOne(
      `os:\n  overlays:\n${overlay('/var/a/upper', '/var/a')}`,
      'image/overlay-dirs',
      '/var/a/upper',
      /must not be inside 'workDir'/,
    );
    const twice = `os:\n  overlays:\n${overlay('/var/a/upper', '/var/a/work')}${overlay('/var/b/upper', '/var/b/work')}`;
    assertOne(twice, 'image/duplicate-overlay', '/etc', /already uses '\/etc' as its mountPoint/, { occurrence: 3 });
    assertOne(`os:\n  overlays:\n${overlay('/u', '/w')}    mountOptions: "a, b"\n`, 'image/invalid-mount-options', '"a, b"', /whitespace/);
    assert.equal(withCode(`os:\n  overlays:\n  - mountPoint: /m\n`, 'image/missing-required').length, 2);
  });
});
