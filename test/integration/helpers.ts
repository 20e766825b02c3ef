import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from '../../src/api';
import type { Seams } from '../../src/context';
import type { Notifications } from '../../src/util/notifications';
import type { TerminalLauncher } from '../../src/util/terminals';

/** `publisher.name` from package.json. */
export const extensionId = 'azure-linux-tools.azure-linux-tools';

export async function activateExtension(): Promise<AzureLinuxToolsApi> {
  return vscode.extensions.getExtension<AzureLinuxToolsApi>(extensionId)!.activate();
}

export interface ShownNotification {
  readonly kind: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly actions: readonly string[];
}

/** What the extension showed while a swap was in place, and the way to put the real seams back. */
export interface Recorded {
  readonly notifications: ShownNotification[];
  readonly terminals: (vscode.TerminalOptions | vscode.ExtensionTerminalOptions)[];
  /** The last notification of a kind, or undefined. */
  last(kind: ShownNotification['kind']): ShownNotification | undefined;
  restore(): void;
}

/**
 * Swaps the notification and terminal seams for recorders: notifications are answered by `answer` (dismissed by
 * default), terminals are recorded and opened for real unless `openTerminals` is false.
 */
export function recordSeams(
  api: AzureLinuxToolsApi,
  options: { readonly answer?: (shown: ShownNotification) => string | undefined; readonly openTerminals?: boolean } = {},
): Recorded {
  const seams: Seams = api.context.seams;
  const original = { notifications: seams.notifications, terminals: seams.terminals };
  const notifications: ShownNotification[] = [];
  const terminals: Recorded['terminals'] = [];
  const show =
    (kind: ShownNotification['kind']) =>
    async (message: string, ...actions: string[]): Promise<string | undefined> => {
      const shown = { kind, message, actions };
      notifications.push(shown);
      return options.answer?.(shown);
    };
  const recordingNotifications: Notifications = { info: show('info'), warning: show('warning'), error: show('error') };
  const recordingTerminals: TerminalLauncher = {
    open: (terminalOptions) => {
      terminals.push(terminalOptions);
      return options.openTerminals === false
        ? ({ show: () => undefined, dispose: () => undefined } as unknown as vscode.Terminal)
        : original.terminals.open(terminalOptions);
    },
  };
  seams.notifications = recordingNotifications;
  seams.terminals = recordingTerminals;
  return {
    notifications,
    terminals,
    last: (kind) => notifications.filter((shown) => shown.kind === kind).at(-1),
    restore: () => Object.assign(seams, original),
  };
}
