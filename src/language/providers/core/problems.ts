/*
 * Problems from the engine, shaped for the editor: line/character ranges and VS Code's numeric severities.
 * Pure so the unit tests check the mapping without an editor.
 */
import { LineIndex } from '../../core/lineIndex';
import type { Problem, Range, Severity } from '../../core/types';

export interface LineRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

/** Matches `vscode.DiagnosticSeverity`: Error 0, Warning 1, Information 2. */
export function diagnosticSeverity(severity: Severity): 0 | 1 | 2 {
  switch (severity) {
    case 'error':
      return 0;
    case 'warning':
      return 1;
    default:
      return 2;
  }
}

export function toLineRange(index: LineIndex, range: Range): LineRange {
  const start = index.position(range.start);
  const end = index.position(Math.max(range.start, range.end));
  return { start, end };
}

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countProblems(problems: readonly Pick<Problem, 'severity'>[]): ProblemCounts {
  const counts: ProblemCounts = { errors: 0, warnings: 0, infos: 0 };
  for (const problem of problems) {
    if (problem.severity === 'error') counts.errors++;
    else if (problem.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

/** True when two half-open offset ranges touch or overlap (an empty range at a problem's edge counts). */
export function rangesTouch(a: Range, b: Range): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/**
 * For completion requests typed with a trigger character: a space is only worth a request right after
 * `key:` or a list dash, where a value or a key can start. Typing a space anywhere else (inside a script,
 * a comment, a value) must not pop up a list.
 */
export function isUsefulTrigger(triggerCharacter: string | undefined, linePrefix: string): boolean {
  if (triggerCharacter === undefined) return true;
  if (triggerCharacter === ' ') return /(?:^|[^:\s]):\s$|^\s*-\s$/.test(linePrefix) && !/^\s*#/.test(linePrefix);
  if (triggerCharacter === ':') return /^\s*(?:-\s+)?["']?[A-Za-z_][\w.-]*["']?:$/.test(linePrefix);
  return true;
}
