import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  autoscaleRangeError,
  azureLinuxBadge,
  clusterInfo,
  deletePoolRefusal,
  describePoolChanges,
  editableNodePoolBody,
  migrationPlan,
  nodeCountError,
  nodeOsFamily,
  type NodePoolInfo,
} from '../../../src/azure/core/aks';
import { quotaResetMs, subscriptionBatches, vmsFromRows } from '../../../src/azure/core/resourceGraph';
import { parseConfig } from '../../../src/language/core';
import { poolBodies } from '../../../src/language/core/nodepool/bodies';
import { poolDescription, poolTooltip } from '../../../src/views/azure/core/aksPresentation';

const clusterId = '/subscriptions/s/resourcegroups/RG-Aks/providers/Microsoft.ContainerService/managedClusters/prod';

function pool(properties: Record<string, unknown>, name = 'np'): NodePoolInfo {
  return clusterInfo({ id: clusterId, name: 'prod', properties: { agentPoolProfiles: [{ name, ...properties }] } }).pools[0]!;
}

describe('AKS model', () => {
  it('reads a cluster from Resource Graph (properties nested) and from the SDK (flattened) alike', () => {
    const nested = clusterInfo({
      id: clusterId,
      name: 'prod',
      location: 'eastus',
      properties: {
        currentKubernetesVersion: '1.33.3',
        powerState: { code: 'Running' },
        agentPoolProfiles: [{ name: 'a', count: 2, osSKU: 'AzureLinux' }],
      },
    });
    const flat = clusterInfo({
      id: clusterId,
      name: 'prod',
      location: 'eastus',
      currentKubernetesVersion: '1.33.3',
      powerState: { code: 'Running' },
      agentPoolProfiles: [{ name: 'a', count: 2, osSKU: 'AzureLinux' }],
    });
    assert.deepEqual(flat, nested);
    assert.equal(nested.resourceGroup, 'RG-Aks', 'from the id, with its case');
    assert.equal(nested.pools[0]!.id, `${clusterId}/agentPools/a`);
  });

  it('badges Azure Linux (and its older names) and Azure Container Linux, not Ubuntu or Windows', () => {
    assert.equal(azureLinuxBadge({ osType: 'Linux', osSKU: 'AzureLinux3' }), 'Azure Linux');
    assert.equal(azureLinuxBadge({ osType: 'Linux', osSKU: 'CBLMariner' }), 'Azure Linux');
    assert.equal(azureLinuxBadge({ osType: 'Linux', osSKU: 'AzureContainerLinux' }), 'Azure Container Linux');
    assert.equal(azureLinuxBadge({ osType: 'Linux' }), undefined, 'Linux without a SKU is Ubuntu');
    assert.equal(nodeOsFamily({ osType: 'Windows', osSKU: 'Windows2022' }), 'windows');
    assert.equal(nodeOsFamily({ osType: 'Linux', osSKU: 'Flatcar' }), 'otherLinux');
  });

  describe('migration to Azure Linux, as AKS documents it per Kubernetes version', () => {
    const targets = (plan: ReturnType<typeof migrationPlan>) => ('targets' in plan ? plan.targets.map((t) => t.osSKU) : plan.refused);
    it('Ubuntu on 1.32 to 1.36: AzureLinux (3.0 there) or AzureLinux3', () => {
      assert.deepEqual(targets(migrationPlan(pool({ osSKU: 'Ubuntu', currentOrchestratorVersion: '1.32.0' }))), [
        'AzureLinux',
        'AzureLinux3',
      ]);
      assert.deepEqual(targets(migrationPlan(pool({ osSKU: 'Ubuntu2204', currentOrchestratorVersion: '1.36.1' }))), [
        'AzureLinux',
        'AzureLinux3',
      ]);
    });
    it('Ubuntu on 1.28 to 1.31: only AzureLinux3 (AzureLinux there is the retired 2.0)', () => {
      assert.deepEqual(targets(migrationPlan(pool({ currentOrchestratorVersion: '1.31.9' }))), ['AzureLinux3']);
      assert.deepEqual(targets(migrationPlan(pool({ osSKU: 'Ubuntu', orchestratorVersion: '1.28' }))), ['AzureLinux3']);
    });
    it('Azure Linux 2.0 (AzureLinux, Mariner on 1.31 or older) to AzureLinux3; 3.0 already is', () => {
      assert.deepEqual(targets(migrationPlan(pool({ osSKU: 'AzureLinux', currentOrchestratorVersion: '1.30.2' }))), ['AzureLinux3']);
      assert.match(
        String(targets(migrationPlan(pool({ osSKU: 'AzureLinux', currentOrchestratorVersion: '1.33.0' })))),
        /already runs Azure Linux 3\.0/,
      );
    });
    it('refuses with the reason: too old, beyond what AKS documents, Windows, Kata, Azure Container Linux', () => {
      assert.match(
        String(targets(migrationPlan(pool({ osSKU: 'Ubuntu', currentOrchestratorVersion: '1.27.9' })))),
        /Kubernetes 1\.27 is too old/,
      );
      assert.match(
        String(targets(migrationPlan(pool({ osSKU: 'Ubuntu', currentOrchestratorVersion: '1.37.0' })))),
        /no Azure Linux OS SKU migration for Kubernetes 1\.37/,
      );
      assert.match(
        String(targets(migrationPlan(pool({ osType: 'Windows', osSKU: 'Windows2022', currentOrchestratorVersion: '1.33.0' })))),
        /Windows node pool/,
      );
      assert.match(
        String(targets(migrationPlan(pool({ osSKU: 'Ubuntu', workloadRuntime: 'KataVmIsolation', currentOrchestratorVersion: '1.33.0' })))),
        /Kata enabled/,
      );
      assert.match(
        String(targets(migrationPlan(pool({ osSKU: 'AzureContainerLinux', currentOrchestratorVersion: '1.33.0' })))),
        /already runs Azure Container Linux/,
      );
    });
  });

  it('never lets the only System pool go; another System pool makes either deletable', () => {
    const one = clusterInfo({
      id: clusterId,
      properties: {
        agentPoolProfiles: [
          { name: 'sys', mode: 'System' },
          { name: 'user', mode: 'User' },
        ],
      },
    });
    assert.match(deletePoolRefusal(one, one.pools[0]!) ?? '', /only System node pool/);
    assert.equal(deletePoolRefusal(one, one.pools[1]!), undefined);
    const two = clusterInfo({
      id: clusterId,
      properties: {
        agentPoolProfiles: [
          { name: 'a', mode: 'System' },
          { name: 'b', mode: 'System' },
        ],
      },
    });
    assert.equal(deletePoolRefusal(two, two.pools[0]!), undefined);
  });

  it('checks node counts and autoscaler ranges as AKS bounds them', () => {
    assert.equal(nodeCountError('0', { mode: 'User' }), undefined);
    assert.match(nodeCountError('0', { mode: 'System' }) ?? '', /System node pool has 1 to 1000/);
    assert.match(nodeCountError('1001', { mode: 'User' }) ?? '', /0 to 1000/);
    assert.match(nodeCountError('two', { mode: 'User' }) ?? '', /whole number/);
    assert.equal(autoscaleRangeError('1-5', { mode: 'User' }), undefined);
    assert.match(autoscaleRangeError('5-1', { mode: 'User' }) ?? '', /minimum is larger/);
    assert.match(autoscaleRangeError('5', { mode: 'User' }) ?? '', /MIN-MAX/);
  });

  it('opens a pool without what AKS sets itself (and without the node image, which a PUT would roll back to)', () => {
    const body = editableNodePoolBody({
      name: 'np',
      properties: { count: 3, eTag: 'x', provisioningState: 'Succeeded', nodeImageVersion: 'AKSUbuntu-1', powerState: { code: 'Running' } },
    });
    assert.deepEqual(body, { properties: { count: 3, powerState: { code: 'Running' } } });
  });

  it('says what a change does to running nodes', () => {
    const change = describePoolChanges({ count: 3, osSKU: 'Ubuntu' }, { count: 1, osSKU: 'AzureLinux', nodeLabels: { a: 'b' } });
    assert.deepEqual(change.changed, ['count', 'nodeLabels', 'osSKU']);
    assert.equal(change.effects.length, 3);
    assert.match(change.effects.join('\n'), /reimages every node[\s\S]*2 nodes are drained/);
    assert.deepEqual(describePoolChanges({ count: 3 }, { count: 3 }).changed, []);
  });

  it('describes a pool in one line and in a tooltip', () => {
    const ubuntu = pool({
      osType: 'Linux',
      osSKU: 'Ubuntu',
      count: 3,
      mode: 'User',
      vmSize: 'Standard_D4ds_v5',
      provisioningState: 'Succeeded',
    });
    assert.equal(poolDescription(ubuntu), 'Ubuntu · 3 nodes · User · Standard_D4ds_v5');
    const scaling = pool({
      osSKU: 'AzureLinux',
      count: 1,
      enableAutoScaling: true,
      minCount: 1,
      maxCount: 4,
      mode: 'User',
      provisioningState: 'UpgradingNodeImageVersion',
    });
    assert.equal(poolDescription(scaling), 'Upgrading Node Image Version · Azure Linux · 1 node (autoscale 1–4) · User');
    assert.match(
      poolTooltip(pool({ osSKU: 'AzureLinux', nodeImageVersion: 'AKSAzureLinux-V3gen2-202601.13.0' })),
      /Node image: AKSAzureLinux\\-V3gen2\\-202601\\\.13\\\.0/,
    );
  });
});

describe('Resource Graph rows', () => {
  const vmId = '/subscriptions/S1/resourceGroups/RG-Web/providers/Microsoft.Compute/virtualMachines/web';
  it('folds one row per NIC into one VM with every address and its power state', () => {
    const [vm] = vmsFromRows([
      {
        id: vmId,
        name: 'web',
        location: 'eastus',
        nicId: `${vmId}-nic1`,
        privateIp: '10.0.0.4',
        publicIp: '20.1.2.3',
        fqdn: '',
        osType: 'Linux',
        provisioningState: 'Succeeded',
        powerState: 'PowerState/deallocated',
        image: { offer: 'azure-linux-3', sku: 'azure-linux-3-gen2', exactVersion: '3.0.1' },
        tags: { a: 'b', n: 1 },
      },
      {
        id: vmId.toLowerCase(),
        name: 'web',
        nicId: `${vmId}-nic2`,
        privateIp: '10.0.1.4',
        publicIp: '',
        fqdn: 'web.eastus.cloudapp.azure.com',
      },
    ]);
    assert.equal(vm!.resourceGroup, 'RG-Web');
    assert.equal(vm!.powerState, 'deallocated');
    assert.deepEqual(vm!.privateIps, ['10.0.0.4', '10.0.1.4']);
    assert.deepEqual(vm!.publicIps, ['20.1.2.3']);
    assert.equal(vm!.fqdn, 'web.eastus.cloudapp.azure.com');
    assert.equal(vm!.networkInterfaceIds.length, 2);
    assert.equal(vm!.image?.version, '3.0.1');
    assert.deepEqual(vm!.tags, { a: 'b' });
  });

  it('reads the quota reset time and batches subscriptions by 1,000', () => {
    assert.equal(quotaResetMs('00:00:03'), 3000);
    assert.equal(quotaResetMs('01:02:03.5'), 3_723_500);
    assert.equal(quotaResetMs('soon'), undefined);
    const ids = Array.from({ length: 2001 }, (_, i) => String(i));
    assert.deepEqual(
      subscriptionBatches(ids).map((batch) => batch.length),
      [1000, 1000, 1],
    );
  });
});

describe('node-pool bodies from files', () => {
  const bodies = (text: string, fileName = 'x.nodepool.json') => poolBodies(parseConfig(text, fileName).documents[0]);
  it('a REST body as written, name from nowhere', () => {
    const found = bodies('{ "properties": { "count": 2, "vmSize": "Standard_D2s_v5", "osSKU": "AzureLinux", "future": { "x": 1 } } }');
    assert.ok('bodies' in found);
    assert.deepEqual(found.bodies[0]!.body, { properties: { count: 2, vmSize: 'Standard_D2s_v5', osSKU: 'AzureLinux', future: { x: 1 } } });
    assert.equal(found.bodies[0]!.name, undefined);
  });
  it('YAML with the same properties, its name kept out of the properties; values as YAML 1.2 reads them', () => {
    const found = bodies(
      'name: alpool\ncount: 010\nvmSize: Standard_D2s_v5\nosSKU: AzureLinux\nenableAutoScaling: false\n',
      'alpool.nodepool.yaml',
    );
    assert.ok('bodies' in found);
    assert.equal(found.bodies[0]!.name, 'alpool');
    assert.deepEqual(found.bodies[0]!.body.properties, {
      count: 10,
      vmSize: 'Standard_D2s_v5',
      osSKU: 'AzureLinux',
      enableAutoScaling: false,
    });
  });
  it("an ARM template's agent pools: the pool's part of 'cluster/pool', and template expressions named", () => {
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.ContainerService/managedClusters/agentPools',
          apiVersion: '2024-09-01',
          name: 'prod/alpool',
          properties: { count: 2, vmSize: 'Standard_D2s_v5', osSKU: 'AzureLinux' },
        },
        {
          type: 'Microsoft.ContainerService/managedClusters/agentPools',
          apiVersion: '2024-09-01',
          name: 'prod/np2',
          properties: { count: "[parameters('count')]", vmSize: 'Standard_D2s_v5' },
        },
      ],
    };
    const found = bodies(JSON.stringify(template), 'azuredeploy.json');
    assert.ok('bodies' in found);
    assert.deepEqual(
      found.bodies.map((body) => [body.name, body.expressions]),
      [
        ['alpool', []],
        ['np2', ['count']],
      ],
    );
  });
  it('a --kubelet-config file is not a pool', () => {
    assert.deepEqual(bodies('{ "cpuManagerPolicy": "static", "imageGcHighThreshold": 90, "containerLogMaxFiles": 3 }', 'kubelet.json'), {
      notAPool: 'kubelet-config',
    });
  });
});
