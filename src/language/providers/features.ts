import * as vscode from 'vscode';
import { completionsAt, hoverAt, linksOf, outlineOf, type CompletionEntry, type OutlineSymbol } from '../core';
import type { ConfigKind, Range } from '../core/types';
import { isUsefulTrigger, rangesTouch } from './core/problems';
import { hostLanguageIds, imageLanguageId } from './core/recognition';
import { diagnosticSource } from './diagnostics';
import type { ConfigLanguageService } from './service';

/** Our language plus the languages whose documents may be node-pool configs, on any scheme. */
export const configDocumentSelector: vscode.DocumentSelector = [imageLanguageId, ...hostLanguageIds].map((language) => ({ language }));

function toRange(document: vscode.TextDocument, range: Range): vscode.Range {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(Math.max(range.start, range.end)));
}

interface Known {
  readonly kind: ConfigKind;
  readonly text: string;
}

/** The document's kind and text; undefined for documents that are not configs. */
function known(service: ConfigLanguageService, document: vscode.TextDocument): Known | undefined {
  const kind = service.kindOf(document);
  return kind ? { kind, text: document.getText() } : undefined;
}

function markdown(value: string): vscode.MarkdownString {
  const content = new vscode.MarkdownString(value);
  content.supportHtml = false;
  return content;
}

export class ConfigCompletionProvider implements vscode.CompletionItemProvider {
  static readonly triggerCharacters = [':', ' '];

  constructor(private readonly service: ConfigLanguageService) {}

  provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    _token: vscode.CancellationToken,
    context: vscode.CompletionContext,
  ): vscode.CompletionItem[] | undefined {
    const linePrefix = document.lineAt(position.line).text.slice(0, position.character);
    if (context.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter && !isUsefulTrigger(context.triggerCharacter, linePrefix))
      return undefined;
    const config = known(this.service, document);
    if (!config) return undefined;
    return completionsAt(config.text, document.offsetAt(position), config.kind, vscode.l10n).map((entry) =>
      toCompletionItem(document, entry),
    );
  }
}

const completionKinds: Record<CompletionEntry['kind'], vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  snippet: vscode.CompletionItemKind.Snippet,
};

function toCompletionItem(document: vscode.TextDocument, entry: CompletionEntry): vscode.CompletionItem {
  const item = new vscode.CompletionItem(entry.label, completionKinds[entry.kind]);
  item.insertText = entry.kind === 'snippet' ? new vscode.SnippetString(entry.insertText) : entry.insertText;
  if (entry.deprecated) item.tags = [vscode.CompletionItemTag.Deprecated];
  // The engine writes the indentation of nested lines itself; VS Code must not add the line's indent again.
  if (entry.insertText.includes('\n')) item.keepWhitespace = true;
  item.range = toRange(document, entry.range);
  const previewNote = entry.preview ? vscode.l10n.t("Preview feature: needs '{0}' in previewFeatures.", entry.preview) : undefined;
  item.detail =
    [entry.detail, entry.preview ? vscode.l10n.t('(preview: {0})', entry.preview) : undefined].filter(Boolean).join(' ') || undefined;
  const documentation = [entry.documentation, previewNote ? `*${previewNote}*` : undefined].filter(Boolean).join('\n\n');
  if (documentation) item.documentation = markdown(documentation);
  return item;
}

export class ConfigHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: ConfigLanguageService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const config = known(this.service, document);
    if (!config) return undefined;
    const hover = hoverAt(config.text, document.offsetAt(position), config.kind, vscode.l10n);
    return hover ? new vscode.Hover(markdown(hover.markdown), toRange(document, hover.range)) : undefined;
  }
}

/** Quick fixes straight from the engine's `Problem.fixes`, attached to the diagnostics they resolve. */
export class ConfigCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly service: ConfigLanguageService) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] | undefined {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return undefined;
    const result = this.service.analyzeDocument(document);
    if (!result?.analysis.kind) return undefined;
    const requested = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
    const actions: vscode.CodeAction[] = [];
    for (const problem of result.analysis.problems) {
      if (!problem.fixes?.length || !rangesTouch(problem.range, requested)) continue;
      const problemRange = toRange(document, problem.range);
      const diagnostic = context.diagnostics.find(
        (d) => d.source === diagnosticSource && d.code === problem.code && d.range.isEqual(problemRange),
      );
      for (const fix of problem.fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        for (const textEdit of fix.edits) edit.replace(document.uri, toRange(document, textEdit.range), textEdit.newText);
        action.edit = edit;
        action.isPreferred = fix.preferred === true;
        if (diagnostic) action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    return actions;
  }
}

const symbolKinds: Record<OutlineSymbol['kind'], vscode.SymbolKind> = {
  object: vscode.SymbolKind.Object,
  array: vscode.SymbolKind.Array,
  property: vscode.SymbolKind.Property,
  item: vscode.SymbolKind.Struct,
};

export class ConfigDocumentSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly service: ConfigLanguageService) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] | undefined {
    const config = known(this.service, document);
    if (!config) return undefined;
    const convert = (symbol: OutlineSymbol): vscode.DocumentSymbol => {
      const range = toRange(document, symbol.range);
      // VS Code requires the selection range to lie inside the full range.
      const selection = range.intersection(toRange(document, symbol.selectionRange)) ?? new vscode.Range(range.start, range.start);
      const result = new vscode.DocumentSymbol(symbol.name || ' ', symbol.detail ?? '', symbolKinds[symbol.kind], range, selection);
      result.children = symbol.children.map(convert);
      return result;
    };
    return outlineOf(config.text, config.kind).map(convert);
  }
}

/** Links from `source`, `path`, `baseConfigs` and the like to the files they name (file-backed documents only). */
export class ConfigDocumentLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly service: ConfigLanguageService) {}

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] | undefined {
    if (document.uri.scheme !== 'file') return undefined;
    const config = known(this.service, document);
    if (!config) return undefined;
    return linksOf(config.text, config.kind, document.uri.fsPath).map((link) => {
      const documentLink = new vscode.DocumentLink(toRange(document, link.range), vscode.Uri.file(link.target));
      documentLink.tooltip = vscode.l10n.t('Open {0}', vscode.workspace.asRelativePath(link.target));
      return documentLink;
    });
  }
}
