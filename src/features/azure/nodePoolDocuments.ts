import * as vscode from 'vscode';

/** Context key: the URIs of documents opened with "Open as File", so the editor title offers Apply on them. */
export const nodePoolDocumentsContextKey = 'azureLinux.aks.nodePoolDocuments';

/** A node pool opened as a document: which pool, and the eTag its body had, so Apply refuses a pool changed since. */
export interface NodePoolDocument {
  readonly poolId: string;
  readonly clusterId: string;
  readonly poolName: string;
  eTag: string | undefined;
}

/**
 * The documents the person opened from node pools ("Open as File"), by URI, kept until the document closes. Owned
 * by the Azure feature.
 */
export class NodePoolDocuments implements vscode.Disposable {
  private readonly documents = new Map<string, NodePoolDocument>();
  private readonly closing = vscode.workspace.onDidCloseTextDocument((document) => {
    if (this.documents.delete(document.uri.toString())) this.publish();
  });

  get(uri: vscode.Uri): NodePoolDocument | undefined {
    return this.documents.get(uri.toString());
  }

  set(uri: vscode.Uri, entry: NodePoolDocument): void {
    this.documents.set(uri.toString(), entry);
    this.publish();
  }

  private publish(): void {
    void vscode.commands.executeCommand('setContext', nodePoolDocumentsContextKey, [...this.documents.keys()]);
  }

  dispose(): void {
    this.closing.dispose();
    this.documents.clear();
  }
}
