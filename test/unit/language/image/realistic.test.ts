import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageFormat } from '../../../../src/language/core/image';
import { parseConfig } from '../../../../src/language/core/index';
import type { Problem } from '../../../../src/language/core/types';
import { english } from '../../../../src/util/l10n';
import { assertClean, check } from './helpers';

/** Configs a generic JSON schema (upstream's schema.json, Red Hat YAML) wrongly flags; upstream accepts them all. */
const KNOWN_GAPS: Record<string, string> = {
  'package list files': `os:
  packages:
    installLists:
    - lists/base-tools.yaml
    removeLists:
    - lists/remove.yaml
    updateLists:
    - lists/update.yaml
    install:
    - openssh-server
`,
  'permissions as an unquoted number': `os:
  additionalFiles:
  - source: files/config.toml
    destination: /etc/app/config.toml
    permissions: 644
  additionalDirs:
  - source: rootfs
    destination: /opt/app
    childFilePermissions: 600
`,
  'a mount point as a bare path': `storage:
  bootType: efi
  disks:
  - partitionTableType: gpt
    maxSize: 2G
    partitions:
    - id: esp
      type: esp
      size: 8M
    - id: rootfs
      size: grow
  filesystems:
  - deviceId: esp
    type: vfat
    mountPoint: /boot/efi
  - deviceId: rootfs
    type: xfs
    mountPoint: /
os:
  bootloader:
    resetType: hard-reset
`,
  'an unquoted version number and OCI shorthand': `previewFeatures:
- input-image-oci
input:
  image:
    oci:
      uri: mcr.microsoft.com/azurelinux/3.0/image/minimal-os:latest
      platform: linux/arm64
`,
  'unquoted numbers and booleans where upstream reads strings': `os:
  hostname: node1
  modules:
  - name: loop
    loadMode: always
    options:
      max_loop: 64
  users:
  - name: builder
    uid: 1001
    passwordExpiresDays: -1
    secondaryGroups: [sudo, docker]
scripts:
  postCustomization:
  - content: |
      set -eu
      echo "$GREETING" > /etc/greeting
    environmentVariables:
      GREETING: hello
      RETRIES: 3
      VERBOSE: true
`,
  'YAML anchors and merge keys': `os:
  additionalFiles:
  - &file
    permissions: "0644"
    source: files/a.conf
    destination: /etc/a.conf
  - <<: *file
    source: files/b.conf
    destination: /etc/b.conf
  services:
    enable: &units [sshd, chronyd]
    disable: []
`,
  'empty sections': `os:
  packages:
  services:
storage:
scripts:
`,
};

const REALISTIC: Record<string, string> = {
  'an Azure VM image with users, packages and services': `# A VM image for Azure: fixed VHD, SSH only.
input:
  image:
    azureLinux:
      version: "3.0"
      variant: minimal-os
storage:
  bootType: efi
  disks:
  - partitionTableType: gpt
    maxSize: 8G
    partitions:
    - id: esp
      type: esp
      label: esp
      size: 64M
    - id: boot
      type: xbootldr
      size: 500M
    - id: rootfs
      type: root
      label: rootfs
      size: grow
  filesystems:
  - deviceId: esp
    type: fat32
    mountPoint:
      path: /boot/efi
      options: umask=0077
  - deviceId: boot
    type: ext4
    mountPoint: /boot
  - deviceId: rootfs
    type: ext4
    mountPoint:
      path: /
      idType: part-label
os:
  hostname: azl-vm
  bootloader:
    resetType: hard-reset
  kernelCommandLine:
    extraCommandLine:
    - console=ttyS0
    - rd.shell=0
  selinux:
    mode: enforcing
  packages:
    updateExistingPackages: true
    install:
    - openssh-server
    - cloud-init
    - WALinuxAgent
    remove:
    - dnf-automatic
  services:
    enable:
    - sshd
    - waagent
    disable:
    - kdump
  groups:
  - name: operators
    gid: 2000
  users:
  - name: azureuser
    primaryGroup: operators
    secondaryGroups:
    - wheel
    sshPublicKeys:
    - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample azureuser@example
    password:
      type: locked
  additionalFiles:
  - content: |
      Welcome to Azure Linux.
    destination: /etc/motd
    permissions: "0644"
  imageHistory: none
output:
  image:
    path: ./out/azl-vm.vhd
    format: vhd-fixed
`,
  'a verity-protected root with a writable /var': `previewFeatures:
- output-artifacts
storage:
  bootType: efi
  disks:
  - partitionTableType: gpt
    maxSize: 5G
    partitions:
    - id: esp
      type: esp
      size: 8M
    - id: boot
      type: xbootldr
      size: 1G
    - id: root
      type: root
      size: 2G
    - id: roothash
      type: root-verity
      size: 100M
    - id: var
      type: var
      size: grow
  verity:
  - id: verityroot
    name: root
    dataDeviceId: root
    hashDeviceId: roothash
    corruptionOption: panic
    hashSignaturePath: /boot/root.hash.sig
  filesystems:
  - deviceId: esp
    type: fat32
    mountPoint:
      path: /boot/efi
      options: umask=0077
  - deviceId: boot
    type: ext4
    mountPoint: /boot
  - deviceId: verityroot
    type: ext4
    mountPoint:
      path: /
      options: ro
  - deviceId: var
    type: ext4
    mountPoint: /var
os:
  bootloader:
    resetType: hard-reset
  packages:
    install:
    - veritysetup
    - device-mapper
  overlays:
  - lowerDirs:
    - /etc
    upperDir: /var/overlays/etc/upper
    workDir: /var/overlays/etc/work
    mountPoint: /etc
    isInitrdOverlay: true
    mountDependencies:
    - /var
output:
  image:
    format: cosi
    cosi:
      compression:
        level: 9
  artifacts:
    items:
    - verity-hash
    path: ./artifacts
`,
  'a live ISO': `input:
  image:
    path: ./base/core.vhdx
iso:
  kernelCommandLine:
    extraCommandLine:
    - rd.info
  additionalFiles:
  - source: files/installer.sh
    destination: /installer/run.sh
    permissions: "755"
  initramfsType: bootstrap
os:
  packages:
    install:
    - squashfs-tools
scripts:
  finalizeCustomization:
  - path: scripts/cleanup.sh
    arguments: [--all]
    name: cleanup
output:
  image:
    path: ./out/live.iso
    format: iso
`,
  'PXE boot files with a bootstrap URL': `pxe:
  bootstrapFileUrl: http://192.168.1.10/images/live.iso
  initramfsType: bootstrap
  kernelCommandLine:
    extraCommandLine:
    - ip=dhcp
output:
  image:
    path: ./out/pxe
    format: pxe-dir
`,
  'a legacy BIOS image with a fixed-size layout': `storage:
  bootType: legacy
  disks:
  - partitionTableType: gpt
    partitions:
    - id: bios
      type: bios-grub
      start: 1M
      end: 9M
    - id: rootfs
      start: 9M
      end: 2048M
  filesystems:
  - deviceId: bios
  - deviceId: rootfs
    type: ext4
    mountPoint: /
os:
  bootloader:
    resetType: hard-reset
  packages:
    install:
    - grub2-pc
output:
  image:
    format: raw
`,
  'a UKI image with its boot artifacts': `previewFeatures:
- uki
- output-artifacts
storage:
  resetPartitionsUuidsType: reset-all
os:
  bootloader:
    resetType: hard-reset
  uki:
    mode: create
  packages:
    install:
    - systemd-boot
output:
  artifacts:
    items: [ukis, shim, bootloader]
    path: ./artifacts
`,
  'a JSON config': `{
  "storage": {
    "resetPartitionsUuidsType": "reset-all"
  },
  "os": {
    "bootloader": { "resetType": "hard-reset" },
    "hostname": "json-host",
    "additionalFiles": [{ "content": "x", "destination": "/etc/x", "permissions": "0600" }]
  },
  "output": { "image": { "format": "qcow2" } }
}
`,
};

describe('image configs that must validate clean', () => {
  for (const [name, text] of Object.entries(KNOWN_GAPS)) {
    it(`known gap: ${name}`, () => assertClean(text));
  }
  for (const [name, text] of Object.entries(REALISTIC)) {
    it(`realistic: ${name}`, () => assertClean(text, undefined, name === 'a JSON config' ? 'image.json' : 'image.yaml'));
  }
  it('reports nothing at all, not even warnings, for the VM image', () => {
    assert.deepEqual(check(REALISTIC['an Azure VM image with users, packages and services']), []);
  });
});

describe('image rules on odd shapes', () => {
  const odd = [
    '',
    '~',
    '- a',
    'storage: 3',
    'storage:\n  disks: {a: 1}\n  filesystems: [1, [2], {deviceId: [x]}]\n  verity: [{id: [1], dataDeviceId: {}, hashDevice: 3}]',
    'storage:\n  bootType: [efi]\n  disks:\n  - partitions:\n    - {id: 1, size: [1], start: {}, end: 2G}\n    - 7\n',
    'os:\n  users: [{password: 3}, {password: {type: []}}]\n  modules: [{options: [1]}, {options: {? [a] : b}}]\n  overlays: [{upperDir: [1], workDir: {}}]\n',
    'previewFeatures: {uki: true}\nos: {uki: 1, bootloader: 2}\nbaseConfigs: 5\n',
    'scripts: {postCustomization: {a: 1}, finalizeCustomization: [[]]}\ninput: {image: [path]}\npxe: []\n',
    'os:\n  additionalFiles:\n  - permissions: [1]\n  - permissions: 0o777\n  - permissions: 1e3\n',
    '{"storage": {"disks": [{"partitions": [{"id": "a", "size": "grow"}, {"id": "a"}]}]}}',
  ];
  it('never throws and reports problems with ranges inside the text', () => {
    for (const text of odd) {
      const parsed = parseConfig(text);
      for (const document of parsed.documents) {
        const problems: Problem[] = [];
        for (const rule of imageFormat.rules) {
          assert.doesNotThrow(
            () => rule({ text, document, files: undefined, l10n: english, report: (problem) => problems.push(problem) }),
            text,
          );
        }
        for (const problem of problems) {
          assert.ok(
            problem.range.start >= 0 && problem.range.end <= text.length && problem.range.start <= problem.range.end,
            `${problem.code} in ${text}`,
          );
          assert.match(problem.code, /^image\/[a-z0-9-]+$/);
        }
      }
    }
  });
});
