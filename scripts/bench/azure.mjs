// Azure benchmarks against the fake Azure Resource Manager (test/fakes/arm) with the real SDK clients and a
// server-side latency per request that models ARM round trips:
//   1. tree load: 1,000 VMs across 10 subscriptions, subscriptions one after another vs in parallel;
//   2. create VM: resource group, then public IP + NSG + VNet in parallel, then NIC, then VM, vs every step one
//      after another, counted in sequential ARM round trips;
//   3. fleet scale: the VM tree for 10,000 VMs in 100 subscriptions and the AKS tree for 200 clusters with 3 pools
//      each, listed through Azure Resource Graph (one paged query across every subscription) vs the per-subscription
//      lists (the fallback), measured the same way: time to the full tree and requests.
// Both measure the extension's own code (the tree's startTreeListing over ArmAzureServices, planCreateVm/runCreateVm);
// when src/azure does not build the bench fails rather than measuring something else.
// Node reads NODE_EXTRA_CA_CERTS only at start-up, so the measuring runs in a child process that trusts the
// test certificate.
import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTrustingWorker } from '../lib/benchWorker.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const buildDir = join(root, '.cache', 'bench', 'azure');
const SUBSCRIPTIONS = 10;
const VMS_PER_SUBSCRIPTION = 100;
const LATENCY_MS = 20;
const PAGE_SIZE = 50;
const REPEATS = 3;
const WORKER_FLAG = '--azure-bench-worker';

export default async function run({ log }) {
  const source = await build();
  return runTrustingWorker(fileURLToPath(import.meta.url), [WORKER_FLAG, source], log, 'azure');
}

/** Bundles the fake server and the extension's Azure service (failing when that does not build). */
async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(buildDir, { recursive: true });
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'silent' };
  await esbuild.build({ ...common, entryPoints: [join(root, 'test/fakes/arm/server.ts')], outfile: join(buildDir, 'arm-server.cjs') });
  try {
    await esbuild.build({
      ...common,
      stdin: {
        contents: [
          "export { ArmAzureServices } from './src/azure/arm/armAzureServices';",
          "export { planCreateVm, runCreateVm } from './src/azure/core/createVm';",
          "export { startTreeListing } from './src/features/azure/core/loading';",
        ].join('\n'),
        resolveDir: root,
        loader: 'ts',
      },
      outfile: join(buildDir, 'azure-service.cjs'),
    });
    return 'service';
  } catch (error) {
    throw new Error(`src/azure did not build, so there is nothing of the extension's to measure: ${error.message.split('\n')[0]}`, {
      cause: error,
    });
  }
}

// ---- worker (runs with the test certificate trusted) --------------------------------------------------------------

const credential = { getToken: async () => ({ token: 'bench-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Longest chain of requests where each starts after the previous answered: the sequential round trips. */
function sequentialRoundTrips(records) {
  const answered = records.filter((r) => r.end !== undefined).sort((a, b) => a.end - b.end);
  const depth = [];
  answered.forEach((request, i) => {
    let best = 0;
    for (let j = 0; j < i; j++) if (answered[j].end <= request.time && depth[j] > best) best = depth[j];
    depth[i] = best + 1;
  });
  return depth.length ? Math.max(...depth) : 0;
}

async function measure(server, work) {
  server.requests.length = 0;
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  return { ms, requests: server.requests.length, roundTrips: sequentialRoundTrips(server.requests), result };
}

function cloudFor(server) {
  return {
    name: 'custom',
    resourceManagerEndpoint: server.url,
    activeDirectoryAuthority: server.url,
    managementScope: `${server.url}/.default`,
    portalUrl: server.url,
  };
}

/** Lines for the parent to print; the last stdout line is the rows. */
const log = (line) => process.stdout.write(`${line}\n`);

async function worker(source) {
  const require = createRequire(import.meta.url);
  const { startArmServer } = require(join(buildDir, 'arm-server.cjs'));
  if (source !== 'service') throw new Error(`unknown bench source ${source}`);
  const service = require(join(buildDir, 'azure-service.cjs'));
  const label = "the tree's startTreeListing over ArmAzureServices";
  const createLabel = 'src/azure runCreateVm over ArmAzureServices';
  const rows = [];

  // ---- 1. tree load --------------------------------------------------------------------------------------------
  const server = await startArmServer({ pageSize: PAGE_SIZE });
  try {
    const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const subscriptions = Array.from({ length: SUBSCRIPTIONS }, (_, i) => `20000000-0000-0000-0000-${String(i).padStart(12, '0')}`);
    server.addStandardCatalog(['eastus']);
    subscriptions.forEach((subscriptionId, s) => {
      server.addSubscription({ subscriptionId, displayName: `Bench ${s}`, tenantId });
      for (let v = 0; v < VMS_PER_SUBSCRIPTION; v++) {
        server.addVirtualMachine(subscriptionId, `rg-${v % 4}`, {
          name: `vm-${s}-${v}`,
          location: 'eastus',
          powerState: v % 5 ? 'running' : 'deallocated',
        });
      }
    });
    server.latencyMs = LATENCY_MS;
    log(
      `tree load: ${SUBSCRIPTIONS * VMS_PER_SUBSCRIPTION} VMs in ${SUBSCRIPTIONS} subscriptions, ${LATENCY_MS} ms per ARM request, pages of ${PAGE_SIZE}; via ${label}`,
    );

    const services = new service.ArmAzureServices(credential, cloudFor(server), { pollIntervalMs: 10 });
    // Parallel is the tree's own loading (startTreeListing: subscriptions, then every VM list at once); the baseline
    // lists the same subscriptions, then one subscription's VMs after another.
    // Both list VMs and AKS clusters per subscription (the tree's fallback when Resource Graph is not there).
    const sequential = async () => {
      const signal = new AbortController().signal;
      let count = 0;
      for (const subscription of await services.listSubscriptions(signal)) {
        count += (await services.listVms(subscription.subscriptionId, signal)).length;
        await services.aks.listClusters(subscription.subscriptionId, signal);
      }
      return count;
    };
    const parallel = async () => {
      // As the tree does: one signal for a whole load, shared by every request of it.
      const controller = new AbortController();
      setMaxListeners(0, controller.signal);
      const listing = await service.startTreeListing(services, undefined, controller.signal, { resourceGraph: false });
      await Promise.all(listing.shown.map((shown) => shown.clusters));
      return (await Promise.all(listing.shown.map((shown) => shown.vms))).reduce((sum, vms) => sum + vms.length, 0);
    };

    await parallel(); // warm up: connections, JIT
    const runs = { sequential: [], parallel: [] };
    for (let i = 0; i < REPEATS; i++) {
      for (const [name, work] of [
        ['sequential', sequential],
        ['parallel', parallel],
      ]) {
        const m = await measure(server, work);
        if (m.result !== SUBSCRIPTIONS * VMS_PER_SUBSCRIPTION) throw new Error(`${name} tree load saw ${m.result} VMs`);
        runs[name].push(m);
      }
    }
    const pick = (name, key) => median(runs[name].map((m) => m[key]));
    log(
      `  sequential: ${pick('sequential', 'ms').toFixed(0)} ms, ${pick('sequential', 'requests')} requests, ${pick('sequential', 'roundTrips')} sequential round trips`,
    );
    log(
      `  parallel:   ${pick('parallel', 'ms').toFixed(0)} ms, ${pick('parallel', 'requests')} requests, ${pick('parallel', 'roundTrips')} sequential round trips`,
    );
    rows.push(
      {
        name: `tree load 1,000 VMs / 10 subscriptions per subscription, parallel (${label})`,
        value: pick('parallel', 'ms'),
        unit: 'ms',
        baseline: pick('sequential', 'ms'),
        ratio: pick('sequential', 'ms') / pick('parallel', 'ms'),
      },
      {
        name: 'tree load requests (parallel; baseline sequential)',
        value: pick('parallel', 'requests'),
        unit: 'requests',
        baseline: pick('sequential', 'requests'),
      },
      {
        name: 'tree load sequential round trips',
        value: pick('parallel', 'roundTrips'),
        unit: 'round trips',
        baseline: pick('sequential', 'roundTrips'),
        ratio: pick('sequential', 'roundTrips') / pick('parallel', 'roundTrips'),
      },
    );
  } finally {
    await server.close();
  }

  // ---- 2. create VM critical path -----------------------------------------------------------------------------
  const createServer = await startArmServer();
  try {
    const subscriptionId = '30000000-0000-0000-0000-000000000000';
    createServer.addSubscription({ subscriptionId, displayName: 'Bench create', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
    createServer.addStandardCatalog(['eastus']);
    createServer.latencyMs = LATENCY_MS;
    log(`create VM: ${LATENCY_MS} ms per ARM request, operations done at the first poll; via ${createLabel}`);
    let counter = 0;
    const createOnce = serviceCreate(service, createServer, subscriptionId);
    await createOnce(`warm${counter++}`, true);
    const runs = { staged: [], serial: [] };
    for (let i = 0; i < REPEATS; i++) {
      runs.staged.push(await measure(createServer, () => createOnce(`p${counter++}`, true)));
      runs.serial.push(await measure(createServer, () => createOnce(`s${counter++}`, false)));
    }
    const pick = (name, key) => median(runs[name].map((m) => m[key]));
    log(
      `  one after another: ${pick('serial', 'ms').toFixed(0)} ms, ${pick('serial', 'roundTrips')} sequential round trips (${pick('serial', 'requests')} requests)`,
    );
    log(
      `  staged parallel:   ${pick('staged', 'ms').toFixed(0)} ms, ${pick('staged', 'roundTrips')} sequential round trips (${pick('staged', 'requests')} requests)`,
    );
    rows.push(
      {
        name: `create VM critical path, sequential ARM round trips (${createLabel})`,
        value: pick('staged', 'roundTrips'),
        unit: 'round trips',
        baseline: pick('serial', 'roundTrips'),
        ratio: pick('serial', 'roundTrips') / pick('staged', 'roundTrips'),
      },
      {
        name: 'create VM wall time',
        value: pick('staged', 'ms'),
        unit: 'ms',
        baseline: pick('serial', 'ms'),
        ratio: pick('serial', 'ms') / pick('staged', 'ms'),
      },
    );
  } finally {
    await createServer.close();
  }
  rows.push(...(await fleetScale(service, startArmServer)));
  process.stdout.write(`ROWS ${JSON.stringify(rows)}\n`);
}

const FLEET_SUBSCRIPTIONS = 100;
const FLEET_VMS_PER_SUBSCRIPTION = 100;
const FLEET_CLUSTERS_PER_SUBSCRIPTION = 2;

/**
 * 3. Fleet scale. The tree's own loading (startTreeListing) with Resource Graph and without it (its per-subscription
 * fallback), each time with only the lists the figure is about answered by the server (the other lists are left
 * empty), so the VM tree and the AKS tree are measured apart. The fake ARM server answers Resource Graph with its
 * documented quota (15 queries per 5 s), reset before each run, and pages its ARM lists at 100 items. The VMs are
 * seeded without network interfaces: the fake's network seeding grows with the square of the resources it holds,
 * and both paths read (empty) interface and address lists all the same.
 */
async function fleetScale(service, startArmServer) {
  const rows = [];
  const server = await startArmServer();
  try {
    const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    server.aks.operationDelayMs = 0;
    for (let s = 0; s < FLEET_SUBSCRIPTIONS; s++) {
      const subscriptionId = `40000000-0000-0000-0000-${String(s).padStart(12, '0')}`;
      server.addSubscription({ subscriptionId, displayName: `Fleet ${String(s).padStart(3, '0')}`, tenantId });
      for (let v = 0; v < FLEET_VMS_PER_SUBSCRIPTION; v++) {
        server.addVirtualMachine(subscriptionId, `rg-${v % 4}`, {
          name: `vm-${s}-${v}`,
          location: 'eastus',
          powerState: v % 5 ? 'running' : 'deallocated',
          networkProfile: { networkInterfaces: [] },
        });
      }
      for (let c = 0; c < FLEET_CLUSTERS_PER_SUBSCRIPTION; c++) {
        server.aks.addManagedCluster(subscriptionId, 'rg-aks', {
          name: `aks-${s}-${c}`,
          kubernetesVersion: '1.33.3',
          pools: [
            { name: 'system', mode: 'System', osSKU: 'AzureLinux', count: 3 },
            { name: 'apps', osSKU: 'Ubuntu', count: 5 },
            { name: 'batch', osSKU: 'AzureLinux', count: 2, enableAutoScaling: true, minCount: 1, maxCount: 10 },
          ],
        });
      }
    }
    server.latencyMs = LATENCY_MS;
    const services = new service.ArmAzureServices(credential, cloudFor(server), { pollIntervalMs: 10 });
    const none = () => Promise.resolve([]);
    // The tree's loading with only the VM lists (or only the cluster lists) answered.
    const vmsOnly = {
      ...bind(services),
      aks: { listClusters: none },
      graph: { queryVms: (ids, signal) => services.graph.queryVms(ids, signal), queryClusters: none },
    };
    const clustersOnly = {
      ...bind(services),
      listVms: none,
      aks: services.aks,
      graph: { queryVms: none, queryClusters: (ids, signal) => services.graph.queryClusters(ids, signal) },
    };
    const load = (services, resourceGraph, key) => async () => {
      server.resourceGraph.quota = { limit: 15, windowMs: 5000 };
      const controller = new AbortController();
      setMaxListeners(0, controller.signal);
      const listing = await service.startTreeListing(services, undefined, controller.signal, { resourceGraph });
      const lists = await Promise.all(listing.shown.map((shown) => shown[key]));
      return key === 'clusters' ? lists.flat().reduce((sum, cluster) => sum + cluster.pools.length, 0) : lists.flat().length;
    };
    for (const [what, key, fleetServices, expected, unitName] of [
      [
        `VM tree ${FLEET_SUBSCRIPTIONS * FLEET_VMS_PER_SUBSCRIPTION} VMs / ${FLEET_SUBSCRIPTIONS} subscriptions`,
        'vms',
        vmsOnly,
        FLEET_SUBSCRIPTIONS * FLEET_VMS_PER_SUBSCRIPTION,
        'VMs',
      ],
      [
        `AKS tree ${FLEET_SUBSCRIPTIONS * FLEET_CLUSTERS_PER_SUBSCRIPTION} clusters x 3 pools / ${FLEET_SUBSCRIPTIONS} subscriptions`,
        'clusters',
        clustersOnly,
        FLEET_SUBSCRIPTIONS * FLEET_CLUSTERS_PER_SUBSCRIPTION * 3,
        'pools',
      ],
    ]) {
      log(`${what}: ${LATENCY_MS} ms per ARM request; Resource Graph vs per-subscription lists, both through startTreeListing`);
      await load(fleetServices, true, key)(); // warm up: connections, JIT, the fake's first evaluation
      const runs = { graph: [], perSubscription: [] };
      for (let i = 0; i < REPEATS; i++) {
        for (const [name, graph] of [
          ['graph', true],
          ['perSubscription', false],
        ]) {
          const m = await measure(server, load(fleetServices, graph, key));
          if (m.result !== expected) throw new Error(`${what} (${name}) saw ${m.result} ${unitName}, not ${expected}`);
          runs[name].push(m);
        }
      }
      const pick = (name, field) => median(runs[name].map((m) => m[field]));
      log(`  Resource Graph:    ${pick('graph', 'ms').toFixed(0)} ms, ${pick('graph', 'requests')} requests`);
      log(`  per subscription:  ${pick('perSubscription', 'ms').toFixed(0)} ms, ${pick('perSubscription', 'requests')} requests`);
      rows.push(
        {
          name: `${what}, time to the full tree (Resource Graph; baseline per subscription)`,
          value: pick('graph', 'ms'),
          unit: 'ms',
          baseline: pick('perSubscription', 'ms'),
          ratio: pick('perSubscription', 'ms') / pick('graph', 'ms'),
        },
        {
          name: `${what}, requests (Resource Graph; baseline per subscription)`,
          value: pick('graph', 'requests'),
          unit: 'requests',
          baseline: pick('perSubscription', 'requests'),
          ratio: pick('perSubscription', 'requests') / pick('graph', 'requests'),
        },
      );
    }
  } finally {
    await server.close();
  }
  return rows;
}

/** The service's methods bound to it, to spread into a partial stand-in. */
function bind(services) {
  return { listSubscriptions: (signal) => services.listSubscriptions(signal), listVms: (id, signal) => services.listVms(id, signal) };
}

function createRequest(subscriptionId, suffix) {
  return {
    subscriptionId,
    location: 'eastus',
    resourceGroup: `rg-bench-${suffix}`,
    vmName: `benchvm-${suffix}`,
    size: 'Standard_B2s',
    image: { publisher: 'MicrosoftCBLMariner', offer: 'azure-linux-3', sku: 'azure-linux-3-gen2', version: 'latest' },
    trustedLaunch: true,
    adminUsername: 'azureuser',
    sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchKeyNotARealKey bench@azl',
    sshSourcePrefix: '203.0.113.7/32',
  };
}

/** The extension's own create flow; `staged` false runs the same steps one stage per step. */
function serviceCreate(service, server, subscriptionId) {
  const services = new service.ArmAzureServices(credential, cloudFor(server), { pollIntervalMs: 10 });
  return async (suffix, staged) => {
    const plan = service.planCreateVm(createRequest(subscriptionId, suffix));
    const used = staged ? plan : { ...plan, stages: plan.stages.flat().map((step) => [step]) };
    return service.runCreateVm(used, services.createVmOperations(used), { signal: new AbortController().signal });
  };
}

if (process.argv[2] === WORKER_FLAG) {
  worker(process.argv[3]).catch((error) => {
    console.error(error.stack ?? String(error));
    process.exit(1);
  });
}
