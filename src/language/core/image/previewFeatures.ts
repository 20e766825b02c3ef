/**
 * The `previewFeatures` values the Image Customizer knows, across its releases. Upstream rejects unknown values, but
 * the list grows with every release, so an unknown value is only a warning here (a newer tool may accept it).
 */
export const PREVIEW_FEATURE_DOCS: Readonly<Record<string, string>> = {
  uki: 'Unified Kernel Images: enables `os.uki`.',
  'output-artifacts':
    'Writing selected build artifacts (UKIs, shim, bootloader, verity hashes) to `output.artifacts`; also needed for `storage.verity[].hashSignaturePath`.',
  'inject-files': 'The `inject-files` command that places files into partitions of a built image.',
  'reinitialize-verity': 'Customizing an image that already has verity, with `storage.reinitializeVerity`.',
  'package-snapshot-time': 'Installing packages as of a point in time: `os.packages.snapshotTime`.',
  'kdump-boot-files': 'Keeping the crash-dump boot files in ISO and PXE output: `iso.kdumpBootFiles`, `pxe.kdumpBootFiles`.',
  'preview-distro-version': 'Customizing distributions and versions that are still in preview.',
  'base-configs': 'Inheriting from other configuration files with `baseConfigs`.',
  'input-image-oci': 'Downloading the base image from an OCI registry: `input.image.oci`.',
  'output-selinux-policy': 'Extracting the SELinux policy of the customized image to `output.selinuxPolicyPath`.',
  'cosi-compression': 'Custom zstd compression for COSI output: `output.image.cosi.compression`.',
  btrfs: 'Creating BTRFS file systems (`type: btrfs` and `storage.filesystems[].btrfs`).',
  create: 'The `create` command that builds an image from scratch.',
  'unsupported-distro-version': 'Allows distribution versions the tool does not support yet.',
  'tools-dir': 'Running with a separate tools directory.',
  'remove-package-manager': 'Removing the package manager from the image: `os.packages.removePackageManager`.',
  'package-manifest': 'Package manifests: `os.packages.manifest` and `output.packageManifest`.',
  'symlink-mode': 'How symbolic links are copied: `symlinkMode` in `additionalFiles` and `additionalDirs`.',
  'acl-grow-partitions': 'Azure Container Linux: growing its `/usr` and ESP partitions with `acl.usr` and `acl.esp`.',
  'acl-oem-id': 'Azure Container Linux: setting its OEM id with `acl.oemId`.',
  'resize-disk': 'Growing the disk and its last partition: `storage.resizeDisk`.',
  'sign-artifacts': 'The `sign-artifacts` command.',
  fedora: 'Customizing Fedora images (older releases).',
  'fedora-42': 'Customizing Fedora 42 images (older releases).',
  ubuntu: 'Customizing Ubuntu images (older releases).',
  'ubuntu-22.04': 'Customizing Ubuntu 22.04 images (older releases).',
  'ubuntu-24.04': 'Customizing Ubuntu 24.04 images (older releases).',
  'azure-container-linux': 'Customizing Azure Container Linux images (older releases).',
};

export const KNOWN_PREVIEW_FEATURES: ReadonlySet<string> = new Set(Object.keys(PREVIEW_FEATURE_DOCS));
