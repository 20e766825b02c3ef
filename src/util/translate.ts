/**
 * How the vscode-free modules word what they say. The adapters pass `vscode.l10n.t`; modules that run without VS Code
 * (the unit and Docker tiers) fall back to `english`, which fills `{0}`-style placeholders the way l10n.t does.
 */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
