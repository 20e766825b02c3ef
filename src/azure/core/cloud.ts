/** Where each Azure cloud's Resource Manager, sign-in authority and portal live. */

export type CloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment' | 'custom';

export interface CustomCloudSetting {
  readonly resourceManagerEndpoint?: string;
  readonly activeDirectoryAuthority?: string;
  readonly portalUrl?: string;
  /** How often to poll long-running operations, in ms (not in the settings UI; the local test server finishes at once). */
  readonly pollIntervalMs?: number;
}

export interface CloudEndpoints {
  readonly name: CloudName;
  readonly resourceManagerEndpoint: string;
  readonly activeDirectoryAuthority: string;
  /** The OAuth scope for Resource Manager tokens. */
  readonly managementScope: string;
  readonly portalUrl: string;
}

const knownClouds: Record<Exclude<CloudName, 'custom'>, CloudEndpoints> = {
  AzureCloud: {
    name: 'AzureCloud',
    resourceManagerEndpoint: 'https://management.azure.com',
    activeDirectoryAuthority: 'https://login.microsoftonline.com',
    managementScope: 'https://management.core.windows.net//.default',
    portalUrl: 'https://portal.azure.com',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
    activeDirectoryAuthority: 'https://login.chinacloudapi.cn',
    managementScope: 'https://management.core.chinacloudapi.cn//.default',
    portalUrl: 'https://portal.azure.cn',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
    activeDirectoryAuthority: 'https://login.microsoftonline.us',
    managementScope: 'https://management.core.usgovcloudapi.net//.default',
    portalUrl: 'https://portal.azure.us',
  },
};

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Resolves the cloud setting; a custom cloud needs an https Resource Manager endpoint. */
export function resolveCloud(name: string | undefined, custom: CustomCloudSetting | undefined): CloudEndpoints {
  if (name !== 'custom') {
    return knownClouds[(name ?? 'AzureCloud') as keyof typeof knownClouds] ?? knownClouds.AzureCloud;
  }
  const arm = custom?.resourceManagerEndpoint;
  if (!arm || !/^https:\/\/[^\s]+$/i.test(arm)) {
    throw new Error('The custom cloud needs "azureLinux.azure.customCloud.resourceManagerEndpoint" set to an https:// URL.');
  }
  const resourceManagerEndpoint = withoutTrailingSlash(arm);
  return {
    name: 'custom',
    resourceManagerEndpoint,
    activeDirectoryAuthority: withoutTrailingSlash(custom?.activeDirectoryAuthority ?? knownClouds.AzureCloud.activeDirectoryAuthority),
    managementScope: `${resourceManagerEndpoint}/.default`,
    portalUrl: withoutTrailingSlash(custom?.portalUrl ?? knownClouds.AzureCloud.portalUrl),
  };
}

/** The portal page of a resource, in the cloud (and directory) it lives in. */
export function portalUrlFor(cloud: CloudEndpoints, resourceId: string, tenantId?: string): string {
  const directory = tenantId ? `@${tenantId}` : '';
  return `${cloud.portalUrl}/#${directory}/resource${resourceId}/overview`;
}

/**
 * What VS Code's Microsoft sign-in must be set to for this cloud: the `microsoft-sovereign-cloud.environment`
 * setting (and `customEnvironment` for a custom cloud, whose sign-in authority comes from our setting). Undefined
 * for the public cloud, which uses the plain `microsoft` provider.
 */
export interface SovereignSignInSetting {
  readonly environment: 'ChinaCloud' | 'USGovernment' | 'custom';
  readonly customEnvironment?: {
    readonly name: string;
    readonly portalUrl: string;
    readonly managementEndpointUrl: string;
    readonly resourceManagerEndpointUrl: string;
    readonly activeDirectoryEndpointUrl: string;
    readonly activeDirectoryResourceId: string;
  };
}

export function sovereignSignInSetting(cloud: CloudEndpoints): SovereignSignInSetting | undefined {
  switch (cloud.name) {
    case 'AzureCloud':
      return undefined;
    case 'AzureChinaCloud':
      return { environment: 'ChinaCloud' };
    case 'AzureUSGovernment':
      return { environment: 'USGovernment' };
    case 'custom':
      return {
        environment: 'custom',
        customEnvironment: {
          name: 'custom',
          portalUrl: cloud.portalUrl,
          managementEndpointUrl: `${cloud.resourceManagerEndpoint}/`,
          resourceManagerEndpointUrl: `${cloud.resourceManagerEndpoint}/`,
          activeDirectoryEndpointUrl: `${cloud.activeDirectoryAuthority}/`,
          activeDirectoryResourceId: `${cloud.resourceManagerEndpoint}/`,
        },
      };
  }
}

/** True when VS Code's sovereign-cloud settings already point the sign-in at this cloud. */
export function sovereignSignInMatches(
  wanted: SovereignSignInSetting,
  environment: string | undefined,
  customEnvironment: unknown,
): boolean {
  if (environment !== wanted.environment) {
    return false;
  }
  if (!wanted.customEnvironment) {
    return true;
  }
  const current = (customEnvironment ?? {}) as Record<string, unknown>;
  const same = (a: unknown, b: string) =>
    typeof a === 'string' && withoutTrailingSlash(a).toLowerCase() === withoutTrailingSlash(b).toLowerCase();
  return (
    same(current.resourceManagerEndpointUrl, wanted.customEnvironment.resourceManagerEndpointUrl) &&
    same(current.activeDirectoryEndpointUrl, wanted.customEnvironment.activeDirectoryEndpointUrl)
  );
}

/** The cloud `az cloud show` reports. */
export interface CliCloud {
  readonly name?: string;
  readonly endpoints?: { readonly resourceManager?: string };
}

/** True when the Azure CLI is signed in to another cloud than the setting names (its tokens would not work here). */
export function cliCloudDiffers(cloud: CloudEndpoints, cli: CliCloud): boolean {
  if (cloud.name !== 'custom' && cli.name) {
    return cli.name.toLowerCase() !== cloud.name.toLowerCase();
  }
  const endpoint = cli.endpoints?.resourceManager;
  return !endpoint || withoutTrailingSlash(endpoint).toLowerCase() !== cloud.resourceManagerEndpoint.toLowerCase();
}
