import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from './api';
import { PublicServiceIpDetector } from './azure/callerIp';
import { tcpSshProbe } from './azure/sshProbe';
import { registerCommands } from './commands';
import { windowAksQuestions } from './commands/aks/questions';
import { createVmWizard } from './commands/azure/createVm';
import { deployWizard } from './commands/imageBuilds/deploy';
import { downloadBaseWizard } from './commands/imageBuilds/downloadBase';
import type { AzlContext, Seams } from './context';
import { ActivityFeature } from './features/activity';
import { lazyAzureFeature } from './features/azure';
import { ImageBuildsFeature } from './features/imageBuilds';
import { createLanguageFeatures } from './features/language';
import { LocalEnvironmentsFeature } from './features/localEnvironments';
import { trackConfigChanges } from './features/localEnvironments/configChanges';
import { followWalkthroughSteps, openWalkthroughOnFirstRun } from './features/walkthrough';
import { WslFeature } from './features/wsl';
import { loadedHeavyPackages } from './util/lazyPackages';
import { createLog, logError } from './util/log';
import { windowNotifications } from './util/notifications';
import { windowTerminals } from './util/terminals';
import { registerViews } from './views';
import { showActivityInStatusBar } from './views/activityStatusBar';

export function activate(extension: vscode.ExtensionContext): AzureLinuxToolsApi {
  const started = performance.now();
  const log = createLog();
  extension.subscriptions.push(log);
  try {
    const seams: Seams = {
      notifications: windowNotifications,
      terminals: windowTerminals,
      callerIp: new PublicServiceIpDetector(),
      sshPort: tcpSshProbe,
      createVmQuestions: createVmWizard,
      aksQuestions: windowAksQuestions,
      downloadBaseQuestions: downloadBaseWizard,
      deployQuestions: deployWizard,
    };
    const own = <T extends vscode.Disposable>(feature: T): T => (extension.subscriptions.push(feature), feature);
    const localEnvironments = own(new LocalEnvironmentsFeature(log));
    const ctx: AzlContext = {
      extension,
      log,
      seams,
      azure: lazyAzureFeature(extension, log, () => seams),
      localEnvironments,
      imageBuilds: own(new ImageBuildsFeature(extension, log, () => localEnvironments.engine)),
      wsl: own(new WslFeature(log)),
      language: createLanguageFeatures(extension, log),
      activity: own(new ActivityFeature()),
    };
    registerCommands(ctx);
    const views = registerViews(ctx);
    extension.subscriptions.push(
      trackConfigChanges(ctx.localEnvironments),
      showActivityInStatusBar(ctx.activity),
      followWalkthroughSteps(ctx.language),
    );
    void openWalkthroughOnFirstRun(extension, log);
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
