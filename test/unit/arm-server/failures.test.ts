import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-subscriptions';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, beforeEach, describe, it } from 'node:test';
import { armFailures, type ArmServer } from '../../fakes/arm/server';
import { clientOptions, FAST_POLL, FixedTokenCredential, startSeededServer, SUB_A, trustsTestCertificate } from './armTestSupport';

interface RestErrorLike extends Error {
  code?: string;
  statusCode?: number;
}

/** A raw request without the SDK, to see exactly what the server answers. */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

if (trustsTestCertificate(__filename)) {
  describe('fake ARM server: failures the SDK clients see', () => {
    let server: ArmServer;
    const credential = new FixedTokenCredential();
    let compute: ComputeManagementClient;
    let network: NetworkManagementClient;
    let resources: ResourceManagementClient;

    before(async () => {
      server = await startSeededServer();
      server.addVirtualMachine(SUB_A, 'rg-app', { name: 'vm-app', location: 'eastus' });
      compute = new ComputeManagementClient(credential, SUB_A, clientOptions(server));
      network = new NetworkManagementClient(credential, SUB_A, clientOptions(server));
      resources = new ResourceManagementClient(credential, SUB_A, clientOptions(server));
    });
    after(() => server.close());
    beforeEach(() => {
      server.clearInjections();
      server.requests.length = 0;
      server.lroDelayMs = 0;
      server.tokenValidator = undefined;
    });

    it('answers 429 with Retry-After and the SDK waits and retries', async () => {
      const throttle = server.inject({
        method: 'GET',
        path: /\/virtualMachines\/vm-app$/,
        ...armFailures.throttled(),
        retryAfterSeconds: 0.3,
        times: 2,
      });
      const started = Date.now();
      const vm = await compute.virtualMachines.get('rg-app', 'vm-app');
      const elapsed = Date.now() - started;
      assert.equal(vm.name, 'vm-app');
      assert.equal(throttle.hits, 2);
      assert.deepEqual(
        server.requests.map((r) => r.status),
        [429, 429, 200],
      );
      assert.ok(elapsed >= 550, `the SDK honoured Retry-After twice (took ${elapsed} ms)`);
    });

    it('answers 409 and 403 with ARM error bodies that become RestError codes', async () => {
      server.inject({ method: 'PUT', path: /\/publicIPAddresses\//, ...armFailures.nameTaken('vm-app-ip'), times: 1 });
      await assert.rejects(
        network.publicIPAddresses.beginCreateOrUpdateAndWait('rg-app', 'vm-app-ip', { location: 'eastus' }, FAST_POLL),
        (error: RestErrorLike) => error.statusCode === 409 && error.code === 'Conflict' && /already in use/.test(error.message),
      );
      server.inject({ method: 'PUT', path: /\/resourcegroups\/[^/]+$/i, ...armFailures.policyDenied('rg-denied') });
      await assert.rejects(resources.resourceGroups.createOrUpdate('rg-denied', { location: 'eastus' }), (error: RestErrorLike) => {
        assert.equal(error.statusCode, 403);
        assert.equal(error.code, 'RequestDisallowedByPolicy');
        assert.match(error.message, /disallowed by policy/);
        return true;
      });
      assert.equal(
        server.resources().some((r) => r.name === 'rg-denied'),
        false,
      );
    });

    it('reports a quota error on the VM create and a missing resource as 404', async () => {
      server.inject({ method: 'PUT', path: /\/virtualMachines\/[^/]+$/, ...armFailures.quotaExceeded('eastus') });
      await assert.rejects(
        compute.virtualMachines.createOrUpdate('rg-app', 'vm-quota', { location: 'eastus' }, FAST_POLL).pollUntilDone(),
        (error: RestErrorLike) => error.code === 'OperationNotAllowed' && /quota/i.test(error.message),
      );
      await assert.rejects(
        compute.virtualMachines.get('rg-app', 'no-such-vm'),
        (error: RestErrorLike) => error.statusCode === 404 && error.code === 'ResourceNotFound',
      );
      await assert.rejects(
        compute.virtualMachines.get('no-such-rg', 'vm-app'),
        (error: RestErrorLike) => error.code === 'ResourceGroupNotFound',
      );
    });

    it('rejects a size the region does not offer, and a Gen1 size for a Gen2 image, in Azure words', async () => {
      const nic = server.resources().find((r) => r.type === 'Microsoft.Network/networkInterfaces' && r.name === 'vm-app-nic')!;
      const body = (vmSize: string, location: string) => ({
        location,
        hardwareProfile: { vmSize },
        storageProfile: {
          imageReference: { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2', version: 'latest' },
        },
        osProfile: { computerName: 'x', adminUsername: 'azureuser', adminPassword: 'N0t-a-real-password!' },
        networkProfile: { networkInterfaces: [{ id: nic.id }] },
      });
      await assert.rejects(
        compute.virtualMachines.createOrUpdate('rg-app', 'vm-sea', body('Standard_D2s_v5', 'southeastasia'), FAST_POLL).pollUntilDone(),
        (error: RestErrorLike) => error.code === 'SkuNotAvailable' && error.statusCode === 409,
      );
      await assert.rejects(
        compute.virtualMachines.createOrUpdate('rg-app', 'vm-gen1', body('Standard_A1_v2', 'eastus'), FAST_POLL).pollUntilDone(),
        (error: RestErrorLike) => error.code === 'BadRequest' && /Hypervisor Generation '2'/.test(error.message),
      );
      assert.equal(
        server.resources().some((r) => r.name === 'vm-sea' || r.name === 'vm-gen1'),
        false,
      );
    });

    it('fails an accepted create asynchronously and leaves the failed VM behind, as Azure does', async () => {
      const nic = await network.networkInterfaces.beginCreateOrUpdateAndWait(
        'rg-app',
        'async-nic',
        {
          location: 'eastus',
          ipConfigurations: [
            {
              name: 'ipconfig1',
              subnet: { id: server.resources().find((r) => r.type === 'Microsoft.Network/virtualNetworks')!.id + '/subnets/default' },
            },
          ],
        },
        FAST_POLL,
      );
      server.inject({
        method: 'PUT',
        path: /\/virtualMachines\/vm-alloc$/,
        failOperation: true,
        code: 'AllocationFailed',
        message: 'Allocation failed. We do not have sufficient capacity for the requested VM size in this region.',
      });
      await assert.rejects(
        compute.virtualMachines
          .createOrUpdate(
            'rg-app',
            'vm-alloc',
            {
              location: 'eastus',
              hardwareProfile: { vmSize: 'Standard_B2s' },
              storageProfile: {
                imageReference: { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2', version: 'latest' },
              },
              osProfile: {
                computerName: 'vm-alloc',
                adminUsername: 'azureuser',
                linuxConfiguration: {
                  ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: 'ssh-ed25519 AAAA test' }] },
                },
              },
              networkProfile: { networkInterfaces: [{ id: nic.id }] },
            },
            FAST_POLL,
          )
          .pollUntilDone(),
        // core-lro reports an operation that fails after being accepted as a plain Error naming the code.
        (error: Error) => /long-running operation has failed\. AllocationFailed\. Allocation failed/.test(error.message),
      );
      const failed = await compute.virtualMachines.get('rg-app', 'vm-alloc');
      assert.equal(failed.provisioningState, 'Failed');
      await compute.virtualMachines.delete('rg-app', 'vm-alloc', FAST_POLL).pollUntilDone();
      assert.equal(
        server.resources().some((r) => r.name === 'vm-alloc'),
        false,
      );
    });

    it('retries a 500 and succeeds when it clears; gives up with the code when it does not', async () => {
      server.inject({ method: 'GET', path: /\/resourcegroups$/i, ...armFailures.internal(), times: 2 });
      const groups = [];
      for await (const group of resources.resourceGroups.list()) groups.push(group.name);
      assert.ok(groups.includes('rg-app'));
      server.inject({ method: 'GET', path: /\/resourcegroups\/rg-app$/i, ...armFailures.internal() });
      await assert.rejects(
        resources.resourceGroups.get('rg-app'),
        (error: RestErrorLike) => error.statusCode === 500 && error.code === 'InternalServerError',
      );
      assert.equal(server.requestCount({ path: /\/resourcegroups\/rg-app$/i }), 4, 'first try plus three retries');
    });

    it('lets a slow response be cancelled with an AbortSignal', async () => {
      server.inject({ method: 'GET', path: /\/virtualMachines\/vm-app$/, delayMs: 2_000 });
      const controller = new AbortController();
      const pending = compute.virtualMachines.get('rg-app', 'vm-app', { abortSignal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
    });

    it('keeps a slow long-running operation InProgress until its time is up, even when nobody polls', async () => {
      server.lroDelayMs = 300;
      const controller = new AbortController();
      const poller = compute.virtualMachines.deallocate('rg-app', 'vm-app', { ...FAST_POLL, abortSignal: controller.signal });
      await poller.submitted();
      controller.abort();
      await assert.rejects(poller.pollUntilDone({ abortSignal: controller.signal }));
      assert.equal((await compute.virtualMachines.instanceView('rg-app', 'vm-app')).statuses?.at(-1)?.code, 'PowerState/deallocating');
      await new Promise((resolve) => setTimeout(resolve, 350));
      assert.equal((await compute.virtualMachines.instanceView('rg-app', 'vm-app')).statuses?.at(-1)?.code, 'PowerState/deallocated');
      await compute.virtualMachines.start('rg-app', 'vm-app', { updateIntervalInMs: 50 }).pollUntilDone();
    });

    it('requires a bearer token and api-version, with the shapes ARM uses', async () => {
      const missing = await rawGet(`${server.url}/subscriptions?api-version=2022-12-01`);
      assert.equal(missing.status, 401);
      assert.match(
        String(missing.headers['www-authenticate']),
        /^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\/common", error="invalid_token"/,
      );
      assert.equal((JSON.parse(missing.body) as { error: { code: string } }).error.code, 'AuthenticationFailed');
      const noVersion = await rawGet(`${server.url}/subscriptions`, { Authorization: 'Bearer x' });
      assert.equal(noVersion.status, 400);
      assert.equal((JSON.parse(noVersion.body) as { error: { code: string } }).error.code, 'MissingApiVersionParameter');
    });

    it('rejects an expired token with 401 ExpiredAuthenticationToken through the SDK', async () => {
      server.tokenValidator = () => armFailures.expiredToken();
      const client = new SubscriptionClient(credential, clientOptions(server));
      const response = await client.sendRequest(
        createPipelineRequest({ url: `${server.url}/subscriptions?api-version=2022-12-01`, method: 'GET' }),
      );
      assert.equal(response.status, 401);
      assert.equal((JSON.parse(response.bodyAsText ?? '{}') as { error: { code: string } }).error.code, 'ExpiredAuthenticationToken');
      await assert.rejects(
        compute.virtualMachines.get('rg-app', 'vm-app'),
        (error: RestErrorLike) => error.statusCode === 401 && error.code === 'ExpiredAuthenticationToken',
      );
    });
  });
}
