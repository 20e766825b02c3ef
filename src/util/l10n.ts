/**
 * How the vscode-free modules word what they say: they call `l10n.t('literal {0}', ...)` on what they are given,
 * so the strings are found by the l10n tooling as in the adapters. The adapters pass `vscode.l10n`; modules that run
 * without VS Code (the unit and Docker tiers, the benchmarks) keep `english`, which fills `{0}`-style placeholders
 * the way `vscode.l10n.t` does.
 */
export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

export const english: L10n = {
  t: (message, ...args) =>
    message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole)),
};
