import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { azureLinuxVersionOf, describeOsRelease, describeRelease, majorMinor, parseOsRelease } from '../../../src/azureLinux/releases';

// os-release texts in the shape os-release(5) documents; the Azure Linux values are those /work/shared/reference
// /azure-linux.md gives (ID=azurelinux, VERSION_ID 3.0 and 4.0); CBL-Mariner says ID=mariner.
describe('os-release', () => {
  it('reads quoted and unquoted values, comments and escapes', () => {
    const parsed = parseOsRelease(
      '# comment\nNAME="Microsoft Azure Linux"\nVERSION="4.0.20260101"\nID=azurelinux\nVERSION_ID="4.0"\nPRETTY_NAME="Microsoft \\"Azure\\" Linux 4.0"\nID_LIKE=\'fedora\'\n\nnot a line\n',
    );
    assert.deepEqual(parsed, {
      id: 'azurelinux',
      idLike: ['fedora'],
      versionId: '4.0',
      name: 'Microsoft Azure Linux',
      prettyName: 'Microsoft "Azure" Linux 4.0',
    });
    assert.equal(azureLinuxVersionOf(parsed), '4.0');
  });

  it('says which release an image is, and which is a preview', () => {
    assert.equal(describeOsRelease(parseOsRelease('ID=azurelinux\nVERSION_ID="4.0"\n')), 'Azure Linux 4.0 (preview)');
    assert.equal(describeOsRelease(parseOsRelease('ID=azurelinux\nVERSION_ID=3.0\n')), 'Azure Linux 3.0');
    assert.equal(describeOsRelease(parseOsRelease('ID=mariner\nVERSION_ID="2.0"\n')), 'CBL-Mariner 2.0');
    assert.equal(describeOsRelease(parseOsRelease('ID=fedora\nVERSION_ID=42\nPRETTY_NAME="Fedora Linux 42"\n')), 'Fedora Linux 42');
    assert.equal(azureLinuxVersionOf(parseOsRelease('ID=fedora\nVERSION_ID=4.0\n')), undefined);
    assert.equal(describeRelease('5.0'), 'Azure Linux 5.0', 'a release the table does not know has no status');
  });

  it('reduces versions to major.minor', () => {
    assert.equal(majorMinor('3.0.20250102'), '3.0');
    assert.equal(majorMinor('4'), '4.0');
    assert.equal(majorMinor('latest'), undefined);
    assert.equal(majorMinor(undefined), undefined);
  });
});
