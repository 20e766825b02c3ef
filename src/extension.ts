import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from './api';
import { lazyAzureFeature } from './features/azure';
import { registerCommands } from './commands';
import { offerImageConfigMenus } from './features/localEnvironments/imageConfigMenus';
import { trackConfigChanges } from './commands/localEnvironments/rebuildEnvironment';
import type { AzlContext } from './context';
import { createLanguageFeatures } from './features/language';
import { loadedHeavyPackages } from './util/lazyPackages';
import { createLog, logError } from './util/log';
import { registerViews } from './views';
import { createLocalEnvironments } from './views/localEnvironments/localEnvironments';
import { createWslSection } from './views/wsl/wslSection';

export function activate(extension: vscode.ExtensionContext): AzureLinuxToolsApi {
  const started = performance.now();
  const log = createLog();
  extension.subscriptions.push(log);
  try {
    const ctx: AzlContext = {
      extension,
      log,
      azure: lazyAzureFeature(extension, log),
      localEnvironments: createLocalEnvironments(extension, log),
      wsl: createWslSection(extension, log),
      language: createLanguageFeatures(extension, log),
    };
    registerCommands(ctx);
    const views = registerViews(ctx);
    extension.subscriptions.push(trackConfigChanges(ctx), offerImageConfigMenus(ctx));
    const activationMs = performance.now() - started;
    log.info(`Azure Linux Tools ${extension.extension.packageJSON.version} activated in ${activationMs.toFixed(1)} ms`);
    return { apiVersion: 1, activationMs, heavyPackagesAtActivation: loadedHeavyPackages(), context: ctx, views };
  } catch (error) {
    // VS Code does not show activation failures to the person; say it ourselves.
    logError(log, 'Activation failed', error);
    void vscode.window.showErrorMessage(vscode.l10n.t('Azure Linux Tools failed to start. See the "Azure Linux" log for details.'));
    throw error;
  }
}
