import * as vscode from 'vscode';
import { VmPropertiesDocuments } from '../azure/propertiesDocuments';
import { AzureSession } from '../azure/session';
import { affectsSetting } from '../settings';
import type { Seams } from '../context';
import type { Log } from '../util/log';
import { NodePoolDocuments } from './azure/nodePoolDocuments';
import { SerialLogDocuments } from './azure/serialLogs';
import { VmListing } from './azure/vmListing';

/**
 * The Azure feature: who is signed in (the session), what is there (the VM listing, shared by the tree and the
 * commands), and the read-only "Show Properties" documents. Cheap to make: no SDK loads until Azure is called.
 */
export class AzureFeature implements vscode.Disposable {
  readonly session: AzureSession;
  readonly listing: VmListing;
  readonly properties = new VmPropertiesDocuments();
  /** Node pools opened as documents (AKS "Open as File"), for Apply. */
  readonly nodePoolDocuments = new NodePoolDocuments();
  /** Boot diagnostics' serial logs, followed while their VMs boot. */
  readonly serialLogs: SerialLogDocuments;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(extension: vscode.ExtensionContext, log: Log, seams: () => Seams) {
    this.session = new AzureSession(
      extension,
      log,
      () => seams().notifications,
      () => seams().terminals,
    );
    this.listing = new VmListing(() => this.session.services(), extension.globalState, log);
    this.serialLogs = new SerialLogDocuments(() => ({ images: this.session.imageServices(), transfer: this.session.imageTransfer() }), log);
    this.disposables.push(
      this.session.onDidChangeState(() => this.listing.refresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        // What the tree shows of the same listing: draw again, no need to ask Azure.
        if (affectsSetting(event, 'azure.showAllLinuxVms', 'azure.groupByResourceGroup')) {
          this.listing.redraw();
        }
      }),
    );
  }

  dispose(): void {
    vscode.Disposable.from(
      ...this.disposables,
      this.listing,
      this.properties,
      this.nodePoolDocuments,
      this.serialLogs,
      this.session,
    ).dispose();
  }
}

/** The feature each extension context made, so the command wrapper can ask without making one. */
const madeFeatures = new WeakMap<vscode.ExtensionContext, AzureFeature>();

/** The feature if something already made it; never makes it (and so never loads anything). */
export function loadedAzureFeature(extension: vscode.ExtensionContext): AzureFeature | undefined {
  return madeFeatures.get(extension);
}

/** Returns a getter that makes the feature on first use and gives it to the extension to dispose. */
export function lazyAzureFeature(extension: vscode.ExtensionContext, log: Log, seams: () => Seams): () => AzureFeature {
  return () => {
    let feature = madeFeatures.get(extension);
    if (!feature) {
      feature = new AzureFeature(extension, log, seams);
      madeFeatures.set(extension, feature);
      extension.subscriptions.push(feature);
    }
    return feature;
  };
}
