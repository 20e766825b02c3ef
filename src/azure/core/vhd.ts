import { english, type L10n } from '../../util/l10n';

/*
 * Disk image files as Azure takes them: the VHD footer read as Microsoft's "Virtual Hard Disk Image Format
 * Specification" lays it out (the last 512 bytes of a fixed VHD), and the rules Azure's "Upload a VHD to Azure"
 * how-to states for a managed disk made by upload: a fixed VHD whose virtual size is a whole number of MiB, the
 * upload size being the file size with the footer. Other formats are recognised by their magic, so the person is
 * told how to get a VHD instead of "invalid file".
 */

export const vhdFooterBytes = 512;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The smallest upload Azure accepts: 20 MiB of disk plus the footer; the largest: 32,767 GiB plus the footer. */
export const minUploadBytes = 20 * MiB + vhdFooterBytes;
export const maxUploadBytes = 32_767 * GiB + vhdFooterBytes;

export type VhdDiskType = 'fixed' | 'dynamic' | 'differencing' | 'unknown';

export interface VhdFooter {
  /** Bytes 8-11: "features"; bit 1 is reserved and always set. */
  readonly features: number;
  /** Bytes 12-15: 0x00010000 for every VHD in use. */
  readonly formatVersion: number;
  /** Bytes 16-23: the dynamic header's offset; all ones for a fixed disk. */
  readonly dataOffsetAllOnes: boolean;
  /** Bytes 24-27: seconds since 2000-01-01T00:00:00Z. */
  readonly created: Date;
  /** Bytes 28-31: the program that made the file, e.g. "qemu", "win ", "vpc ". */
  readonly creatorApplication: string;
  /** Bytes 40-47 and 48-55. */
  readonly originalSize: number;
  readonly currentSize: number;
  /** Bytes 56-59: cylinders (2 bytes), heads, sectors per track. */
  readonly geometry: { readonly cylinders: number; readonly heads: number; readonly sectorsPerTrack: number };
  /** Bytes 60-63: 2 fixed, 3 dynamic, 4 differencing. */
  readonly diskType: VhdDiskType;
  /** Bytes 64-67 hold the one's complement of the sum of every other footer byte. */
  readonly checksumValid: boolean;
  /** Bytes 68-83, as hex. */
  readonly uniqueId: string;
}

const vhdEpochMs = Date.UTC(2000, 0, 1);

/** The one's complement of the byte sum of the footer, its own four checksum bytes (64-67) left out. */
export function vhdChecksum(footer: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < vhdFooterBytes; index++) {
    if (index < 64 || index > 67) sum = (sum + footer[index]!) >>> 0;
  }
  return ~sum >>> 0;
}

function uint64(view: DataView, offset: number): number {
  return Number(view.getBigUint64(offset));
}

/** Reads a VHD footer; undefined when the bytes do not start with the "conectix" cookie. */
export function parseVhdFooter(bytes: Uint8Array): VhdFooter | undefined {
  if (bytes.length < vhdFooterBytes || ascii(bytes, 0, 8) !== 'conectix') {
    return undefined;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, vhdFooterBytes);
  const type = view.getUint32(60);
  return {
    features: view.getUint32(8),
    formatVersion: view.getUint32(12),
    dataOffsetAllOnes: view.getBigUint64(16) === 0xffff_ffff_ffff_ffffn,
    created: new Date(vhdEpochMs + view.getUint32(24) * 1000),
    creatorApplication: ascii(bytes, 28, 4),
    originalSize: uint64(view, 40),
    currentSize: uint64(view, 48),
    geometry: { cylinders: view.getUint16(56), heads: bytes[58]!, sectorsPerTrack: bytes[59]! },
    diskType: type === 2 ? 'fixed' : type === 3 ? 'dynamic' : type === 4 ? 'differencing' : 'unknown',
    checksumValid: view.getUint32(64) === vhdChecksum(bytes.subarray(0, vhdFooterBytes)),
    uniqueId: Buffer.from(bytes.subarray(68, 84)).toString('hex'),
  };
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return Buffer.from(bytes.subarray(start, start + length)).toString('latin1');
}

export type ImageFileFormat = 'vhd-fixed' | 'vhd-dynamic' | 'vhdx' | 'qcow2' | 'iso' | 'unknown';

/**
 * What a disk image file is, from its first and last bytes: VHDX starts with "vhdxfile", qcow2 with "QFI\xfb", an
 * ISO 9660 image has "CD001" at 32769; a fixed VHD ends with its footer, a dynamic one starts with a copy of it.
 */
export function detectImageFormat(head: Uint8Array, tail: Uint8Array): ImageFileFormat {
  if (ascii(head, 0, 8) === 'vhdxfile') return 'vhdx';
  if (head[0] === 0x51 && head[1] === 0x46 && head[2] === 0x49 && head[3] === 0xfb) return 'qcow2';
  const footer = tail.length >= vhdFooterBytes ? parseVhdFooter(tail.subarray(tail.length - vhdFooterBytes)) : undefined;
  if (footer?.diskType === 'fixed') return 'vhd-fixed';
  if (parseVhdFooter(head)?.diskType === 'dynamic' || footer?.diskType === 'dynamic') return 'vhd-dynamic';
  if (head.length >= 32774 && ascii(head, 32769, 5) === 'CD001') return 'iso';
  return 'unknown';
}

/** How many bytes detectImageFormat wants from the start of the file (enough for the ISO 9660 signature). */
export const formatProbeHeadBytes = 32 * 1024 + 6;

/**
 * Why Azure would refuse this file as a managed disk upload, in words that say what to do; undefined when it is
 * a fixed VHD of a size Azure takes. `fileSize` is the whole file, footer included (the disk's uploadSizeBytes).
 */
export function uploadProblem(
  fileName: string,
  fileSize: number,
  head: Uint8Array,
  tail: Uint8Array,
  l10n: L10n = english,
): string | undefined {
  const format = detectImageFormat(head, tail);
  const convert = l10n.t(
    'Build it with `--output-image-format vhd-fixed` (or convert it with `qemu-img convert -O vpc -o subformat=fixed,force_size`).',
  );
  switch (format) {
    case 'vhdx':
      return l10n.t('{0} is a VHDX image; Azure takes only fixed-size VHD files. {1}', fileName, convert);
    case 'qcow2':
      return l10n.t('{0} is a qcow2 image; Azure takes only fixed-size VHD files. {1}', fileName, convert);
    case 'iso':
      return l10n.t('{0} is an ISO image, which cannot be a managed disk. Build a vhd-fixed output instead.', fileName);
    case 'vhd-dynamic':
      return l10n.t('{0} is a dynamic VHD; Azure takes only fixed-size VHD files. {1}', fileName, convert);
    case 'unknown':
      return l10n.t('{0} has no VHD footer (it may be a raw disk image or an unfinished build). {1}', fileName, convert);
    case 'vhd-fixed':
      break;
  }
  const footer = parseVhdFooter(tail.subarray(tail.length - vhdFooterBytes))!;
  if (!footer.checksumValid) {
    return l10n.t('The VHD footer of {0} has a wrong checksum: the file is damaged or was not written to the end.', fileName);
  }
  if (footer.currentSize + vhdFooterBytes !== fileSize) {
    return l10n.t(
      'The VHD footer of {0} says the disk holds {1} bytes, but the file has {2} bytes before the footer: the file was cut off or changed after it was built.',
      fileName,
      footer.currentSize,
      fileSize - vhdFooterBytes,
    );
  }
  if (footer.currentSize % MiB !== 0) {
    return l10n.t(
      "{0}'s virtual size ({1} bytes) is not a whole number of MiB, which Azure requires. Resize it to {2} MiB (`qemu-img resize`) and build the VHD again.",
      fileName,
      footer.currentSize,
      Math.ceil(footer.currentSize / MiB),
    );
  }
  if (fileSize < minUploadBytes || fileSize > maxUploadBytes) {
    return l10n.t('{0} holds a disk of {1} bytes; Azure takes disks from 20 MiB to 32,767 GiB.', fileName, footer.currentSize);
  }
  return undefined;
}
