/*
 * When the Getting Started walkthrough opens by itself: once, on the first run after install, and never twice.
 *
 * VS Code opens an extension's first walkthrough by itself when the extension is installed in a running window
 * (the workbench's getting-started service remembers extensions installed this session and, if the window has focus
 * and `workbench.welcomePage.walkthroughs.openOnInstall` is on, runs `workbench.action.openWalkthrough`; installing it
 * also activates the extension through the walkthrough's inferred `onWalkthrough:` event). It does not when the
 * extension was installed otherwise: from the command line (`code --install-extension`), before a remote or
 * code-server host started, or by Settings Sync at start-up. So the extension opens it itself only then, and
 * remembers (in global state, synced) that the first run happened either way.
 */

export interface FirstRunFacts {
  /** Global state says an earlier run already did this. */
  readonly shownBefore: boolean;
  /** `workbench.welcomePage.walkthroughs.openOnInstall`: the person's wish about walkthroughs opening by themselves. */
  readonly openOnInstall: boolean;
  /** The extension's folder appeared after this extension host started: installed in this window, so VS Code opened it. */
  readonly installedThisSession: boolean;
}

export interface FirstRunDecision {
  readonly open: boolean;
  /** Record the first run, so no later start opens it again. */
  readonly remember: boolean;
}

export function firstRunDecision(facts: FirstRunFacts): FirstRunDecision {
  if (facts.shownBefore) return { open: false, remember: false };
  return { open: facts.openOnInstall && !facts.installedThisSession, remember: true };
}

/** Installed in this session: the extension's folder was written after the extension host process started. */
export function installedDuringSession(folderWrittenMs: number | undefined, hostStartedMs: number): boolean {
  return folderWrittenMs !== undefined && folderWrittenMs > hostStartedMs;
}
