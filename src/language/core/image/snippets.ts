/**
 * Whole-document starting points for image configs, offered by completion only where a document can start (an
 * empty document, or one with nothing but comments), once each, under one prefix. Bodies use VS Code's snippet
 * syntax: `${1:default}` placeholders and `${2|a,b|}` choices.
 */
export interface DocumentSnippet {
  /** What the user types to pick it. */
  readonly prefix: string;
  /** Shown in the completion list; worded through l10n by the caller. */
  readonly description: string;
  readonly body: string;
}

export const DOCUMENT_SNIPPETS: readonly DocumentSnippet[] = [
  {
    prefix: 'azl-efi-disk',
    description: 'A GPT disk that boots with UEFI: an EFI system partition mounted at /boot/efi and a root partition filling the rest.',
    body: 'storage:\n  bootType: efi\n  disks:\n  - partitionTableType: gpt\n    maxSize: ${1:4G}\n    partitions:\n    - id: esp\n      type: esp\n      start: 1M\n      end: 9M\n    - id: rootfs\n      start: 9M\n  filesystems:\n  - deviceId: esp\n    type: fat32\n    mountPoint:\n      path: /boot/efi\n      options: umask=0077\n  - deviceId: rootfs\n    type: ${2|ext4,xfs|}\n    mountPoint:\n      path: /\n\nos:\n  bootloader:\n    resetType: hard-reset\n$0',
  },
  {
    prefix: 'azl-verity-root',
    description: 'A read-only root file system protected by dm-verity: ESP, /boot, root data and hash partitions, and a writable /var.',
    body: 'storage:\n  bootType: efi\n  disks:\n  - partitionTableType: gpt\n    maxSize: ${1:5G}\n    partitions:\n    - id: esp\n      type: esp\n      start: 1M\n      end: 9M\n    - id: boot\n      start: 9M\n      end: 108M\n    - id: root\n      start: 108M\n      end: 2G\n    - id: roothash\n      start: 2G\n      end: 2100M\n    - id: var\n      start: 2100M\n  verity:\n  - id: verityroot\n    name: root\n    dataDeviceId: root\n    hashDeviceId: roothash\n    corruptionOption: ${2|panic,io-error,ignore,restart|}\n  filesystems:\n  - deviceId: esp\n    type: fat32\n    mountPoint:\n      path: /boot/efi\n      options: umask=0077\n  - deviceId: boot\n    type: ext4\n    mountPoint:\n      path: /boot\n  - deviceId: verityroot\n    type: ext4\n    mountPoint:\n      path: /\n      options: ro\n  - deviceId: var\n    type: ext4\n    mountPoint:\n      path: /var\n\nos:\n  bootloader:\n    resetType: hard-reset\n  packages:\n    install:\n    - veritysetup\n$0',
  },
  {
    prefix: 'azl-iso',
    description: 'A live ISO image: extra kernel arguments for the ISO boot and the output format.',
    body: 'iso:\n  kernelCommandLine:\n    extraCommandLine:\n    - ${1:console=ttyS0}\n\nos:\n  hostname: ${2:azl-live}\n  packages:\n    install:\n    - squashfs-tools\n    - tar\n    - device-mapper\n\noutput:\n  image:\n    format: iso\n$0',
  },
  {
    prefix: 'azl-minimal-vm',
    description: 'A small VM image: hostname, packages, a user with an SSH key, sshd enabled, written as a VHDX.',
    body: 'os:\n  hostname: ${1:azl-vm}\n  packages:\n    install:\n    - openssh-server\n    - ${2:vim}\n  users:\n  - name: ${3:azureuser}\n    sshPublicKeys:\n    - ${4:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyReplaceMe azureuser@example}\n    secondaryGroups:\n    - wheel\n  services:\n    enable:\n    - sshd\n\noutput:\n  image:\n    format: ${5|vhdx,vhd,vhd-fixed,qcow2,raw,cosi|}\n$0',
  },
];
