import * as vscode from 'vscode';
import { cleanSerialLog } from '../../azure/core/bootDiagnostics';
import type { AzureImageServices, BootDiagnosticsUris } from '../../azure/imageServices';
import { TransferError, type ImageTransferService } from '../../azure/imageTransfer';
import { errorMessage, NoticeError } from '../../util/errors';
import type { Log } from '../../util/log';

export const serialLogScheme = 'azurelinux-serial-log';

/** The VM a serial log belongs to. */
export interface SerialLogVm {
  readonly id: string;
  readonly name: string;
  readonly resourceGroup: string;
}

interface Entry {
  readonly vm: SerialLogVm;
  readonly uri: vscode.Uri;
  uris?: BootDiagnosticsUris;
  bytes: Buffer;
  text: string;
  timer?: NodeJS.Timeout;
  refreshing?: Promise<void>;
  closed: boolean;
}

/** What a boot looks like from the instance view: still starting, or running without a Ready agent yet. */
function stillBooting(state: { powerState?: string; agentReady: boolean }): boolean {
  return state.powerState === 'starting' || state.powerState === 'creating' || (state.powerState === 'running' && !state.agentReady);
}

/**
 * Read-only documents with a VM's boot diagnostics serial log. While a document is open and its VM is booting
 * (starting, or running before its agent reports Ready), it reads what the log gained since the last read, every
 * few seconds, and the editor follows the new lines; closing the document stops that.
 */
export class SerialLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly sources: () => { readonly images: AzureImageServices; readonly transfer: ImageTransferService },
    private readonly log: Log,
    private readonly followIntervalMs = 3000,
  ) {
    this.disposables = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(serialLogScheme, this),
      vscode.workspace.onDidCloseTextDocument((document) => {
        const entry = this.entries.get(document.uri.toString());
        if (entry) this.stop(entry);
      }),
      // The editor follows the log: new lines scroll into view as they arrive.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.scheme !== serialLogScheme) return;
        for (const editor of vscode.window.visibleTextEditors) {
          if (editor.document === event.document) revealEnd(editor);
        }
      }),
    ];
  }

  static uriFor(vm: SerialLogVm): vscode.Uri {
    return vscode.Uri.from({
      scheme: serialLogScheme,
      path: `/${vm.resourceGroup}/${vm.name}.serial.log`,
      query: new URLSearchParams({ vm: vm.id }).toString(),
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.entries.get(uri.toString())?.text ?? '';
  }

  /** Whether the log of this document is being followed (the VM is booting and the document is open). */
  isFollowing(uri: vscode.Uri): boolean {
    return this.entries.get(uri.toString())?.timer !== undefined;
  }

  /**
   * Reads the log now, opens it in an editor at its end, and follows it while the VM boots. Fails with a notice
   * when the VM has boot diagnostics turned off.
   */
  async show(vm: SerialLogVm, signal: AbortSignal): Promise<vscode.TextDocument> {
    const uri = SerialLogDocuments.uriFor(vm);
    const key = uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { vm, uri, bytes: Buffer.alloc(0), text: '', closed: false };
      this.entries.set(key, entry);
    }
    entry.closed = false;
    await this.refresh(entry, signal, true);
    const opened = await vscode.workspace.openTextDocument(uri);
    const document = opened.languageId === 'log' ? opened : await vscode.languages.setTextDocumentLanguage(opened, 'log');
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    revealEnd(editor);
    this.follow(entry);
    return document;
  }

  private follow(entry: Entry): void {
    if (entry.timer || entry.closed) return;
    const tick = async () => {
      entry.timer = undefined;
      if (entry.closed) return;
      const signal = new AbortController().signal;
      try {
        const state = await this.sources().images.bootState(entry.vm.id, signal);
        await this.refresh(entry, signal, false);
        if (!stillBooting(state)) {
          this.log.info(
            `Serial log of ${entry.vm.name}: the VM has booted (${state.powerState}, agent ${state.agentStatus ?? 'unknown'}); no longer following.`,
          );
          return;
        }
      } catch (error) {
        // A failed read (a network blip, an expired sign-in) is tried again at the next tick.
        this.log.warn(`Reading the serial log of ${entry.vm.name} failed: ${errorMessage(error)}`);
      }
      if (!entry.closed) entry.timer = setTimeout(() => void tick(), this.followIntervalMs);
    };
    entry.timer = setTimeout(() => void tick(), this.followIntervalMs);
  }

  private stop(entry: Entry): void {
    entry.closed = true;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  /** Reads what the log gained since the last read (all of it when it shrank: the VM started again). */
  private refresh(entry: Entry, signal: AbortSignal, first: boolean): Promise<void> {
    // One read at a time per log: a tick and a Show Serial Log again share it.
    entry.refreshing ??= this.read(entry, signal, first).finally(() => (entry.refreshing = undefined));
    return entry.refreshing;
  }

  private async read(entry: Entry, signal: AbortSignal, first: boolean): Promise<void> {
    const { images, transfer } = this.sources();
    for (let attempt = 0; ; attempt++) {
      if (!entry.uris || first) {
        entry.uris = await images.bootDiagnostics(entry.vm.id, signal);
        first = false;
      }
      if (!entry.uris.enabled || !entry.uris.serialLogUri) {
        throw new NoticeError(
          vscode.l10n.t(
            '{0} has boot diagnostics turned off, so Azure keeps no serial log for it. Turn them on (managed storage) in the portal or with "az vm boot-diagnostics enable"; the log starts with the next boot.',
            entry.vm.name,
          ),
        );
      }
      try {
        const read = await transfer.readBlob(entry.uris.serialLogUri, { offset: entry.bytes.length, signal });
        if (read && read.size < entry.bytes.length) {
          // Shorter than what we have: a new boot's log. Read it from the start.
          entry.bytes = Buffer.alloc(0);
          continue;
        }
        const bytes = read ? Buffer.concat([entry.bytes, read.bytes]) : entry.bytes;
        const text =
          bytes.length > 0 ? cleanSerialLog(bytes.toString('utf8')) : vscode.l10n.t('(No serial output from {0} yet.)', entry.vm.name);
        entry.bytes = bytes;
        if (text !== entry.text) {
          entry.text = text;
          this.changed.fire(entry.uri);
        }
        return;
      } catch (error) {
        // The read SAS Azure gave for the log has run out: ask for new ones, once.
        if (error instanceof TransferError && error.kind === 'accessExpired' && attempt === 0) {
          entry.uris = undefined;
          continue;
        }
        throw error;
      }
    }
  }

  dispose(): void {
    for (const entry of this.entries.values()) this.stop(entry);
    this.entries.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function revealEnd(editor: vscode.TextEditor): void {
  const last = editor.document.lineCount - 1;
  editor.revealRange(new vscode.Range(last, 0, last, 0), vscode.TextEditorRevealType.Default);
}
