import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import * as vscode from 'vscode';
import { azurePackages } from '../util/lazyPackages';
import { errorMessage } from '../util/errors';
import type { Log } from '../util/log';
import { logError } from '../util/log';
import { ArmAzureServices } from './arm/armAzureServices';
import { ArmImageServices } from './arm/armImageServices';
import { isSignInError } from './core/armErrors';
import {
  cliCloudDiffers,
  resolveCloud,
  sovereignSignInMatches,
  sovereignSignInSetting,
  type CliCloud,
  type CloudEndpoints,
} from './core/cloud';
import { processRunner } from '../util/programRunner';
import type { Notifications } from '../util/notifications';
import type { TerminalLauncher } from '../util/terminals';
import { azLoginTerminal, azureCliProblem, isSignInCancelled } from './core/signInErrors';
import { affectsSetting, setting, updateSetting, type Settings } from '../settings';
import type { AzureImageServices } from './imageServices';
import type { ImageTransferService } from './imageTransfer';
import type { AzureServices } from './services';
import { PageBlobTransfer } from './storage/pageBlobTransfer';

export type SignInState = 'signedOut' | 'signedIn' | 'expired';
export type AuthenticationMode = Settings['azure.authentication'];

const signedInContextKey = 'azureLinux.signedIn';
/** `pending` while an interactive sign-in waits, `failed` after one failed; unset otherwise. The view's welcome reads it. */
export const signInProgressContextKey = 'azureLinux.azure.signIn';
/** Where "Install the Azure CLI" leads: Microsoft's installation page for the CLI. */
const azureCliInstallPage = 'https://learn.microsoft.com/cli/azure/install-azure-cli';
/** Set when the person signs out, so the tree does not sign them in again silently on the next start. */
const signedOutKey = 'azureLinux.azure.signedOut';
/** Settings that change who is signed in where: a change drops the sign-in and tries a silent one again. */
const signInSettings = ['azure.cloud', 'azure.customCloud', 'azure.authentication', 'azure.tenant'] as const;

/** VS Code's Microsoft account session as an `@azure/identity` TokenCredential. */
class VsCodeAccountCredential implements TokenCredential {
  constructor(
    private readonly providerId: string,
    private readonly tenantId: string | undefined,
    private readonly createIfNone: boolean,
  ) {}

  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    const requested = (Array.isArray(scopes) ? scopes : [scopes]).slice();
    if (this.tenantId) {
      requested.push(`VSCODE_TENANT:${this.tenantId}`);
    }
    const session = await vscode.authentication.getSession(
      this.providerId,
      requested,
      this.createIfNone ? { createIfNone: true } : { silent: true },
    );
    if (!session) {
      const error = new Error(vscode.l10n.t('Not signed in to Azure.'));
      error.name = 'AuthenticationRequiredError';
      throw error;
    }
    // VS Code refreshes the session itself; ask it again well before an hour passes.
    return { token: session.accessToken, expiresOnTimestamp: Date.now() + 30 * 60_000 };
  }
}

/**
 * Who the person is in Azure: the sign-in state (mirrored into the `azureLinux.signedIn` context key, which the
 * view's welcome content reads), the cloud and tenant from settings, and the credential and services built from them.
 */
export class AzureSession implements vscode.Disposable {
  private stateValue: SignInState = 'signedOut';
  private silentAttempted = false;
  private servicesValue: ArmAzureServices | undefined;
  private imageServicesValue: AzureImageServices | undefined;
  /** The interactive sign-in under way: aborted by Cancel, or by a second Sign In, which starts it again. */
  private pendingSignIn: AbortController | undefined;
  private signInProgress: 'pending' | 'failed' | undefined;
  private readonly changed = new vscode.EventEmitter<SignInState>();
  readonly onDidChangeState = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly log: Log,
    /** Read at each use: a test may swap the seam after the session exists. */
    private readonly notifications: () => Notifications,
    private readonly terminals: () => TerminalLauncher,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsSetting(event, ...signInSettings)) {
          this.resetSignIn();
        }
      }),
    );
    void this.publishState();
  }

  get state(): SignInState {
    return this.stateValue;
  }

  get authentication(): AuthenticationMode {
    return setting('azure.authentication');
  }

  get cloud(): CloudEndpoints {
    return resolveCloud(setting('azure.cloud'), setting('azure.customCloud'));
  }

  get tenantId(): string | undefined {
    return setting('azure.tenant') || undefined;
  }

  /** Remembers the tenant; the settings listener then drops the old sign-in and signs in silently to the new one. */
  async setTenant(tenantId: string): Promise<void> {
    await updateSetting('azure.tenant', tenantId, vscode.ConfigurationTarget.Global);
  }

  private providerId(): string {
    return this.cloud.name === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
  }

  private createCredential(interactive: boolean): TokenCredential {
    if (this.authentication === 'azureCli') {
      const { identity } = azurePackages();
      return new identity.AzureCliCredential(this.tenantId ? { tenantId: this.tenantId } : {});
    }
    return new VsCodeAccountCredential(this.providerId(), this.tenantId, interactive);
  }

  /** The services for the signed-in account; one instance (and so one token cache) until settings change or a refresh. */
  services(): AzureServices {
    if (this.stateValue !== 'signedIn') {
      throw new Error(vscode.l10n.t('Sign in to Azure first.'));
    }
    return this.armServices();
  }

  private armServices(): ArmAzureServices {
    return (this.servicesValue ??= new ArmAzureServices(this.createCredential(false), this.cloud, {
      pollIntervalMs: this.pollIntervalMs(),
    }));
  }

  /** Disks, their access, galleries and boot diagnostics, for the same account; made again when the sign-in changes. */
  imageServices(): AzureImageServices {
    if (this.stateValue !== 'signedIn') {
      throw new Error(vscode.l10n.t('Sign in to Azure first.'));
    }
    return (this.imageServicesValue ??= new ArmImageServices(this.armServices(), { pollIntervalMs: this.pollIntervalMs() }));
  }

  /** Page-blob transfers: they carry their own SAS, so they need no sign-in. The test knob also shortens retry waits. */
  imageTransfer(): ImageTransferService {
    return new PageBlobTransfer({ retryDelayMs: this.pollIntervalMs() });
  }

  /** A hidden knob for the test server, which completes operations at once: the SDK's default poll is 2 s. */
  private pollIntervalMs(): number | undefined {
    const value = setting('azure.customCloud').pollIntervalMs;
    return this.cloud.name === 'custom' && typeof value === 'number' ? value : undefined;
  }

  /** Drops the credential and its cached tokens: the next call asks the account (or `az`) again. */
  resetCredential(): void {
    this.servicesValue = undefined;
    this.imageServicesValue = undefined;
  }

  /**
   * The cloud, the authentication or the tenant changed: the old sign-in says nothing about the new one. Back to
   * signed out (without remembering a sign-out), so the tree's next load tries a silent sign-in with the new settings.
   */
  resetSignIn(): void {
    this.resetCredential();
    this.silentAttempted = false;
    this.stateValue = 'signedOut';
    this.changed.fire(this.stateValue);
    void this.publishState();
  }

  /** True while an interactive sign-in waits (for the browser, or for `az`). */
  get signingIn(): boolean {
    return this.pendingSignIn !== undefined;
  }

  /**
   * Interactive sign-in. Returns false when it did not work (after saying why), and quietly when the person cancelled
   * it. While it waits the view says "Signing in..." with Cancel; asked again meanwhile, it starts over (the first
   * attempt's answer, should it still come, is ignored).
   */
  async signIn(): Promise<boolean> {
    this.pendingSignIn?.abort();
    const attempt = new AbortController();
    this.pendingSignIn = attempt;
    this.resetCredential();
    await this.setSignInProgress('pending');
    try {
      await untilAborted(this.verify(this.createCredential(true)), attempt.signal);
    } catch (error) {
      if (attempt.signal.aborted) {
        // Cancelled, or started over: the newer attempt (if any) owns the state now.
        this.log.info(this.pendingSignIn === attempt ? 'Azure sign-in cancelled' : 'Azure sign-in started over');
        return false;
      }
      this.pendingSignIn = undefined;
      await this.setState('signedOut');
      if (isSignInCancelled(error)) {
        this.log.info(`Azure sign-in cancelled: ${errorMessage(error)}`);
        await this.setSignInProgress(undefined);
        return false;
      }
      logError(this.log, 'Azure sign-in failed', error);
      await this.setSignInProgress('failed');
      this.explainFailure(error);
      return false;
    }
    this.pendingSignIn = undefined;
    await this.setSignInProgress(undefined);
    await this.extension.globalState.update(signedOutKey, undefined);
    await this.setState('signedIn');
    await this.checkCloud();
    return true;
  }

  /** Stops waiting for the sign-in under way (VS Code's own browser flow may stay open; its answer is ignored). */
  async cancelSignIn(): Promise<void> {
    const attempt = this.pendingSignIn;
    if (!attempt) return;
    this.pendingSignIn = undefined;
    attempt.abort();
    await this.setSignInProgress(undefined);
  }

  /** Says why the sign-in failed, with the way forward: for the Azure CLI, "Run az login" or the install page. */
  private explainFailure(error: unknown): void {
    if (this.authentication !== 'azureCli') {
      void this.notifications().error(vscode.l10n.t('Signing in to Azure failed: {0}', errorMessage(error)));
      return;
    }
    const problem = azureCliProblem(errorMessage(error));
    if (problem === 'notInstalled') {
      const install = vscode.l10n.t('Install the Azure CLI');
      const useAccount = vscode.l10n.t('Use My VS Code Account');
      void this.notifications()
        .error(
          vscode.l10n.t(
            'The Azure CLI (az) is not installed, or not on the PATH VS Code was started with. Install it, or sign in with your VS Code account instead.',
          ),
          install,
          useAccount,
        )
        .then((choice) => {
          if (choice === install) void vscode.env.openExternal(vscode.Uri.parse(azureCliInstallPage));
          if (choice === useAccount) void updateSetting('azure.authentication', 'vscode', vscode.ConfigurationTarget.Global);
        });
      return;
    }
    const runLogin = vscode.l10n.t('Run az login');
    const message =
      problem === 'notSignedIn'
        ? vscode.l10n.t('The Azure CLI is not signed in. Run "az login", and the extension signs in as soon as it succeeds.')
        : vscode.l10n.t('The Azure CLI gave no sign-in: {0}', errorMessage(error));
    void this.notifications()
      .error(message, runLogin)
      .then((choice) => {
        if (choice === runLogin) this.runAzLogin();
      });
  }

  /**
   * Runs `az login` in a terminal (for the tenant the settings name) and, when it succeeds, signs in here. Started
   * from an argument array, never a shell line.
   */
  runAzLogin(): void {
    const terminal = this.terminals().open({
      name: 'az login',
      ...azLoginTerminal(this.tenantId),
      iconPath: new vscode.ThemeIcon('azure'),
    });
    terminal.show();
    const closed = vscode.window.onDidCloseTerminal((ended) => {
      if (ended !== terminal) return;
      closed.dispose();
      if (ended.exitStatus?.code === 0) void this.signIn();
    });
    this.disposables.push(closed);
  }

  /**
   * The sign-in must happen in the cloud the setting names. VS Code's Microsoft account follows its own
   * `microsoft-sovereign-cloud.*` settings (offered to be set here); the Azure CLI follows `az cloud set`, which
   * only the person can change (warned about here).
   */
  async checkCloud(): Promise<void> {
    let cloud: CloudEndpoints;
    try {
      cloud = this.cloud;
    } catch {
      return; // An invalid custom cloud is reported where it is used.
    }
    if (this.authentication === 'azureCli') {
      const cli = await this.cliCloud();
      if (cli && cliCloudDiffers(cloud, cli)) {
        const warning = vscode.l10n.t(
          'The Azure CLI is set to cloud "{0}" but azureLinux.azure.cloud is "{1}" ({2}). Run "az cloud set" for that cloud and "az login", or change the setting.',
          cli.name ?? '?',
          cloud.name,
          cloud.resourceManagerEndpoint,
        );
        this.log.warn(warning);
        void this.notifications().warning(warning);
      }
      return;
    }
    const wanted = sovereignSignInSetting(cloud);
    const sovereign = vscode.workspace.getConfiguration('microsoft-sovereign-cloud');
    if (!wanted || sovereignSignInMatches(wanted, sovereign.get<string>('environment'), sovereign.get('customEnvironment'))) {
      return;
    }
    const update = vscode.l10n.t('Update Setting');
    const warning = vscode.l10n.t(
      'VS Code signs in to Microsoft accounts outside {0}. Set its sovereign-cloud sign-in to {1}?',
      cloud.name,
      wanted.environment,
    );
    this.log.warn(warning);
    void this.notifications()
      .warning(warning, update)
      .then(async (choice) => {
        if (choice === update) {
          await sovereign.update('environment', wanted.environment, vscode.ConfigurationTarget.Global);
          if (wanted.customEnvironment) {
            await sovereign.update('customEnvironment', wanted.customEnvironment, vscode.ConfigurationTarget.Global);
          }
        }
      });
  }

  /** What `az cloud show` says; undefined when the CLI cannot tell (then signing in already said what is wrong). */
  private async cliCloud(): Promise<CliCloud | undefined> {
    try {
      const result = await processRunner.run(process.platform === 'win32' ? 'az.cmd' : 'az', ['cloud', 'show', '--output', 'json'], {
        timeoutMs: 15_000,
      });
      return result.exitCode === 0 ? (JSON.parse(result.stdout.toString('utf8')) as CliCloud) : undefined;
    } catch (error) {
      this.log.info(`az cloud show failed: ${errorMessage(error)}`);
      return undefined;
    }
  }

  /** Signs in without asking when the person was signed in before; used when the view first shows. */
  async trySilentSignIn(): Promise<boolean> {
    if (this.stateValue === 'signedIn') {
      return true;
    }
    if (this.silentAttempted || this.stateValue === 'expired' || this.extension.globalState.get<boolean>(signedOutKey)) {
      return false;
    }
    this.silentAttempted = true;
    try {
      await this.verify(this.createCredential(false));
      await this.setState('signedIn');
      return true;
    } catch (error) {
      this.log.info(`Not signed in to Azure yet: ${errorMessage(error)}`);
      return false;
    }
  }

  private async verify(credential: TokenCredential): Promise<void> {
    const token = await credential.getToken(this.cloud.managementScope);
    if (!token) {
      throw new Error(vscode.l10n.t('Azure returned no access token.'));
    }
  }

  async signOut(): Promise<void> {
    this.resetCredential();
    await this.extension.globalState.update(signedOutKey, true);
    await this.setState('signedOut');
    if (this.authentication === 'azureCli') {
      void this.notifications().info(vscode.l10n.t('Signed out here. The Azure CLI stays signed in; run "az logout" to sign it out too.'));
    }
  }

  /**
   * Called with any failure from Azure: when it means the sign-in is gone, switch to the expired state and ask the
   * person to sign in again (once), instead of showing the error; `detail` (a sentence the caller must not lose)
   * goes with the prompt. Returns true when it handled the error.
   */
  handleSignInFailure(error: unknown, detail?: string): boolean {
    if (!isSignInError(error) && !(error instanceof Error && (error as { signInNeeded?: boolean }).signInNeeded)) {
      return false;
    }
    if (this.stateValue === 'expired') {
      // Prompted once already; what the caller has to add (what a create left behind) still needs saying.
      if (detail) {
        void this.notifications().warning(detail);
      }
      return true;
    }
    logError(this.log, 'Azure sign-in expired', error);
    this.resetCredential();
    void this.setState('expired');
    const signIn = vscode.l10n.t('Sign In');
    const prompt =
      this.authentication === 'azureCli'
        ? vscode.l10n.t('Your Azure CLI sign-in has expired. Run "az login" in a terminal, then sign in again.')
        : vscode.l10n.t('Your Azure sign-in has expired. Sign in again to see your virtual machines.');
    void this.notifications()
      .warning(detail ? `${detail} ${prompt}` : prompt, signIn)
      .then((choice) => {
        if (choice === signIn) {
          void vscode.commands.executeCommand('azureLinux.azure.signIn');
        }
      });
    return true;
  }

  private async setState(state: SignInState): Promise<void> {
    if (this.stateValue !== state) {
      this.stateValue = state;
      this.changed.fire(state);
    }
    await this.publishState();
  }

  private async publishState(): Promise<void> {
    await vscode.commands.executeCommand('setContext', signedInContextKey, this.stateValue === 'signedIn');
  }

  private async setSignInProgress(progress: 'pending' | 'failed' | undefined): Promise<void> {
    if (this.signInProgress === progress) return;
    this.signInProgress = progress;
    await vscode.commands.executeCommand('setContext', signInProgressContextKey, progress);
  }

  dispose(): void {
    this.pendingSignIn?.abort();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** `work`'s result, unless `signal` aborts first (then an AbortError; `work` runs on, its answer unused). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const aborted = () => reject(Object.assign(new Error('Aborted'), { name: 'AbortError' }));
    if (signal.aborted) return aborted();
    signal.addEventListener('abort', aborted, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener('abort', aborted));
  });
}
