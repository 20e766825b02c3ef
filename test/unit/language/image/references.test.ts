import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageFormat } from '../../../../src/language/core/image';
import { parseConfig } from '../../../../src/language/core/index';

describe('image file references', () => {
  it('lists every path the config names, with its kind and exact node', () => {
    const text = `input:
  image:
    path: base.vhdx
baseConfigs:
  - path: base.yaml
iso:
  additionalFiles:
  - source: iso/grub.cfg
    destination: /boot/grub2/grub.cfg
pxe:
  additionalFiles:
  - source: pxe/file
    destination: /a
os:
  packages:
    installLists: [lists/a.yaml]
    removeLists: [lists/b.yaml]
    updateLists: [lists/c.yaml]
  additionalDirs:
  - source: overlay
    destination: /
  users:
  - name: a
    sshPublicKeyPaths: [a.pub]
    password:
      type: plain-text-file
      value: pw.txt
  - name: b
    password:
      type: plain-text
      value: not-a-path
scripts:
  finalizeCustomization:
  - path: fin.sh
output:
  image:
    path: out/image.vhdx
  artifacts:
    path: out/artifacts
  selinuxPolicyPath: out/selinux
`;
    const references = imageFormat.fileReferences(parseConfig(text).documents[0]);
    assert.deepEqual(
      references.map((reference) => [reference.path, reference.kind, text.slice(reference.node.range.start, reference.node.range.end)]),
      [
        ['base.vhdx', 'file', 'base.vhdx'],
        ['base.yaml', 'file', 'base.yaml'],
        ['iso/grub.cfg', 'file', 'iso/grub.cfg'],
        ['pxe/file', 'file', 'pxe/file'],
        ['overlay', 'directory', 'overlay'],
        ['lists/a.yaml', 'file', 'lists/a.yaml'],
        ['lists/b.yaml', 'file', 'lists/b.yaml'],
        ['lists/c.yaml', 'file', 'lists/c.yaml'],
        ['a.pub', 'file', 'a.pub'],
        ['pw.txt', 'file', 'pw.txt'],
        ['fin.sh', 'file', 'fin.sh'],
        ['out/image.vhdx', 'file', 'out/image.vhdx'],
        ['out/artifacts', 'directory', 'out/artifacts'],
        ['out/selinux', 'directory', 'out/selinux'],
      ],
    );
  });

  it('lists nothing for odd shapes', () => {
    for (const text of ['os: 3\n', 'os:\n  users: x\n', 'scripts:\n  postCustomization:\n  - 4\n', '[]']) {
      assert.deepEqual(imageFormat.fileReferences(parseConfig(text).documents[0]), []);
    }
  });
});
