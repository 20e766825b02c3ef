import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AzureLinuxToolsApi } from '../../src/api';
import type { DeployAnswers, DeployEvent, DeployResult } from '../../src/commands/imageBuilds/deploy';
import type { DownloadBaseAnswers } from '../../src/commands/imageBuilds/downloadBase';
import type { AzureFeature } from '../../src/features/azure';
import type { TreeNode } from '../../src/views/treeNode';
import type { VmNode } from '../../src/views/azure/vmTree';
import { armFailures, startArmServer, type ArmServer } from '../fakes/arm/server';
import { fixedVhdFooter, gptStart } from '../fakes/arm/vhd';
import { eventually } from '../helpers/eventually';
import { useFakeArm, type FakeArmSignIn } from './fakeArmSignIn';
import { activateExtension, recordSeams, type Recorded } from './helpers';

/*
 * From an image file to a running VM, in a real VS Code against the fake Azure Resource Manager and its blob
 * endpoints (test/fakes/arm), through the real SDK clients (@azure/arm-compute, @azure/storage-blob): downloading a
 * marketplace base through a temporary disk, deploying a built VHD as a VM or a gallery image version, with the
 * faults and cancels a transfer meets, and "did it boot?" (boot diagnostics' serial log and screenshot).
 */

const tenantId = '72f988bf-0000-4000-8000-00000000cccc';
const sub = '22222222-0000-4000-8000-000000000001';
const callerIp = '203.0.113.9';
const sshKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHFh8Gq8mDq2yHlV0pQm3pR7Vb8sQ6wqYqR8mK9f1lXo deploy@azl';
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const urn = { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2', version: 'latest' };

/** A sparse fixed VHD: a GPT start when `bootable`, a MiB of data at each offset (in MiB), zeros, the footer. */
function writeVhd(file: string, diskMiB: number, stretches: number[], bootable = true): string {
  const fd = openSync(file, 'w');
  try {
    if (bootable) writeSync(fd, gptStart(diskMiB * MiB), 0, 1024, 0);
    for (const at of stretches) writeSync(fd, Buffer.alloc(MiB, (at % 250) + 1), 0, MiB, at * MiB);
    writeSync(fd, fixedVhdFooter(diskMiB * MiB), 0, 512, diskMiB * MiB);
  } finally {
    closeSync(fd);
  }
  return file;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function readAt(file: string, offset: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, bytes, 0, length, offset);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/** Closes the editors of a scheme, so nothing keeps following a log after its test. */
async function closeEditorsOf(scheme: string): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === scheme);
  await vscode.window.tabGroups.close(tabs);
}

function label(node: TreeNode): string {
  const text = node.getTreeItem().label;
  return typeof text === 'string' ? text : (text?.label ?? '');
}

describe('Azure Linux images: download a base, deploy to Azure, did it boot?', function () {
  this.timeout(180_000);
  let api: AzureLinuxToolsApi;
  let feature: AzureFeature;
  let server: ArmServer;
  let folder: string;
  let signedIn: FakeArmSignIn | undefined;
  /** What the SSH port probe answers: a fake VM's address is not a real host, so the test says. */
  let sshAnswers = false;
  let realSshProbe: AzureLinuxToolsApi['context']['seams']['sshPort'] | undefined;

  async function vmNode(name: string): Promise<VmNode> {
    const provider = api.views.virtualMachines.provider;
    const [account] = await provider.getChildren();
    const subscription = (await provider.getChildren(account)).find((node) => label(node) === 'Images');
    assert.ok(subscription, 'the subscription is in the tree');
    const node = (await provider.getChildren(subscription)).find((candidate) => label(candidate) === name);
    assert.ok(node, `${name} is in the tree`);
    return node as VmNode;
  }

  /** A Download Base Image run with these answers; `shown` is what the person was told. */
  async function download(answers: Partial<DownloadBaseAnswers> = {}): Promise<{ path: string | undefined; shown: Recorded }> {
    const seams = api.context.seams;
    const wizard = seams.downloadBaseQuestions;
    seams.downloadBaseQuestions = { ask: async () => ({ subscriptionId: sub, location: 'westus3', image: urn, ...answers }) };
    const shown = recordSeams(api);
    try {
      return { path: await vscode.commands.executeCommand<string | undefined>('azureLinux.imageBuilds.downloadBase'), shown };
    } finally {
      shown.restore();
      seams.downloadBaseQuestions = wizard;
    }
  }

  interface DeployRun {
    result: DeployResult | undefined;
    shown: Recorded;
    events: DeployEvent[];
    resumeAsked: string[];
    ready: string[];
  }

  /** A Deploy to Azure run on `file` with these answers in place of the wizard's. */
  async function deploy(file: string, answers: Partial<DeployAnswers>, resume: () => boolean = () => false): Promise<DeployRun> {
    const seams = api.context.seams;
    const wizard = seams.deployQuestions;
    const run: DeployRun = { result: undefined, shown: recordSeams(api), events: [], resumeAsked: [], ready: [] };
    seams.deployQuestions = {
      ask: async () => ({
        subscriptionId: sub,
        location: 'westus3',
        target: 'vm',
        sshPublicKey: sshKey,
        sshSourceAddress: callerIp,
        bootTimeoutSeconds: 20,
        ...answers,
        onEvent: (event) => {
          run.events.push(event);
          answers.onEvent?.(event);
        },
      }),
      resumeUpload: async (message) => (run.resumeAsked.push(message), resume()),
      keepAfterFailure: async () => false,
      ready: (vm) => run.ready.push(vm.name),
    };
    try {
      run.result = await vscode.commands.executeCommand<DeployResult | undefined>('azureLinux.imageBuilds.deploy', vscode.Uri.file(file));
    } finally {
      run.shown.restore();
      seams.deployQuestions = wizard;
    }
    return run;
  }

  function outcome(run: { shown: Recorded }): string {
    return (run.shown.last('error') ?? run.shown.last('info'))?.message ?? '(nothing shown)';
  }

  before(async () => {
    api = await activateExtension();
    feature = api.context.azure();
    server = await startArmServer();
    server.addTenant({ tenantId, displayName: 'Fabrikam' });
    server.addSubscription({ subscriptionId: sub, displayName: 'Images', tenantId });
    server.addStandardCatalog(['eastus']);
    // A region with a small Azure Linux image (a 1 GiB OS disk), and the sizes a Gen2 VM takes there.
    server.addImage({
      location: 'westus3',
      ...urn,
      versions: ['3.20250102.02', '3.20250310.01'],
      osDiskSizeGb: 1,
      securityType: 'TrustedLaunchSupported',
    });
    server.addImage({ location: 'westus3', ...urn, sku: 'azure-linux-3-gen2-fips', versions: ['3.20250310.01'], osDiskSizeGb: 1 });
    server.addVmSize({
      name: 'Standard_D2s_v5',
      locations: ['westus3'],
      vCPUs: 2,
      memoryGB: 8,
      family: 'standardDSv5Family',
      hyperVGenerations: 'V1,V2',
    });
    signedIn = await useFakeArm(server, tenantId);
    assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), true);
    realSshProbe = api.context.seams.sshPort;
    api.context.seams.sshPort = { answers: async () => sshAnswers };
    folder = mkdtempSync(path.join(os.tmpdir(), 'azl-images-'));
  });

  after(async () => {
    if (realSshProbe) api.context.seams.sshPort = realSshProbe;
    await signedIn?.restore();
    await feature?.session.signOut();
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('downloads an Azure Linux base through a temporary disk, deletes it again, and reuses the download', async () => {
    const before = server.resourceIds();
    let exported: { start: number; bytes: Buffer }[] = [];
    let exportSize = 0;
    let groupTags: Record<string, string> | undefined;
    const run = await download({
      // While the download runs, note what the temporary disk exports, to compare the file with afterwards.
      onProgress: () => {
        if (exported.length > 0) return;
        const disk = server
          .resources()
          .find((resource) => /\/resourceGroups\/azl-base-[0-9a-f]+\/providers\/Microsoft\.Compute\/disks\//i.test(resource.id))!;
        groupTags = server
          .resources()
          .find((resource) => resource.id.toLowerCase() === disk.id.toLowerCase().replace(/\/providers\/.*$/, ''))?.tags;
        const blob = server.diskBlob(disk.id)!;
        exportSize = blob.size;
        exported = blob.pageRanges().map((range) => ({ start: range.start, bytes: blob.read(range.start, range.end - range.start + 1) }));
      },
    });
    assert.ok(run.path, `downloaded (${outcome(run)})`);
    assert.match(
      run.path,
      /base-images[\\/]MicrosoftCBLMariner_azure-linux-3_azure-linux-3-gen2_3\.20250310\.01\.vhd$/,
      '"latest" is cached as its exact version',
    );
    assert.equal(groupTags?.createdBy, 'azure-linux-tools', 'the temporary group is tagged');
    assert.equal(statSync(run.path).size, GiB + 512);
    assert.equal(exportSize, GiB + 512);
    for (const range of exported)
      assert.ok(readAt(run.path, range.start, range.bytes.length).equals(range.bytes), `bytes at ${range.start}`);
    assert.deepEqual(server.resourceIds(), before, 'the temporary group and disk are gone');
    assert.equal(server.requestCount({ method: 'POST', path: /\/beginGetAccess$/ }), 1);
    assert.equal(server.requestCount({ method: 'POST', path: /\/endGetAccess$/ }), 1, 'access was revoked before the delete');
    assert.match(
      run.shown.last('info')?.message ?? '',
      /^Downloaded MicrosoftCBLMariner:azure-linux-3:azure-linux-3-gen2:3\.20250310\.01 to /,
    );

    server.requests.length = 0;
    const again = await download();
    assert.equal(again.path, run.path);
    assert.equal(server.requestCount({ method: 'PUT' }), 0, 'no temporary resources the second time');
    assert.match(again.shown.last('info')?.message ?? '', /^Using .* downloaded before/);
  });

  it('a cancelled download deletes the temporary resources, keeps what it got, and the next one resumes', async () => {
    const fips = { ...urn, sku: 'azure-linux-3-gen2-fips' };
    const before = server.resourceIds();
    const controller = new AbortController();
    // Ranged reads (no comp= in the query) after the first are slow, so the cancel lands mid-download.
    const slow = server.inject({ method: 'GET', path: /\/abcd$/, query: /^(?!.*comp=)/, after: 1, delayMs: 2000 });
    let first: Awaited<ReturnType<typeof download>>;
    try {
      first = await download({
        image: fips,
        signal: controller.signal,
        onProgress: (snapshot) => snapshot.transferredBytes > 0 && controller.abort(),
      });
    } finally {
      slow.remove();
    }
    assert.equal(first.path, undefined);
    assert.match(
      first.shown.last('info')?.message ?? '',
      /was cancelled\. What was downloaded is kept: downloading it again continues from there\./,
    );
    assert.deepEqual(server.resourceIds(), before, 'a cancel deletes the temporary resources too');

    server.requests.length = 0;
    const second = await download({ image: fips });
    assert.ok(second.path, outcome(second));
    const rangedReads = server.requests.filter((r) => r.method === 'GET' && /\/abcd$/.test(r.path) && !('comp' in r.query)).length;
    // 1 KiB + 3 MiB + 2 MiB + 512 of data are 4 ranges of at most 4 MiB; one was done before the cancel.
    assert.ok(rangedReads < 4, `${rangedReads} ranged reads: the first run's range was not fetched again`);
    assert.deepEqual(server.resourceIds(), before);
  });

  it("a download that fails deletes what it made and says why in Azure's words", async () => {
    const before = server.resourceIds();
    const failing = server.inject({
      method: 'PUT',
      path: /\/disks\/azl-base-[0-9a-f]+-disk$/,
      ...armFailures.quotaExceeded('westus3'),
      times: 1,
    });
    try {
      const run = await download({ image: { ...urn, version: '3.20250102.02' } });
      assert.equal(run.path, undefined);
      assert.match(
        run.shown.last('error')?.message ?? '',
        /Creating the disk azl-base-[0-9a-f]+-disk from azure-linux-3:azure-linux-3-gen2 failed: .*\(OperationNotAllowed\)/,
      );
    } finally {
      failing.remove();
    }
    assert.deepEqual(server.resourceIds(), before);
  });

  it('an expired sign-in during a download asks to sign in again instead of showing an error', async () => {
    server.tokenValidator = () => armFailures.expiredToken();
    let run: Awaited<ReturnType<typeof download>>;
    try {
      run = await download();
    } finally {
      server.tokenValidator = undefined;
    }
    assert.equal(run.path, undefined);
    assert.equal(run.shown.last('error'), undefined, 'no error beside the prompt');
    assert.match(run.shown.last('warning')?.message ?? '', /expired\. Run "az login"/);
    assert.equal(feature.session.state, 'expired');
    assert.equal(await vscode.commands.executeCommand('azureLinux.azure.signIn'), true);
  });

  it('refuses what Azure would refuse before making anything: a dynamic VHD or a file without a footer', async () => {
    const raw = path.join(folder, 'image.raw');
    writeVhd(raw, 24, [1]);
    const fd = openSync(raw, 'r+');
    writeSync(fd, Buffer.alloc(512), 0, 512, 24 * MiB);
    closeSync(fd);
    server.requests.length = 0;
    const run = await deploy(raw, { vmName: 'never' });
    assert.equal(run.result, undefined);
    assert.match(run.shown.last('error')?.message ?? '', /image\.raw has no VHD footer .*--output-image-format vhd-fixed/);
    assert.equal(server.requests.length, 0, 'Azure was not asked anything');
  });

  it('deploys a built VHD as a VM: upload through a 503, boot diagnostics, your key, in the tree with SSH and Remote-SSH', async () => {
    const file = writeVhd(path.join(folder, 'web.vhd'), 64, [2, 20, 40]);
    const before = server.resourceIds();
    // The person has the VM view open (its subscriptions drawn), so the new VM can be revealed in it.
    await vscode.commands.executeCommand('azureLinux.virtualMachines.focus');
    const provider = api.views.virtualMachines.provider;
    await provider.getChildren((await provider.getChildren())[0]);
    const busy = server.inject({ method: 'PUT', path: /\/abcd$/, query: /comp=page/, after: 1, times: 2, status: 503 });
    server.requests.length = 0;
    let run: DeployRun;
    try {
      run = await deploy(file, { vmName: 'azl-dep1', adminUsername: 'builder' });
    } finally {
      busy.remove();
    }
    const result = run.result;
    assert.ok(result?.kind === 'vm', `deployed (${outcome(run)})`);
    assert.equal(result.booted, true);
    assert.equal(result.bootedBy, 'vmAgent');
    assert.equal(busy.hits, 2, 'two Put Pages met a 503 and were retried');
    assert.deepEqual(run.ready, ['azl-dep1']);

    const created = server.resources().filter((resource) => !before.includes(resource.id));
    assert.deepEqual(created.map((resource) => resource.type).sort(), [
      'Microsoft.Compute/disks',
      'Microsoft.Compute/virtualMachines',
      'Microsoft.Network/networkInterfaces',
      'Microsoft.Network/networkSecurityGroups',
      'Microsoft.Network/publicIPAddresses',
      'Microsoft.Network/virtualNetworks',
      'Microsoft.Resources/resourceGroups',
    ]);
    for (const resource of created) assert.equal(resource.tags?.createdBy, 'azure-linux-tools', `${resource.id} is tagged`);
    const disk = created.find((resource) => resource.type === 'Microsoft.Compute/disks')!;
    assert.match(disk.id, /\/resourceGroups\/azl-dep1-rg\/providers\/Microsoft\.Compute\/disks\/azl-dep1-osdisk$/);
    assert.equal(server.diskBlob(disk.id)!.sha256(), sha256(file), "the disk's blob is the file");
    const putPages = server.requests.filter((r) => r.method === 'PUT' && r.query.comp === 'page').length;
    assert.equal(putPages, 4 + 2, 'the ranges that hold data (GPT, 3 stretches in 3 ranges, the footer: 4), and two retries');
    const vm = created.find((resource) => resource.type === 'Microsoft.Compute/virtualMachines')!;
    const properties = vm.properties as {
      storageProfile: { osDisk: { createOption: string }; imageReference?: unknown };
      osProfile?: unknown;
      diagnosticsProfile: { bootDiagnostics: { enabled: boolean; storageUri?: string } };
    };
    assert.equal(properties.storageProfile.osDisk.createOption, 'Attach');
    assert.equal(properties.osProfile, undefined);
    assert.deepEqual(properties.diagnosticsProfile.bootDiagnostics, { enabled: true }, 'boot diagnostics in managed storage');
    const nsg = created.find((resource) => resource.type === 'Microsoft.Network/networkSecurityGroups')!;
    const rules = (nsg.properties as { securityRules: { properties: Record<string, unknown> }[] }).securityRules;
    assert.deepEqual([rules[0]!.properties.destinationPortRange, rules[0]!.properties.sourceAddressPrefix], ['22', `${callerIp}/32`]);
    const access = server.vmExtension(vm.id, 'enablevmaccess') as { properties: { type: string; protectedSettings: unknown } };
    assert.equal(access.properties.type, 'VMAccessForLinux');
    assert.deepEqual(access.properties.protectedSettings, { username: 'builder', ssh_key: sshKey });

    const node = await vmNode('azl-dep1');
    assert.equal(node.getTreeItem().contextValue, 'azure.vm.running');
    await eventually('the new VM selected', () => api.views.virtualMachines.view.selection[0]?.id === node.id);
    const shown = recordSeams(api, { openTerminals: false });
    try {
      await vscode.commands.executeCommand('azureLinux.azure.sshIntoVm', node);
    } finally {
      shown.restore();
    }
    const args = (shown.terminals[0] as vscode.TerminalOptions).shellArgs as string[];
    assert.deepEqual(args.slice(-4), ['-l', 'builder', '--', node.vm.publicIps[0]], 'SSH logs in as the user the key was given to');
    const home = process.env.HOME;
    process.env.HOME = folder;
    try {
      const remote = await vscode.commands.executeCommand<{ configFile: string }>('azureLinux.azure.connectRemoteSsh', node);
      assert.match(readFileSync(remote.configFile, 'utf8'), /Host azl-dep1\.azl-dep1-rg\n(?: {2}#.*\n)? {2}HostName .*\n {2}User builder/);
    } finally {
      process.env.HOME = home;
    }

    await vscode.commands.executeCommand('azureLinux.azure.deleteVm', node, undefined, {
      dependents: ['networkInterface', 'publicIp', 'osDisk', 'networkSecurityGroup', 'virtualNetwork', 'resourceGroup'],
    });
    assert.deepEqual(server.resourceIds(), before, 'delete takes all the deploy made');
  });

  it('a VM whose image does not boot: no agent, no SSH; after the time limit its serial log opens and it says so', async () => {
    const file = writeVhd(path.join(folder, 'broken.vhd'), 24, [3], false);
    const run = await deploy(file, { vmName: 'azl-dep2', bootTimeoutSeconds: 2 });
    assert.ok(run.result?.kind === 'vm', outcome(run));
    assert.equal(run.result.booted, false);
    assert.deepEqual(run.ready, []);
    assert.match(
      run.shown.last('warning')?.message ?? '',
      /azl-dep2 did not report as booted within 2 s \(no VM agent, no SSH\)\. Its serial log is open/,
    );
    const log = await eventually('the serial log open', () =>
      vscode.workspace.textDocuments.find(
        (document) => document.uri.scheme === 'azurelinux-serial-log' && document.uri.path.endsWith('/azl-dep2.serial.log'),
      ),
    );
    assert.match(log.getText(), /No bootable option or device was found/);
    assert.doesNotMatch(log.getText(), /\r/, 'carriage returns are gone');
    assert.equal(server.vmExtension(run.result.vm.id, 'enablevmaccess'), undefined, 'no key was tried without an agent');
    assert.ok((await vmNode('azl-dep2')) !== undefined, 'the VM stays, to look into');
    await closeEditorsOf('azurelinux-serial-log');
  });

  it('a VM that answers on SSH but has no VM agent counts as booted, and it says the key must be in the image', async () => {
    const file = writeVhd(path.join(folder, 'noagent.vhd'), 24, [3], false);
    sshAnswers = true;
    let run: DeployRun;
    try {
      run = await deploy(file, { vmName: 'azl-dep3' });
    } finally {
      sshAnswers = false;
    }
    assert.ok(run.result?.kind === 'vm', outcome(run));
    assert.deepEqual([run.result.booted, run.result.bootedBy], [true, 'ssh']);
    assert.match(
      run.shown.last('info')?.message ?? '',
      /azl-dep3 answers on SSH, but its VM agent does not, so your key could not be added/,
    );
    assert.equal(server.vmExtension(run.result.vm.id, 'enablevmaccess'), undefined);
  });

  it('publishes a built VHD to a new gallery, then a second version to the same one', async () => {
    const file = writeVhd(path.join(folder, 'gallery1.vhd'), 24, [5]);
    const before = server.resourceIds();
    const run = await deploy(file, { target: 'gallery', gallery: 'azl_it', imageDefinition: 'web', resourceGroup: 'images-rg' });
    assert.ok(run.result?.kind === 'gallery', outcome(run));
    assert.match(
      run.result.imageVersionId,
      /\/resourceGroups\/images-rg\/providers\/Microsoft\.Compute\/galleries\/azl_it\/images\/web\/versions\/1\.0\.0$/,
    );
    assert.equal(server.imageVersionSourceSha256(run.result.imageVersionId), sha256(file), 'the version holds the uploaded bytes');
    const created = server.resources().filter((resource) => !before.includes(resource.id));
    assert.deepEqual(
      created.map((resource) => resource.type).sort(),
      [
        'Microsoft.Compute/galleries',
        'Microsoft.Compute/galleries/images',
        'Microsoft.Compute/galleries/images/versions',
        'Microsoft.Resources/resourceGroups',
      ],
      'the upload disk is gone',
    );
    for (const resource of created) assert.equal(resource.tags?.createdBy, 'azure-linux-tools', `${resource.id} is tagged`);
    const definition = created.find((resource) => resource.type === 'Microsoft.Compute/galleries/images')!;
    assert.deepEqual(
      [definition.properties.osState, definition.properties.hyperVGeneration, definition.properties.osType],
      ['Generalized', 'V2', 'Linux'],
    );
    assert.match(run.shown.last('info')?.message ?? '', /Published gallery1\.vhd as version 1\.0\.0 of web in gallery azl_it/);

    const second = await deploy(writeVhd(path.join(folder, 'gallery2.vhd'), 24, [6]), {
      target: 'gallery',
      gallery: 'azl_it',
      imageDefinition: 'web',
      location: 'eastus',
    });
    assert.ok(second.result?.kind === 'gallery', outcome(second));
    assert.match(
      second.result.imageVersionId,
      /\/galleries\/azl_it\/images\/web\/versions\/1\.0\.1$/,
      'the next version, in the existing gallery',
    );
    assert.ok(!server.resourceIds().some((id) => /\/disks\/azl-upload-/.test(id)));
  });

  it('an upload whose access expires mid-way asks for it again and finishes', async () => {
    const file = writeVhd(path.join(folder, 'expire.vhd'), 32, [1, 9, 17, 25]);
    let expired = false;
    server.requests.length = 0;
    const run = await deploy(file, {
      target: 'gallery',
      gallery: 'azl_it',
      imageDefinition: 'expiring',
      onEvent: (event) => {
        if (event.type === 'transfer' && !expired) {
          expired = true;
          const disk = server.resources().find((resource) => /\/disks\/azl-upload-/.test(resource.id))!;
          server.expireDiskAccess(disk.id);
        }
      },
    });
    assert.ok(run.result?.kind === 'gallery', outcome(run));
    assert.equal(server.requestCount({ method: 'POST', path: /\/beginGetAccess$/ }), 2, 'write access was granted again');
    assert.equal(server.imageVersionSourceSha256(run.result.imageVersionId), sha256(file));
  });

  it('an upload that keeps failing asks to resume; resumed, it sends only the rest', async () => {
    const file = writeVhd(path.join(folder, 'resume.vhd'), 32, [1, 9, 17, 25]);
    // After two ranges every Put Page fails, so the storage pipeline's own retries give up; the fault clears when
    // the person chooses to resume.
    const failing = server.inject({ method: 'PUT', path: /\/abcd$/, query: /comp=page/, after: 2, status: 500 });
    let run: DeployRun;
    try {
      run = await deploy(file, { target: 'gallery', gallery: 'azl_it', imageDefinition: 'resumed' }, () => (failing.remove(), true));
    } finally {
      failing.remove();
    }
    assert.equal(run.resumeAsked.length, 1);
    assert.match(run.resumeAsked[0]!, /Uploading the VHD failed: .*\(500 InternalError\)/);
    assert.ok(run.result?.kind === 'gallery', outcome(run));
    assert.equal(server.imageVersionSourceSha256(run.result.imageVersionId), sha256(file), 'resumed, the disk still holds the whole file');
  });

  it('an upload that fails and is not resumed removes everything the run made', async () => {
    const file = writeVhd(path.join(folder, 'fail.vhd'), 32, [1, 9]);
    const before = server.resourceIds();
    const failing = server.inject({ method: 'PUT', path: /\/abcd$/, query: /comp=page/, status: 500 });
    let run: DeployRun;
    try {
      run = await deploy(file, { vmName: 'azl-fail1' });
    } finally {
      failing.remove();
    }
    assert.equal(run.result, undefined);
    assert.equal(run.resumeAsked.length, 1);
    assert.match(
      outcome(run),
      /^Deploying azl-fail1 failed: Uploading the VHD failed: .*\(500 InternalError\) Everything this run created was deleted again\.$/,
    );
    assert.deepEqual(server.resourceIds(), before, 'the disk and the new group are gone');
  });

  it('cancelling during the upload removes the disk and the group, with no error', async () => {
    const file = writeVhd(path.join(folder, 'cancel.vhd'), 32, [1, 9, 17, 25]);
    const before = server.resourceIds();
    const controller = new AbortController();
    const slow = server.inject({ method: 'PUT', path: /\/abcd$/, query: /comp=page/, after: 1, delayMs: 1500 });
    let run: DeployRun;
    try {
      run = await deploy(file, {
        vmName: 'azl-cancel1',
        signal: controller.signal,
        onEvent: (event) => event.type === 'transfer' && controller.abort(),
      });
    } finally {
      slow.remove();
    }
    assert.equal(run.result, undefined);
    assert.equal(run.shown.last('error'), undefined, 'a cancel is no error');
    assert.match(
      run.shown.last('info')?.message ?? '',
      /^Deploying azl-cancel1 was cancelled\. Everything this run created was deleted again\.$/,
    );
    assert.ok(run.events.some((event) => event.type === 'cleanupStarted'));
    assert.deepEqual(server.resourceIds(), before);
  });

  it("a VM create that fails after the upload removes the VM plan's resources and the disk", async () => {
    const file = writeVhd(path.join(folder, 'vmfail.vhd'), 24, [2]);
    const before = server.resourceIds();
    const failing = server.inject({
      method: 'PUT',
      path: /virtualMachines\/azl-fail2$/i,
      times: 1,
      ...armFailures.skuNotAvailable('Standard_D2s_v5', 'westus3'),
    });
    let run: DeployRun;
    try {
      run = await deploy(file, { vmName: 'azl-fail2' });
    } finally {
      failing.remove();
    }
    assert.equal(run.result, undefined);
    assert.match(
      outcome(run),
      /Creating the virtual machine failed: .*\(SkuNotAvailable\).* Everything this run created was deleted again\./,
    );
    assert.deepEqual(server.resourceIds(), before);
  });

  it('Show Serial Log follows a booting VM, and stops when it has booted', async () => {
    const vm = server.addVirtualMachine(sub, 'rg-boot', {
      name: 'booting',
      location: 'westus3',
      properties: { diagnosticsProfile: { bootDiagnostics: { enabled: true } } },
    });
    await vscode.commands.executeCommand('azureLinux.azure.refresh');
    // A boot that takes ten minutes: the serial log has its first lines, the agent is not Ready.
    server.bootDurationMs = 600_000;
    try {
      await vscode.commands.executeCommand('azureLinux.azure.restartVm', await vmNode('booting'));
      const document = await vscode.commands.executeCommand<vscode.TextDocument>('azureLinux.azure.showSerialLog', await vmNode('booting'));
      assert.match(document.getText(), /Linux version/);
      assert.doesNotMatch(document.getText(), /booting login:/, 'it has not got that far yet');
      assert.equal(feature.serialLogs.isFollowing(document.uri), true);
      server.appendSerialLog(vm.id, 'a line from the test');
      await eventually('the new line shows in the open document', () => document.getText().includes('a line from the test'), {
        onChange: (listener) => vscode.workspace.onDidChangeTextDocument((event) => event.document === document && listener()),
      });
      assert.equal(feature.serialLogs.isFollowing(document.uri), true, 'still booting, still following');
      // The boot ends: the whole log shows and the following stops.
      server.bootDurationMs = 0;
      await eventually('the whole boot shows', () => /booting login: /.test(document.getText()));
      await eventually('following stopped once the VM booted', () => !feature.serialLogs.isFollowing(document.uri));
    } finally {
      server.bootDurationMs = 0;
      await closeEditorsOf('azurelinux-serial-log');
    }
  });

  it('Show Serial Log and Show Screenshot say so when boot diagnostics are off or there is no screenshot', async () => {
    server.addVirtualMachine(sub, 'rg-boot', { name: 'no-diag', location: 'westus3' });
    server.addVirtualMachine(sub, 'rg-boot', {
      name: 'sleeping',
      location: 'westus3',
      powerState: 'deallocated',
      properties: { diagnosticsProfile: { bootDiagnostics: { enabled: true } } },
    });
    await vscode.commands.executeCommand('azureLinux.azure.refresh');
    const shown = recordSeams(api);
    try {
      assert.equal(await vscode.commands.executeCommand('azureLinux.azure.showSerialLog', await vmNode('no-diag')), undefined);
      assert.match(shown.last('info')?.message ?? '', /no-diag has boot diagnostics turned off/);
      assert.equal(await vscode.commands.executeCommand('azureLinux.azure.showScreenshot', await vmNode('sleeping')), undefined);
      assert.match(shown.last('info')?.message ?? '', /Azure has no screenshot of sleeping right now/);
      assert.equal(shown.last('error'), undefined);
    } finally {
      shown.restore();
    }
  });

  it('Show Screenshot opens what the console shows as an image', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('azureLinux.azure.showScreenshot', await vmNode('booting'));
    assert.ok(uri && existsSync(uri.fsPath));
    assert.match(uri.fsPath, /rg-boot~booting~\d+\.bmp$/);
    assert.equal(readFileSync(uri.fsPath).toString('latin1', 0, 2), 'BM');
    const again = await vscode.commands.executeCommand<vscode.Uri>('azureLinux.azure.showScreenshot', await vmNode('booting'));
    assert.ok(!existsSync(uri.fsPath) || again.fsPath === uri.fsPath, "the VM's older screenshot is replaced");
  });

  it('a VM the create flow makes has boot diagnostics in managed storage', async () => {
    const seams = api.context.seams;
    const wizard = seams.createVmQuestions;
    seams.createVmQuestions = {
      ask: async () => ({
        subscriptionId: sub,
        location: 'westus3',
        vmName: 'azl-created',
        sshPublicKey: sshKey,
        sshSourceAddress: callerIp,
      }),
      keepAfterFailure: async () => false,
      keyPassphrase: async () => '',
      ready: () => undefined,
    };
    const shown = recordSeams(api);
    try {
      const result = await vscode.commands.executeCommand<{ vm: { id: string } } | undefined>('azureLinux.azure.createVm');
      assert.ok(result, outcome({ shown }));
      const vm = server.resources().find((resource) => resource.id === result.vm.id)!;
      assert.deepEqual((vm.properties as { diagnosticsProfile: unknown }).diagnosticsProfile, { bootDiagnostics: { enabled: true } });
    } finally {
      shown.restore();
      seams.createVmQuestions = wizard;
    }
  });
});
