/**
 * The `previewFeatures` values Image Customizer accepts at the pinned upstream commit (PreviewFeature.IsValid in
 * toolkit/tools/imagecustomizerapi/previewfeaturetype.go; see UPSTREAM.md). The list is closed: any other value is
 * refused, so an unknown name is an error here too.
 */
export const PREVIEW_FEATURE_DOCS: Readonly<Record<string, string>> = {
  uki: 'Unified Kernel Images: enables `os.uki`.',
  'output-artifacts':
    'Writing selected build artifacts (UKIs, shim, bootloader, verity hashes) to `output.artifacts`; also needed for `storage.verity[].hashSignaturePath`.',
  'inject-files': 'The `inject-files` command that places files into partitions of a built image.',
  'reinitialize-verity': 'Customizing an image that already has verity, with `storage.reinitializeVerity`.',
  'package-snapshot-time': 'Installing packages as of a point in time: `os.packages.snapshotTime`.',
  'kdump-boot-files': 'Keeping the crash-dump boot files in ISO and PXE output: `iso.kdumpBootFiles`, `pxe.kdumpBootFiles`.',
  'preview-distro-version':
    'Customizing distributions and versions that are still in preview (Fedora, Ubuntu, Azure Container Linux, Azure Linux 4.0).',
  'base-configs': 'Inheriting from other configuration files with `baseConfigs`.',
  'input-image-oci': 'Downloading the base image from an OCI registry: `input.image.oci`.',
  'output-selinux-policy': 'Extracting the SELinux policy of the customized image to `output.selinuxPolicyPath`.',
  btrfs: 'Creating BTRFS file systems (`type: btrfs` and `storage.filesystems[].btrfs`).',
  create: 'The `create` command that builds an image from scratch.',
  'unsupported-distro-version': 'Allows distribution versions the tool does not support yet.',
  'tools-dir': 'Running with a separate tools directory (`--tools-dir`).',
  'remove-package-manager': 'Removing the package manager from the image: `os.packages.removePackageManager`.',
};

export const KNOWN_PREVIEW_FEATURES: ReadonlySet<string> = new Set(Object.keys(PREVIEW_FEATURE_DOCS));
