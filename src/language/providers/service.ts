import * as vscode from 'vscode';
import { analyze, defaultRecognitionPatterns, type Analysis, type RecognitionPatterns } from '../core';
import type { ConfigKind, FileAccess } from '../core/types';
import type { Log } from '../../util/log';
import { workspaceFileRoot } from '../../util/workspaceFileRoot';
import { boundedFileAccess } from '../fileAccess';
import { patternList, kindFromPatterns, requestedKind } from './core/recognition';
import { setting } from '../../settings';

/**
 * Context key: the file paths of open documents recognised as image configs (by language, name pattern or content),
 * so menus can offer image-config commands with `resourcePath in azureLinux.imageConfigPaths`.
 */
export const imageConfigPathsContextKey = 'azureLinux.imageConfigPaths';

export interface DocumentAnalysis {
  readonly version: number;
  readonly text: string;
  readonly analysis: Analysis;
}

/**
 * The editor's view of the language engine: reads the settings for a document, gives the engine file access
 * for `file:` documents, and caches the analysis per document version so diagnostics, quick fixes and
 * completion share one parse.
 */
export class ConfigLanguageService implements vscode.Disposable {
  private readonly cache = new Map<string, DocumentAnalysis>();
  private readonly imageConfigPaths = new Set<string>();
  /** Unopened files that match the name patterns (found on disk by the image-config menus), published with the rest. */
  private foundImageConfigPaths: ReadonlySet<string> = new Set();
  private publishTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly log: Log) {}

  /** Whether an open document is an image config, as the editor's checks recognise it. */
  isImageConfig(document: vscode.TextDocument): boolean {
    return this.kindOf(document) === 'image';
  }

  /** Keeps the context key in step with what the last analyses recognised; published once per burst of changes. */
  private noteKind(uri: vscode.Uri, kind: ConfigKind | undefined): void {
    if (uri.scheme !== 'file') return;
    const had = this.imageConfigPaths.has(uri.fsPath);
    if (kind === 'image') this.imageConfigPaths.add(uri.fsPath);
    else this.imageConfigPaths.delete(uri.fsPath);
    if (had === (kind === 'image')) return;
    this.schedulePublish();
  }

  /** Adds files recognised by name on disk (not opened) to the context key, replacing the previous search's. */
  setFoundImageConfigPaths(paths: Iterable<string>): void {
    this.foundImageConfigPaths = new Set(paths);
    this.schedulePublish();
  }

  private schedulePublish(): void {
    if (this.publishTimer) return;
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      void vscode.commands.executeCommand('setContext', imageConfigPathsContextKey, [
        ...new Set([...this.imageConfigPaths, ...this.foundImageConfigPaths]),
      ]);
    }, 50);
  }

  validationEnabled(uri: vscode.Uri): boolean {
    return setting('languages.validation.enable', uri);
  }

  patternsFor(uri: vscode.Uri | undefined): RecognitionPatterns {
    return {
      image: patternList(setting('languages.imageFilePatterns', uri), defaultRecognitionPatterns.image),
      nodepool: patternList(setting('languages.nodePoolFilePatterns', uri), defaultRecognitionPatterns.nodepool),
    };
  }

  /** Analyses an open document (cached by version); undefined when the document is not one we check. */
  analyzeDocument(document: vscode.TextDocument): DocumentAnalysis | undefined {
    const requested = requestedKind(document.languageId, document.uri.scheme);
    if (!requested) return undefined;
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached;
    const text = document.getText();
    const analysis = this.analyzeText(document.uri, text, requested);
    const entry = { version: document.version, text, analysis };
    this.cache.set(key, entry);
    this.noteKind(document.uri, analysis.kind);
    return entry;
  }

  /** Analyses text that may not be open (the workspace validation reads files from disk). */
  analyzeText(uri: vscode.Uri, text: string, requested: ConfigKind | 'auto' = 'auto'): Analysis {
    const patterns = this.patternsFor(uri);
    const relativePath = vscode.workspace.asRelativePath(uri, false);
    const kind = requested === 'auto' ? (kindFromPatterns(relativePath, patterns) ?? 'auto') : requested;
    const started = performance.now();
    const analysis = analyze(text, { kind, fileName: uri.path, files: fileAccessFor(uri), patterns, l10n: vscode.l10n });
    const elapsed = performance.now() - started;
    if (elapsed > 200) this.log.debug(`checking ${relativePath} took ${elapsed.toFixed(0)} ms`);
    return analysis;
  }

  /**
   * The config kind of an open document, or undefined when it is not a config we know. Cheap while typing:
   * our own language is always an image config, and for other documents the last analysis decides (a kind
   * rarely changes between keystrokes; the debounced check refreshes it).
   */
  kindOf(document: vscode.TextDocument): ConfigKind | undefined {
    const requested = requestedKind(document.languageId, document.uri.scheme);
    if (!requested) return undefined;
    if (requested !== 'auto') return requested;
    const cached = this.cache.get(document.uri.toString());
    return cached ? cached.analysis.kind : this.analyzeDocument(document)?.analysis.kind;
  }

  forget(uri: vscode.Uri): void {
    this.cache.delete(uri.toString());
    this.noteKind(uri, undefined);
  }

  clearCache(): void {
    this.cache.clear();
  }

  dispose(): void {
    this.cache.clear();
    if (this.publishTimer) clearTimeout(this.publishTimer);
  }
}

/**
 * Referenced paths are checked on disk only for `file:` documents (elsewhere the engine skips those checks), through
 * the bounded reader confined to the document's workspace folder: the reads are small and never wait on a pipe or a
 * device, so they are safe on the extension host's thread, in untrusted workspaces too.
 */
export function fileAccessFor(uri: vscode.Uri): FileAccess | undefined {
  if (uri.scheme !== 'file') return undefined;
  return boundedFileAccess(uri.fsPath, workspaceFileRoot(uri));
}
