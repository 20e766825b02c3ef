import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import { azlLabels } from '../../docker/core/labels';
import { isMissingShell } from '../../docker/core/shellSpec';
import type { ContainerEngine, ExecSession } from '../../docker/engine';
import { startShellSession } from '../../docker/shellSteps';
import { errorMessage } from '../../util/errors';
import type { Log } from '../../util/log';

/**
 * An integrated terminal over an Engine API exec with a TTY: keys go to the exec's input, its output to the
 * terminal, resizes to the exec, and the shell's exit closes the terminal. No docker CLI involved.
 */
export class ContainerShellTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly controller = new AbortController();
  private readonly decoder = new StringDecoder('utf8');
  private session: ExecSession | undefined;
  private pendingInput: string[] = [];
  private size: vscode.TerminalDimensions | undefined;
  /** The size the exec has (or was started with); resizes go one at a time, so the engine cannot apply them out of order. */
  private sentSize: vscode.TerminalDimensions | undefined;
  private resizing = false;
  private failed = false;
  /** What the shell printed before the person typed anything: enough to tell a container without /bin/sh. */
  private earlyOutput: string | undefined = '';
  /** Resolves with the first output, for the benchmark and tests. */
  readonly firstOutput: Promise<void>;
  private resolveFirstOutput: () => void = () => undefined;

  constructor(
    private readonly engine: ContainerEngine,
    readonly containerId: string,
    private readonly labels: Readonly<Record<string, string>>,
    private readonly log: Log,
  ) {
    this.firstOutput = new Promise((resolve) => (this.resolveFirstOutput = resolve));
  }

  open(initialDimensions: vscode.TerminalDimensions | undefined): void {
    this.size = initialDimensions;
    void this.start();
  }

  private async start(): Promise<void> {
    const signal = this.controller.signal;
    try {
      this.sentSize = this.size;
      const session = await startShellSession(
        this.engine,
        this.containerId,
        {
          inWorkspace: Boolean(this.labels[azlLabels.workspaceFolder]),
          ...(this.size ? { size: { columns: this.size.columns, rows: this.size.rows } } : {}),
        },
        signal,
      );
      this.session = session;
      void this.sendSize(); // the terminal may have been resized while the exec started
      session.onData((data) => {
        this.resolveFirstOutput();
        const text = this.decoder.write(data);
        if (this.earlyOutput !== undefined && this.earlyOutput.length < 4096) this.earlyOutput += text;
        this.writeEmitter.fire(text);
      });
      session.onExit((code) => {
        if (this.earlyOutput !== undefined && isMissingShell(code, this.earlyOutput)) {
          this.fail(
            vscode.l10n.t('This container has no /bin/sh, so no shell can open in it. Use an image with a shell, or Show Container Logs.'),
          );
          return;
        }
        this.closeEmitter.fire(code ?? undefined);
      });
      for (const input of this.pendingInput.splice(0)) {
        session.write(input);
      }
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      this.fail(errorMessage(error));
    }
  }

  /** Says why no shell runs and keeps the terminal open until a key is pressed. */
  private fail(message: string): void {
    this.failed = true;
    this.log.error(`Open shell in ${this.containerId.slice(0, 12)}: ${message}`);
    this.writeEmitter.fire(`\x1b[31m${message}\x1b[0m\r\n${vscode.l10n.t('Press any key to close this terminal.')}\r\n`);
  }

  handleInput(data: string): void {
    if (this.failed) {
      this.closeEmitter.fire(1);
      return;
    }
    this.earlyOutput = undefined; // from now on an exit code is the person's, not the engine's
    if (this.session) {
      this.session.write(data);
    } else {
      this.pendingInput.push(data);
    }
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.size = dimensions;
    void this.sendSize();
  }

  /** Sends the latest size once the previous resize is done; sizes given meanwhile collapse into the last one. */
  private async sendSize(): Promise<void> {
    if (this.resizing || !this.session) {
      return;
    }
    this.resizing = true;
    try {
      while (this.size && (this.size.columns !== this.sentSize?.columns || this.size.rows !== this.sentSize.rows)) {
        const size = this.size;
        this.sentSize = size;
        await this.session.resize(size.columns, size.rows).catch((error: unknown) => this.log.debug(`resize: ${errorMessage(error)}`));
      }
    } finally {
      this.resizing = false;
    }
  }

  close(): void {
    this.controller.abort();
    this.session?.close();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

/** Opens a new shell terminal on a running container; several per container are fine. */
export function openShellTerminal(
  engine: ContainerEngine,
  container: { id: string; name: string; labels: Readonly<Record<string, string>> },
  log: Log,
): { terminal: vscode.Terminal; pty: ContainerShellTerminal } {
  const pty = new ContainerShellTerminal(engine, container.id, container.labels, log);
  const terminal = vscode.window.createTerminal({ name: container.name, pty, iconPath: new vscode.ThemeIcon('vm') });
  terminal.show();
  return { terminal, pty };
}

/** The open shell terminals of a container (ours, still running), oldest first. */
export function shellTerminalsOf(containerId: string): vscode.Terminal[] {
  return vscode.window.terminals.filter((terminal) => {
    const pty = (terminal.creationOptions as vscode.ExtensionTerminalOptions).pty;
    return terminal.exitStatus === undefined && pty instanceof ContainerShellTerminal && pty.containerId === containerId;
  });
}

/** Shows the container's most recent open shell; false when it has none. */
export function showExistingShell(containerId: string): boolean {
  const terminal = shellTerminalsOf(containerId).at(-1);
  terminal?.show();
  return terminal !== undefined;
}

/** A terminal that follows a container's logs until it is closed. */
export class ContainerLogsTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly controller = new AbortController();

  constructor(
    private readonly engine: ContainerEngine,
    private readonly containerId: string,
  ) {}

  open(): void {
    void this.follow();
  }

  private async follow(): Promise<void> {
    try {
      for await (const text of this.engine.logs(this.containerId, { follow: true, tail: 1000 }, this.controller.signal)) {
        this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
      }
      if (!this.controller.signal.aborted) {
        this.writeEmitter.fire(`\r\n\x1b[2m${vscode.l10n.t('The container stopped; its log ends here.')}\x1b[0m\r\n`);
      }
    } catch (error) {
      if (!this.controller.signal.aborted) {
        this.writeEmitter.fire(`\r\n\x1b[31m${errorMessage(error)}\x1b[0m\r\n`);
      }
    }
  }

  handleInput(): void {
    // Read-only: typing here does nothing.
  }

  close(): void {
    this.controller.abort();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
