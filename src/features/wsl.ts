import * as vscode from 'vscode';
import type { ListedDistribution } from '../wsl/core/distributions';
import { processRunner } from '../util/programRunner';
import { errorMessage } from '../util/errors';
import type { Log } from '../util/log';
import { WslService, type WslStatus } from '../wsl/wslService';

/** Context key for menus and the palette: true where WSL can be used (Windows, or inside a distribution). */
export const wslAvailableContextKey = 'azureLinux.wsl.available';

/**
 * The WSL feature: the wsl.exe service and its listing, read on demand and kept until the next refresh, so
 * expanding the tree does not run wsl.exe every time. The Local Environments tree shows it as a section.
 */
export class WslFeature implements vscode.Disposable {
  readonly service: WslService;
  private status: Promise<WslStatus> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly log: Log,
    service?: WslService,
  ) {
    this.service =
      service ??
      new WslService(
        processRunner,
        { platform: process.platform, distroName: process.env.WSL_DISTRO_NAME, remoteName: vscode.env.remoteName },
        vscode.l10n,
      );
    void vscode.commands.executeCommand('setContext', wslAvailableContextKey, this.service.available);
  }

  get available(): boolean {
    return this.service.available;
  }

  refresh(): void {
    this.status = undefined;
    this.changed.fire();
  }

  /** The current listing (read once per refresh). */
  currentStatus(): Promise<WslStatus> {
    this.status ??= this.service.status().catch((error: unknown) => {
      this.log.error(`WSL: listing distributions failed: ${errorMessage(error)}`);
      throw error;
    });
    return this.status;
  }

  async distributions(): Promise<readonly ListedDistribution[]> {
    const status = await this.currentStatus();
    return status.kind === 'ready' ? status.distributions : [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
