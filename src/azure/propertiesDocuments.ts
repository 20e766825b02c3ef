import * as vscode from 'vscode';

export const vmPropertiesScheme = 'azurelinux-vm';

/**
 * Read-only documents with a VM's resource JSON, keyed by URI. Owned by the Azure feature (registered with it,
 * disposed with it). Setting new JSON for a URI fires onDidChange, so an open document shows the current JSON.
 */
export class VmPropertiesDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(vmPropertiesScheme, this);

  static uriFor(resourceGroup: string, vmName: string): vscode.Uri {
    return vscode.Uri.from({ scheme: vmPropertiesScheme, path: `/${resourceGroup}/${vmName}.json` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Stores the text and, when a document for the URI is open with other text, waits until it shows the new text. */
  async set(uri: vscode.Uri, text: string): Promise<void> {
    const key = uri.toString();
    const known = this.contents.has(key);
    this.contents.set(key, text);
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
    if (!known || !open || open.getText() === text) {
      return;
    }
    const updated = new Promise<void>((resolve) => {
      const done = (): void => {
        changes.dispose();
        closes.dispose();
        resolve();
      };
      const changes = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === key && event.document.getText() === text) {
          done();
        }
      });
      // Closed before it updated: the next open reads the new text anyway.
      const closes = vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.toString() === key) {
          done();
        }
      });
    });
    this.changed.fire(uri);
    await updated;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.contents.clear();
  }
}
