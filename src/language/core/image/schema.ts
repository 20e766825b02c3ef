import type { AnyOfSchema, ArraySchema, ObjectSchema, Schema, StringSchema } from '../types';
import { PREVIEW_FEATURE_DOCS } from './previewFeatures';

/**
 * The Azure Linux Image Customizer configuration (upstream `imagecustomizerapi.Config`), key by key. Cross-field
 * rules live in rules/; this says which keys exist, their types, allowed values and required keys. (The checker reads
 * unquoted YAML numbers as strings where a string is expected, as upstream's yaml.v3 does: `version: 3.0` is fine.)
 */

// ---- Building blocks ----

function str(doc: string, extra: Partial<Omit<StringSchema, 'type' | 'doc'>> = {}): StringSchema {
  return { type: 'string', doc, ...extra };
}

/**
 * A string with suggested values: any string is accepted (upstream accepts values beyond the common ones), and
 * completion offers the suggestions with their docs.
 */
function suggested(doc: string, values: Record<string, string>, extra: Partial<Omit<StringSchema, 'type' | 'doc'>> = {}): AnyOfSchema {
  return {
    type: 'anyOf',
    doc,
    options: [
      { type: 'string', enum: Object.keys(values), enumDocs: values },
      { type: 'string', ...extra },
    ],
  };
}

function list(doc: string, items: Schema): ArraySchema {
  return { type: 'array', doc, items };
}

function strings(doc: string, itemDoc = doc): ArraySchema {
  return list(doc, { type: 'string', doc: itemDoc });
}

function withPreview<T extends Schema>(preview: string, schema: T): T {
  return { ...schema, preview };
}

function obj(
  doc: string,
  properties: Record<string, Schema>,
  extra: Partial<Omit<ObjectSchema, 'type' | 'doc' | 'properties'>> = {},
): ObjectSchema {
  return { type: 'object', doc, properties, ...extra };
}

/**
 * A string with a fixed set of values. Upstream's Go enums accept their zero value `""` (the default) unless
 * `emptyIsDefault` is false (e.g. `partitionTableType`, whose only value is `gpt`).
 */
function enumOf(
  doc: string,
  values: Record<string, string>,
  preview?: string,
  extra: Partial<Omit<StringSchema, 'type' | 'doc' | 'enum' | 'enumDocs'>> = {},
): StringSchema {
  return {
    type: 'string',
    doc,
    enum: Object.keys(values),
    enumDocs: values,
    emptyIsDefault: true,
    ...(preview ? { preview } : {}),
    ...extra,
  };
}

/**
 * Upstream's disk sizes: digits and a unit, the digits read by Go's `strconv.ParseUint(s, 0, 64)`, so a leading 0
 * makes them octal (`010M` is 8 MiB) and `08M` is refused.
 */
const DISK_SIZE_PATTERN = /^(?:0[0-7]*|[1-9][0-9]*)[KMGT]$/;
const DISK_SIZE_WORDS =
  'a whole number with a unit: K, M, G or T (KiB, MiB, GiB, TiB), e.g. `100M` or `4G` (a leading 0 makes the number octal, so it may only have the digits 0-7)';

function diskSize(doc: string): StringSchema {
  return str(doc, { pattern: DISK_SIZE_PATTERN, patternDescription: DISK_SIZE_WORDS });
}

/**
 * Upstream decodes permissions into a string and parses it as octal (`strconv.ParseUint(s, 8, 32)`), rejecting bits
 * outside 0777. Any scalar is a string to yaml.v3, so the type here is a string; the digits are checked by the
 * `permissionDigits` rule, the same way for `"644"`, `644` and `0644`.
 */
function permissions(doc: string): StringSchema {
  return str(`${doc}\n\nOctal digits, quoted (\`"644"\`, \`"0755"\`) or not (\`644\`). At most \`777\`: no setuid, setgid or sticky bits.`);
}

/** For names upstream checks beyond emptiness (user and group names, base config paths). */
const NON_BLANK = /\S/;
const NON_BLANK_WORDS = 'a value that is not empty or only spaces';
/** For values upstream rejects only when exactly `""` (service names, device ids, verity ids). */
const NON_EMPTY = /./s;
const NON_EMPTY_WORDS = 'a value that is not empty';

// ---- Shared types ----

const kernelCommandLine = obj('Extra kernel command-line arguments.', {
  extraCommandLine: list(
    'Arguments added to the kernel command line, e.g. `console=ttyS0`.',
    str('One kernel command-line argument (or several separated by spaces).', {
      pattern: NON_EMPTY,
      patternDescription: 'a kernel argument that is not empty',
    }),
  ),
});

const additionalFile = obj(
  'A file to place in the image: copied from `source` or written from `content`.',
  {
    source: str("Path of the file to copy, relative to this config file's folder unless absolute. Use either `source` or `content`."),
    content: str("Text written as the file's contents. Use either `source` or `content`."),
    destination: str('Absolute path of the file in the image, e.g. `/etc/motd`.', {
      pattern: NON_EMPTY,
      patternDescription: NON_EMPTY_WORDS,
    }),
    permissions: permissions('Permissions of the destination file.'),
    sha256hash: str('Expected SHA-256 hash of the source file, checked before copying.'),
  },
  { required: ['destination'] },
);

const additionalFiles = list('Files to add to the image.', additionalFile);

const mountPointObject = obj('Where and how the file system is mounted (written to `/etc/fstab`).', {
  path: str('Absolute path of the mount point, e.g. `/` or `/boot/efi`.'),
  idType: enumOf('How `/etc/fstab` identifies the partition. Default `part-uuid`.', {
    uuid: 'The file system UUID.',
    'part-uuid': 'The partition UUID (default).',
    'part-label': 'The partition label (the partition needs a unique `label`).',
  }),
  options: str('Mount options, comma-separated without spaces, e.g. `defaults,ro` or `umask=0077`.'),
});

const mountPoint: AnyOfSchema = {
  type: 'anyOf',
  doc: 'Where the file system is mounted: a path (`/`), or an object with `path`, `idType` and `options`.',
  options: [{ type: 'string' }, mountPointObject],
};

/** Upstream's `IdentifiedPartition`: an existing partition found by its GPT partition label (the only `idType`). */
const identifiedPartition = (doc: string) =>
  obj(
    doc,
    {
      idType: enumOf('How the existing partition is identified.', { 'part-label': 'By its GPT partition label.' }, undefined, {
        emptyIsDefault: false,
      }),
      id: str('The GPT partition label of the existing partition: ASCII, at most 35 characters.', {
        pattern: /^[ -~]{1,35}$/,
        patternDescription: 'a GPT partition label: not empty, printable ASCII, at most 35 characters',
      }),
    },
    { required: ['idType', 'id'] },
  );

const script = obj('A script run inside the image: from a file (`path`) or inline (`content`).', {
  path: str(
    "Path of the script file, relative to this config file's folder and inside it (no absolute path, no `..`). Use either `path` or `content`.",
  ),
  content: str('The script itself, run with `interpreter` (default `/bin/sh`). Use either `path` or `content`.'),
  interpreter: str(
    'The program that runs the script, e.g. `/bin/bash` or `python3`. Default for `content`: `/bin/sh`; a `path` script runs directly.',
  ),
  arguments: strings('Extra arguments passed to the script.'),
  environmentVariables: obj(
    'Environment variables set while the script runs.',
    {},
    { additionalProperties: str('Value of the environment variable.') },
  ),
  name: str('A name for the script in the build log.'),
  sha256hash: str('Expected SHA-256 hash of the script file.'),
});

// ---- input ----

const input = obj('The image to customize.', {
  image: obj('The base image: exactly one of `path`, `oci` or `azureLinux` (or give it on the command line).', {
    path: str("Path of the base image file (vhd, vhdx, qcow2, raw, iso...), relative to this config file's folder unless absolute."),
    oci: {
      type: 'anyOf',
      preview: 'input-image-oci',
      doc: 'Download the base image from an OCI registry. A URI string, or `uri` with an optional `platform`. Preview feature `input-image-oci`.',
      options: [
        { type: 'string' },
        obj(
          'An OCI artifact holding the base image.',
          {
            uri: str('The OCI reference, e.g. `mcr.microsoft.com/azurelinux/3.0/image/minimal-os:latest`.'),
            platform: {
              type: 'anyOf',
              doc: 'The platform to pull: `OS[/ARCH]` (e.g. `linux/amd64`) or an object with `os` and `architecture`.',
              options: [
                { type: 'string', pattern: /^[^/]*(\/[^/]*)?$/, patternDescription: 'OS[/ARCH], e.g. linux/amd64' },
                obj('The platform to pull.', {
                  os: str('Operating system, e.g. `linux`.'),
                  architecture: str('CPU architecture, e.g. `amd64` or `arm64`.'),
                }),
              ],
            },
          },
          { required: ['uri'] },
        ),
      ],
    },
    azureLinux: obj(
      'A published Azure Linux image, downloaded from Microsoft Artifact Registry.',
      {
        version: str('Azure Linux version: `MAJOR.MINOR` or `MAJOR.MINOR.DATE`, e.g. `3.0` or `3.0.20250101`.', {
          pattern: /^\d+\.\d+(\.\d+)?$/,
          patternDescription: 'MAJOR.MINOR or MAJOR.MINOR.DATE, e.g. 3.0 or 3.0.20250101',
        }),
        variant: str('The image variant, e.g. `minimal-os`.', {
          pattern: /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*$/,
          patternDescription: 'lower-case letters and digits, separated by `.`, `_`, `__` or dashes (e.g. minimal-os)',
        }),
      },
      { required: ['version', 'variant'] },
    ),
  }),
});

// ---- storage ----

const partition = obj(
  "A partition. Give `size` or `end` (not both); `start` defaults to the previous partition's end (1M for the first).",
  {
    id: str('Identifier that `filesystems[].deviceId` and `verity` refer to.'),
    label: str('GPT partition name: ASCII, at most 35 characters.'),
    start: diskSize('Offset where the partition starts (inclusive), e.g. `1M`.'),
    end: diskSize('Offset where the partition ends (exclusive). Not together with `size`.'),
    size: str('Size of the partition, e.g. `500M`, or `grow` to fill the rest of the disk (last partition only).', {
      pattern: /^(?:(?:0[0-7]*|[1-9][0-9]*)[KMGT]|grow)$/,
      patternDescription: `${DISK_SIZE_WORDS}, or \`grow\``,
      // Upstream reads an empty size as not given.
      emptyIsDefault: true,
    }),
    type: suggested(
      'The partition type: a well-known name or a partition type GUID. Default `linux-generic`.',
      {
        esp: 'EFI system partition (needed for `bootType: efi`); `fat32`/`vfat`, mounted at `/boot/efi`.',
        'bios-grub': 'BIOS boot partition (needed for `bootType: legacy`); starts at 1M, no file system.',
        home: '`/home`.',
        'linux-generic': 'A generic Linux data partition (default).',
        root: 'The root file system `/`.',
        'root-verity': 'Verity hash tree of the root partition.',
        srv: '`/srv`.',
        swap: 'Swap space.',
        tmp: '`/var/tmp`.',
        usr: '`/usr`.',
        'usr-verity': 'Verity hash tree of the `/usr` partition.',
        var: '`/var`.',
        xbootldr: 'Extended boot loader partition, `/boot`.',
      },
      {
        pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
        patternDescription: 'a well-known partition type or a GUID',
        emptyIsDefault: true,
      },
    ),
  },
);

const disk = obj('A disk and its GPT partition layout.', {
  partitionTableType: enumOf('The partition table type.', { gpt: 'GUID Partition Table.' }, undefined, { emptyIsDefault: false }),
  maxSize: diskSize('The size of the disk, e.g. `4G`. Optional when the last partition has a fixed size.'),
  partitions: list('The partitions, in disk order.', partition),
});

const btrfsSubvolume = obj(
  'A BTRFS subvolume.',
  {
    path: str('Path of the subvolume inside the file system, relative (no leading `/`), e.g. `home` or `var/log`.'),
    mountPoint,
    quota: obj('Quota limits of the subvolume.', {
      referencedLimit: diskSize('Limit on the data the subvolume references.'),
      exclusiveLimit: diskSize('Limit on the data only this subvolume holds.'),
    }),
  },
  { required: ['path'] },
);

const filesystem = obj(
  'A file system on a partition or verity device.',
  {
    deviceId: str('The `id` of the partition or verity device.', { pattern: NON_EMPTY, patternDescription: NON_EMPTY_WORDS }),
    type: enumOf('The file system type. Needed when `mountPoint` is set.', {
      ext4: 'ext4.',
      xfs: 'XFS.',
      fat32: 'FAT32 (alias of `vfat`); the usual choice for the ESP.',
      vfat: 'FAT (FAT12/16/32 chosen by size).',
      btrfs: 'BTRFS. Preview feature `btrfs`.',
    }),
    mountPoint,
    btrfs: obj(
      'BTRFS settings. Preview feature `btrfs`.',
      { subvolumes: list('Subvolumes to create.', btrfsSubvolume) },
      { preview: 'btrfs' },
    ),
  },
  { required: ['deviceId'] },
);

const verity = obj(
  'A dm-verity device that makes `/` or `/usr` read-only and tamper-evident.',
  {
    id: str('Identifier that `filesystems[].deviceId` refers to.', { pattern: NON_EMPTY, patternDescription: NON_EMPTY_WORDS }),
    name: suggested(
      'Name of the mapper device: `root` for `/`, `usr` for `/usr`.',
      { root: 'For the root file system `/`.', usr: 'For `/usr`.' },
      { pattern: /^[a-z]+$/, patternDescription: 'lower-case letters only: `root` for `/`, `usr` for `/usr`' },
    ),
    dataDeviceId: str("The `id` of the partition holding the data. Or use `dataDevice` for an existing image's partition."),
    dataDevice: identifiedPartition('An existing partition of the base image holding the data.'),
    dataDeviceMountIdType: enumOf('How the kernel command line identifies the data partition.', {
      uuid: 'The file system UUID.',
      'part-uuid': 'The partition UUID (default).',
      'part-label': 'The partition label.',
    }),
    hashDeviceId: str('The `id` of the partition holding the hash tree. Or use `hashDevice`.'),
    hashDevice: identifiedPartition('An existing partition of the base image holding the hash tree.'),
    hashDeviceMountIdType: enumOf('How the kernel command line identifies the hash partition.', {
      uuid: 'The file system UUID.',
      'part-uuid': 'The partition UUID (default).',
      'part-label': 'The partition label.',
    }),
    corruptionOption: enumOf('What happens when corruption is detected. Default `io-error`.', {
      'io-error': 'Fail the read with an I/O error (default).',
      ignore: 'Ignore the corruption.',
      panic: 'Panic the kernel.',
      restart: 'Restart the system.',
    }),
    hashSignaturePath: str('Where the signed root hash is placed. Preview feature `output-artifacts`.', { preview: 'output-artifacts' }),
  },
  { required: ['id', 'name'] },
);

const storage = obj('Disks, partitions, file systems and verity devices of the output image.', {
  bootType: enumOf('The firmware the image boots with. Required with `disks`.', {
    efi: 'UEFI boot; needs an `esp` partition.',
    legacy: 'BIOS boot; needs a `bios-grub` partition and `grub2-pc` in the image.',
  }),
  disks: list('The disks to create (only one is supported).', disk),
  filesystems: list('File systems on the partitions, and where they mount.', filesystem),
  verity: list('Verity devices.', verity),
  resetPartitionsUuidsType: enumOf('Give the existing partitions new UUIDs (not together with `disks`). Needs `os.bootloader.resetType`.', {
    'reset-all': 'Reset the partition and file system UUIDs of every partition.',
  }),
  reinitializeVerity: enumOf(
    'For a base image with verity: whether its verity partitions may change. Preview feature `reinitialize-verity`.',
    {
      none: 'Verity data partitions stay read-only; hashes unchanged.',
      all: 'Verity data partitions are writable; hashes are regenerated.',
    },
    'reinitialize-verity',
  ),
});

// ---- os ----

const password = obj("The user's password.", {
  type: enumOf(
    'How `value` is given.',
    {
      locked: 'No password login (leave `value` empty).',
      'plain-text': 'The password itself (avoid in shared files).',
      hashed: 'A hash as in `/etc/shadow`, e.g. from `openssl passwd -6`.',
      'plain-text-file': 'A file holding the password.',
      'hashed-file': 'A file holding the password hash.',
      // PasswordType has no empty value: `type: ""` is refused.
    },
    undefined,
    { emptyIsDefault: false },
  ),
  value: str('The password, its hash, or the path of a file holding either (see `type`).'),
});

const user = obj(
  'A user account to add or update.',
  {
    name: str('The user name.', { pattern: NON_BLANK, patternDescription: NON_BLANK_WORDS }),
    uid: { type: 'integer', minimum: 0, maximum: 60000, doc: 'User ID, 0 to 60000.' },
    password,
    passwordExpiresDays: { type: 'integer', minimum: -1, maximum: 99999, doc: 'Days until the password expires; `-1` for never.' },
    sshPublicKeyPaths: strings("SSH public key files to authorize, relative to this config file's folder unless absolute."),
    sshPublicKeys: strings('SSH public keys to authorize, e.g. `ssh-ed25519 AAAA...`.'),
    primaryGroup: str('The primary group.'),
    secondaryGroups: strings('Other groups the user belongs to, e.g. `sudo`, `wheel`.'),
    startupCommand: str('The login shell, e.g. `/bin/bash`.'),
    homeDirectory: str('The home directory.'),
  },
  { required: ['name'] },
);

const group = obj(
  'A group to add.',
  {
    name: str('The group name.', { pattern: NON_BLANK, patternDescription: NON_BLANK_WORDS }),
    gid: { type: 'integer', minimum: 0, maximum: 60000, doc: 'Group ID, 0 to 60000.' },
  },
  { required: ['name'] },
);

const moduleSchema = obj(
  'A kernel module setting.',
  {
    name: str('The module name, e.g. `vfio`.', { pattern: /^[^\s]+$/, patternDescription: 'a module name without spaces' }),
    loadMode: enumOf('When the module loads.', {
      always: 'Load at every boot (`/etc/modules-load.d`).',
      auto: 'Load when the hardware needs it (default kernel behaviour).',
      disable: 'Never load (blacklisted).',
      inherit: "Keep the base image's setting.",
    }),
    options: obj('Module parameters (`/etc/modprobe.d`).', {}, { additionalProperties: str('Value of the module parameter.') }),
  },
  { required: ['name'] },
);

const overlay = obj(
  'An overlay file system (lower directories, a writable upper directory, a work directory).',
  {
    lowerDirs: strings('Absolute paths of the read-only lower directories.'),
    upperDir: str('Absolute path of the writable upper directory.'),
    workDir: str('Absolute path of the work directory (same file system as `upperDir`, not inside it).'),
    mountPoint: str('Absolute path where the overlay is mounted.'),
    isInitrdOverlay: { type: 'boolean', doc: 'Mount the overlay from the initramfs, before the root file system switches.' },
    mountDependencies: strings('Absolute mount paths that must be mounted before this overlay.'),
    mountOptions: str('Extra mount options, comma-separated without spaces.'),
  },
  { required: ['upperDir', 'workDir', 'mountPoint'] },
);

const packages = obj('Packages to install, remove and update.', {
  updateExistingPackages: { type: 'boolean', doc: 'Update every package of the base image first.' },
  install: strings('Packages to install.'),
  remove: strings('Packages to remove.'),
  update: strings('Packages to update.'),
  installLists: strings("Package list files (YAML with `packages:`) to install, relative to this config file's folder."),
  removeLists: strings("Package list files to remove, relative to this config file's folder."),
  updateLists: strings("Package list files to update, relative to this config file's folder."),
  snapshotTime: str('Install package versions as of this time: `YYYY-MM-DD` or RFC 3339. Preview feature `package-snapshot-time`.', {
    preview: 'package-snapshot-time',
  }),
  removePackageManager: {
    type: 'boolean',
    doc: 'Remove the package manager at the end. Preview feature `remove-package-manager`.',
    preview: 'remove-package-manager',
  },
});

const os = obj('The operating system settings.', {
  hostname: str('The host name: a DNS name without underscores.'),
  packages,
  selinux: obj('SELinux settings.', {
    mode: enumOf('The SELinux mode.', {
      disabled: 'SELinux off.',
      permissive: 'Policy violations are logged, not blocked.',
      enforcing: 'Policy enforced; can be switched to permissive at run time.',
      'force-enforcing': 'Policy enforced; cannot be switched to permissive.',
    }),
  }),
  kernelCommandLine,
  additionalFiles,
  additionalDirs: list(
    'Directories to copy into the image.',
    obj(
      'A directory to copy into the image.',
      {
        source: str("Path of the directory to copy, relative to this config file's folder unless absolute.", {
          pattern: NON_EMPTY,
          patternDescription: NON_EMPTY_WORDS,
        }),
        destination: str('Absolute path of the directory in the image.', { pattern: NON_EMPTY, patternDescription: NON_EMPTY_WORDS }),
        newDirPermissions: permissions('Permissions of directories that are created. Default `755`.'),
        mergedDirPermissions: permissions('Permissions of directories that already exist. Default: unchanged.'),
        childFilePermissions: permissions('Permissions of the copied files. Default: as in the source.'),
        sha256hashmap: obj('Expected SHA-256 hash of each file, by relative path.', {}, { additionalProperties: { type: 'string' } }),
      },
      { required: ['source', 'destination'] },
    ),
  ),
  groups: list('Groups to add.', group),
  users: list('Users to add or update.', user),
  services: obj('systemd services.', {
    enable: list(
      'Services to enable, e.g. `sshd`.',
      str('A systemd service name.', { pattern: NON_EMPTY, patternDescription: NON_EMPTY_WORDS }),
    ),
    disable: list('Services to disable.', str('A systemd service name.', { pattern: NON_EMPTY, patternDescription: NON_EMPTY_WORDS })),
  }),
  modules: list('Kernel modules to load, disable or configure.', moduleSchema),
  overlays: list('Overlay file systems.', overlay),
  bootloader: obj('Boot loader settings.', {
    resetType: enumOf('Replace the boot loader configuration. Required with `storage.disks` or `storage.resetPartitionsUuidsType`.', {
      'hard-reset': 'Regenerate the boot loader configuration from scratch.',
    }),
  }),
  uki: obj(
    'Unified Kernel Images. Preview feature `uki`.',
    {
      mode: enumOf('How UKIs are produced.', {
        create: 'Build UKIs (needs `os.bootloader.resetType: hard-reset`).',
        passthrough: "Keep the base image's UKIs unchanged.",
        modify: 'Change only the UKI add-on command line.',
      }),
    },
    { preview: 'uki' },
  ),
  imageHistory: enumOf('The image history file in `/usr/share/image-customizer/history.json`.', {
    none: 'Do not write image history.',
  }),
});

// ---- iso / pxe ----

const initramfsType = enumOf('What the initramfs holds.', {
  bootstrap: 'A small initramfs that loads the full OS image (default).',
  'full-os': 'The whole OS inside the initramfs.',
});

const kdumpBootFiles = enumOf(
  'Crash-dump boot files. Preview feature `kdump-boot-files`.',
  { none: 'Do not keep them.', keep: 'Keep the kdump kernel and initramfs.' },
  'kdump-boot-files',
  // A pointer to an enum without an empty value upstream: `kdumpBootFiles: ""` is refused.
  { emptyIsDefault: false },
);

const iso = obj('Settings of ISO output.', {
  kernelCommandLine,
  additionalFiles: list('Files to add to the ISO media.', additionalFile),
  initramfsType,
  kdumpBootFiles,
});

const pxeUrl = (doc: string) =>
  str(doc, {
    pattern: /^(ftp|https?|nfs|tftp):\/\//,
    patternDescription: 'a URL starting with ftp://, http://, https://, nfs:// or tftp://',
  });

const pxe = obj('Settings of PXE output.', {
  kernelCommandLine,
  additionalFiles: list('Files to add to the PXE artifacts.', additionalFile),
  initramfsType,
  kdumpBootFiles,
  bootstrapBaseUrl: pxeUrl('URL of the folder from which the bootstrap initramfs downloads the OS image. Not with `bootstrapFileUrl`.'),
  bootstrapFileUrl: pxeUrl('URL of the OS image the bootstrap initramfs downloads. Not with `bootstrapBaseUrl`.'),
});

// ---- output ----

const output = obj('What the build writes.', {
  image: obj('The output image.', {
    path: str('Where the image is written (or give `--output-image-file`).'),
    format: enumOf('The image format (or give `--output-image-format`).', {
      vhd: 'Dynamic VHD.',
      'vhd-fixed': 'Fixed-size VHD (required for Azure VMs).',
      vhdx: 'VHDX (Hyper-V).',
      qcow2: 'QEMU qcow2.',
      raw: 'Raw disk image.',
      iso: 'Live ISO.',
      'pxe-dir': 'PXE boot files in a folder.',
      'pxe-tar': 'PXE boot files in a tar archive.',
      cosi: 'Composable OS Image (for Trident).',
      'baremetal-image': 'COSI for bare metal.',
    }),
    cosi: obj('COSI settings.', {
      compression: obj('zstd compression of the COSI file systems.', {
        level: { type: 'integer', minimum: 1, maximum: 22, doc: 'zstd level, 1 to 22 (20 and above use more memory).' },
      }),
    }),
  }),
  artifacts: obj(
    'Build artifacts to copy out. Preview feature `output-artifacts`.',
    {
      items: list(
        'Which artifacts.',
        enumOf(
          'An artifact.',
          {
            ukis: 'The Unified Kernel Images (with their add-ons).',
            shim: 'The shim boot loader.',
            bootloader: 'The systemd-boot or GRUB boot loader.',
            'verity-hash': 'The verity root hashes.',
          },
          undefined,
          {
            deprecated: {
              // Both names are refused by OutputArtifactsItemType.IsValid at the pinned commit: errors, with the rename.
              'systemd-boot': {
                message:
                  "releases 0.14 to 1.2 called the boot loader artifact 'systemd-boot'; current releases reject it and call it 'bootloader'.",
                replacement: 'bootloader',
                severity: 'error',
              },
              'uki-addons': {
                message: "current releases reject it, since UKI add-ons are always copied with 'ukis'.",
                replacement: 'ukis',
                severity: 'error',
              },
            },
          },
        ),
      ),
      path: str('Folder the artifacts are written to.'),
    },
    { preview: 'output-artifacts', required: ['items', 'path'] },
  ),
  selinuxPolicyPath: str("Folder the image's SELinux policy is extracted to. Preview feature `output-selinux-policy`.", {
    preview: 'output-selinux-policy',
  }),
});

// ---- The config ----

export const imageSchema: ObjectSchema = obj('An Azure Linux Image Customizer configuration.', {
  input,
  storage,
  iso,
  pxe,
  os,
  scripts: obj('Scripts run during customization.', {
    postCustomization: list('Scripts run after the OS settings are applied.', script),
    finalizeCustomization: list('Scripts run last, after SELinux labelling.', script),
  }),
  previewFeatures: list('Preview features to enable (their API may change).', suggested('A preview feature.', PREVIEW_FEATURE_DOCS)),
  output,
  baseConfigs: withPreview(
    'base-configs',
    list(
      'Configuration files this one inherits from, applied first. Preview feature `base-configs`.',
      obj(
        'A base configuration file.',
        {
          path: str("Path of the base config, relative to this config file's folder unless absolute.", {
            pattern: NON_BLANK,
            patternDescription: NON_BLANK_WORDS,
          }),
        },
        { required: ['path'] },
      ),
    ),
  ),
});

/** Top-level keys, for recognising image configs by content. */
export const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(Object.keys(imageSchema.properties));

/** Upstream's documentation site: one page per configuration type (docs/imagecustomizer/api/configuration/*.md). */
const DOCS_BASE = 'https://microsoft.github.io/azure-linux-image-tools/imagecustomizer/api/configuration/';

const DOCS_PAGES = new Map<Schema, string>([
  [imageSchema, 'config'],
  [kernelCommandLine, 'kernelcommandline'],
  [additionalFile, 'additionalfile'],
  [mountPointObject, 'mountpoint'],
  [script, 'script'],
  [input, 'input'],
  [partition, 'partition'],
  [disk, 'disk'],
  [btrfsSubvolume, 'btrfsSubvolume'],
  [filesystem, 'filesystem'],
  [verity, 'verity'],
  [storage, 'storage'],
  [password, 'password'],
  [user, 'user'],
  [group, 'group'],
  [moduleSchema, 'module'],
  [overlay, 'overlay'],
  [packages, 'packages'],
  [os, 'os'],
  [iso, 'iso'],
  [pxe, 'pxe'],
  [output, 'output'],
]);

/** The documentation page of an object's keys: its own page, else the configuration's overview. */
export function imageDocsUrl(schema: Schema | undefined): string {
  return `${DOCS_BASE}${(schema && DOCS_PAGES.get(schema)) ?? 'configuration'}.html`;
}
