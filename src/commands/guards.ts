import * as vscode from 'vscode';
import { UserCancelledError } from '../util/errors';

/**
 * Commands that run programs, containers or Azure operations need a workspace the person trusts.
 * `reason` says what the feature would do, e.g. "Containers run programs on this machine".
 */
export function requireWorkspaceTrust(reason: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new Error(vscode.l10n.t('{0}: trust this workspace first (Workspaces: Manage Workspace Trust).', reason));
  }
}

/** A quick pick of one or several values; closing it is a cancel, which the command wrapper keeps silent. */
export async function pickValues<T>(
  items: ReadonlyArray<vscode.QuickPickItem & { readonly value: T }>,
  options: { readonly placeHolder: string; readonly canPickMany?: boolean },
): Promise<T[]> {
  if (options.canPickMany) {
    const picked = await vscode.window.showQuickPick(items, { placeHolder: options.placeHolder, canPickMany: true });
    if (!picked?.length) throw new UserCancelledError();
    return picked.map((item) => item.value);
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder: options.placeHolder });
  if (!picked) throw new UserCancelledError();
  return [picked.value];
}

/** An input box; closing it is a cancel, which the command wrapper keeps silent. The value comes back trimmed. */
export async function inputValue(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new UserCancelledError();
  return value.trim();
}
