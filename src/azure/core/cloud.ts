/** Where each Azure cloud's Resource Manager, sign-in authority and portal live. */

export type CloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment' | 'custom';

export interface CustomCloudSetting {
  readonly resourceManagerEndpoint?: string;
  readonly activeDirectoryAuthority?: string;
  readonly portalUrl?: string;
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
