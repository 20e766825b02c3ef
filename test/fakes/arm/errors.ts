/** An error the fake Azure Resource Manager answers with: HTTP status plus ARM's `{ error: { code, message } }` body. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The part of an injection rule that says what Azure answers. */
export interface FailureShape {
  status: number;
  code: string;
  message: string;
}

/**
 * Realistic failures in Azure's own words (codes and wording as ARM returns them), to spread into `inject()`:
 * `server.inject({ method: 'PUT', path: /virtualMachines\//, ...armFailures.quotaExceeded('eastus') })`.
 */
export const armFailures = {
  quotaExceeded(location = 'eastus', family = 'standardDSv5Family', limit = 10, usage = 8, required = 4): FailureShape {
    return {
      status: 409,
      code: 'OperationNotAllowed',
      message:
        `Operation could not be completed as it results in exceeding approved ${family} Cores quota. ` +
        `Additional details - Deployment Model: Resource Manager, Location: ${location}, Current Limit: ${limit}, ` +
        `Current Usage: ${usage}, Additional Required: ${required}, (Minimum) New Limit Required: ${usage + required}. ` +
        'Submit a request for Quota increase at https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView ' +
        'by specifying parameters listed in the Details section for deployment to succeed.',
    };
  },
  skuNotAvailable(size = 'Standard_D2s_v5', location = 'eastus'): FailureShape {
    return {
      status: 409,
      code: 'SkuNotAvailable',
      message:
        `The requested VM size for resource 'Following SKUs have failed for Capacity Restrictions: ${size}' is currently ` +
        `not available in location '${location}'. Please try another size or deploy to a different location or different ` +
        'zone. See https://aka.ms/azureskunotavailable for details.',
    };
  },
  nameTaken(name = 'azl-vm'): FailureShape {
    return {
      status: 409,
      code: 'Conflict',
      message: `The resource name '${name}' is already in use. Choose a different name.`,
    };
  },
  policyDenied(resource = 'azl-vm', policy = 'Allowed virtual machine size SKUs'): FailureShape {
    return {
      status: 403,
      code: 'RequestDisallowedByPolicy',
      message:
        `Resource '${resource}' was disallowed by policy. Policy identifiers: ` +
        `'[{"policyAssignment":{"name":"${policy}","id":"/providers/Microsoft.Management/managementGroups/contoso/providers/` +
        `Microsoft.Authorization/policyAssignments/allowed-sizes"},"policyDefinition":{"name":"${policy}",` +
        '"id":"/providers/Microsoft.Authorization/policyDefinitions/cccc23c7-8427-4f53-ad12-b6a63eb452b3"}}]\'.',
    };
  },
  authorizationFailed(action = 'Microsoft.Compute/virtualMachines/write'): FailureShape {
    return {
      status: 403,
      code: 'AuthorizationFailed',
      message:
        "The client '00000000-0000-0000-0000-0000000000aa' with object id '00000000-0000-0000-0000-0000000000aa' does not " +
        `have authorization to perform action '${action}' over scope '/subscriptions' or the scope is invalid. If access ` +
        'was recently granted, please refresh your credentials.',
    };
  },
  expiredToken(): FailureShape {
    const now = new Date();
    return {
      status: 401,
      code: 'ExpiredAuthenticationToken',
      message:
        `The access token expiry UTC time '${new Date(now.getTime() - 60_000).toUTCString()}' is earlier than current ` +
        `UTC time '${now.toUTCString()}'.`,
    };
  },
  throttled(): FailureShape {
    return {
      status: 429,
      code: 'TooManyRequests',
      message: 'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00.',
    };
  },
  internal(): FailureShape {
    return {
      status: 500,
      code: 'InternalServerError',
      message: 'Encountered internal server error. Diagnostic information: timestamp, subscription id, tracking id, and region.',
    };
  },
  notFound(what = 'Microsoft.Compute/virtualMachines/azl-vm'): FailureShape {
    return { status: 404, code: 'ResourceNotFound', message: `The Resource '${what}' was not found.` };
  },
} as const;

/** The `WWW-Authenticate` value ARM sends with a 401. */
export function bearerChallenge(description: string): string {
  return `Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="${description}"`;
}
