import * as vscode from 'vscode';
import { affectsSetting } from '../../settings';
import { LineIndex } from '../core/lineIndex';
import type { Problem } from '../core/types';
import { errorMessage } from '../../util/errors';
import { KeyedDebouncer } from './core/debounce';
import { diagnosticSeverity, toLineRange } from './core/problems';
import { requestedKind } from './core/recognition';
import type { ConfigLanguageService } from './service';

/** Re-check a document this long after the last keystroke. */
const debounceMs = 150;

export const diagnosticSource = 'azure-linux';

export function toDiagnostics(text: string, problems: readonly Problem[], index = new LineIndex(text)): vscode.Diagnostic[] {
  return problems.map((problem) => {
    const { start, end } = toLineRange(index, problem.range);
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(start.line, start.character, end.line, end.character),
      problem.message,
      diagnosticSeverity(problem.severity) as vscode.DiagnosticSeverity,
    );
    diagnostic.code = problem.code;
    diagnostic.source = diagnosticSource;
    return diagnostic;
  });
}

/**
 * Keeps the one diagnostic collection in step with the documents: checks a document when it opens, again
 * ~150 ms after the last change, and clears it on close unless the workspace validation reported it (then
 * the saved file is checked again from disk, so the Problems panel keeps it).
 */
export class ConfigDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(diagnosticSource);
  private readonly debouncer = new KeyedDebouncer<string>(debounceMs);
  /** Files the workspace validation filled in: they stay in the Problems panel when closed. */
  private readonly fromWorkspaceValidation = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: ConfigLanguageService) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.debouncer.schedule(event.document.uri.toString(), () => this.check(event.document));
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsSetting(event, 'languages')) {
          this.service.clearCache();
          this.checkOpenDocuments();
        }
      }),
    );
    this.checkOpenDocuments();
  }

  checkOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments) this.check(document);
  }

  /** Checks a document now and publishes its problems (or clears them when it is not a config). */
  check(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.debouncer.cancel(key);
    if (document.isClosed || !requestedKind(document.languageId, document.uri.scheme)) {
      if (!this.fromWorkspaceValidation.has(key)) this.collection.delete(document.uri);
      return;
    }
    if (!this.service.validationEnabled(document.uri)) {
      this.collection.delete(document.uri);
      return;
    }
    try {
      const result = this.service.analyzeDocument(document);
      if (!result?.analysis.kind) {
        this.collection.delete(document.uri);
        return;
      }
      this.collection.set(document.uri, toDiagnostics(result.text, result.analysis.problems));
    } catch (error) {
      // The engine promises not to throw; if it ever does, the editor keeps working and the log says why.
      this.service.log.error(`checking ${document.uri.toString(true)} failed: ${errorMessage(error)}`);
    }
  }

  /** Publishes problems for a file checked from disk by the workspace validation. */
  setFromWorkspace(uri: vscode.Uri, text: string, problems: readonly Problem[]): void {
    this.fromWorkspaceValidation.add(uri.toString());
    this.collection.set(uri, toDiagnostics(text, problems));
  }

  /** Forgets what an earlier workspace validation reported for files that are not open (they may be gone since). */
  resetWorkspaceResults(): void {
    const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    for (const key of this.fromWorkspaceValidation) {
      if (!open.has(key)) this.collection.delete(vscode.Uri.parse(key));
    }
    this.fromWorkspaceValidation.clear();
  }

  /** An open file the workspace validation covered: when closed, its saved content is checked again, not dropped. */
  keepAfterClose(uri: vscode.Uri): void {
    this.fromWorkspaceValidation.add(uri.toString());
  }

  clearFromWorkspace(uri: vscode.Uri): void {
    this.fromWorkspaceValidation.delete(uri.toString());
    this.collection.delete(uri);
  }

  private closed(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.debouncer.cancel(key);
    this.service.forget(document.uri);
    if (!this.fromWorkspaceValidation.has(key)) {
      this.collection.delete(document.uri);
      return;
    }
    void this.recheckFromDisk(document);
  }

  private async recheckFromDisk(document: vscode.TextDocument): Promise<void> {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
      const requested = requestedKind(document.languageId, document.uri.scheme) ?? 'auto';
      const analysis = this.service.analyzeText(document.uri, text, requested);
      if (analysis.kind) this.setFromWorkspace(document.uri, text, analysis.problems);
      else this.clearFromWorkspace(document.uri);
    } catch {
      // Deleted or unreadable since: nothing left to report.
      this.clearFromWorkspace(document.uri);
    }
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const disposable of this.disposables) disposable.dispose();
    this.collection.dispose();
  }
}
