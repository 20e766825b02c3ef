import { english, type L10n } from '../../util/l10n';

/*
 * Azure's own error code and message, dug out of whatever shape the SDK threw (RestError from a request, a plain
 * Error from a failed long-running operation), plus a hint on what the person can do about the common ones.
 */

export interface AzureErrorDetails {
  readonly code?: string;
  readonly message: string;
  readonly statusCode?: number;
}

interface ErrorBody {
  error?: { code?: string; message?: string };
  code?: string;
  message?: string;
}

function fromBody(body: unknown): { code?: string; message?: string } | undefined {
  if (typeof body === 'string') {
    try {
      return fromBody(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  if (body && typeof body === 'object') {
    const typed = body as ErrorBody;
    if (typed.error && (typed.error.code || typed.error.message)) {
      return typed.error;
    }
    if (typed.code || typed.message) {
      return { code: typed.code, message: typed.message };
    }
  }
  return undefined;
}

const lroFailure = /^The long-running operation has failed\. ([^.\s]+)\. ([\s\S]*)$/;

export function azureErrorDetails(error: unknown): AzureErrorDetails {
  if (!(error instanceof Error)) {
    return { message: String(error) };
  }
  const typed = error as Error & {
    code?: unknown;
    statusCode?: number;
    details?: unknown;
    response?: { bodyAsText?: string; status?: number };
  };
  const statusCode = typed.statusCode ?? typed.response?.status;
  const body = fromBody(typed.details) ?? fromBody(typed.response?.bodyAsText);
  if (body?.code || body?.message) {
    return {
      code: body.code ?? (typeof typed.code === 'string' ? typed.code : undefined),
      message: body.message ?? error.message,
      statusCode,
    };
  }
  const lro = lroFailure.exec(error.message);
  if (lro) {
    return { code: lro[1], message: lro[2].trim(), statusCode };
  }
  return { code: typeof typed.code === 'string' ? typed.code : undefined, message: error.message, statusCode };
}

/** What the person can do about the failures people meet most when creating VMs. */
export function hintForAzureError(details: AzureErrorDetails, l10n: L10n = english): string | undefined {
  const code = details.code?.toLowerCase() ?? '';
  const message = details.message.toLowerCase();
  if (code.includes('quota') || message.includes('quota')) {
    return l10n.t('Choose a smaller size or another region, or request a quota increase in the portal.');
  }
  if (code === 'skunotavailable' || code.includes('skunotavailable')) {
    return l10n.t('This size is not available in the region for your subscription; choose another size or region.');
  }
  if (code === 'requestdisallowedbypolicy') {
    return l10n.t('An Azure Policy assigned by your organisation denied it; ask the policy owner or change the settings it requires.');
  }
  if (code.includes('alreadyexists') || code === 'conflict' || code.includes('inuse') || code.includes('nametaken')) {
    return l10n.t('The name is taken; choose another one.');
  }
  if (code === 'authorizationfailed' || details.statusCode === 403) {
    return l10n.t('Your account lacks permission for this in the subscription; ask an owner for the Contributor role.');
  }
  return undefined;
}

/** One sentence with Azure's words: "message (Code). Hint." Azure's message stays as Azure wrote it. */
export function describeAzureError(error: unknown, l10n: L10n = english): string {
  const details = azureErrorDetails(error);
  const hint = hintForAzureError(details, l10n);
  const core = details.code ? `${details.message.replace(/\.\s*$/, '')} (${details.code}).` : details.message;
  return hint ? `${core} ${hint}` : core;
}

/** True when the failure means the sign-in is missing or expired, so the person should sign in again. */
export function isSignInError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const name = error.name;
  if (name === 'CredentialUnavailableError' || name === 'AuthenticationRequiredError' || name === 'AuthenticationError') {
    return true;
  }
  const details = azureErrorDetails(error);
  if (details.statusCode === 401) {
    return true;
  }
  const code = details.code?.toLowerCase() ?? '';
  return code === 'expiredauthenticationtoken' || code === 'invalidauthenticationtoken' || /az login/.test(error.message);
}
