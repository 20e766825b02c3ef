import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../../src/language/core/index';
import { goYamlInt } from '../../../../src/language/core/parse/scalars';
import { assertClean, assertOne, EFI_STORAGE, RESET, withCode } from './helpers';

describe("integers as Image Customizer's yaml.v3 reads them", () => {
  it('decodes the Go forms yaml.v3 accepts for an int field', () => {
    const cases: [string, number | undefined][] = [
      ['1000', 1000],
      ['1_000', 1000],
      ['0b101', 5],
      ['0o17', 15],
      ['0x1F', 31],
      ['-0x10', -16],
      ['+12', 12],
      ['0644', 420],
      ['0', 0],
      // Not octal, so yaml.v3 falls back to a float, which it truncates into the int.
      ['08', 8],
      ['2.9', 2],
      ['1e3', 1000],
      ['.5', 0],
      ['abc', undefined],
      ['0x', undefined],
      ['_1', undefined],
      ['.inf', undefined],
      ['.nan', undefined],
      ['99999999999999999999', undefined],
      ['2024-01-01', undefined],
      ['', undefined],
    ];
    for (const [source, expected] of cases) assert.equal(goYamlInt(source), expected, source);
  });

  it('accepts uid and gid in every form upstream decodes, comparing the decoded value with the range', () => {
    assertClean(
      'os:\n  users:\n  - name: a\n    uid: 0x3E8\n  - name: b\n    uid: 1_001\n  - name: c\n    uid: 0o1752\n  groups:\n  - name: g\n    gid: 0b1111101000\n',
    );
    // 070000 is octal 28672 to yaml.v3, well inside 0..60000 (read as decimal it would be 70000, out of range).
    assertClean('os:\n  users:\n  - name: a\n    uid: 070000\n');
    const above = assertOne(
      'os:\n  groups:\n  - name: g\n    gid: 0o177777\n',
      'image/invalid-value',
      '0o177777',
      /0o177777 \(65535\).*above the maximum 60000/,
    );
    assert.equal(above.severity, 'error');
  });

  it('rejects what yaml.v3 cannot put in an int field: quoted numbers and words', () => {
    assertOne(
      'os:\n  users:\n  - name: a\n    uid: "1000"\n',
      'image/invalid-type',
      '"1000"',
      /Expected an integer for os\.users\[0\]\.uid/,
    );
    assertOne('os:\n  users:\n  - name: a\n    uid: 0x\n', 'image/invalid-type', '0x', /Expected an integer/);
  });

  it('checks the cosi compression level by its decoded value', () => {
    const cosi = (level: string) => `output:\n  image:\n    format: cosi\n    cosi:\n      compression:\n        level: ${level}\n`;
    assertClean(cosi('0x16'));
    assertOne(cosi('0x17'), 'image/invalid-value', '0x17', /0x17 \(23\).*above the maximum 22/);
  });

  it('leaves node-pool integers as YAML 1.2 and JSON read them', () => {
    const problems = analyze('properties:\n  count: 1_000\n  vmSize: Standard_D2s_v5\n  osType: Linux\n', {
      fileName: 'pool.nodepool.yaml',
    }).problems;
    assert.ok(
      problems.some((problem) => problem.code === 'nodepool/invalid-type' && /count/.test(problem.message)),
      JSON.stringify(problems),
    );
  });
});

describe('permissions as upstream parses them (octal digits in a string)', () => {
  const file = (permissions: string) => `os:\n  additionalFiles:\n  - content: x\n    destination: /a\n    permissions: ${permissions}\n`;

  it('accepts octal digits quoted or not, leading zeros included', () => {
    for (const value of ['"0644"', '644', '0644', '0755', '"0000600"', '7']) assertClean(file(value));
  });

  it('rejects Go number prefixes, underscores and empty text, which upstream does not read as octal digits', () => {
    for (const value of ['0o644', '0x1A4', '6_44', '""', '688']) {
      assertOne(file(value), 'image/invalid-permissions', value, /not octal digits/);
    }
  });

  it('rejects setuid, setgid and sticky bits', () => {
    assertOne(file('"4755"'), 'image/invalid-permissions', '"4755"', /beyond 777/);
    assertOne(
      'os:\n  additionalDirs:\n  - source: d\n    destination: /d\n    childFilePermissions: 1777\n',
      'image/invalid-permissions',
      '1777',
      /beyond 777/,
    );
  });
});

describe('disk sizes as upstream parses them', () => {
  /** Two partitions: `first` after the 1 MiB GPT header, then one starting at 9M. */
  const layout = (first: string) =>
    `storage:\n  bootType: efi\n  disks:\n  - partitionTableType: gpt\n    maxSize: 1G\n    partitions:\n    - id: esp\n      type: esp\n      size: ${first}\n    - id: rootfs\n      start: 9M\n      size: grow\n  filesystems:\n  - deviceId: esp\n    type: fat32\n    mountPoint: /boot/efi\n  - deviceId: rootfs\n    type: ext4\n    mountPoint: /\n${RESET}`;

  it('reads a leading 0 as octal: 010M is 8 MiB, so the next partition fits at 9M', () => {
    assertClean(layout('010M'));
    // Decimal 10M ends at 11M, past the next start.
    const overlap = withCode(layout('10M'), 'image/partition-overlap');
    assert.equal(overlap.length, 1, JSON.stringify(overlap));
    assert.match(overlap[0].message, /overlaps partition 'esp' \[1 MiB, 11 MiB\)/);
  });

  it('rejects a leading 0 followed by 8 or 9, which is not octal', () => {
    assertOne(layout('08M'), 'image/invalid-value', '08M', /leading 0 makes the number octal/);
  });

  it('reads an empty partition size as not given, as upstream does', () => {
    const text = EFI_STORAGE.replace('size: grow', 'size: ""') + RESET;
    assert.deepEqual(withCode(text, 'image/invalid-value'), []);
  });

  it('still needs the unit', () => {
    assertOne(layout('8'), 'image/invalid-value', '8', /with a unit/, { after: 'type: esp' });
  });
});
