import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ArmServer } from '../../fakes/arm/server';
import { clientOptions, FixedTokenCredential, startSeededServer, SUB_A, SUB_B, trustsTestCertificate } from './armTestSupport';

/*
 * The fake's Resource Graph through the real SDK client (@azure/arm-resourcegraph): the table, the query language
 * subset, paging with $skipToken, throttling and its headers, and the errors, as Microsoft's Resource Graph docs
 * describe them (see test/fakes/arm/resourceGraph.ts).
 */

if (trustsTestCertificate(__filename)) {
  describe('fake ARM server: Resource Graph with the real SDK client', () => {
    let server: ArmServer;
    const credential = new FixedTokenCredential();
    let client: ResourceGraphClient;

    before(async () => {
      server = await startSeededServer();
      for (let i = 0; i < 25; i++) {
        server.addVirtualMachine(i % 5 === 0 ? SUB_B : SUB_A, 'RG-Mixed', {
          name: `vm-${String(i).padStart(2, '0')}`,
          location: 'eastus',
          powerState: i % 3 === 0 ? 'deallocated' : 'running',
        });
      }
      server.aks.addManagedCluster(SUB_A, 'rg-aks', {
        name: 'prod',
        kubernetesVersion: '1.33.3',
        pools: [
          { name: 'system', mode: 'System', osSKU: 'AzureLinux' },
          { name: 'apps', osSKU: 'Ubuntu', count: 5 },
        ],
      });
      client = new ResourceGraphClient(credential, clientOptions(server));
    });
    after(() => server.close());

    it('lists VMs with their power state from properties.extended.instanceView, types and groups in lower case', async () => {
      const response = await client.resources({
        subscriptions: [SUB_A],
        query:
          "resources | where type =~ 'Microsoft.Compute/virtualMachines' | project id, name, type, resourceGroup, power = tostring(properties.extended.instanceView.powerState.code) | order by name asc",
        options: { resultFormat: 'objectArray' },
      });
      const rows = response.data as { id: string; name: string; type: string; resourceGroup: string; power: string }[];
      assert.equal(rows.length, 20, 'only SUB_A');
      assert.equal(rows[0]!.name, 'vm-01');
      assert.equal(rows[0]!.type, 'microsoft.compute/virtualmachines');
      assert.equal(rows[0]!.resourceGroup, 'rg-mixed', 'Resource Graph lower-cases the group');
      assert.match(rows[0]!.id, /\/resourceGroups\/RG-Mixed\//, 'the id keeps its case');
      assert.equal(rows.find((row) => row.name === 'vm-03')!.power, 'PowerState/deallocated');
      assert.equal(rows.find((row) => row.name === 'vm-01')!.power, 'PowerState/running');
      assert.equal(response.resultTruncated, 'false');
      assert.equal(response.skipToken, undefined);
    });

    it('pages with $top and $skipToken, each page continuing the same query', async () => {
      const query = "resources | where type =~ 'microsoft.compute/virtualmachines' | project id, name | order by id asc";
      const names: string[] = [];
      let skipToken: string | undefined;
      let pages = 0;
      do {
        const response = await client.resources({ subscriptions: [SUB_A, SUB_B], query, options: { top: 10, skipToken } });
        assert.equal(response.totalRecords, 25);
        names.push(...(response.data as { name: string }[]).map((row) => row.name));
        skipToken = response.skipToken;
        pages++;
      } while (skipToken);
      assert.equal(pages, 3);
      assert.equal(new Set(names).size, 25);
    });

    it('pages nothing when every output column is dynamic, and says the result is truncated', async () => {
      const response = await client.resources({
        subscriptions: [SUB_A],
        query: "resources | where type =~ 'microsoft.compute/virtualmachines' | project properties",
        options: { top: 5 },
      });
      assert.equal(response.count, 5);
      assert.equal(response.resultTruncated, 'true');
      assert.equal(response.skipToken, undefined);
    });

    it('joins left outer with the right side renamed on a clash, and expands arrays', async () => {
      const response = await client.resources({
        subscriptions: [SUB_A],
        query: [
          "resources | where type =~ 'microsoft.compute/virtualmachines' and name == 'vm-01'",
          '| mv-expand nic = properties.networkProfile.networkInterfaces',
          '| extend nicId = tolower(tostring(nic.id))',
          "| join kind=leftouter (resources | where type =~ 'microsoft.network/networkinterfaces' | mv-expand c = properties.ipConfigurations | project nicId = tolower(id), privateIp = tostring(c.properties.privateIPAddress)) on nicId",
          '| project name, nicId, nicId1, privateIp',
        ].join('\n'),
      });
      const [row] = response.data as { name: string; nicId: string; nicId1: string; privateIp: string }[];
      assert.equal(row!.name, 'vm-01');
      assert.equal(row!.nicId, row!.nicId1);
      assert.match(row!.privateIp, /^10\.0\.0\.\d+$/);
    });

    it('lists AKS clusters with their agent pools', async () => {
      const response = await client.resources({
        subscriptions: [SUB_A, SUB_B],
        query: "resources | where type =~ 'microsoft.containerservice/managedclusters' | project id, name, properties",
      });
      const [cluster] = response.data as {
        name: string;
        properties: { agentPoolProfiles: { name: string; osSKU?: string; eTag: string }[] };
      }[];
      assert.equal(cluster!.name, 'prod');
      assert.deepEqual(
        cluster!.properties.agentPoolProfiles.map((pool) => [pool.name, pool.osSKU]),
        [
          ['system', 'AzureLinux'],
          ['apps', 'Ubuntu'],
        ],
      );
      assert.ok(
        cluster!.properties.agentPoolProfiles.every((pool) => pool.eTag),
        'every pool has an eTag',
      );
    });

    it('leaves out subscriptions the caller cannot read, without an error', async () => {
      server.resourceGraph.unreadable.add(SUB_B.toLowerCase());
      try {
        const response = await client.resources({
          subscriptions: [SUB_A, SUB_B],
          query: "resources | where type =~ 'microsoft.compute/virtualmachines' | project id",
        });
        assert.equal(response.totalRecords, 20);
      } finally {
        server.resourceGraph.unreadable.clear();
      }
    });

    it('answers a query it cannot run with 400 and the reason in the details', async () => {
      await assert.rejects(
        client.resources({ subscriptions: [SUB_A], query: 'resources | project nosuchcolumn' }),
        (error: { statusCode?: number; details?: { error?: { details?: { code: string; message: string }[] } } }) => {
          assert.equal(error.statusCode, 400);
          const details = error.details?.error?.details ?? [];
          assert.deepEqual(
            details.map((detail) => detail.code),
            ['InvalidQuery', 'FailedToResolveScalarExpression'],
          );
          return true;
        },
      );
      await assert.rejects(
        client.resources({ subscriptions: [SUB_A], query: 'resources | summarize count()' }),
        /Query is invalid|BadRequest|asking for support/,
      );
    });

    it('refuses more than 1,000 subscriptions in one request', async () => {
      const many = Array.from({ length: 1001 }, (_, i) => `90000000-0000-0000-0000-${String(i).padStart(12, '0')}`);
      await assert.rejects(
        client.resources({ subscriptions: many, query: 'resources | project id' }),
        (error: { statusCode?: number }) => error.statusCode === 400,
      );
    });

    it('sends the quota headers with every answer and throttles past the quota with Retry-After', async () => {
      server.resourceGraph.quota = { limit: 2, windowMs: 60_000 };
      const seen: { remaining?: string; resets?: string; status: number; retryAfter?: string }[] = [];
      const noRetry = new ResourceGraphClient(credential, { endpoint: server.url, retryOptions: { maxRetries: 0 } });
      try {
        for (let i = 0; i < 3; i++) {
          await noRetry
            .resources(
              { subscriptions: [SUB_A], query: 'resources | project id' },
              {
                onResponse: (response) =>
                  seen.push({
                    status: response.status,
                    remaining: response.headers.get('x-ms-user-quota-remaining') ?? undefined,
                    resets: response.headers.get('x-ms-user-quota-resets-after') ?? undefined,
                    retryAfter: response.headers.get('retry-after') ?? undefined,
                  }),
              },
            )
            .catch(() => undefined);
        }
      } finally {
        server.resourceGraph.quota = { limit: 15, windowMs: 5000 };
      }
      assert.deepEqual(
        seen.map((entry) => [entry.status, entry.remaining]),
        [
          [200, '1'],
          [200, '0'],
          [429, '0'],
        ],
      );
      assert.match(seen[0]!.resets ?? '', /^\d\d:\d\d:\d\d$/);
      assert.ok(Number(seen[2]!.retryAfter) >= 1);
    });

    it('is absent where the cloud has no Resource Graph: 400 InvalidResourceNamespace', async () => {
      server.resourceGraph.available = false;
      try {
        await assert.rejects(
          client.resources({ subscriptions: [SUB_A], query: 'resources | project id' }),
          /InvalidResourceNamespace|is invalid/,
        );
      } finally {
        server.resourceGraph.available = true;
      }
    });
  });
}
