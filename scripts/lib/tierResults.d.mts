/** See tierResults.mjs: how npm test turns a tool's report and exit code into a tier's counts. */
export interface TierResult {
  passed: number;
  failed: number;
  unit?: string;
  note?: string;
}
export function typecheckResult(projectFileCount: number, code: number, output: string): TierResult;
export function nodeTestResult(report: string, code: number): TierResult;
export function runNodeTests(options: {
  tap: string;
  node: string;
  paths: readonly string[];
  env?: Record<string, string | undefined>;
  run: (
    command: string,
    args: string[],
    options: { env?: Record<string, string | undefined> },
  ) => Promise<{ code: number; output: string }>;
}): Promise<TierResult>;
