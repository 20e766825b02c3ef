import * as vscode from 'vscode';
import type { Log } from '../util/log';
import { ConfigDiagnostics } from '../language/providers/diagnostics';
import {
  ConfigCodeActionProvider,
  ConfigCompletionProvider,
  ConfigDocumentLinkProvider,
  ConfigDocumentSymbolProvider,
  ConfigHoverProvider,
  configDocumentSelector,
} from '../language/providers/features';
import { offerImageConfigMenus } from '../language/providers/imageConfigMenus';
import { ConfigLanguageService } from '../language/providers/service';
import { imageLanguageId } from '../language/providers/core/recognition';
import { ConfigFormattingProvider } from '../language/providers/formatting';

/** What the rest of the extension (the workspace validation command, the tests) uses of the language features. */
export interface LanguageFeatures {
  readonly service: ConfigLanguageService;
  readonly diagnostics: ConfigDiagnostics;
}

/**
 * Registers the config language features: diagnostics, completion, hover, quick fixes, outline and links for
 * Image Customizer configs (our language) and node-pool configs inside YAML/JSON/ARM-template documents.
 * Runs no programs, so it works in untrusted workspaces.
 */
export function createLanguageFeatures(extension: vscode.ExtensionContext, log: Log): LanguageFeatures {
  const service = new ConfigLanguageService(log);
  const diagnostics = new ConfigDiagnostics(service);
  const selector = configDocumentSelector;
  const outlineSelector: vscode.DocumentSelector = [{ language: imageLanguageId }, { language: 'yaml' }];
  extension.subscriptions.push(
    service,
    diagnostics,
    vscode.languages.registerCompletionItemProvider(
      selector,
      new ConfigCompletionProvider(service),
      ...ConfigCompletionProvider.triggerCharacters,
    ),
    vscode.languages.registerHoverProvider(selector, new ConfigHoverProvider(service)),
    vscode.languages.registerCodeActionsProvider(selector, new ConfigCodeActionProvider(service), ConfigCodeActionProvider.metadata),
    // JSON documents already get an outline from JSON Language Features (ARM templates from the ARM Tools): a
    // second one would list every key twice in the breadcrumbs and Go to Symbol, so ours is for YAML only.
    vscode.languages.registerDocumentSymbolProvider(outlineSelector, new ConfigDocumentSymbolProvider(service), {
      label: vscode.l10n.t('Azure Linux config'),
    }),
    vscode.languages.registerDocumentLinkProvider(selector, new ConfigDocumentLinkProvider(service)),
    offerImageConfigMenus(service, log),
    // Image configs in our language; node-pool files by name, so other YAML and JSON keep their own formatters.
    vscode.languages.registerDocumentFormattingEditProvider(
      [
        { language: imageLanguageId },
        { language: 'yaml', pattern: '**/*.{azl.yaml,azl.yml,nodepool.yaml,nodepool.yml}' },
        { language: 'json', pattern: '**/*.nodepool.json' },
      ],
      new ConfigFormattingProvider(service),
    ),
  );
  return { service, diagnostics };
}
