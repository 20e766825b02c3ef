import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One row of an UPSTREAM.md table: the upstream check, the code that implements it, the test, the notes. */
export interface TableRow {
  readonly upstream: string;
  readonly code: string | undefined;
  readonly test: string | undefined;
  readonly notes: string;
}

export function readTable(path: string): TableRow[] {
  const rows: TableRow[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line
      .slice(2, -2)
      .split(/(?<!\\) \| /)
      .map((cell) => cell.trim());
    assert.equal(cells.length, 5, line);
    const unquote = (cell: string) => (cell === '—' ? undefined : cell.replace(/^`|`$/g, ''));
    rows.push({ upstream: unquote(cells[0])!, code: unquote(cells[2]), test: unquote(cells[3]), notes: cells[4] });
  }
  return rows;
}

/** Every string literal in the engine's sources, to find the codes rules report. */
function sourceStrings(): Set<string> {
  const found = new Set<string>();
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) for (const match of readFileSync(path, 'utf8').matchAll(/'([a-zA-Z/-]+)'/g)) found.add(match[1]);
    }
  };
  visit('src/language/core');
  return found;
}

/** The checks every UPSTREAM.md table must pass: codes exist, tests mention them, unchecked rows say why. */
export function assertTableHonest(rows: readonly TableRow[], kind: 'image' | 'nodepool'): void {
  const strings = sourceStrings();
  const problems: string[] = [];
  for (const row of rows) {
    if (!row.code) {
      if (!row.notes) problems.push(`${row.upstream}: no code and no reason`);
      if (row.test) problems.push(`${row.upstream}: a test without a code`);
      continue;
    }
    const short = row.code.replace(`${kind}/`, '');
    if (!row.code.startsWith(`${kind}/`) || !(strings.has(short) || strings.has(row.code)))
      problems.push(`${row.code}: no rule reports it`);
    if (!row.test) {
      problems.push(`${row.code}: no test named`);
      continue;
    }
    const testPath = join('test/unit/language', row.test);
    if (!existsSync(testPath)) problems.push(`${row.code}: ${row.test} does not exist`);
    else if (!readFileSync(testPath, 'utf8').includes(row.code)) problems.push(`${row.code}: ${row.test} does not mention it`);
  }
  assert.deepEqual(problems, []);
}
