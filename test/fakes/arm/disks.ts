/*
 * Managed disks beyond plain CRUD, as the Azure docs describe them ("Upload a VHD to Azure or copy a managed disk",
 * "Download a Linux VHD from Azure", the Disks REST API's Grant Access / Revoke Access, and the DiskState values):
 * - createOption `Upload` with `uploadSizeBytes` (20 MiB + 512 to 32,767 GiB + 512, the size less the 512-byte
 *   footer a whole number of MiB) makes an empty disk in state ReadyToUpload; a Write grant moves it to
 *   ActiveUpload and hands out a SAS for its page blob; revoking ends the upload: Unattached.
 * - createOption `FromImage` with `imageReference.id` naming a platform image version makes the disk from the
 *   image (its OS disk size and generation); a Read grant exports it (ActiveSAS) as a fixed VHD: the disk's bytes
 *   and a VHD footer, blob size = disk size + 512; revoking returns it to Unattached.
 * - A disk with an active SAS or upload cannot be attached, used as an image source or deleted until access is
 *   revoked (Azure answers OperationNotAllowed; the exact wording here is the fake's).
 * Grant and revoke are long-running operations; the server wraps them.
 */
import { createHash } from 'node:crypto';
import type { BlobService, PageBlob } from './blobs';
import { ArmError } from './errors';
import { fixedVhdFooter, gptStart, looksBootable } from './vhd';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const FOOTER = 512;
export const MIN_UPLOAD_BYTES = 20 * MiB + FOOTER;
export const MAX_UPLOAD_BYTES = 32_767 * GiB + FOOTER;

export type DiskState = 'ReadyToUpload' | 'ActiveUpload' | 'ActiveSAS' | 'Unattached';

interface DiskRecord {
  readonly name: string;
  state: DiskState;
  readonly createOption: 'Upload' | 'FromImage';
  /** Upload disks: the blob written through the SAS. FromImage disks: the disk's bytes (exported with a footer). */
  readonly blob: PageBlob;
  sasUrl?: string;
}

/** A platform image version a FromImage disk can be made from. */
export interface ImageForDisk {
  readonly urn: string;
  readonly sizeGb: number;
  readonly hyperVGeneration: string;
}

export class ManagedDisks {
  private readonly records = new Map<string, DiskRecord>();
  private readonly retained = new Set<PageBlob>();

  constructor(private readonly blobs: BlobService) {}

  /**
   * Checks a disk PUT's creationData and fills in what Azure would; returns false for a disk this module does not
   * track (Empty, Attach, or made by a VM create).
   */
  create(id: string, name: string, properties: Record<string, unknown>, image: (referenceId: string) => ImageForDisk | undefined): boolean {
    const creation = (properties.creationData ?? {}) as Record<string, unknown>;
    const option = String(creation.createOption ?? '');
    if (option.toLowerCase() === 'upload') {
      const size = creation.uploadSizeBytes;
      if (
        typeof size !== 'number' ||
        !Number.isSafeInteger(size) ||
        size < MIN_UPLOAD_BYTES ||
        size > MAX_UPLOAD_BYTES ||
        (size - FOOTER) % MiB !== 0
      ) {
        throw new ArmError(
          400,
          'InvalidParameter',
          `The value '${String(size)}' of parameter 'creationData.uploadSizeBytes' is invalid. It must be the size of a fixed VHD: between ${MIN_UPLOAD_BYTES} and ${MAX_UPLOAD_BYTES} bytes, the disk (the size less the 512-byte footer) a whole number of MiB.`,
        );
      }
      properties.diskSizeGB = Math.ceil((size - FOOTER) / GiB);
      properties.diskSizeBytes = size - FOOTER;
      properties.hyperVGeneration ??= 'V1';
      this.records.set(id.toLowerCase(), { name, state: 'ReadyToUpload', createOption: 'Upload', blob: this.blobs.newPageBlob(size) });
      return true;
    }
    if (option.toLowerCase() === 'fromimage') {
      const referenceId = String(((creation.imageReference ?? {}) as Record<string, unknown>).id ?? '');
      const found = image(referenceId);
      if (!found) {
        throw new ArmError(
          404,
          'PlatformImageNotFound',
          `The platform image '${referenceId}' is not available. Verify that all fields in the storage profile are correct.`,
        );
      }
      properties.diskSizeGB = Math.max(Number(properties.diskSizeGB ?? 0), found.sizeGb);
      properties.diskSizeBytes = found.sizeGb * GiB;
      properties.hyperVGeneration = found.hyperVGeneration;
      properties.osType ??= 'Linux';
      const blob = this.blobs.newPageBlob(found.sizeGb * GiB + FOOTER);
      writeImageBytes(blob, found);
      this.records.set(id.toLowerCase(), { name, state: 'Unattached', createOption: 'FromImage', blob });
      return true;
    }
    return false;
  }

  /** The tracked state, for the disk's `diskState` (Attached/Reserved come from the VM using it). */
  state(id: string): DiskState | undefined {
    return this.records.get(id.toLowerCase())?.state;
  }

  blob(id: string): PageBlob | undefined {
    return this.records.get(id.toLowerCase())?.blob;
  }

  /** `beginGetAccess`: checks the state, moves it on and returns the SAS URL. */
  grant(id: string, access: unknown, seconds: unknown, attachedTo: string | undefined): string {
    const record = this.records.get(id.toLowerCase());
    const level = String(access ?? '');
    if (level !== 'Read' && level !== 'Write') {
      throw new ArmError(400, 'InvalidParameter', `The value '${level}' of parameter 'access' is invalid. Allowed values: Read, Write.`);
    }
    if (typeof seconds !== 'number' || seconds <= 0) {
      throw new ArmError(400, 'InvalidParameter', "Required parameter 'durationInSeconds' is missing or not a positive number.");
    }
    if (attachedTo) {
      throw new ArmError(409, 'OperationNotAllowed', `Disk ${id} is attached to VM ${attachedTo}; it cannot be exported while in use.`);
    }
    if (!record) {
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `The fake ARM server exports only disks made by upload or from an image; ${id} is neither.`,
      );
    }
    if (level === 'Write') {
      if (record.createOption !== 'Upload' || (record.state !== 'ReadyToUpload' && record.state !== 'ActiveUpload')) {
        throw new ArmError(
          409,
          'OperationNotAllowed',
          `Write access can be granted only to a disk created for upload that is ready to upload; ${record.name} is ${record.state}.`,
        );
      }
      record.state = 'ActiveUpload';
    } else {
      if (record.state === 'ReadyToUpload' || record.state === 'ActiveUpload') {
        throw new ArmError(
          409,
          'OperationNotAllowed',
          `Disk ${record.name} is ${record.state}: revoke the upload's access before reading it.`,
        );
      }
      record.state = 'ActiveSAS';
    }
    // A new grant replaces the old SAS.
    this.blobs.revoke(record.blob);
    record.sasUrl = this.blobs.publish({ kind: 'page', blob: record.blob }, level === 'Write' ? 'rw' : 'r', seconds);
    return record.sasUrl;
  }

  /** `endGetAccess`: ends the upload or export; a disk without access is left as it is. */
  revoke(id: string): void {
    const record = this.records.get(id.toLowerCase());
    if (!record) return;
    this.blobs.revoke(record.blob);
    record.sasUrl = undefined;
    if (record.state === 'ActiveUpload' || record.state === 'ActiveSAS') record.state = 'Unattached';
  }

  /** Makes the current SAS of a disk expire now (the tests' "expired SAS"). */
  expire(id: string): void {
    const record = this.records.get(id.toLowerCase());
    const grant = record?.sasUrl ? this.blobs.grantOf(record.sasUrl) : undefined;
    if (!grant) throw new Error(`Disk ${id} has no SAS to expire.`);
    grant.expiresAt = Date.now() - 1000;
  }

  /** Attaching the disk to a VM, or making an image version from it. */
  checkUsable(id: string, purpose: string): void {
    const record = this.records.get(id.toLowerCase());
    if (record && record.state !== 'Unattached') {
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `Disk ${record.name} is in state ${record.state} and cannot be ${purpose}. Revoke its access first.`,
      );
    }
  }

  checkDeletable(id: string): void {
    const record = this.records.get(id.toLowerCase());
    if (record && (record.state === 'ActiveSAS' || record.state === 'ActiveUpload')) {
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `Disk ${record.name} has an active SAS (${record.state}) and cannot be deleted. Revoke its access first.`,
      );
    }
  }

  /** An image version was made from the disk: its bytes outlive the disk (the version holds a copy). */
  retain(id: string): void {
    const record = this.records.get(id.toLowerCase());
    if (record) this.retained.add(record.blob);
  }

  /** The disk is gone: its blob (unless an image version still holds a copy) and its SAS go with it. */
  remove(id: string): void {
    const record = this.records.get(id.toLowerCase());
    if (!record) return;
    this.blobs.revoke(record.blob);
    if (!this.retained.has(record.blob)) record.blob.delete();
    this.records.delete(id.toLowerCase());
  }

  /** Whether a VM booting from this disk gets past its firmware: a GPT disk as a UEFI (Gen2) VM needs. */
  bootable(id: string): boolean | undefined {
    const record = this.records.get(id.toLowerCase());
    if (!record) return undefined;
    return looksBootable(record.blob.read(0, 1024));
  }
}

/**
 * The bytes a FromImage disk holds: a GPT start, two stretches of data derived from the image URN (so a test can
 * tell which image it got), zeros elsewhere, and the fixed VHD footer the export ends with.
 */
function writeImageBytes(blob: PageBlob, image: ImageForDisk): void {
  const diskBytes = image.sizeGb * GiB;
  blob.write(0, gptStart(diskBytes));
  blob.write(MiB, patternBytes(image.urn, 3 * MiB));
  blob.write(Math.floor(diskBytes / 2 / MiB) * MiB, patternBytes(`${image.urn}#2`, 2 * MiB));
  blob.write(diskBytes, fixedVhdFooter(diskBytes, { seed: image.urn }));
}

/** Deterministic bytes from a seed (xorshift32 seeded by the seed's SHA-256): cheap, and different per image. */
function patternBytes(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0) || 1;
  for (let offset = 0; offset + 4 <= length; offset += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out.writeUInt32LE(state >>> 0, offset);
  }
  return out;
}
