/*
 * What a failed sign-in means, from the error it ended with. Pure, so the unit tests check the same wording the
 * session reacts to.
 */
import { spawnCommand } from '../../util/spawnCommand';

/**
 * The person stopped the sign-in: VS Code's consent dialog answered "Cancel" ("User did not consent to login.", as
 * VS Code's authentication service throws it) or its sign-in progress was cancelled (a CancellationError, whose name
 * and message are "Canceled").
 */
export function isSignInCancelled(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'Canceled' ||
    /^(canceled|cancelled)\.?$/i.test(error.message.trim()) ||
    /did not consent to (login|account access)/i.test(error.message)
  );
}

/**
 * Why the Azure CLI gave no token, from AzureCliCredential's messages (@azure/identity `azureCliPublicErrorMessages`:
 * "Azure CLI could not be found. ..." and "Please run 'az login' ...", the latter also for the CLI's own "Please run
 * 'az login' to setup account." on stderr).
 */
export function azureCliProblem(message: string): 'notInstalled' | 'notSignedIn' | 'other' {
  if (/Azure CLI could not be found|'az' is not recognized|az: (command )?not found/i.test(message)) return 'notInstalled';
  if (/\baz login\b/i.test(message)) return 'notSignedIn';
  return 'other';
}

/** Tenant IDs and domain names; anything else is not passed to `az login --tenant`. */
const tenantPattern = /^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/;

/**
 * The terminal that runs `az login` (with the tenant the settings name): an argument array; on Windows `az` is the
 * batch file az.cmd, started through cmd.exe the way spawnCommand builds it, as a verbatim command line (a terminal
 * takes a string of arguments on Windows only).
 */
export function azLoginTerminal(
  tenantId: string | undefined,
  platform: NodeJS.Platform = process.platform,
  comSpec: string | undefined = process.env.ComSpec,
): { readonly shellPath: string; readonly shellArgs: string[] | string } {
  const args = ['login', ...(tenantId && tenantPattern.test(tenantId) ? ['--tenant', tenantId] : [])];
  if (platform !== 'win32') return { shellPath: 'az', shellArgs: args };
  const command = spawnCommand('az.cmd', args, platform, comSpec);
  return { shellPath: command.command, shellArgs: command.args.join(' ') };
}
