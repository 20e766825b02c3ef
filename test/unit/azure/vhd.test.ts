import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectImageFormat, parseVhdFooter, uploadProblem, vhdChecksum } from '../../../src/azure/core/vhd';
import { fixedVhdFooter, vhdGeometry } from '../../fakes/arm/vhd';

/*
 * The extension's VHD footer reader against footers the fake writes from Microsoft's VHD specification
 * (test/fakes/arm/vhd.ts), so the two are written independently and a misread field fails here.
 */

const MiB = 1024 * 1024;

/** The first and last bytes of a file of `diskBytes` + footer, as the deploy command reads them. */
function fileEnds(diskBytes: number, footer = fixedVhdFooter(diskBytes)): { head: Buffer; tail: Buffer; size: number } {
  return { head: Buffer.alloc(64 * 1024), tail: Buffer.concat([Buffer.alloc(512), footer]), size: diskBytes + 512 };
}

describe('VHD footer', () => {
  it('reads every field of a fixed footer as the spec lays it out', () => {
    const footer = parseVhdFooter(fixedVhdFooter(64 * MiB, { creatorApplication: 'qemu', timestamp: 86_400 }));
    assert.ok(footer);
    assert.equal(footer.diskType, 'fixed');
    assert.equal(footer.features, 2);
    assert.equal(footer.formatVersion, 0x0001_0000);
    assert.equal(footer.dataOffsetAllOnes, true);
    assert.equal(footer.created.toISOString(), '2000-01-02T00:00:00.000Z');
    assert.equal(footer.creatorApplication, 'qemu');
    assert.equal(footer.currentSize, 64 * MiB);
    assert.equal(footer.originalSize, 64 * MiB);
    assert.deepEqual(footer.geometry, vhdGeometry((64 * MiB) / 512));
    assert.equal(footer.checksumValid, true);
    assert.equal(footer.uniqueId.length, 32);
  });

  it('checks the checksum over every byte but its own four', () => {
    const good = fixedVhdFooter(30 * MiB);
    assert.equal(good.readUInt32BE(64), vhdChecksum(good));
    assert.equal(parseVhdFooter(fixedVhdFooter(30 * MiB, { breakChecksum: true }))?.checksumValid, false);
  });

  it('knows no footer without the "conectix" cookie', () => {
    assert.equal(parseVhdFooter(Buffer.alloc(512)), undefined);
    assert.equal(parseVhdFooter(Buffer.from('conectix')), undefined, 'too short');
  });
});

describe('image file formats', () => {
  it('tells fixed and dynamic VHD, VHDX, qcow2 and ISO apart', () => {
    const { head, tail } = fileEnds(32 * MiB);
    assert.equal(detectImageFormat(head, tail), 'vhd-fixed');
    const dynamicHead = Buffer.concat([fixedVhdFooter(32 * MiB, { diskType: 3 }), Buffer.alloc(1024)]);
    assert.equal(detectImageFormat(dynamicHead, Buffer.alloc(1024)), 'vhd-dynamic');
    assert.equal(detectImageFormat(Buffer.from('vhdxfile\0\0\0\0'), Buffer.alloc(512)), 'vhdx');
    assert.equal(detectImageFormat(Buffer.from([0x51, 0x46, 0x49, 0xfb, 0, 0, 0, 3]), Buffer.alloc(512)), 'qcow2');
    const iso = Buffer.alloc(40 * 1024);
    iso.write('CD001', 32769, 'latin1');
    assert.equal(detectImageFormat(iso, Buffer.alloc(512)), 'iso');
    assert.equal(detectImageFormat(Buffer.alloc(40 * 1024), Buffer.alloc(512)), 'unknown');
  });
});

describe('what Azure takes as an upload', () => {
  it('takes a fixed VHD of whole MiB between 20 MiB and 32,767 GiB', () => {
    const { head, tail, size } = fileEnds(64 * MiB);
    assert.equal(uploadProblem('image.vhd', size, head, tail), undefined);
    const smallest = fileEnds(20 * MiB);
    assert.equal(uploadProblem('image.vhd', smallest.size, smallest.head, smallest.tail), undefined);
  });

  it('says how to get a fixed VHD from other formats', () => {
    assert.match(
      uploadProblem('a.vhdx', 1024 * 1024, Buffer.from('vhdxfile'), Buffer.alloc(512)) ?? '',
      /VHDX image.*--output-image-format vhd-fixed/,
    );
    assert.match(uploadProblem('a.qcow2', 1024 * 1024, Buffer.from([0x51, 0x46, 0x49, 0xfb]), Buffer.alloc(512)) ?? '', /qcow2 image/);
    assert.match(uploadProblem('a.raw', 1024 * 1024, Buffer.alloc(64), Buffer.alloc(512)) ?? '', /no VHD footer.*raw disk image/);
    const dynamic = Buffer.concat([fixedVhdFooter(32 * MiB, { diskType: 3 }), Buffer.alloc(1024)]);
    assert.match(uploadProblem('d.vhd', 1024 * 1024, dynamic, Buffer.alloc(512)) ?? '', /dynamic VHD/);
  });

  it('refuses a damaged, cut-off, unaligned or too small VHD, saying which', () => {
    const broken = fileEnds(64 * MiB, fixedVhdFooter(64 * MiB, { breakChecksum: true }));
    assert.match(uploadProblem('x.vhd', broken.size, broken.head, broken.tail) ?? '', /wrong checksum/);
    const cut = fileEnds(64 * MiB);
    assert.match(uploadProblem('x.vhd', cut.size - 1024 * 1024, cut.head, cut.tail) ?? '', /cut off or changed/);
    const odd = fileEnds(64 * MiB + 512);
    assert.match(uploadProblem('x.vhd', odd.size, odd.head, odd.tail) ?? '', /not a whole number of MiB.*65 MiB/);
    const tiny = fileEnds(8 * MiB);
    assert.match(uploadProblem('x.vhd', tiny.size, tiny.head, tiny.tail) ?? '', /from 20 MiB/);
  });
});
