import * as vscode from 'vscode';

/**
 * Messages to the person, each with optional action buttons; resolves with the action chosen (undefined when
 * dismissed). The extension uses VS Code's notifications; a test swaps in one that records and answers.
 */
export interface Notifications {
  info(message: string, ...actions: string[]): Thenable<string | undefined>;
  warning(message: string, ...actions: string[]): Thenable<string | undefined>;
  error(message: string, ...actions: string[]): Thenable<string | undefined>;
}

export const windowNotifications: Notifications = {
  info: (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  warning: (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
  error: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
};
