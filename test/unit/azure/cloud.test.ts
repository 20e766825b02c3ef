import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliCloudDiffers, resolveCloud, sovereignSignInMatches, sovereignSignInSetting } from '../../../src/azure/core/cloud';

describe('sovereign clouds', () => {
  it('needs no sovereign sign-in for the public cloud, and the matching one for the others', () => {
    assert.equal(sovereignSignInSetting(resolveCloud('AzureCloud', undefined)), undefined);
    assert.deepEqual(sovereignSignInSetting(resolveCloud('AzureChinaCloud', undefined)), { environment: 'ChinaCloud' });
    assert.deepEqual(sovereignSignInSetting(resolveCloud('AzureUSGovernment', undefined)), { environment: 'USGovernment' });
  });

  it("takes a custom cloud's sign-in authority from the setting", () => {
    const cloud = resolveCloud('custom', {
      resourceManagerEndpoint: 'https://arm.contoso.example/',
      activeDirectoryAuthority: 'https://login.contoso.example',
    });
    const wanted = sovereignSignInSetting(cloud)!;
    assert.equal(wanted.environment, 'custom');
    assert.equal(wanted.customEnvironment?.activeDirectoryEndpointUrl, 'https://login.contoso.example/');
    assert.equal(wanted.customEnvironment?.resourceManagerEndpointUrl, 'https://arm.contoso.example/');
    assert.equal(
      sovereignSignInMatches(wanted, 'custom', {
        resourceManagerEndpointUrl: 'https://ARM.contoso.example',
        activeDirectoryEndpointUrl: 'https://login.contoso.example/',
      }),
      true,
    );
    assert.equal(
      sovereignSignInMatches(wanted, 'custom', {
        resourceManagerEndpointUrl: 'https://arm.contoso.example/',
        activeDirectoryEndpointUrl: 'https://login.microsoftonline.com/',
      }),
      false,
    );
    assert.equal(sovereignSignInMatches(wanted, 'ChinaCloud', undefined), false);
    assert.equal(sovereignSignInMatches({ environment: 'USGovernment' }, 'USGovernment', undefined), true);
  });

  it('sees when the Azure CLI is set to another cloud', () => {
    assert.equal(cliCloudDiffers(resolveCloud('AzureChinaCloud', undefined), { name: 'AzureChinaCloud' }), false);
    assert.equal(cliCloudDiffers(resolveCloud('AzureChinaCloud', undefined), { name: 'AzureCloud' }), true);
    const custom = resolveCloud('custom', { resourceManagerEndpoint: 'https://arm.contoso.example' });
    assert.equal(cliCloudDiffers(custom, { name: 'Contoso', endpoints: { resourceManager: 'https://arm.contoso.example/' } }), false);
    assert.equal(cliCloudDiffers(custom, { name: 'AzureCloud', endpoints: { resourceManager: 'https://management.azure.com/' } }), true);
  });
});
