import * as vscode from 'vscode';

/** Opens terminals: VS Code's in the extension; a test swaps in one that records what would have run. */
export interface TerminalLauncher {
  open(options: vscode.TerminalOptions | vscode.ExtensionTerminalOptions): vscode.Terminal;
}

export const windowTerminals: TerminalLauncher = {
  open: (options) => vscode.window.createTerminal(options),
};
