import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { analyze } from '../../../../src/language/core/index';
import type { FileAccess, Fix, Problem } from '../../../../src/language/core/types';

export const CONFIG_PATH = '/work/project/image.yaml';

/** Files in memory, by absolute path; directories exist when some file lies below them or they are listed. */
export function memoryFiles(files: Record<string, string>, filePath = CONFIG_PATH, directories: string[] = []): FileAccess {
  const absolute = new Map(Object.entries(files).map(([path, text]) => [resolve(dirname(filePath), path), text]));
  const dirs = new Set(directories.map((path) => resolve(dirname(filePath), path)));
  return {
    filePath,
    check: (path) =>
      absolute.has(path) || dirs.has(path) || [...absolute.keys()].some((file) => file.startsWith(`${path}/`))
        ? undefined
        : { missing: true },
    readText: (path) => absolute.get(path),
  };
}

export function check(text: string, files?: FileAccess, fileName = 'image.yaml'): Problem[] {
  return analyze(text, { kind: 'image', fileName, files }).problems;
}

/** Problems other than warnings and infos. */
export function errors(text: string, files?: FileAccess, fileName?: string): Problem[] {
  return check(text, files, fileName).filter((problem) => problem.severity === 'error');
}

export function withCode(text: string, code: string, files?: FileAccess, fileName?: string): Problem[] {
  return check(text, files, fileName).filter((problem) => problem.code === code);
}

/** Asserts no errors, showing them when there are some. */
export function assertClean(text: string, files?: FileAccess, fileName?: string): void {
  const found = errors(text, files, fileName);
  assert.deepEqual(
    found.map((problem) => `${problem.code}: ${problem.message} [${text.slice(problem.range.start, problem.range.end)}]`),
    [],
  );
}

/** Asserts exactly one problem with `code`, underlining the `occurrence`-th `token` in the text, with a message matching `message`. */
export function assertOne(
  text: string,
  code: string,
  token: string,
  message: RegExp,
  options: { occurrence?: number; after?: string; files?: FileAccess; fileName?: string } = {},
): Problem {
  const found = withCode(text, code, options.files, options.fileName);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(found.map((problem) => problem.message))}`);
  const [problem] = found;
  assertRange(text, problem, token, options.occurrence ?? 0, options.after);
  assert.match(problem.message, message);
  return problem;
}

/** The `occurrence`-th `token` (after the first `after`, when given) must be exactly the problem's range. */
export function assertRange(text: string, problem: Problem, token: string, occurrence = 0, after?: string): void {
  let start = after === undefined ? -1 : text.indexOf(after);
  assert.ok(start >= -1, `anchor ${after} not in text`);
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(token, start + 1);
  assert.ok(start >= 0, `token ${token} #${occurrence} not in text`);
  assert.deepEqual(
    { start: problem.range.start, end: problem.range.end, text: text.slice(problem.range.start, problem.range.end) },
    { start, end: start + token.length, text: token },
  );
}

export function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.range.start - a.range.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  return result;
}

/** A bootable EFI layout: ESP and a growing root, the common starting point. */
export const EFI_STORAGE = `storage:
  bootType: efi
  disks:
  - partitionTableType: gpt
    maxSize: 4G
    partitions:
    - id: esp
      type: esp
      size: 8M
    - id: rootfs
      size: grow
  filesystems:
  - deviceId: esp
    type: fat32
    mountPoint:
      path: /boot/efi
      options: umask=0077
  - deviceId: rootfs
    type: ext4
    mountPoint: /
`;

export const RESET = `os:
  bootloader:
    resetType: hard-reset
`;
