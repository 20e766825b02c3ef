import * as vscode from 'vscode';
import type { Log } from '../util/log';
import { VmTree } from '../views/azure/vmTree';
import type { CreateVmFailure } from '../azure/core/createVm';
import { PublicServiceIpDetector, type CallerIpDetector } from '../azure/callerIp';
import { VmPropertiesDocuments } from '../azure/propertiesDocuments';
import { AzureSession } from '../azure/session';

/** Settings that change what the tree shows, not who is signed in. */
const treeSettings = ['showAllLinuxVms', 'groupByResourceGroup'] as const;

/** What the Azure VM feature shares between its commands, its tree and the tests. Cheap to make: no SDK loads here. */
export class AzureFeature implements vscode.Disposable {
  readonly session: AzureSession;
  readonly tree: VmTree;
  /** The read-only "Show Properties" documents. */
  readonly properties = new VmPropertiesDocuments();
  /** Replaceable so tests (and the bench) never reach the internet. */
  callerIp: CallerIpDetector = new PublicServiceIpDetector();
  /** The options of the last SSH terminal this feature opened, so tests can check the command line. */
  lastSshTerminal: vscode.TerminalOptions | undefined;
  /** Why the last create run stopped, with what it left behind (tests and the log read it). */
  lastCreateFailure: CreateVmFailure | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(extension: vscode.ExtensionContext, log: Log) {
    this.session = new AzureSession(extension, log);
    this.tree = new VmTree(this.session, log, extension.globalState);
    this.disposables.push(
      this.session.onDidChangeState(() => this.tree.refresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (treeSettings.some((key) => event.affectsConfiguration(`azureLinux.azure.${key}`))) {
          this.tree.refresh();
        }
      }),
    );
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
    this.tree.dispose();
    this.properties.dispose();
    this.session.dispose();
  }
}

/** The feature each extension context made, so the command wrapper can ask without making one. */
const madeFeatures = new WeakMap<vscode.ExtensionContext, AzureFeature>();

/** The feature if something already made it; never makes it (and so never loads anything). */
export function loadedAzureFeature(extension: vscode.ExtensionContext): AzureFeature | undefined {
  return madeFeatures.get(extension);
}

/** Returns a getter that makes the feature on first use and gives it to the extension to dispose. */
export function lazyAzureFeature(extension: vscode.ExtensionContext, log: Log): () => AzureFeature {
  return () => {
    let feature = madeFeatures.get(extension);
    if (!feature) {
      feature = new AzureFeature(extension, log);
      madeFeatures.set(extension, feature);
      extension.subscriptions.push(feature);
    }
    return feature;
  };
}
