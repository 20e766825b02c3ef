/** Where a setting's effective value comes from, so a toggle changes that value rather than one it overrides. */
export type SettingTarget = 'global' | 'workspace' | 'workspaceFolder';

/**
 * The most specific scope that sets the value (what `WorkspaceConfiguration.inspect` reports); the user's settings
 * when nothing more specific does. Writing the user's settings under a workspace value would change nothing.
 */
export function effectiveSettingTarget(
  inspected: { readonly workspaceFolderValue?: unknown; readonly workspaceValue?: unknown } | undefined,
): SettingTarget {
  if (inspected?.workspaceFolderValue !== undefined) return 'workspaceFolder';
  if (inspected?.workspaceValue !== undefined) return 'workspace';
  return 'global';
}
