import * as vscode from 'vscode';
import type { ActivityFeature } from '../features/activity';
import { activityDisplay } from '../features/activity/core/activityDisplay';

/** Progress lines come many times a second: the item is drawn at most this often. */
const redrawEveryMs = 150;

/** The one status bar item for long-running work: shown while something runs, hidden when nothing does. */
export function showActivityInStatusBar(activity: ActivityFeature): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('azureLinux.activity', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('Azure Linux Activity');
  item.command = 'azureLinux.showLogs';
  let pending: NodeJS.Timeout | undefined;
  const draw = () => {
    pending = undefined;
    const display = activityDisplay(activity.running, vscode.l10n);
    if (!display) {
      item.hide();
      return;
    }
    item.text = display.text;
    item.tooltip = display.tooltip;
    item.accessibilityInformation = { label: display.ariaLabel };
    item.show();
  };
  return vscode.Disposable.from(
    item,
    activity.onDidChange(() => (pending ??= setTimeout(draw, redrawEveryMs))),
    { dispose: () => clearTimeout(pending) },
  );
}
