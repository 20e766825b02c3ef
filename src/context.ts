import type * as vscode from 'vscode';
import type { CallerIpDetector } from './azure/callerIp';
import type { AksQuestions } from './commands/aks/questions';
import type { SshPortProbe } from './azure/sshProbe';
import type { CreateVmQuestions } from './commands/azure/createVm';
import type { ActivityFeature } from './features/activity';
import type { DeployQuestions } from './commands/imageBuilds/deploy';
import type { DownloadBaseQuestions } from './commands/imageBuilds/downloadBase';
import type { AzureFeature } from './features/azure';
import type { ImageBuildsFeature } from './features/imageBuilds';
import type { LanguageFeatures } from './features/language';
import type { LocalEnvironmentsFeature } from './features/localEnvironments';
import type { WslFeature } from './features/wsl';
import type { Log } from './util/log';
import type { Notifications } from './util/notifications';
import type { TerminalLauncher } from './util/terminals';

/**
 * What the extension does to the person's screen and the outside world where a test needs to stand in: tests swap
 * these (and only these) through the API's context, so production types carry no fields for tests to read.
 */
export interface Seams {
  notifications: Notifications;
  terminals: TerminalLauncher;
  /** This machine's public IP, which the create flow admits to SSH. */
  callerIp: CallerIpDetector;
  /** Whether a new VM's SSH port answers (one of the "did it boot?" signals). */
  sshPort: SshPortProbe;
  /** The create-VM wizard's questions. */
  createVmQuestions: CreateVmQuestions;
  /** The AKS commands' confirmations, inputs and picks. */
  aksQuestions: AksQuestions;
  /** Download Azure Linux Base Image's questions (subscription, region, image). */
  downloadBaseQuestions: DownloadBaseQuestions;
  /** Deploy to Azure's questions (where, VM or gallery) and its prompts (resume, keep after a failure). */
  deployQuestions: DeployQuestions;
}

/** Everything a command, view or provider needs, passed explicitly rather than through globals. */
export interface AzlContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: Log;
  readonly seams: Seams;
  /** Azure: the sign-in and the VM listing, made on first use (it loads no SDK until Azure is called). */
  readonly azure: () => AzureFeature;
  /** Local environments: the container engine connection and its listing. */
  readonly localEnvironments: LocalEnvironmentsFeature;
  /** Image builds with Image Customizer (through the Local Environments engine), kept in the workspace state. */
  readonly imageBuilds: ImageBuildsFeature;
  /** WSL distributions and the wsl.exe service behind them. */
  readonly wsl: WslFeature;
  /** The config language service and its diagnostics (image and node-pool configs). */
  readonly language: LanguageFeatures;
  /** Long-running work (builds, pulls, uploads, VM operations) as the status bar shows it: `activity.begin(title)`. */
  readonly activity: ActivityFeature;
}
