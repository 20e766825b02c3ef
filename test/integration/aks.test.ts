import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from '../../src/api';
import type { AksPickItem, AksQuestions } from '../../src/commands/aks/questions';
import type { AzureFeature } from '../../src/features/azure';
import type { TreeNode } from '../../src/views/treeNode';
import { armFailures, startArmServer, type ArmServer } from '../fakes/arm/server';
import { useFakeArm, type FakeArmSignIn } from './fakeArmSignIn';
import { eventually } from '../helpers/eventually';
import { activateExtension, recordSeams } from './helpers';

/*
 * AKS in the Azure view, in a real VS Code against the fake ARM server's AKS (test/fakes/arm/aks.ts) through the
 * real @azure/arm-containerservice client: the tree, and every action on clusters and node pools, answered by a
 * stand-in for the person (the aksQuestions seam) that records what the person was asked.
 */

const tenantId = '72f988bf-0000-4000-8000-00000000cccc';
const fleet = '22222222-0000-4000-8000-000000000001';

function item(node: TreeNode): vscode.TreeItem {
  return node.getTreeItem();
}

function label(node: TreeNode): string {
  const text = item(node).label;
  return typeof text === 'string' ? text : (text?.label ?? '');
}

interface Asked {
  readonly confirms: { message: string; detail: string }[];
  readonly inputs: string[];
  readonly picks: string[][];
}

describe('AKS clusters and node pools in the Azure view', function () {
  this.timeout(120_000);
  let api: AzureLinuxToolsApi;
  let feature: AzureFeature;
  let server: ArmServer;
  let signedIn: FakeArmSignIn | undefined;
  let folder: string;

  /** Answers the AKS questions: confirms with `confirm`, types `inputs` in turn, picks by label. */
  async function answering<T>(
    answers: { confirm?: (message: string, detail: string) => boolean; inputs?: string[]; pick?: (labels: string[]) => string | undefined },
    run: (asked: Asked) => Thenable<T>,
  ): Promise<T> {
    const seams = api.context.seams;
    const original = seams.aksQuestions;
    const asked: Asked = { confirms: [], inputs: [], picks: [] };
    const inputs = [...(answers.inputs ?? [])];
    const stand: AksQuestions = {
      confirm: async (message, detail) => {
        asked.confirms.push({ message, detail });
        return answers.confirm ? answers.confirm(message, detail) : true;
      },
      input: async (options) => {
        asked.inputs.push(options.prompt);
        const value = inputs.shift();
        if (value !== undefined) assert.equal(options.validate(value), undefined, `the typed ${value} is valid`);
        return value;
      },
      pick: async <V>(items: readonly AksPickItem<V>[]) => {
        const labels = items.map((candidate) => candidate.label);
        asked.picks.push(labels);
        const chosen = answers.pick?.(labels);
        return items.find((candidate) => candidate.label === chosen)?.value;
      },
    };
    seams.aksQuestions = stand;
    try {
      return await run(asked);
    } finally {
      seams.aksQuestions = original;
    }
  }

  async function children(node?: TreeNode): Promise<TreeNode[]> {
    return api.views.virtualMachines.provider.getChildren(node);
  }

  async function subscription(): Promise<TreeNode> {
    const [account] = await children();
    const node = (await children(account)).find((candidate) => label(candidate) === 'Fleet');
    assert.ok(node, 'the subscription shows');
    return node;
  }

  async function clusterNode(name: string): Promise<TreeNode> {
    const group = (await children(await subscription())).find((candidate) => label(candidate) === 'Kubernetes clusters');
    assert.ok(group, 'the subscription has a Kubernetes clusters node');
    const node = (await children(group)).find((candidate) => label(candidate) === name);
    assert.ok(node, `cluster ${name} shows`);
    return node;
  }

  async function poolNode(cluster: string, pool: string): Promise<TreeNode> {
    const node = (await children(await clusterNode(cluster))).find((candidate) => label(candidate) === pool);
    assert.ok(node, `pool ${pool} of ${cluster} shows`);
    return node;
  }

  /** Refreshes the tree from Azure, then reads the pool node. */
  async function freshPool(cluster: string, pool: string): Promise<TreeNode> {
    await vscode.commands.executeCommand('azureLinux.azure.refresh');
    return poolNode(cluster, pool);
  }

  before(async () => {
    api = await activateExtension();
    feature = api.context.azure();
    server = await startArmServer();
    server.addTenant({ tenantId, displayName: 'Fabrikam' });
    server.addSubscription({ subscriptionId: fleet, displayName: 'Fleet', tenantId });
    server.addStandardCatalog(['eastus']);
    server.aks.operationDelayMs = 0;
    server.aks.addManagedCluster(fleet, 'rg-aks', {
      name: 'prod',
      kubernetesVersion: '1.33.3',
      pools: [
        { name: 'system', mode: 'System', osSKU: 'AzureLinux', count: 2 },
        { name: 'apps', osSKU: 'Ubuntu', count: 3 },
        { name: 'acl', osSKU: 'AzureContainerLinux', count: 1, enableAutoScaling: true, minCount: 1, maxCount: 4 },
      ],
    });
    server.aks.addManagedCluster(fleet, 'rg-legacy', {
      name: 'legacy',
      kubernetesVersion: '1.27.9',
      pools: [{ name: 'np', mode: 'System', osSKU: 'Ubuntu', count: 1 }],
    });
    server.addVirtualMachine(fleet, 'rg-aks', { name: 'jumpbox', location: 'eastus' });
    signedIn = await useFakeArm(server, tenantId);
    folder = mkdtempSync(path.join(os.tmpdir(), 'azl-aks-'));
    assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), true);
  });

  after(async () => {
    await signedIn?.restore();
    await vscode.workspace
      .getConfiguration('azureLinux.azure')
      .update('groupByResourceGroup', undefined, vscode.ConfigurationTarget.Global);
    await feature?.session.signOut();
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('shows each cluster with its node pools: OS badge, versions, counts, mode, size, state, and a tooltip with the rest', async () => {
    server.requests.length = 0;
    await vscode.commands.executeCommand('azureLinux.azure.refresh');
    const top = await children(await subscription());
    assert.deepEqual(top.map(label), ['Kubernetes clusters', 'jumpbox'], 'clusters first, then the VMs');
    const prod = await clusterNode('prod');
    assert.equal(item(prod).description, 'Running · Kubernetes 1.33.3 · 3 node pools (2 Azure Linux)');
    assert.equal(item(prod).contextValue, 'azure.cluster.running');
    const pools = await children(prod);
    assert.deepEqual(pools.map(label), ['system', 'acl', 'apps'], 'the System pool first');
    assert.equal(item(pools[0]!).description, 'Azure Linux · 2 nodes · System · Standard_D4ds_v5');
    assert.equal(item(pools[1]!).description, 'Azure Container Linux · 1 node (autoscale 1–4) · User · Standard_D4ds_v5');
    assert.equal(item(pools[2]!).description, 'Ubuntu · 3 nodes · User · Standard_D4ds_v5');
    assert.equal(
      item(pools[0]!).contextValue,
      'azure.nodePool.ready',
      'the only System pool, on Azure Linux 3.0: neither migratable nor deletable',
    );
    assert.equal(item(pools[2]!).contextValue, 'azure.nodePool.ready.migratable.deletable');
    const tooltip = String((item(pools[2]!).tooltip as vscode.MarkdownString).value);
    assert.match(tooltip, /Node image: AKSUbuntu\\-2204gen2containerd\\-202512\\\.06\\\.0/);
    assert.match(tooltip, /Kubernetes version: 1\\\.33\\\.3/);
    assert.equal(
      server.requestCount({ method: 'POST', path: /ResourceGraph\/resources$/ }),
      2,
      'the clusters came with the VMs from Resource Graph',
    );
    assert.equal(server.requestCount({ path: /managedClusters/i }), 0, 'no cluster list per subscription');
  });

  it('groups clusters by resource group, and shows a failing cluster list on its own node', async () => {
    const settings = vscode.workspace.getConfiguration('azureLinux.azure');
    await settings.update('groupByResourceGroup', true, vscode.ConfigurationTarget.Global);
    try {
      const groups = await children(await subscription());
      assert.deepEqual(groups.map(label), ['rg-aks', 'rg-legacy']);
      assert.deepEqual((await children(groups[0]!)).map(label), ['Kubernetes clusters', 'jumpbox']);
      assert.deepEqual((await children((await children(groups[1]!))[0]!)).map(label), ['legacy']);
    } finally {
      await settings.update('groupByResourceGroup', undefined, vscode.ConfigurationTarget.Global);
    }
    server.resourceGraph.available = false;
    const refused = server.inject({
      method: 'GET',
      path: /\/providers\/Microsoft\.ContainerService\/managedClusters$/i,
      ...armFailures.authorizationFailed('Microsoft.ContainerService/managedClusters/read'),
    });
    try {
      await vscode.commands.executeCommand('azureLinux.azure.refresh');
      const top = await children(await subscription());
      assert.equal(label(top[0]!), 'Kubernetes clusters');
      const [failure] = await children(top[0]!);
      assert.equal(item(failure!).contextValue, 'azure.message');
      assert.match(label(failure!), /Listing the Kubernetes clusters failed: .*does not have authorization.*\(AuthorizationFailed\)/);
      assert.ok(top.map(label).includes('jumpbox'), 'the VMs still show');
      await vscode.workspace.getConfiguration('azureLinux.azure').update('groupByResourceGroup', true, vscode.ConfigurationTarget.Global);
      assert.deepEqual(
        (await children(await subscription())).map(label),
        ['Kubernetes clusters', 'rg-aks'],
        'grouped, the failed cluster list still shows under the subscription, the VMs under their group',
      );
    } finally {
      await vscode.workspace
        .getConfiguration('azureLinux.azure')
        .update('groupByResourceGroup', undefined, vscode.ConfigurationTarget.Global);
      refused.remove();
      server.resourceGraph.available = true;
      await vscode.commands.executeCommand('azureLinux.azure.refresh');
    }
  });

  it('migrates an Ubuntu pool to Azure Linux in place, explaining the reimage, with the progress on its node', async () => {
    server.aks.operationDelayMs = 300;
    const apps = await freshPool('prod', 'apps');
    const busySeen = new Promise<void>((resolve) => {
      const listening = api.views.virtualMachines.provider.onDidChangeTreeData((changed) => {
        if (changed?.id === apps.id && item(apps).description === 'Migrating to Azure Linux…') {
          listening.dispose();
          resolve();
        }
      });
    });
    const asked = await answering({ pick: () => 'AzureLinux' }, async (questions) => {
      await vscode.commands.executeCommand('azureLinux.aks.migrateToAzureLinux', apps);
      return questions;
    });
    await busySeen;
    server.aks.operationDelayMs = 0;
    assert.deepEqual(asked.picks, [['AzureLinux', 'AzureLinux3']], 'Kubernetes 1.33 offers both SKUs');
    assert.match(asked.confirms[0]!.message, /Migrate node pool apps of prod from Ubuntu to Azure Linux \(AzureLinux\)\?/);
    assert.match(asked.confirms[0]!.detail, /reimages every node.*cordons and drains each running node/);
    const after = await poolNode('prod', 'apps');
    assert.equal(item(after).description, 'Azure Linux · 3 nodes · User · Standard_D4ds_v5');
    const live = server.aks.agentPool(fleet, 'rg-aks', 'prod', 'apps').properties as { osSKU: string; nodeImageVersion: string };
    assert.deepEqual([live.osSKU, live.nodeImageVersion], ['AzureLinux', 'AKSAzureLinux-V3gen2-202601.13.0']);
  });

  it('refuses a migration AKS does not support for the Kubernetes version, with the reason, sending nothing', async () => {
    const np = await freshPool('legacy', 'np');
    server.requests.length = 0;
    const shown = recordSeams(api);
    try {
      await answering({}, () => vscode.commands.executeCommand('azureLinux.aks.migrateToAzureLinux', np));
    } finally {
      shown.restore();
    }
    assert.match(shown.last('info')?.message ?? '', /Kubernetes 1\.27 is too old: AzureLinux3 needs 1\.28 or newer/);
    assert.equal(server.requestCount({ method: 'PUT' }), 0);
  });

  it("shows AKS's own words when AKS refuses an operation (409 while another runs on the pool)", async () => {
    server.aks.operationDelayMs = 1500;
    const system = await freshPool('prod', 'system');
    const shown = recordSeams(api);
    let upgrading: Thenable<unknown> | undefined;
    try {
      await answering({ inputs: ['3'] }, async () => {
        upgrading = vscode.commands.executeCommand('azureLinux.aks.upgradeNodeImage', system);
        // The upgrade reaches AKS first; the scale of the same pool meets it there.
        await eventually(
          'the upgrade reached AKS',
          () => server.requestCount({ method: 'POST', path: /system\/upgradeNodeImageVersion$/ }) > 0,
        );
        await vscode.commands.executeCommand('azureLinux.aks.scaleNodePool', system);
        await upgrading;
      });
    } finally {
      shown.restore();
      await upgrading;
      server.aks.operationDelayMs = 0;
    }
    assert.match(
      shown.last('error')?.message ?? '',
      /Changing the node pool system failed: Operation is not allowed: Another agentpool operation \(system - UpgradingNodeImageVersion\) is in progress.*\(OperationNotAllowed\)/,
    );
    const after = await poolNode('prod', 'system');
    assert.match(String((item(after).tooltip as vscode.MarkdownString).value), /202601\\\.13\\\.0/, 'the upgrade itself went through');
  });

  it('scales a pool up and down, saying what happens to running nodes, with the work in the status bar while it runs', async () => {
    const seen: string[] = [];
    const watching = api.context.activity.onDidChange(() => seen.push(...api.context.activity.running.map((activity) => activity.title)));
    let up: Asked;
    try {
      up = await answering({ inputs: ['5'] }, async (asked) => {
        await vscode.commands.executeCommand('azureLinux.aks.scaleNodePool', await freshPool('prod', 'apps'));
        return asked;
      });
    } finally {
      watching.dispose();
    }
    assert.ok(
      seen.some((title) => /apps/.test(title)),
      JSON.stringify(seen),
    );
    assert.deepEqual(api.context.activity.running, [], 'nothing in the status bar once it has ended');
    assert.match(up.confirms[0]!.message, /Scale node pool apps of prod from 3 to 5\?/);
    assert.match(up.confirms[0]!.detail, /adds 2 nodes; the running nodes and their pods are not touched/);
    assert.match(String(item(await poolNode('prod', 'apps')).description), /· 5 nodes ·/);
    const down = await answering({ inputs: ['2'] }, async (asked) => {
      await vscode.commands.executeCommand('azureLinux.aks.scaleNodePool', await poolNode('prod', 'apps'));
      return asked;
    });
    assert.match(down.confirms[0]!.detail, /cordons and drains 3 nodes of the running nodes.*deletes them/);
    assert.match(String(item(await poolNode('prod', 'apps')).description), /· 2 nodes ·/);
    const range = await answering({ inputs: ['2-6'] }, async (asked) => {
      await vscode.commands.executeCommand('azureLinux.aks.scaleNodePool', await poolNode('prod', 'acl'));
      return asked;
    });
    assert.match(range.confirms[0]!.message, /Set the autoscaler range of acl of prod to 2–6\?/);
    assert.match(String(item(await poolNode('prod', 'acl')).description), /autoscale 2–6/);
  });

  it('cancels an operation from its busy node: AKS aborts it, and the pool keeps its size', async () => {
    server.aks.operationDelayMs = 10_000;
    const apps = await freshPool('prod', 'apps');
    const countBefore = (server.aks.agentPool(fleet, 'rg-aks', 'prod', 'apps').properties as { count: number }).count;
    server.requests.length = 0;
    const shown = recordSeams(api);
    let scaling: Thenable<unknown> | undefined;
    try {
      await answering({ inputs: [String(countBefore + 4)] }, async () => {
        scaling = vscode.commands.executeCommand('azureLinux.aks.scaleNodePool', apps);
        await eventually('the scale reached AKS', () => server.requestCount({ method: 'PUT', path: /agentPools\/apps$/ }) > 0);
        const busy = await eventually('the pool offers Cancel while the scale runs', async () => {
          const node = await poolNode('prod', 'apps');
          return /^azure\.nodePool\.busy\b.*\.cancellable$/.test(item(node).contextValue ?? '') && node;
        });
        await vscode.commands.executeCommand('azureLinux.aks.cancelOperation', busy);
        await scaling;
      });
    } finally {
      shown.restore();
      await scaling;
      server.aks.operationDelayMs = 0;
    }
    const said = JSON.stringify(shown.notifications);
    assert.match(shown.last('info')?.message ?? said, /^Cancelled: AKS aborted the operation on apps\.$/);
    assert.equal(shown.last('error'), undefined, said);
    assert.equal(server.requestCount({ method: 'POST', path: /agentPools\/apps\/abort$/ }), 1, 'AKS was asked to abort');
    const live = server.aks.agentPool(fleet, 'rg-aks', 'prod', 'apps').properties as { count: number; provisioningState: string };
    assert.deepEqual([live.provisioningState, live.count], ['Canceled', countBefore]);
    const after = item(await poolNode('prod', 'apps')).contextValue ?? '';
    assert.doesNotMatch(after, /cancellable/, 'nothing left to cancel');
  });

  it('stops and starts a cluster; a stopped cluster offers only Start and its pools only Open as File', async () => {
    const stop = await answering({}, async (asked) => {
      await vscode.commands.executeCommand('azureLinux.aks.stopCluster', await clusterNode('prod'));
      return asked;
    });
    assert.match(stop.confirms[0]!.detail, /deallocates every node of every node pool \(5 in all\)/);
    assert.equal(item(await clusterNode('prod')).contextValue, 'azure.cluster.stopped');
    assert.equal(item(await poolNode('prod', 'apps')).contextValue, 'azure.nodePool.stopped.deletable');
    await answering({}, async () => vscode.commands.executeCommand('azureLinux.aks.startCluster', await clusterNode('prod')));
    assert.equal(item(await clusterNode('prod')).contextValue, 'azure.cluster.running');
  });

  it('never deletes the only System pool, and deletes another pool after saying what happens to its nodes', async () => {
    const shown = recordSeams(api);
    try {
      await answering({}, async () => vscode.commands.executeCommand('azureLinux.aks.deleteNodePool', await poolNode('prod', 'system')));
    } finally {
      shown.restore();
    }
    assert.match(shown.last('info')?.message ?? '', /system is the cluster’s only System node pool/);
    const asked = await answering({}, async (questions) => {
      await vscode.commands.executeCommand('azureLinux.aks.deleteNodePool', await poolNode('prod', 'acl'));
      return questions;
    });
    assert.match(asked.confirms[0]!.message, /Delete node pool acl of prod and its \d+ nodes?\?/);
    assert.match(asked.confirms[0]!.detail, /cordons and drains every node/);
    assert.deepEqual((await children(await clusterNode('prod'))).map(label), ['system', 'apps']);
  });

  it('opens a pool as a JSON file the node-pool checks run on, and applies an edit after a diff against the live pool', async () => {
    const document = await answering({}, async () =>
      vscode.commands.executeCommand<vscode.TextDocument>('azureLinux.aks.openNodePoolAsFile', await poolNode('prod', 'apps')),
    );
    assert.equal(document.languageId, 'json');
    const body = JSON.parse(document.getText()) as { properties: Record<string, unknown> };
    assert.equal(body.properties.count, 2);
    assert.equal(body.properties.eTag, undefined, 'what AKS sets itself is left out');
    assert.equal(body.properties.nodeImageVersion, undefined, 'the node image is left out: writing it back would roll the nodes back');
    assert.equal(api.context.language.service.analyzeDocument(document)?.analysis.kind, 'nodepool', 'the node-pool checks run on it');
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      document.uri,
      new vscode.Range(0, 0, document.lineCount, 0),
      `${JSON.stringify({ properties: { ...body.properties, count: 4, nodeLabels: { team: 'web' } } }, undefined, 2)}\n`,
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    const shown = recordSeams(api);
    let asked: Asked;
    try {
      asked = await answering({}, async (questions) => {
        await vscode.commands.executeCommand('azureLinux.aks.applyNodePoolFile', document.uri);
        return questions;
      });
    } finally {
      shown.restore();
    }
    assert.equal(shown.last('error'), undefined, shown.last('error')?.message);
    assert.match(asked.confirms[0]!.message, /Apply your changes to node pool apps\? Changed: count, nodeLabels\./);
    assert.match(asked.confirms[0]!.detail, /2 nodes are added; running nodes are not touched/);
    assert.ok(
      vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputTextDiff)),
      'the diff against the live pool was shown',
    );
    const live = server.aks.agentPool(fleet, 'rg-aks', 'prod', 'apps').properties as { count: number; nodeLabels: Record<string, string> };
    assert.equal(live.count, 4);
    assert.deepEqual(live.nodeLabels, { team: 'web' });
  });

  it('refuses to apply over a change made in Azure meanwhile (eTag), and overwrites nothing', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>(
      'azureLinux.aks.openNodePoolAsFile',
      await freshPool('prod', 'apps'),
    );
    const body = JSON.parse(document.getText()) as { properties: Record<string, unknown> };
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      document.uri,
      new vscode.Range(0, 0, document.lineCount, 0),
      JSON.stringify({ properties: { ...body.properties, count: 6 } }, undefined, 2),
    );
    await vscode.workspace.applyEdit(edit);

    // Someone scales the pool in the portal while the person is still looking at the diff.
    const shown = recordSeams(api);
    try {
      await answering(
        {
          confirm: () => {
            server.aks.changeAgentPool(fleet, 'rg-aks', 'prod', 'apps', { count: 7 });
            return true;
          },
        },
        () => vscode.commands.executeCommand('azureLinux.aks.applyNodePoolFile', document.uri),
      );
    } finally {
      shown.restore();
    }
    assert.match(
      shown.last('error')?.message ?? '',
      /AKS refused the change: apps was changed in Azure after you opened it, and nothing was overwritten/,
    );
    assert.equal(
      (server.aks.agentPool(fleet, 'rg-aks', 'prod', 'apps').properties as { count: number }).count,
      7,
      'the change made in Azure stays',
    );

    // Applying again is refused before anything is sent: the pool is no longer at the eTag the document was opened at.
    server.requests.length = 0;
    const again = recordSeams(api);
    try {
      await answering({}, () => vscode.commands.executeCommand('azureLinux.aks.applyNodePoolFile', document.uri));
    } finally {
      again.restore();
    }
    assert.match(again.last('error')?.message ?? '', /was changed in Azure after you opened it, so your changes were not applied/);
    assert.equal(server.requestCount({ method: 'PUT' }), 0);
  });

  it('adds a node pool from a file: errors block it, warnings are asked about, and the pool is never written over', async () => {
    const write = (name: string, value: unknown) => {
      const file = path.join(folder, name);
      writeFileSync(file, JSON.stringify(value, undefined, 2));
      return vscode.Uri.file(file);
    };
    server.requests.length = 0;
    const broken = write('broken.nodepool.json', {
      properties: {
        vmSize: 'Standard_D2s_v5',
        osType: 'Linux',
        osSKU: 'AzureLinux',
        enableAutoScaling: true,
        minCount: 5,
        maxCount: 2,
        count: 3,
      },
    });
    const blocked = recordSeams(api);
    try {
      await answering({ pick: () => 'prod', inputs: ['alpool'] }, () =>
        vscode.commands.executeCommand('azureLinux.aks.addNodePoolFromFile', broken),
      );
    } finally {
      blocked.restore();
    }
    assert.match(
      blocked.last('error')?.message ?? '',
      /broken\.nodepool\.json has \d+ errors? that AKS would refuse, so nothing was sent: line \d+: .*minCount/,
    );

    const unusual = write('unusual.nodepool.json', {
      // A warning, not an error: a bound that only applies with the autoscaler on (unknown keys are errors now).
      properties: { vmSize: 'Standard_D2s_v5', count: 2, osType: 'Linux', osSKU: 'AzureLinux', minCount: 1 },
    });
    const declined = await answering({ confirm: () => false }, async (asked) => {
      await vscode.commands.executeCommand('azureLinux.aks.addNodePoolFromFile', unusual);
      return asked;
    });
    assert.match(declined.confirms[0]!.message, /unusual\.nodepool\.json has \d+ warnings?\. Add Node Pool anyway\?/);
    assert.match(declined.confirms[0]!.detail, /minCount/);
    assert.equal(server.requestCount({ method: 'PUT' }), 0, 'errors and a declined warning send nothing');

    const good = write('alpool.nodepool.json', {
      properties: { vmSize: 'Standard_D2s_v5', count: 2, osType: 'Linux', osSKU: 'AzureLinux', mode: 'User' },
    });
    const added = recordSeams(api);
    let asked: Asked;
    try {
      asked = await answering({ pick: () => 'prod', inputs: ['alpool'] }, async (questions) => {
        await vscode.commands.executeCommand('azureLinux.aks.addNodePoolFromFile', good);
        return questions;
      });
    } finally {
      added.restore();
    }
    assert.equal(added.last('error') ?? added.last('info'), undefined, (added.last('error') ?? added.last('info'))?.message);
    assert.ok(asked.picks[0]?.includes('prod'), 'the running clusters are offered');
    assert.match(asked.confirms[0]!.message, /Add node pool alpool to prod\?/);
    assert.match(
      asked.confirms[0]!.detail,
      /creates 2 nodes \(Standard_D2s_v5, Azure Linux\)\. The cluster’s other node pools and their running nodes are not changed/,
    );
    const alpool = await poolNode('prod', 'alpool');
    assert.equal(item(alpool).description, 'Azure Linux · 2 nodes · User · Standard_D2s_v5');
    const put = server.requests.find((request) => request.method === 'PUT' && /agentPools\/alpool$/.test(request.path));
    assert.ok(put, 'the pool was PUT');
  });
});
