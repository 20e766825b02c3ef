import { ContainerServiceClient } from '@azure/arm-containerservice';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ArmServer } from '../../fakes/arm/server';
import { clientOptions, FixedTokenCredential, startSeededServer, SUB_A, SUB_B, trustsTestCertificate } from './armTestSupport';

/*
 * The fake's AKS through the real SDK client (@azure/arm-containerservice): long-running operations with their
 * provisioning states, eTags with If-Match / If-None-Match, and AKS's refusals (see test/fakes/arm/aks.ts for the
 * sources).
 */

if (trustsTestCertificate(__filename)) {
  describe('fake ARM server: AKS with the real SDK client', () => {
    let server: ArmServer;
    const credential = new FixedTokenCredential();
    let client: ContainerServiceClient;
    const poll = { updateIntervalInMs: 10 };

    before(async () => {
      server = await startSeededServer();
      client = new ContainerServiceClient(credential, SUB_A, clientOptions(server));
    });
    after(() => server.close());

    let generation = 0;
    let cluster: string;
    beforeEach(() => {
      cluster = `c${++generation}`;
      server.aks.operationDelayMs = 0;
      server.aks.addManagedCluster(SUB_A, 'rg-aks', {
        name: cluster,
        kubernetesVersion: '1.33.3',
        pools: [
          { name: 'system', mode: 'System', osSKU: 'AzureLinux', count: 2 },
          { name: 'apps', osSKU: 'Ubuntu', count: 3 },
        ],
      });
    });

    it('lists the clusters of a subscription with their pools, and none of another', async () => {
      const all = [];
      for await (const found of client.managedClusters.list()) all.push(found);
      assert.ok(all.some((found) => found.name === cluster));
      assert.deepEqual(
        all.find((found) => found.name === cluster)!.agentPoolProfiles!.map((pool) => pool.name),
        ['system', 'apps'],
      );
      const other = new ContainerServiceClient(credential, SUB_B, clientOptions(server));
      const none = [];
      for await (const found of other.managedClusters.list()) none.push(found);
      assert.equal(none.length, 0);
    });

    it('scales a pool as a long-running operation: Scaling while it runs, then Succeeded with a new eTag', async () => {
      server.aks.operationDelayMs = 200;
      const pool = await client.agentPools.get('rg-aks', cluster, 'apps');
      assert.equal(pool.provisioningState, 'Succeeded');
      const poller = client.agentPools.createOrUpdate('rg-aks', cluster, 'apps', { ...pool, count: 5 }, { ...poll, ifMatch: pool.eTag });
      await poller.submitted();
      assert.equal((await client.agentPools.get('rg-aks', cluster, 'apps')).provisioningState, 'Scaling');
      const done = await poller.pollUntilDone();
      assert.equal(done.count, 5);
      const after = await client.agentPools.get('rg-aks', cluster, 'apps');
      assert.equal(after.provisioningState, 'Succeeded');
      assert.notEqual(after.eTag, pool.eTag);
    });

    it('refuses a change made with an old eTag (412), and a create over an existing pool with If-None-Match: * (412)', async () => {
      const pool = await client.agentPools.get('rg-aks', cluster, 'apps');
      server.aks.changeAgentPool(SUB_A, 'rg-aks', cluster, 'apps', { count: 4 });
      await assert.rejects(
        client.agentPools.createOrUpdate('rg-aks', cluster, 'apps', { ...pool, count: 6 }, { ...poll, ifMatch: pool.eTag }).pollUntilDone(),
        (error: { statusCode?: number; code?: string }) => error.statusCode === 412 && error.code === 'PreconditionFailed',
      );
      assert.equal((await client.agentPools.get('rg-aks', cluster, 'apps')).count, 4, 'not overwritten');
      await assert.rejects(
        client.agentPools
          .createOrUpdate('rg-aks', cluster, 'apps', { vmSize: 'Standard_D2s_v5', count: 1 }, { ...poll, ifNoneMatch: '*' })
          .pollUntilDone(),
        (error: { statusCode?: number }) => error.statusCode === 412,
      );
    });

    it('refuses another operation while one runs (409 OperationNotAllowed, AKS wording)', async () => {
      server.aks.operationDelayMs = 500;
      const running = client.agentPools.upgradeNodeImageVersion('rg-aks', cluster, 'apps', poll);
      await running.submitted();
      const pool = await client.agentPools.get('rg-aks', cluster, 'apps');
      assert.equal(pool.provisioningState, 'UpgradingNodeImageVersion');
      await assert.rejects(
        client.agentPools.createOrUpdate('rg-aks', cluster, 'apps', { ...pool, count: 2 }, poll).pollUntilDone(),
        (error: { statusCode?: number; code?: string; message: string }) =>
          error.statusCode === 409 &&
          error.code === 'OperationNotAllowed' &&
          /Another agentpool operation \(apps - UpgradingNodeImageVersion\) is in progress/.test(error.message),
      );
      await running.pollUntilDone();
      assert.equal((await client.agentPools.get('rg-aks', cluster, 'apps')).nodeImageVersion, 'AKSUbuntu-2204gen2containerd-202601.13.0');
    });

    it('migrates Ubuntu to Azure Linux in place where the Kubernetes version allows, and refuses it with 400 InvalidOSSKU where not', async () => {
      const pool = await client.agentPools.get('rg-aks', cluster, 'apps');
      const migrated = await client.agentPools
        .createOrUpdate('rg-aks', cluster, 'apps', { ...pool, osSKU: 'AzureLinux' }, { ...poll, ifMatch: pool.eTag })
        .pollUntilDone();
      assert.equal(migrated.osSKU, 'AzureLinux');
      assert.equal(migrated.nodeImageVersion, 'AKSAzureLinux-V3gen2-202601.13.0');

      server.aks.addManagedCluster(SUB_A, 'rg-aks', {
        name: `${cluster}old`,
        kubernetesVersion: '1.27.9',
        pools: [{ name: 'np', mode: 'System', osSKU: 'Ubuntu' }],
      });
      const old = await client.agentPools.get('rg-aks', `${cluster}old`, 'np');
      await assert.rejects(
        client.agentPools.createOrUpdate('rg-aks', `${cluster}old`, 'np', { ...old, osSKU: 'AzureLinux3' }, poll).pollUntilDone(),
        (error: { statusCode?: number; code?: string; message: string }) =>
          error.statusCode === 400 && error.code === 'InvalidOSSKU' && /not supported in Kubernetes version 1\.27\.9/.test(error.message),
      );
      await assert.rejects(
        client.agentPools
          .createOrUpdate(
            'rg-aks',
            cluster,
            'system',
            { ...(await client.agentPools.get('rg-aks', cluster, 'system')), osSKU: 'Ubuntu', count: 5 },
            poll,
          )
          .pollUntilDone(),
        (error: { statusCode?: number; message: string }) => error.statusCode === 400 && /count must not change/.test(error.message),
      );
    });

    it('deletes a pool, but never the only System pool', async () => {
      await assert.rejects(
        client.agentPools.delete('rg-aks', cluster, 'system', poll).pollUntilDone(),
        (error: { statusCode?: number; code?: string }) => error.statusCode === 400 && error.code === 'MustDefineAtLeastOneSystemPool',
      );
      await client.agentPools.delete('rg-aks', cluster, 'apps', poll).pollUntilDone();
      const left = [];
      for await (const pool of client.agentPools.list('rg-aks', cluster)) left.push(pool.name);
      assert.deepEqual(left, ['system']);
    });

    it('creates a pool from a body, with AKS defaults filled in and the name rule enforced', async () => {
      const created = await client.agentPools
        .createOrUpdate(
          'rg-aks',
          cluster,
          'alpool',
          { vmSize: 'Standard_D2s_v5', count: 2, osSKU: 'AzureLinux', mode: 'User' },
          { ...poll, ifNoneMatch: '*' },
        )
        .pollUntilDone();
      assert.equal(created.provisioningState, 'Succeeded');
      assert.equal(created.currentOrchestratorVersion, '1.33.3');
      await assert.rejects(
        client.agentPools.createOrUpdate('rg-aks', cluster, 'ALnodepool', { vmSize: 'Standard_D2s_v5' }, poll).pollUntilDone(),
        (error: { statusCode?: number; code?: string }) => error.statusCode === 400 && error.code === 'InvalidParameter',
      );
    });

    it('stops and starts a cluster, the pools following', async () => {
      await client.managedClusters.stop('rg-aks', cluster, poll).pollUntilDone();
      let found = await client.managedClusters.get('rg-aks', cluster);
      assert.equal(found.powerState?.code, 'Stopped');
      assert.ok(found.agentPoolProfiles!.every((pool) => pool.powerState?.code === 'Stopped'));
      await client.managedClusters.start('rg-aks', cluster, poll).pollUntilDone();
      found = await client.managedClusters.get('rg-aks', cluster);
      assert.equal(found.powerState?.code, 'Running');
    });

    it('aborts the latest operation of a pool: the operation ends Canceled and its change is not made', async () => {
      server.aks.operationDelayMs = 5000;
      const pool = await client.agentPools.get('rg-aks', cluster, 'apps');
      const scaling = client.agentPools.createOrUpdate('rg-aks', cluster, 'apps', { ...pool, count: 9 }, poll);
      await scaling.submitted();
      await client.agentPools.abortLatestOperation('rg-aks', cluster, 'apps', poll).pollUntilDone();
      await assert.rejects(scaling.pollUntilDone(), /cancel/i);
      const after = await client.agentPools.get('rg-aks', cluster, 'apps');
      assert.equal(after.provisioningState, 'Canceled');
      assert.equal(after.count, 3);
    });
  });
}
