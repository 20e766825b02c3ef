import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertTableHonest, readTable } from '../upstreamTable';

const TABLE = 'src/language/core/image/UPSTREAM.md';

/** The non-test Go files of toolkit/tools/imagecustomizerapi at the pinned commit (git ls-tree of b80d3525). */
const API_FILES = `Identifiedpartitiontype.go additionalfile.go artifacts.go azurelinuximage.go baseconfig.go bootloader.go
bootloaderresettype.go boottype.go btrfsconfig.go btrfsquotaconfig.go btrfssubvolume.go config.go corruptionoption.go
cosicompression.go cosiconfig.go dirconfig.go disk.go disksize.go filepermissions.go filesystem.go filesystemtype.go group.go
identifiedpartition.go imageFormatType.go imagehistory.go initramfsImageType.go injectartifactmetadata.go injectfilepartition.go
injectfilesconfig.go input.go inputImage.go iso.go kdumpbootfilestype.go kernelcommandline.go module.go moduleLoadMode.go
mountidentifiertype.go mountpoint.go ociimage.go ociplatform.go os.go output.go outputImage.go outputartifactsitemtype.go
overlay.go packagelist.go packages.go packagesnapshottime.go partition.go partitionsize.go partitiontabletype.go partitiontype.go
partitiontype_amd64.go partitiontype_arm64.go password.go passwordtype.go passwordtype_nonprod.go passwordtype_prod.go
previewfeaturetype.go pxe.go reinitializeveritytype.go resetpartitionuuidtype.go script.go scripts.go selinux.go selinuxmode.go
service.go storage.go uki.go ukimode.go user.go utils.go uuid.go validateresourcetype.go validateresourcetypes.go verity.go`.split(/\s+/);

describe('the upstream table of image checks (UPSTREAM.md)', () => {
  const rows = readTable(TABLE);

  it('names a rule that exists and a test that proves it for every check it implements, and a reason for the rest', () => {
    assert.ok(rows.length > 150, `${rows.length} rows`);
    assertTableHonest(rows, 'image');
  });

  it('lists every file of the API package at the pinned commit', () => {
    const listed = rows.map((row) => row.upstream).join(' ');
    assert.deepEqual(
      API_FILES.filter((file) => !new RegExp(`\\b${file.replace('.', '\\.')}\\b`).test(listed)),
      [],
    );
  });

  it('lists the checks validate-config adds before a build', () => {
    const listed = rows.map((row) => row.upstream).join(' ');
    for (const check of [
      'resolveStorage',
      'buildConfigChainHelper',
      'validateScript',
      'collectPackagesList',
      'validateIsoPxeCustomization',
    ]) {
      assert.ok(listed.includes(check), check);
    }
  });
});
