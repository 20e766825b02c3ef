/*
 * The extension's AKS and Resource Graph services (src/azure/arm/aks.ts, src/azure/arm/resourceGraph.ts) against the
 * fake ARM server, through the real SDK clients: what the tree and the AKS commands ask of Azure.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ResourceGraphUnavailableError } from '../../../src/azure/aksServices';
import { ArmAzureServices } from '../../../src/azure/arm/armAzureServices';
import type { CloudEndpoints } from '../../../src/azure/core/cloud';
import { armFailures, type ArmServer } from '../../fakes/arm/server';
import { eventually } from '../../helpers/eventually';
import { FixedTokenCredential, startSeededServer, SUB_A, SUB_B, trustsTestCertificate } from './armTestSupport';

if (trustsTestCertificate(__filename)) {
  describe('AKS and Resource Graph services against the fake ARM server', () => {
    let server: ArmServer;
    let cloud: CloudEndpoints;
    const credential = new FixedTokenCredential();
    const signal = new AbortController().signal;
    const services = () => new ArmAzureServices(credential, cloud, { pollIntervalMs: 5 });
    const clusterId = `/subscriptions/${SUB_A}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/prod`;
    const appsId = `${clusterId}/agentPools/apps`;

    before(async () => {
      server = await startSeededServer();
      cloud = {
        name: 'custom',
        resourceManagerEndpoint: server.url,
        activeDirectoryAuthority: server.url,
        managementScope: `${server.url}/.default`,
        portalUrl: server.url,
      };
      server.aks.operationDelayMs = 0;
      server.aks.addManagedCluster(SUB_A, 'rg-aks', {
        name: 'prod',
        kubernetesVersion: '1.33.3',
        pools: [
          { name: 'system', mode: 'System', osSKU: 'AzureLinux', count: 2 },
          { name: 'apps', osSKU: 'Ubuntu', count: 3 },
        ],
      });
      for (let i = 0; i < 1005; i++) {
        // The first ten with a NIC and a public IP: the paging needs many rows, and the fake seeds networks slowly.
        server.addVirtualMachine(i % 2 ? SUB_A : SUB_B, `rg-${i % 3}`, {
          name: `vm-${i}`,
          location: 'eastus',
          powerState: i % 4 ? 'running' : 'deallocated',
          ...(i < 10 ? {} : { networkProfile: { networkInterfaces: [] } }),
        });
      }
    });
    after(() => server.close());

    it('lists 1,005 VMs of two subscriptions in two Resource Graph pages, with power state and addresses', async () => {
      server.requests.length = 0;
      const vms = await services().graph.queryVms([SUB_A, SUB_B], signal);
      assert.equal(vms.length, 1005);
      assert.equal(server.requestCount({ method: 'POST', path: /ResourceGraph\/resources$/ }), 2, 'one request per 1,000 rows');
      const vm4 = vms.find((vm) => vm.name === 'vm-4')!;
      assert.equal(vm4.powerState, 'deallocated');
      assert.equal(vm4.resourceGroup, 'rg-1', 'the group keeps its case from the id');
      assert.equal(vm4.subscriptionId, SUB_B);
      assert.match(vm4.privateIps[0] ?? '', /^10\.0\.0\.\d+$/);
      assert.match(vm4.publicIps[0] ?? '', /^\d+\.\d+\.\d+\.\d+$/);
      assert.equal(vm4.networkInterfaceIds.length, 1);
      assert.equal(vm4.image?.offer, 'azure-linux-3');
      assert.equal(vm4.osName, 'azurelinux');
    });

    it('waits out an exhausted quota between pages instead of being throttled', async () => {
      server.resourceGraph.quota = { limit: 1, windowMs: 1500 };
      try {
        const vms = await services().graph.queryVms([SUB_A, SUB_B], signal);
        assert.equal(vms.length, 1005);
        assert.equal(
          server.requests.filter((request) => /ResourceGraph/.test(request.path) && request.status === 429).length,
          0,
          'the second page waited for the quota to reset',
        );
      } finally {
        server.resourceGraph.quota = { limit: 15, windowMs: 5000 };
      }
    });

    it('lists the clusters with their pools through Resource Graph', async () => {
      const clusters = await services().graph.queryClusters([SUB_A, SUB_B], signal);
      assert.deepEqual(
        clusters.map((cluster) => [cluster.name, cluster.resourceGroup, cluster.pools.map((pool) => `${pool.name}:${pool.osSKU}`)]),
        [['prod', 'rg-aks', ['system:AzureLinux', 'apps:Ubuntu']]],
      );
      assert.ok(
        clusters[0]!.pools.every((pool) => pool.eTag),
        'the pools carry their eTags',
      );
    });

    it('says Resource Graph is unavailable where ARM knows no such provider, once, without asking again', async () => {
      server.resourceGraph.available = false;
      const graph = services().graph;
      try {
        await assert.rejects(graph.queryVms([SUB_A], signal), ResourceGraphUnavailableError);
        server.requests.length = 0;
        await assert.rejects(
          graph.queryClusters([SUB_A], signal),
          /not available: The resource namespace 'Microsoft.ResourceGraph' is invalid/,
        );
        assert.equal(server.requests.length, 0);
      } finally {
        server.resourceGraph.available = true;
      }
    });

    it("puts AKS's own words on a refused cluster list (the pager alone would drop them)", async () => {
      const refused = server.inject({
        method: 'GET',
        path: /\/providers\/Microsoft\.ContainerService\/managedClusters$/i,
        ...armFailures.authorizationFailed('Microsoft.ContainerService/managedClusters/read'),
      });
      try {
        await assert.rejects(
          services().aks.listClusters(SUB_A, signal),
          /Listing the Kubernetes clusters failed: The client .* does not have authorization .*\(AuthorizationFailed\)/,
        );
      } finally {
        refused.remove();
      }
    });

    it('reads a pool with its REST body and eTag, and writes a body back as given, If-Match its eTag', async () => {
      const aks = services().aks;
      const read = await aks.getNodePool(appsId, signal);
      assert.equal(read.pool.count, 3);
      assert.equal((read.resource.properties as { count: number }).count, 3, 'the body keeps the REST shape');
      assert.ok(read.eTag);
      const properties = { ...(read.resource.properties as Record<string, unknown>), count: 4, someFutureKnob: 'kept' };
      await aks.putNodePool(clusterId, 'apps', { properties }, { ifMatch: read.eTag! }, signal);
      const after = server.aks.agentPool(SUB_A, 'rg-aks', 'prod', 'apps').properties as { count: number; someFutureKnob?: string };
      assert.equal(after.count, 4);
      assert.equal(after.someFutureKnob, 'kept', 'keys this SDK does not know reach AKS');
      await assert.rejects(
        aks.putNodePool(clusterId, 'apps', { properties: { ...properties, count: 5 } }, { ifMatch: read.eTag! }, signal),
        (error: { statusCode?: number; code?: string }) => error.statusCode === 412 && error.code === 'PreconditionFailed',
      );
      await assert.rejects(
        aks.putNodePool(clusterId, 'apps', { properties }, { ifNoneMatch: '*' }, signal),
        (error: { statusCode?: number }) => error.statusCode === 412,
      );
    });

    it('rides out AKS throttling (429 with Retry-After) on a read and on a change', async () => {
      const aks = services().aks;
      const throttled = [
        server.inject({ method: 'GET', path: /agentPools\/apps$/, times: 1, retryAfterSeconds: 0.05, ...armFailures.throttled() }),
        server.inject({ method: 'PUT', path: /agentPools\/apps$/, times: 1, retryAfterSeconds: 0.05, ...armFailures.throttled() }),
      ];
      try {
        await aks.updateNodePool(appsId, { count: 3 }, signal);
      } finally {
        throttled.forEach((injection) => injection.remove());
      }
      assert.deepEqual(
        throttled.map((injection) => injection.hits),
        [1, 1],
      );
      assert.equal((server.aks.agentPool(SUB_A, 'rg-aks', 'prod', 'apps').properties as { count: number }).count, 3);
    });

    it('scales and migrates through the SDK, reading the eTag it writes against', async () => {
      const aks = services().aks;
      await aks.updateNodePool(appsId, { count: 2 }, signal);
      await aks.updateNodePool(appsId, { osSKU: 'AzureLinux3' }, signal);
      const pool = (await aks.getCluster(clusterId, signal)).pools.find((candidate) => candidate.name === 'apps')!;
      assert.deepEqual([pool.count, pool.osSKU, pool.nodeImageVersion], [2, 'AzureLinux3', 'AKSAzureLinux-V3gen2-202601.13.0']);
      await assert.rejects(
        aks.updateNodePool(appsId, { osSKU: 'AzureContainerLinux' }, signal),
        /Changing the node pool apps failed: OSSKU migration from 'AzureLinux3' to 'AzureContainerLinux' is not supported.*\(InvalidOSSKU\)/,
      );
    });

    it('aborts a running pool operation when asked', async () => {
      const aks = services().aks;
      server.aks.operationDelayMs = 10_000;
      const controller = new AbortController();
      try {
        const upgrading = aks.upgradeNodeImage(appsId, controller.signal);
        await eventually(
          'the upgrade reached AKS',
          () => server.requestCount({ method: 'POST', path: /apps\/upgradeNodeImageVersion$/ }) > 0,
        );
        controller.abort();
        await assert.rejects(upgrading, (error: Error) => error.name === 'AbortError');
        await aks.abortLatestOperation(appsId, signal);
      } finally {
        server.aks.operationDelayMs = 0;
      }
      assert.equal(
        (server.aks.agentPool(SUB_A, 'rg-aks', 'prod', 'apps').properties as { provisioningState: string }).provisioningState,
        'Canceled',
      );
    });
  });
}
