import * as vscode from 'vscode';

/*
 * What the AKS commands ask the person: a modal confirmation that says what happens to running nodes, a value to
 * type (a node count, a pool name), or a pick. One seam (context.ts `seams.aksQuestions`), so the integration tests
 * answer for the person and read what the person would have been asked.
 */

export interface AksPickItem<T> extends vscode.QuickPickItem {
  readonly value: T;
}

export interface AksQuestions {
  /** A modal question; true when the person chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** A typed value checked by `validate` (a message, or undefined when fine); undefined when the person cancels. */
  input(options: {
    readonly prompt: string;
    readonly value?: string;
    readonly validate: (text: string) => string | undefined;
  }): Promise<string | undefined>;
  /** One of `items`; undefined when the person cancels. */
  pick<T>(items: readonly AksPickItem<T>[], placeHolder: string): Promise<T | undefined>;
}

export const windowAksQuestions: AksQuestions = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  input: (options) =>
    Promise.resolve(
      vscode.window.showInputBox({ prompt: options.prompt, value: options.value, validateInput: options.validate, ignoreFocusOut: true }),
    ),
  async pick(items, placeHolder) {
    return (await vscode.window.showQuickPick(items, { placeHolder, ignoreFocusOut: true }))?.value;
  },
};
