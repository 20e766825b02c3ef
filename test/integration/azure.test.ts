import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from '../../src/api';
import type { CreateEvent } from '../../src/azure/core/createVm';
import type { AzureFeature } from '../../src/features/azure';
import type { CreateVmAnswers, CreateVmResult } from '../../src/commands/azure/createVm';
import type { TreeNode } from '../../src/views/treeNode';
import type { VmNode } from '../../src/views/azure/vmTree';
import { armFailures, startArmServer, type ArmServer } from '../fakes/arm/server';
import { eventually } from '../helpers/eventually';
import { useFakeArm, type FakeArmSignIn } from './fakeArmSignIn';
import { activateExtension, recordSeams, type Recorded } from './helpers';
import { SuiteTrace } from './suiteTrace';

/*
 * The Azure VM feature in a real VS Code against the fake Azure Resource Manager (test/fakes/arm/server.ts),
 * through the real SDK clients, signed in with AzureCliCredential running the stand-in `az` (test/fakes/az/az).
 */

const tenantId = '72f988bf-0000-4000-8000-00000000aaaa';
const dev = '11111111-0000-4000-8000-000000000001';
const prod = '11111111-0000-4000-8000-000000000002';
const broken = '11111111-0000-4000-8000-000000000003';
const callerIp = '203.0.113.7';
const sshKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHFh8Gq8mDq2yHlV0pQm3pR7Vb8sQ6wqYqR8mK9f1lXo test@azl';

function item(node: TreeNode): vscode.TreeItem {
  return node.getTreeItem();
}

function label(node: TreeNode): string {
  const text = item(node).label;
  return typeof text === 'string' ? text : (text?.label ?? '');
}

describe('Azure virtual machines', function () {
  this.timeout(120_000);
  let api: AzureLinuxToolsApi;
  let feature: AzureFeature;
  let server: ArmServer;
  let sshConfigDir: string;
  /** What each test saw, printed when it fails (see suiteTrace.ts). */
  const trace = new SuiteTrace();
  let signedIn: FakeArmSignIn | undefined;

  async function configure(key: string, value: unknown): Promise<void> {
    await vscode.workspace.getConfiguration('azureLinux.azure').update(key, value, vscode.ConfigurationTarget.Global);
  }

  async function roots(): Promise<TreeNode[]> {
    return [...trace.nodes('roots', await api.views.virtualMachines.provider.getChildren())];
  }

  async function children(node: TreeNode): Promise<TreeNode[]> {
    const asked = Date.now();
    const nodes = await api.views.virtualMachines.provider.getChildren(node);
    return [...trace.nodes(`children of ${label(node)} (${Date.now() - asked} ms)`, nodes)];
  }

  async function subscriptionNode(name: string): Promise<TreeNode> {
    const [account] = await roots();
    assert.ok(account, 'signed in: the account node shows');
    const node = (await children(account)).find((candidate) => label(candidate) === name);
    assert.ok(node, `subscription ${name} is in the tree`);
    return node;
  }

  async function vmNode(subscription: string, name: string): Promise<VmNode> {
    const node = (await children(await subscriptionNode(subscription))).find((candidate) => label(candidate) === name);
    assert.ok(node, `${name} is in ${subscription}`);
    return node as VmNode;
  }

  /** A create run with these answers in place of the wizard's; `shown` is what the person was told. */
  async function create(
    answers: Partial<CreateVmAnswers> & { vmName: string },
  ): Promise<{ result: CreateVmResult | undefined; shown: Recorded }> {
    const seams = api.context.seams;
    const wizard = seams.createVmQuestions;
    seams.createVmQuestions = {
      ask: async () => ({ subscriptionId: prod, location: 'eastus', sshPublicKey: sshKey, sshSourceAddress: callerIp, ...answers }),
      keepAfterFailure: async () => false,
      keyPassphrase: async () => '',
      ready: () => undefined,
    };
    const shown = recordSeams(api);
    try {
      return { result: await vscode.commands.executeCommand<CreateVmResult | undefined>('azureLinux.azure.createVm'), shown };
    } finally {
      shown.restore();
      seams.createVmQuestions = wizard;
    }
  }

  /** What the create run told the person went wrong (the error or, for a cancel, the information). */
  function outcome(run: { shown: Recorded }): string {
    return (run.shown.last('error') ?? run.shown.last('info'))?.message ?? '(nothing shown)';
  }

  before(async () => {
    api = await activateExtension();
    feature = api.context.azure();
    trace.begin();
    trace.watch(
      api.views.virtualMachines.provider.onDidChangeTreeData,
      (node) => `tree refreshed${node ? ` at ${label(node as TreeNode)}` : ''}`,
    );
    trace.watch(feature.session.onDidChangeState, (state) => `sign-in state → ${state}`);
    trace.watch(vscode.workspace.onDidChangeConfiguration, (event) =>
      event.affectsConfiguration('azureLinux.azure') ? 'azureLinux.azure settings changed' : 'other settings changed',
    );
    server = await startArmServer({ pageSize: 2 });
    server.addTenant({ tenantId, displayName: 'Contoso' });
    server.addSubscription({ subscriptionId: dev, displayName: 'Dev', tenantId });
    server.addSubscription({ subscriptionId: prod, displayName: 'Prod', tenantId });
    server.addSubscription({ subscriptionId: broken, displayName: 'Broken', tenantId });
    server.addStandardCatalog(['eastus', 'southeastasia']);
    server.addResourceGroup(dev, 'rg-a', 'eastus');
    for (let index = 0; index < 5; index++) {
      server.addVirtualMachine(dev, 'rg-a', {
        name: `dev-vm-${index}`,
        location: 'eastus',
        powerState: index === 1 ? 'deallocated' : 'running',
      });
    }
    server.addVirtualMachine(dev, 'rg-a', {
      name: 'ubuntu-vm',
      location: 'eastus',
      osName: 'ubuntu',
      storageProfile: {
        imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
        osDisk: { osType: 'Linux', name: 'ubuntu-osdisk' },
      },
    });
    server.addResourceGroup(prod, 'rg-p', 'eastus');
    for (let index = 0; index < 3; index++) {
      server.addVirtualMachine(prod, 'rg-p', { name: `prod-vm-${index}`, location: 'eastus' });
    }
    server.inject({
      method: 'GET',
      path: new RegExp(`/subscriptions/${broken}/providers/Microsoft\\.Compute/virtualMachines$`, 'i'),
      ...armFailures.authorizationFailed('Microsoft.Compute/virtualMachines/read'),
    });

    signedIn = await useFakeArm(server, tenantId);
    sshConfigDir = mkdtempSync(path.join(os.tmpdir(), 'azl-home-'));
  });

  beforeEach(() => trace.begin());

  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      process.stdout.write(trace.report(this.currentTest.title, server?.requests ?? [], feature?.session.state ?? 'unknown'));
    }
  });

  after(async () => {
    trace.dispose();
    await signedIn?.restore();
    for (const key of ['showAllLinuxVms', 'groupByResourceGroup']) {
      await configure(key, undefined);
    }
    await feature?.session.signOut();
    await server?.close();
    rmSync(sshConfigDir, { recursive: true, force: true });
  });

  it('shows no nodes while signed out (so the "Sign in to Azure" welcome shows), then the account once signed in', async () => {
    await vscode.commands.executeCommand('azureLinux.azure.signOut');
    assert.equal(feature.session.state, 'signedOut');
    assert.deepEqual(await roots(), []);
    assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), true);
    assert.equal(feature.session.state, 'signedIn');
    const [account] = await roots();
    assert.equal(item(account).contextValue, 'azure.account');
  });

  it('warns when the Azure CLI is signed in to another cloud than the setting names', async () => {
    const shown = recordSeams(api);
    try {
      assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), true);
      assert.equal(shown.last('warning'), undefined, 'the CLI and the setting agree');
      process.env.AZL_FAKE_AZ_CLOUD = 'AzureCloud';
      process.env.AZL_FAKE_AZ_RESOURCE_MANAGER = 'https://management.azure.com/';
      try {
        assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), true);
        assert.match(
          shown.last('warning')?.message ?? '',
          /Azure CLI is set to cloud "AzureCloud" but azureLinux\.azure\.cloud is "custom"/,
        );
      } finally {
        process.env.AZL_FAKE_AZ_CLOUD = 'FakeArm';
        process.env.AZL_FAKE_AZ_RESOURCE_MANAGER = `${server.url}/`;
      }
      shown.notifications.length = 0;
      assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), true);
      assert.equal(shown.last('warning'), undefined, 'agreeing again, nothing to warn of');
    } finally {
      shown.restore();
    }
  });

  it('lists the VMs of every subscription in one Resource Graph query, with no list per subscription', async () => {
    // The view may have listed already (it loads as soon as it shows, signed in): start counting, then list afresh.
    server.requests.length = 0;
    await vscode.commands.executeCommand('azureLinux.azure.refresh');
    const [account] = await roots();
    assert.deepEqual((await children(account)).map(label), ['Broken', 'Dev', 'Prod']);
    const devVms = await children(await subscriptionNode('Dev'));
    assert.deepEqual(devVms.map(label), ['dev-vm-0', 'dev-vm-1', 'dev-vm-2', 'dev-vm-3', 'dev-vm-4']);
    assert.equal(item(devVms[0]).description, 'Running · Standard_B2s · eastus');
    assert.equal(item(devVms[1]).contextValue, 'azure.vm.deallocated');
    assert.match(String((item(devVms[0]).tooltip as vscode.MarkdownString).value), /Public IP: \d+\\\.\d+/);
    assert.equal((await children(await subscriptionNode('Prod'))).length, 3);
    assert.equal(
      server.requestCount({ method: 'POST', path: /^\/providers\/Microsoft\.ResourceGraph\/resources$/ }),
      2,
      'one query for the VMs and one for the clusters, across all three subscriptions',
    );
    assert.equal(server.requestCount({ method: 'GET', path: /\/providers\/Microsoft\.(Compute\/virtualMachines|Network\/\w+)$/i }), 0);
  });

  it("falls back to per-subscription lists where Resource Graph is missing, follows VM pages, and keeps a failing subscription's error on its node", async () => {
    // A cloud without Resource Graph (Azure Stack Hub, some custom clouds): ARM knows no such provider.
    server.resourceGraph.available = false;
    try {
      server.requests.length = 0;
      await vscode.commands.executeCommand('azureLinux.azure.refresh');
      await listsPerSubscription();
    } finally {
      server.resourceGraph.available = true;
      await vscode.commands.executeCommand('azureLinux.azure.refresh');
    }
  });

  async function listsPerSubscription(): Promise<void> {
    const [account] = await roots();
    const subscriptions = await children(account);
    assert.deepEqual(subscriptions.map(label), ['Broken', 'Dev', 'Prod']);
    const devVms = await children(await subscriptionNode('Dev'));
    assert.deepEqual(devVms.map(label), ['dev-vm-0', 'dev-vm-1', 'dev-vm-2', 'dev-vm-3', 'dev-vm-4'], 'the Ubuntu VM is hidden by default');
    assert.ok(
      server.requestCount({
        method: 'GET',
        path: new RegExp(`/subscriptions/${dev}/providers/Microsoft\\.Compute/virtualMachines$`, 'i'),
      }) >= 3,
      'six VMs at two per page take three pages',
    );
    assert.equal(item(devVms[0]).description, 'Running · Standard_B2s · eastus');
    assert.equal(item(devVms[1]).contextValue, 'azure.vm.deallocated');
    assert.match(String((item(devVms[0]).tooltip as vscode.MarkdownString).value), /Public IP: \d+\\\.\d+/);

    const brokenChildren = await children(await subscriptionNode('Broken'));
    assert.equal(brokenChildren.length, 1);
    assert.equal(item(brokenChildren[0]).contextValue, 'azure.message');
    assert.match(label(brokenChildren[0]), /does not have authorization.*\(AuthorizationFailed\)/);
    assert.equal((await children(await subscriptionNode('Prod'))).length, 3, 'the other subscriptions still load');
    assert.equal(
      server.requestCount({ method: 'POST', path: /^\/providers\/Microsoft\.ResourceGraph\/resources$/ }),
      2,
      'the VM and cluster queries went out together and were refused; nothing more was asked of Resource Graph',
    );
  }

  it('shows every Linux VM with the toggle, and groups by resource group, as soon as the setting changes', async () => {
    assert.ok(!(await children(await subscriptionNode('Dev'))).map(label).includes('ubuntu-vm'));
    await configure('showAllLinuxVms', true);
    assert.ok((await children(await subscriptionNode('Dev'))).map(label).includes('ubuntu-vm'));
    await configure('groupByResourceGroup', true);
    const groups = await children(await subscriptionNode('Dev'));
    assert.deepEqual(groups.map(label), ['rg-a']);
    assert.equal((await children(groups[0])).length, 6);
    await configure('groupByResourceGroup', undefined);
    await configure('showAllLinuxVms', undefined);
    assert.ok(!(await children(await subscriptionNode('Dev'))).map(label).includes('ubuntu-vm'));
  });

  it('a change of tenant drops the sign-in and signs in again silently with the new setting', async () => {
    assert.equal(feature.session.state, 'signedIn');
    const states: string[] = [];
    const listening = feature.session.onDidChangeState((state) => states.push(state));
    try {
      await configure('tenant', '72f988bf-0000-4000-8000-00000000bbbb');
      assert.equal(states[0], 'signedOut', 'the old sign-in is dropped');
      const [account] = await roots();
      assert.equal(label(account), 'Azure (72f988bf-0000-4000-8000-00000000bbbb)', 'signed in again silently, to the new tenant');
      assert.equal(feature.session.state, 'signedIn');
    } finally {
      listening.dispose();
      await configure('tenant', tenantId);
    }
    assert.equal(label((await roots())[0]), `Azure (${tenantId})`);
  });

  it('stop, start and restart change the state the tree shows', async () => {
    let node = await vmNode('Dev', 'dev-vm-0');
    await vscode.commands.executeCommand('azureLinux.azure.stopVm', node);
    node = await vmNode('Dev', 'dev-vm-0');
    assert.equal(item(node).contextValue, 'azure.vm.deallocated');
    assert.match(String(item(node).description), /^Stopped \(deallocated\)/);

    await vscode.commands.executeCommand('azureLinux.azure.startVm', node);
    node = await vmNode('Dev', 'dev-vm-0');
    assert.equal(item(node).contextValue, 'azure.vm.running');

    server.requests.length = 0;
    await vscode.commands.executeCommand('azureLinux.azure.restartVm', node);
    assert.equal(server.requestCount({ method: 'POST', path: /dev-vm-0\/restart$/ }), 1);
    assert.equal(item(await vmNode('Dev', 'dev-vm-0')).contextValue, 'azure.vm.running');
  });

  it('shows a VM operation in the status bar while it runs, and nothing once it has ended', async () => {
    const node = await vmNode('Dev', 'dev-vm-0');
    const seen: string[] = [];
    const watching = api.context.activity.onDidChange(() => seen.push(...api.context.activity.running.map((activity) => activity.title)));
    try {
      await vscode.commands.executeCommand('azureLinux.azure.restartVm', node);
    } finally {
      watching.dispose();
    }
    assert.ok(seen.includes('Restarting dev-vm-0'), JSON.stringify(seen));
    assert.deepEqual(api.context.activity.running, []);
  });

  it('acts on every VM of a multi-selection', async () => {
    const nodes = [await vmNode('Prod', 'prod-vm-0'), await vmNode('Prod', 'prod-vm-1')];
    await vscode.commands.executeCommand('azureLinux.azure.stopVm', nodes[0], nodes);
    assert.deepEqual(
      [
        item(await vmNode('Prod', 'prod-vm-0')).contextValue,
        item(await vmNode('Prod', 'prod-vm-1')).contextValue,
        item(await vmNode('Prod', 'prod-vm-2')).contextValue,
      ],
      ['azure.vm.deallocated', 'azure.vm.deallocated', 'azure.vm.running'],
    );
  });

  it('a VM in the middle of an action keeps its progress and offers no power action while another VM is deleted and the tree is refreshed', async () => {
    server.addVirtualMachine(dev, 'rg-a', { name: 'dev-tmp', location: 'eastus' });
    await vscode.commands.executeCommand('azureLinux.azure.refresh');
    const stopping = await vmNode('Dev', 'dev-vm-2');
    const doomed = await vmNode('Dev', 'dev-tmp');
    // The stop's POST is held long enough for the delete to finish first.
    const slowStop = server.inject({ method: 'POST', path: /dev-vm-2\/deallocate$/i, times: 1, delayMs: 3000 });
    const busyShown = new Promise<void>((resolve) => {
      const listening = api.views.virtualMachines.provider.onDidChangeTreeData((changed) => {
        if (changed?.id === stopping.id && item(stopping).description === 'Stopping…') {
          listening.dispose();
          resolve();
        }
      });
    });
    let stop: Thenable<unknown> | undefined;
    try {
      stop = vscode.commands.executeCommand('azureLinux.azure.stopVm', stopping);
      await busyShown;
      assert.equal(item(stopping).contextValue, 'azure.vm.busy', 'Start and Stop are not offered while it stops');
      await vscode.commands.executeCommand('azureLinux.azure.deleteVm', doomed, undefined, { dependents: [] });
      assert.ok(!(await children(await subscriptionNode('Dev'))).map(label).includes('dev-tmp'), 'the deleted VM left the tree');
      const during = await vmNode('Dev', 'dev-vm-2');
      assert.equal(item(during).description, 'Stopping…', 'the other VM still shows its progress');
      assert.equal(item(during).contextValue, 'azure.vm.busy');
      // A full Refresh asks Azure again: the stopping VM, listed anew, still shows the stop.
      const devListing = { method: 'POST', path: /^\/providers\/Microsoft\.ResourceGraph\/resources$/ };
      const listedBefore = server.requestCount(devListing);
      await vscode.commands.executeCommand('azureLinux.azure.refresh');
      const refreshed = await vmNode('Dev', 'dev-vm-2');
      assert.ok(server.requestCount(devListing) > listedBefore, 'Refresh listed the VMs again');
      assert.equal(item(refreshed).description, 'Stopping…', 'the progress outlives a Refresh');
      assert.equal(item(refreshed).contextValue, 'azure.vm.busy');
      assert.equal(slowStop.hits, 1);
      await stop;
    } finally {
      slowStop.remove();
      await stop;
    }
    const after = await vmNode('Dev', 'dev-vm-2');
    assert.equal(item(after).contextValue, 'azure.vm.deallocated');
    assert.match(String(item(after).description), /^Stopped \(deallocated\)/);
    await vscode.commands.executeCommand('azureLinux.azure.startVm', after);
    assert.equal(item(await vmNode('Dev', 'dev-vm-2')).contextValue, 'azure.vm.running');
  });

  it('opens SSH in a terminal with an argument array: user, address, no shell', async () => {
    const node = await vmNode('Dev', 'dev-vm-2');
    const shown = recordSeams(api, { openTerminals: false });
    try {
      await vscode.commands.executeCommand('azureLinux.azure.sshIntoVm', node);
    } finally {
      shown.restore();
    }
    assert.equal(shown.terminals.length, 1, 'one terminal');
    const options = shown.terminals[0] as vscode.TerminalOptions;
    assert.equal(options.shellPath, 'ssh');
    const args = options.shellArgs as string[];
    assert.deepEqual(args.slice(-4), ['-l', 'azureuser', '--', node.vm.publicIps[0]]);
  });

  it('writes a Host entry for Remote-SSH and says how to get Remote-SSH when it is missing', async () => {
    const node = await vmNode('Dev', 'dev-vm-3');
    // A private home, so the test never touches the real ~/.ssh (os.homedir() follows HOME).
    const home = process.env.HOME;
    process.env.HOME = sshConfigDir;
    let result: { alias: string; configFile: string; handedOver: boolean };
    try {
      result = await vscode.commands.executeCommand<{ alias: string; configFile: string; handedOver: boolean }>(
        'azureLinux.azure.connectRemoteSsh',
        node,
      );
      await vscode.commands.executeCommand('azureLinux.azure.connectRemoteSsh', node);
    } finally {
      process.env.HOME = home;
    }
    assert.equal(result.alias, 'dev-vm-3.rg-a');
    assert.equal(result.configFile, path.join(sshConfigDir, '.ssh', 'config'));
    assert.equal(result.handedOver, vscode.extensions.getExtension('ms-vscode-remote.remote-ssh') !== undefined);
    assert.equal(statSync(path.join(sshConfigDir, '.ssh')).mode & 0o777, 0o700);
    assert.equal(statSync(result.configFile).mode & 0o777, 0o600);
    const config = readFileSync(result.configFile, 'utf8');
    assert.equal(config.match(/^Host dev-vm-3\.rg-a$/gm)?.length, 1, 'written once, updated in place');
    assert.match(config, new RegExp(`HostName ${node.vm.publicIps[0].replace(/\./g, '\\.')}`));
    assert.ok(config.includes(`  # Added by Azure Linux Tools for ${node.vm.id}\n`), "the block is marked as this VM's");
  });

  it('creates an Azure Linux VM end to end with secure defaults, selects it, and deletes it with what it created', async () => {
    const before = server.resourceIds();
    const events: CreateEvent[] = [];
    // Each independent PUT is answered only after a pause, so one sent after another's answer shows in the log.
    const slowed = ['publicIPAddresses/azl-new-ip', 'networkSecurityGroups/azl-new-nsg', 'virtualNetworks/azl-new-vnet'].map((suffix) =>
      server.inject({ method: 'PUT', path: new RegExp(`${suffix}$`, 'i'), times: 1, delayMs: 150 }),
    );
    server.requests.length = 0;
    let run: Awaited<ReturnType<typeof create>>;
    try {
      run = await create({ vmName: 'azl-new', onEvent: (event) => events.push(event) });
    } finally {
      slowed.forEach((injection) => injection.remove());
    }
    const result = run.result;
    assert.ok(result, `create succeeded (${outcome(run)})`);
    assert.equal(result.request.image?.sku, 'azure-linux-3-gen2', 'Azure Linux 3.0 Gen2 by default, looked up in the region');
    assert.equal(result.request.size, 'Standard_D2s_v5');
    assert.equal(result.request.trustedLaunch, true);
    const created = server.resourceIds().filter((id) => !before.includes(id));
    assert.equal(created.length, 7, created.join('\n'));
    assert.ok(
      created.some((id) => /\/disks\/azl-new-osdisk$/i.test(id)),
      'the OS disk is among them',
    );
    for (const resource of server.resources().filter((r) => created.includes(r.id))) {
      assert.equal(resource.tags?.createdBy, 'azure-linux-tools', `${resource.id} is tagged as ours`);
    }
    const nsg = server.resources().find((r) => /networkSecurityGroups\/azl-new-nsg$/i.test(r.id))!;
    const rules = (nsg.properties as { securityRules: { properties: Record<string, unknown> }[] }).securityRules;
    assert.equal(rules.length, 1);
    assert.deepEqual(
      [
        rules[0].properties.destinationPortRange,
        rules[0].properties.sourceAddressPrefix,
        rules[0].properties.protocol,
        rules[0].properties.access,
      ],
      ['22', `${callerIp}/32`, 'Tcp', 'Allow'],
    );
    // Independent resources went out together: every one of the three PUTs reached Azure before any was answered.
    const independent = server.requests.filter(
      (r) =>
        r.method === 'PUT' &&
        /\/(publicIPAddresses\/azl-new-ip|networkSecurityGroups\/azl-new-nsg|virtualNetworks\/azl-new-vnet)$/i.test(r.path),
    );
    assert.equal(independent.length, 3, independent.map((r) => r.path).join('\n'));
    const lastArrival = Math.max(...independent.map((r) => r.time));
    const firstAnswer = Math.min(...independent.map((r) => r.end ?? Infinity));
    assert.ok(lastArrival < firstAnswer, `the last of the three PUTs arrived ${lastArrival - firstAnswer} ms after the first answer`);
    const nicPut = server.requests.find((r) => r.method === 'PUT' && /networkInterfaces\/azl-new-nic$/i.test(r.path))!;
    assert.ok(nicPut.time >= Math.max(...independent.map((r) => r.end ?? Infinity)), 'the NIC waits for all three');
    assert.ok(events.some((event) => event.type === 'stepFinished' && event.step === 'virtualMachine'));

    const node = await vmNode('Prod', 'azl-new');
    await eventually('the new VM selected', () => api.views.virtualMachines.view.selection[0]?.id === node.id);

    const offered = await feature.session.services().listDependents(node.vm, feature.listing.signal);
    assert.deepEqual(
      offered.map((dependent) => [dependent.kind, dependent.name, dependent.createdByUs]).sort(),
      [
        ['networkInterface', 'azl-new-nic', true],
        ['networkSecurityGroup', 'azl-new-nsg', true],
        ['osDisk', 'azl-new-osdisk', true],
        ['publicIp', 'azl-new-ip', true],
        ['resourceGroup', 'azl-new-rg', true],
        ['virtualNetwork', 'azl-new-vnet', true],
      ],
      'delete offers everything the create made, the network and the group included',
    );
    const foreign = await feature.session.services().listDependents((await vmNode('Dev', 'dev-vm-0')).vm, feature.listing.signal);
    assert.ok(
      !foreign.some((dependent) => dependent.kind === 'virtualNetwork' || dependent.kind === 'resourceGroup'),
      'nor the network or group of a VM made elsewhere',
    );

    await vscode.commands.executeCommand('azureLinux.azure.deleteVm', node, undefined, {
      dependents: ['networkInterface', 'publicIp', 'osDisk', 'networkSecurityGroup', 'virtualNetwork', 'resourceGroup'],
    });
    const left = server.resourceIds().filter((id) => !before.includes(id));
    assert.deepEqual(left, [], 'nothing the create made is left');
    assert.ok(!(await children(await subscriptionNode('Prod'))).map(label).includes('azl-new'), 'the VM left the tree');
  });

  it('keeps the OS disk when the person unticks it, although the VM was created to delete it with itself', async () => {
    const run = await create({ vmName: 'azl-keep' });
    assert.ok(run.result, `create succeeded (${outcome(run)})`);
    const diskPath = /\/disks\/azl-keep-osdisk$/i;
    assert.ok(
      server.resourceIds().some((id) => diskPath.test(id)),
      'the OS disk exists',
    );
    const node = await vmNode('Prod', 'azl-keep');
    await vscode.commands.executeCommand('azureLinux.azure.deleteVm', node, undefined, {
      dependents: ['networkInterface', 'publicIp', 'networkSecurityGroup', 'resourceGroup'],
    });
    const left = server.resourceIds();
    assert.ok(
      left.some((id) => /\/resourceGroups\/azl-keep-rg$/i.test(id)),
      'the group stays, as it still holds the kept disk',
    );
    assert.ok(!left.some((id) => /\/virtualMachines\/azl-keep$/i.test(id)), 'the VM is gone');
    assert.ok(!left.some((id) => /\/networkInterfaces\/azl-keep-nic$/i.test(id)), 'the chosen NIC is gone');
    assert.ok(
      left.some((id) => diskPath.test(id)),
      'the OS disk stays',
    );
  });

  it('refuses to create where the planned names exist already, and leaves what is there alone', async () => {
    server.addResourceGroup(prod, 'rg-shared', 'eastus');
    server.addResource(prod, 'rg-shared', 'Microsoft.Network/publicIPAddresses', 'x-ip', {
      location: 'eastus',
      properties: { publicIPAllocationMethod: 'Static' },
      sku: { name: 'Standard' },
    });
    const before = server.resourceIds();
    const failNic = server.inject({ method: 'PUT', path: /networkInterfaces\/x-nic$/i, ...armFailures.authorizationFailed() });
    server.requests.length = 0;
    try {
      const run = await create({ vmName: 'x', resourceGroup: 'rg-shared' });
      assert.equal(run.result, undefined);
      assert.match(outcome(run), /Resource group rg-shared already has x-ip/);
    } finally {
      failNic.remove();
    }
    assert.equal(server.requestCount({ method: 'PUT' }), 0, 'nothing was created or taken over');
    assert.equal(server.requestCount({ method: 'DELETE' }), 0, 'and nothing deleted');
    assert.deepEqual(server.resourceIds(), before);
    assert.ok(
      server.resourceIds().some((id) => /\/publicIPAddresses\/x-ip$/i.test(id)),
      'x-ip survives',
    );
  });

  const failures = [
    {
      step: 'resourceGroup',
      method: 'PUT',
      path: /\/resourcegroups\/azl-f1-rg$/i,
      failure: armFailures.policyDenied('azl-f1-rg'),
      vmName: 'azl-f1',
      code: 'RequestDisallowedByPolicy',
    },
    {
      step: 'publicIp',
      method: 'PUT',
      path: /publicIPAddresses\/azl-f2-ip$/i,
      failure: armFailures.quotaExceeded(),
      vmName: 'azl-f2',
      code: 'OperationNotAllowed',
    },
    {
      step: 'networkSecurityGroup',
      method: 'PUT',
      path: /networkSecurityGroups\/azl-f3-nsg$/i,
      failure: armFailures.policyDenied('azl-f3-nsg'),
      vmName: 'azl-f3',
      code: 'RequestDisallowedByPolicy',
    },
    {
      step: 'virtualNetwork',
      method: 'PUT',
      path: /virtualNetworks\/azl-f4-vnet$/i,
      failure: armFailures.nameTaken('azl-f4-vnet'),
      vmName: 'azl-f4',
      code: 'Conflict',
    },
    {
      step: 'networkInterface',
      method: 'PUT',
      path: /networkInterfaces\/azl-f5-nic$/i,
      failure: armFailures.authorizationFailed(),
      vmName: 'azl-f5',
      code: 'AuthorizationFailed',
    },
    {
      step: 'virtualMachine',
      method: 'PUT',
      path: /virtualMachines\/azl-f6$/i,
      failure: armFailures.skuNotAvailable(),
      vmName: 'azl-f6',
      code: 'SkuNotAvailable',
    },
    {
      // Tagging the OS disk is the last call of the VM step: the VM and its disk exist when it fails.
      step: 'virtualMachine',
      method: 'PATCH',
      path: /\/disks\/azl-f8-osdisk$/i,
      failure: armFailures.authorizationFailed('Microsoft.Compute/disks/write'),
      vmName: 'azl-f8',
      code: 'AuthorizationFailed',
    },
  ] as const;

  /** How the person is told which step failed. */
  const stepWords = {
    resourceGroup: 'resource group',
    publicIp: 'public IP address',
    networkSecurityGroup: 'network security group',
    virtualNetwork: 'virtual network',
    networkInterface: 'network interface',
    virtualMachine: 'virtual machine',
  } as const;

  /** What rollback deletes after a fault at each step: what the run made or sent, never the rest of the plan. */
  function expectedDeletes(step: string, vm: string): string[] {
    const network = [`${vm}-ip`, `${vm}-nsg`, `${vm}-vnet`, `${vm}-rg`];
    const all: Record<string, string[]> = {
      resourceGroup: [],
      publicIp: network,
      networkSecurityGroup: network,
      virtualNetwork: network,
      networkInterface: [...network, `${vm}-nic`],
      virtualMachine: [...network, `${vm}-nic`, vm, `${vm}-osdisk`],
    };
    return [...all[step]].sort();
  }

  for (const { step, method, path: failingPath, failure, vmName, code } of failures) {
    it(`a failure at the ${step} step leaves zero resources behind and says why in Azure's words`, async () => {
      const before = server.resourceIds();
      const injection = server.inject({ method, path: failingPath, times: 1, ...failure });
      let run: Awaited<ReturnType<typeof create>>;
      server.requests.length = 0;
      try {
        run = await create({ vmName });
      } finally {
        injection.remove();
      }
      assert.equal(run.result, undefined);
      assert.equal(injection.hits, 1);
      assert.deepEqual(server.resourceIds(), before);
      const deletes = server.requests.filter((r) => r.method === 'DELETE').map((r) => r.path.split('/').pop() ?? '');
      assert.deepEqual(deletes.sort(), expectedDeletes(step, vmName));
      const told = run.shown.last('error')?.message ?? '';
      assert.ok(told.startsWith(`Creating the ${stepWords[step]} failed:`), told);
      assert.ok(told.includes(`(${code})`), told);
      assert.doesNotMatch(told, /could not be deleted/);
    });
  }

  it('a VM create that Azure accepts and then fails is deleted again too', async () => {
    const before = server.resourceIds();
    const injection = server.inject({
      method: 'PUT',
      path: /virtualMachines\/azl-f7$/i,
      times: 1,
      failOperation: true,
      code: 'OSProvisioningTimedOut',
      message: 'OS Provisioning for VM did not finish in the allotted time.',
    });
    try {
      const run = await create({ vmName: 'azl-f7' });
      assert.equal(run.result, undefined);
      assert.match(outcome(run), /OS Provisioning.*\(OSProvisioningTimedOut\)/);
      assert.match(outcome(run), /Everything this run created was deleted again/);
    } finally {
      injection.remove();
    }
    assert.deepEqual(server.resourceIds(), before);
  });

  it('cancelling midway leaves zero resources behind', async () => {
    const before = server.resourceIds();
    const controller = new AbortController();
    // The NIC request is slow, so the cancel lands while it is in flight.
    const slow = server.inject({ method: 'PUT', path: /networkInterfaces\/azl-c1-nic$/i, delayMs: 400 });
    try {
      const run = await create({
        vmName: 'azl-c1',
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'stepStarted' && event.step === 'networkInterface') {
            setTimeout(() => controller.abort(), 50);
          }
        },
      });
      assert.equal(run.result, undefined);
      assert.match(
        run.shown.last('info')?.message ?? '',
        /^Creating azl-c1 was cancelled\. Everything this run created was deleted again\.$/,
      );
      assert.equal(run.shown.last('error'), undefined, 'a cancel is no error');
    } finally {
      slow.remove();
    }
    assert.equal(server.requestCount({ method: 'PUT', path: /virtualMachines\/azl-c1$/i }), 0, 'the VM was never requested');
    assert.deepEqual(server.resourceIds(), before);
  });

  it('cancelling while the VM PUT is in flight, in an existing group, leaves zero resources behind', async () => {
    const before = server.resourceIds();
    const controller = new AbortController();
    const slow = server.inject({ method: 'PUT', path: /virtualMachines\/azl-c2$/i, times: 1, delayMs: 400 });
    try {
      const run = await create({
        vmName: 'azl-c2',
        resourceGroup: 'rg-p',
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'stepStarted' && event.step === 'virtualMachine') {
            setTimeout(() => controller.abort(), 50);
          }
        },
      });
      assert.equal(run.result, undefined);
      assert.match(
        run.shown.last('info')?.message ?? '',
        /^Creating azl-c2 was cancelled\. Everything this run created was deleted again\.$/,
      );
    } finally {
      slow.remove();
    }
    assert.equal(slow.hits, 1, 'the VM PUT went out');
    assert.deepEqual(server.resourceIds(), before, 'the VM Azure created after the cancel was deleted again, and the group kept');
  });

  it('a sign-in that expires during a create says what cleanup left behind beside the sign-in prompt', async () => {
    let run: Awaited<ReturnType<typeof create>>;
    try {
      run = await create({
        vmName: 'azl-e1',
        onEvent: (event) => {
          if (event.type === 'stepStarted' && event.step === 'networkInterface') {
            server.tokenValidator = () => armFailures.expiredToken();
          }
        },
      });
      assert.equal(run.result, undefined);
    } finally {
      server.tokenValidator = undefined;
    }
    assert.equal(feature.session.state, 'expired');
    assert.equal(run.shown.last('error'), undefined, 'no error beside the prompt');
    const prompt = run.shown.last('warning')?.message ?? '';
    assert.match(prompt, /Some resources could not be deleted: .*azl-e1-ip \(Microsoft\.Network\/publicIPAddresses\)/);
    assert.match(prompt, /azl-e1-rg \(Microsoft\.Resources\/resourceGroups\)/);
    assert.match(prompt, /expired\. Run "az login"/);
    assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), true);
  });

  it('an ARM 401 on Show Properties leads to the re-sign-in prompt, not an error', async () => {
    const node = await vmNode('Dev', 'dev-vm-4');
    const shown = recordSeams(api);
    const unauthorized = server.inject({
      method: 'GET',
      path: /virtualMachines\/dev-vm-4$/i,
      status: 401,
      code: 'ExpiredAuthenticationToken',
      message: 'The access token expiry UTC time is earlier than current UTC time.',
    });
    try {
      assert.equal(await vscode.commands.executeCommand('azureLinux.azure.showProperties', node), undefined);
    } finally {
      unauthorized.remove();
      shown.restore();
    }
    assert.ok(unauthorized.hits >= 1);
    assert.equal(feature.session.state, 'expired');
    assert.equal(shown.last('error'), undefined, 'no error notification');
    assert.match(shown.last('warning')?.message ?? '', /expired\. Run "az login"/);
    assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), true);
    const document = await vscode.commands.executeCommand<vscode.TextDocument>(
      'azureLinux.azure.showProperties',
      await vmNode('Dev', 'dev-vm-4'),
    );
    assert.match(document.getText(), /"name": "dev-vm-4"/);
  });

  it('Show Properties again shows the VM as Azure has it now, in the document already open', async () => {
    const node = await vmNode('Dev', 'dev-vm-4');
    const first = await vscode.commands.executeCommand<vscode.TextDocument>('azureLinux.azure.showProperties', node);
    assert.doesNotMatch(first.getText(), /"owner": "team-b"/);
    server.setTags(node.vm.id, { owner: 'team-b' });
    const again = await vscode.commands.executeCommand<vscode.TextDocument>('azureLinux.azure.showProperties', node);
    assert.equal(again.uri.toString(), first.uri.toString());
    assert.match(again.getText(), /"owner": "team-b"/);
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === first.uri.toString());
    assert.match(open?.getText() ?? '', /"owner": "team-b"/, 'the open document shows the new JSON');
    assert.equal(vscode.window.activeTextEditor?.document.getText(), again.getText());
  });

  describe('signing in', () => {
    let stateDir: string;
    /** The PATH useFakeArm made (the stand-in az first), put back after the test that takes az away. */
    let pathWithFakeAz: string | undefined;

    before(() => {
      stateDir = mkdtempSync(path.join(os.tmpdir(), 'azl-az-state-'));
      pathWithFakeAz = process.env.PATH;
    });

    after(async () => {
      delete process.env.AZL_FAKE_AZ_HOLD_FILE;
      delete process.env.AZL_FAKE_AZ_STATE_FILE;
      process.env.PATH = pathWithFakeAz;
      rmSync(stateDir, { recursive: true, force: true });
      assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), true, 'signed in again for the tests after these');
    });

    it('while a sign-in waits it can be cancelled quietly, and asking again starts it over', async () => {
      const hold = path.join(stateDir, 'hold');
      writeFileSync(hold, '');
      process.env.AZL_FAKE_AZ_HOLD_FILE = hold;
      await vscode.commands.executeCommand('azureLinux.azure.signOut');
      const shown = recordSeams(api);
      try {
        const first = vscode.commands.executeCommand<boolean>('azureLinux.azure.signIn');
        await eventually('the sign-in waits', () => feature.session.signingIn);
        const again = vscode.commands.executeCommand<boolean>('azureLinux.azure.signIn');
        assert.equal(await first, false, 'the first attempt gives way to the second');
        assert.equal(feature.session.signingIn, true, 'the second one waits');
        await vscode.commands.executeCommand('azureLinux.azure.cancelSignIn');
        assert.equal(await again, false);
        assert.equal(feature.session.signingIn, false);
        assert.equal(feature.session.state, 'signedOut');
        assert.deepEqual(shown.notifications, [], 'a cancel is not an error');
      } finally {
        shown.restore();
        rmSync(hold, { force: true });
        delete process.env.AZL_FAKE_AZ_HOLD_FILE;
      }
    });

    it('an Azure CLI that is not signed in says so once and offers "Run az login", which signs in here when it succeeds', async () => {
      const state = path.join(stateDir, 'state');
      writeFileSync(state, 'expired\n');
      process.env.AZL_FAKE_AZ_STATE_FILE = state;
      await vscode.commands.executeCommand('azureLinux.azure.signOut');
      const terminals: (vscode.TerminalOptions | vscode.ExtensionTerminalOptions)[] = [];
      const seams = api.context.seams;
      const shown = recordSeams(api, {
        answer: (notification) => (notification.actions.includes('Run az login') ? 'Run az login' : undefined),
      });
      // The terminal runs in VS Code's terminal host, not in this process: it gets the stand-in az through its own env.
      const recording = seams.terminals;
      seams.terminals = {
        open: (options) => {
          terminals.push(options);
          const env = { PATH: pathWithFakeAz, AZL_FAKE_AZ_STATE_FILE: state };
          return recording.open({ ...(options as vscode.TerminalOptions), env });
        },
      };
      try {
        const signedIn = new Promise<void>((resolve) => {
          const watching = feature.session.onDidChangeState((current) => current === 'signedIn' && (watching.dispose(), resolve()));
        });
        assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), false);
        const errors = shown.notifications.filter((notification) => notification.kind === 'error');
        assert.deepEqual(
          errors.map((notification) => notification.message),
          ['The Azure CLI is not signed in. Run "az login", and the extension signs in as soon as it succeeds.'],
          'said once, without repeating the CLI',
        );
        await eventually('the az login terminal', () => terminals.length === 1);
        const options = terminals[0] as vscode.TerminalOptions;
        assert.equal(options.shellPath, 'az');
        assert.deepEqual(options.shellArgs, ['login', '--tenant', tenantId], 'an argument array with the tenant of the settings');
        await signedIn;
        assert.equal(feature.session.state, 'signedIn', 'az login succeeded: signed in here without another click');
      } finally {
        shown.restore(); // the real notifications and terminals again
        delete process.env.AZL_FAKE_AZ_STATE_FILE;
      }
    });

    it('an Azure CLI that is not installed says so and offers the install page or the VS Code account', async () => {
      process.env.PATH = '/usr/bin:/bin';
      await vscode.commands.executeCommand('azureLinux.azure.signOut');
      const shown = recordSeams(api);
      try {
        assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), false);
        const error = shown.last('error');
        assert.match(error?.message ?? '', /^The Azure CLI \(az\) is not installed, or not on the PATH/);
        assert.deepEqual(error?.actions, ['Install the Azure CLI', 'Use My VS Code Account']);
      } finally {
        shown.restore();
      }
    });
  });

  it('an expired sign-in leads to a re-sign-in prompt and the welcome view, not a stack trace', async () => {
    process.env.AZL_FAKE_AZ_EXPIRED = '1';
    const shown = recordSeams(api);
    try {
      await vscode.commands.executeCommand('azureLinux.azure.refresh');
      const [account] = await roots();
      assert.ok(account, 'the tree does not know yet');
      assert.deepEqual(await children(account), [], 'no error node, no exception');
      assert.equal(feature.session.state, 'expired');
      assert.match(shown.last('warning')?.message ?? '', /expired\. Run "az login"/);
      assert.deepEqual(await roots(), [], 'the view falls back to its "Sign in to Azure" welcome');
    } finally {
      shown.restore();
      delete process.env.AZL_FAKE_AZ_EXPIRED;
    }
    assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), true);
    assert.equal((await children((await roots())[0])).length, 3);
  });
});
