import type * as vscode from 'vscode';
import type { LanguageFeatures } from './features/language';
import type { AzureFeature } from './features/azure';
import type { Log } from './util/log';
import type { LocalEnvironments } from './views/localEnvironments/localEnvironments';
import type { WslSection } from './views/wsl/wslSection';

/** Everything a command, view or provider needs, passed explicitly rather than through globals. */
export interface AzlContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: Log;
  /** The Azure VM feature, made on first use (it loads no SDK until Azure is called). */
  readonly azure: () => AzureFeature;
  /** Local environments: the container engine connection and the Local Environments tree's model. */
  readonly localEnvironments: LocalEnvironments;
  /** WSL distributions: the Local Environments tree's WSL section and the wsl.exe service behind it. */
  readonly wsl: WslSection;
  /** The config language service and its diagnostics (image and node-pool configs). */
  readonly language: LanguageFeatures;
}
