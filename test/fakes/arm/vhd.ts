/*
 * Disk bytes as the stand-ins need them, written from the formats' own documents, not from the extension's code:
 * - the fixed VHD footer of Microsoft's "Virtual Hard Disk Image Format Specification" (October 2006): cookie
 *   "conectix", features 2, version 1.0, data offset all ones, time stamp from 2000-01-01, creator, sizes, the CHS
 *   geometry of its appendix, disk type 2, the one's-complement checksum, a unique id;
 * - the start of a GPT disk (UEFI specification, "GUID Partition Table"): a protective MBR (0x55 0xAA at 510, one
 *   0xEE partition) and the header's "EFI PART" signature at LBA 1, which is what a Gen2 VM's UEFI firmware reads
 *   first. The fake treats a disk as bootable when that signature is there.
 */
import { createHash } from 'node:crypto';

const FOOTER = 512;

/** The spec's CHS geometry for a disk of `totalSectors` 512-byte sectors. */
export function vhdGeometry(totalSectors: number): { cylinders: number; heads: number; sectorsPerTrack: number } {
  const sectors = Math.min(totalSectors, 65535 * 16 * 255);
  let sectorsPerTrack: number;
  let heads: number;
  let cylinderTimesHeads: number;
  if (sectors >= 65535 * 16 * 63) {
    sectorsPerTrack = 255;
    heads = 16;
    cylinderTimesHeads = Math.floor(sectors / sectorsPerTrack);
  } else {
    sectorsPerTrack = 17;
    cylinderTimesHeads = Math.floor(sectors / sectorsPerTrack);
    heads = Math.floor((cylinderTimesHeads + 1023) / 1024);
    if (heads < 4) heads = 4;
    if (cylinderTimesHeads >= heads * 1024 || heads > 16) {
      sectorsPerTrack = 31;
      heads = 16;
      cylinderTimesHeads = Math.floor(sectors / sectorsPerTrack);
    }
    if (cylinderTimesHeads >= heads * 1024) {
      sectorsPerTrack = 63;
      heads = 16;
      cylinderTimesHeads = Math.floor(sectors / sectorsPerTrack);
    }
  }
  return { cylinders: Math.floor(cylinderTimesHeads / heads), heads, sectorsPerTrack };
}

export interface FooterOptions {
  /** Disk type field: 2 fixed (default), 3 dynamic, 4 differencing. */
  diskType?: number;
  /** Seconds after 2000-01-01T00:00:00Z (default: a fixed moment, so fixtures are reproducible). */
  timestamp?: number;
  creatorApplication?: string;
  /** Seeds the unique id (default: the size). */
  seed?: string;
  /** Writes a wrong checksum, as a damaged file would have. */
  breakChecksum?: boolean;
}

/** The 512-byte footer of a fixed VHD whose disk holds `diskBytes` bytes. */
export function fixedVhdFooter(diskBytes: number, options: FooterOptions = {}): Buffer {
  const footer = Buffer.alloc(FOOTER);
  footer.write('conectix', 0, 'latin1');
  footer.writeUInt32BE(2, 8);
  footer.writeUInt32BE(0x0001_0000, 12);
  footer.writeBigUInt64BE(0xffff_ffff_ffff_ffffn, 16);
  footer.writeUInt32BE(options.timestamp ?? 788_918_400, 24);
  footer.write((options.creatorApplication ?? 'qemu').padEnd(4, ' ').slice(0, 4), 28, 'latin1');
  footer.writeUInt32BE(0x0005_0003, 32);
  footer.write('Wi2k', 36, 'latin1');
  footer.writeBigUInt64BE(BigInt(diskBytes), 40);
  footer.writeBigUInt64BE(BigInt(diskBytes), 48);
  const geometry = vhdGeometry(Math.floor(diskBytes / 512));
  footer.writeUInt16BE(geometry.cylinders, 56);
  footer.writeUInt8(geometry.heads, 58);
  footer.writeUInt8(geometry.sectorsPerTrack, 59);
  footer.writeUInt32BE(options.diskType ?? 2, 60);
  createHash('sha256')
    .update(options.seed ?? String(diskBytes))
    .digest()
    .copy(footer, 68, 0, 16);
  let sum = 0;
  for (let index = 0; index < FOOTER; index++) if (index < 64 || index > 67) sum = (sum + footer[index]!) >>> 0;
  footer.writeUInt32BE(((~sum >>> 0) ^ (options.breakChecksum ? 1 : 0)) >>> 0, 64);
  return footer;
}

/** LBA 0 and 1 of a GPT disk: the protective MBR and the header's signature. */
export function gptStart(diskBytes: number): Buffer {
  const start = Buffer.alloc(1024);
  // Protective MBR: one partition of type 0xEE from LBA 1 over the whole disk (capped at 0xFFFFFFFF sectors).
  start.writeUInt8(0xee, 446 + 4);
  start.writeUInt32LE(1, 446 + 8);
  start.writeUInt32LE(Math.min(Math.floor(diskBytes / 512) - 1, 0xffff_ffff), 446 + 12);
  start.writeUInt8(0x55, 510);
  start.writeUInt8(0xaa, 511);
  start.write('EFI PART', 512, 'latin1');
  start.writeUInt32LE(0x0001_0000, 520);
  start.writeUInt32LE(92, 524);
  return start;
}

/** True when the disk bytes start like a GPT disk a UEFI firmware can boot from. */
export function looksBootable(firstKiB: Buffer): boolean {
  return firstKiB.length >= 520 && firstKiB.toString('latin1', 512, 520) === 'EFI PART';
}
