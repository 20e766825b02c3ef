import * as vscode from 'vscode';
import { formatConfig } from '../core/format';
import type { ConfigLanguageService } from './service';

/**
 * Format Document for Azure Linux configs: image configs (YAML, comments, anchors and key order kept) and node-pool
 * files (YAML the same way, JSON through jsonc-parser), with the editor's indentation settings.
 */
export class ConfigFormattingProvider implements vscode.DocumentFormattingEditProvider {
  constructor(private readonly service: ConfigLanguageService) {}

  provideDocumentFormattingEdits(document: vscode.TextDocument, options: vscode.FormattingOptions): vscode.TextEdit[] | undefined {
    if (!this.service.kindOf(document)) return undefined;
    const text = document.getText();
    return formatConfig(text, { tabSize: options.tabSize, insertSpaces: options.insertSpaces }, document.uri.path).map((edit) =>
      vscode.TextEdit.replace(new vscode.Range(document.positionAt(edit.range.start), document.positionAt(edit.range.end)), edit.newText),
    );
  }
}
