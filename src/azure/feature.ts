import * as vscode from 'vscode';
import type { Log } from '../util/log';
import { VmTree } from '../views/virtualMachines/vmTree';
import type { CreateVmFailure } from './core/createVm';
import { PublicServiceIpDetector, type CallerIpDetector } from './callerIp';
import { AzureSession } from './session';

/** What the Azure VM feature shares between its commands, its tree and the tests. Cheap to make: no SDK loads here. */
export class AzureFeature implements vscode.Disposable {
  readonly session: AzureSession;
  readonly tree: VmTree;
  /** Replaceable so tests (and the bench) never reach the internet. */
  callerIp: CallerIpDetector = new PublicServiceIpDetector();
  /** The options of the last SSH terminal this feature opened, so tests can check the command line. */
  lastSshTerminal: vscode.TerminalOptions | undefined;
  /** Why the last create run stopped, with what it left behind (tests and the log read it). */
  lastCreateFailure: CreateVmFailure | undefined;

  constructor(extension: vscode.ExtensionContext, log: Log) {
    this.session = new AzureSession(extension, log);
    this.tree = new VmTree(this.session, log, extension.globalState);
    this.session.onDidChangeState(() => this.tree.refresh());
  }

  dispose(): void {
    this.tree.dispose();
    this.session.dispose();
  }
}

/** Returns a getter that makes the feature on first use and gives it to the extension to dispose. */
export function lazyAzureFeature(extension: vscode.ExtensionContext, log: Log): () => AzureFeature {
  let feature: AzureFeature | undefined;
  return () => {
    if (!feature) {
      feature = new AzureFeature(extension, log);
      extension.subscriptions.push(feature);
    }
    return feature;
  };
}
