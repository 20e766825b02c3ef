import type { ArraySchema, ObjectSchema, Schema, StringSchema } from '../types';

/*
 * The AKS agent-pool (node-pool) format: the `properties` of a Microsoft.ContainerService/managedClusters/agentPools
 * resource, the same object inside `agentPoolProfiles[]` (plus `name`), and the files `az aks nodepool add` reads
 * for `--kubelet-config` and `--linux-os-config`. Ranges that AKS itself enforces live here; documented ranges that
 * AKS does not pre-validate (sysctls) and rules across fields live in rules.ts.
 */

/**
 * The AKS REST API version this schema follows: the newest stable version of @azure/arm-containerservice 25.5.0
 * (KnownVersions). A file naming this version or an older one is checked strictly (a key or enum value the schema
 * does not know is an error); a file naming a newer one only gets warnings, since the API may have grown. See
 * UPSTREAM.md beside this file.
 */
export const NODEPOOL_API_VERSION = '2026-06-01';

/** The date of an API version (`2026-06-01`, `2025-08-02-preview`), or undefined when it is not one. */
export function apiVersionDate(version: string): string | undefined {
  return /^(\d{4}-\d{2}-\d{2})(-preview)?$/.exec(version.trim())?.[1];
}

/** How unknown keys and values are reported for a file naming `version` (undefined: none named, so the pinned one). */
export function unknownSeverityFor(version: string | undefined): 'error' | 'warning' {
  const date = version === undefined ? undefined : apiVersionDate(version);
  return date !== undefined && date > NODEPOOL_API_VERSION ? 'warning' : 'error';
}

export const LINUX_OS_SKUS = [
  'Ubuntu',
  'Ubuntu2204',
  'Ubuntu2404',
  'AzureLinux',
  'AzureLinux3',
  'AzureContainerLinux',
  'AzureLinuxOSGuard',
  'AzureLinux3OSGuard',
  'Flatcar',
  'Mariner',
  'CBLMariner',
] as const;

export const WINDOWS_OS_SKUS = ['Windows2019', 'Windows2022', 'Windows2025', 'WindowsAnnual'] as const;

export const DEPRECATED_OS_SKUS: Readonly<Record<string, string>> = {
  Mariner: 'AzureLinux',
  CBLMariner: 'AzureLinux',
};

const osSkuDocs: Record<string, string> = {
  Ubuntu: 'Ubuntu. The version follows the Kubernetes version (22.04 today, 24.04 on newer releases). The default for Linux pools.',
  Ubuntu2204: 'Ubuntu 22.04, pinned regardless of the Kubernetes version.',
  Ubuntu2404: 'Ubuntu 24.04, pinned regardless of the Kubernetes version.',
  AzureLinux:
    "**Azure Linux**, Microsoft's RPM-based container host: a small general-purpose distribution with a package manager (`tdnf`), " +
    'so nodes can be patched and extended in place. The major version follows the Kubernetes version ' +
    '(Azure Linux 2.0 on older releases, 3.0 on current ones). Not to be confused with `AzureContainerLinux`.',
  AzureLinux3: '**Azure Linux 3.0**, pinned: the same container host as `AzureLinux`, without following the Kubernetes version.',
  AzureContainerLinux:
    '**Azure Container Linux (ACL)**, new: an *immutable* container OS built from Azure Linux. `/usr` is a read-only, ' +
    'dm-verity-protected volume; SELinux enforces; nodes update by whole images, never by packages. ' +
    'Requires Trusted Launch (Secure Boot and vTPM) and Generation 2 VM sizes; generally available from Kubernetes 1.34. ' +
    'Choose it for tamper resistance; choose `AzureLinux` when nodes need packages installed.',
  AzureLinuxOSGuard: 'Azure Linux with OS Guard (preview, being retired in favour of `AzureContainerLinux`).',
  AzureLinux3OSGuard: 'Azure Linux 3.0 with OS Guard, the versioned form of `AzureLinuxOSGuard` (preview).',
  Flatcar: 'Flatcar Container Linux (preview, being retired: move to `AzureLinux` or `AzureContainerLinux`).',
  Mariner: 'Deprecated name of Azure Linux: use `AzureLinux`.',
  CBLMariner: 'Deprecated name of Azure Linux: use `AzureLinux`.',
  Windows2019: 'Windows Server 2019 (being retired).',
  Windows2022: 'Windows Server 2022. The default for Windows pools on current Kubernetes versions.',
  Windows2025: 'Windows Server 2025.',
  WindowsAnnual: 'Windows Server Annual Channel for containers.',
};

/** `[parameters('x')]` and friends: evaluated at deployment, so never checked. `[[` starts a literal string. */
export const ARM_EXPRESSION = /^\s*\[(?!\[)[\s\S]*\]\s*$/;

/** A Kubernetes duration such as `100ms` or `2h45m`. */
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

const str = (doc: string, extra: Partial<StringSchema> = {}): StringSchema => ({ type: 'string', doc, ...extra });
const int = (doc: string, minimum?: number, maximum?: number): Schema => ({ type: 'integer', doc, minimum, maximum });
const bool = (doc: string): Schema => ({ type: 'boolean', doc });
const stringList = (doc: string, items: Schema = { type: 'string' }): ArraySchema => ({ type: 'array', doc, items });
const stringMap = (doc: string): ObjectSchema => ({ type: 'object', doc, properties: {}, additionalProperties: { type: 'string' } });
const readOnly = (doc: string): Schema => ({ type: 'any', doc: `${doc} Set by AKS (read-only); ignored when sent.` });

/** Sysctl keys of `linuxOSConfig.sysctls` with the kernel setting each one sets. */
export const SYSCTLS: Readonly<Record<string, { readonly sysctl: string; readonly type: 'integer' | 'boolean' | 'string' }>> = {
  fsAioMaxNr: { sysctl: 'fs.aio-max-nr', type: 'integer' },
  fsFileMax: { sysctl: 'fs.file-max', type: 'integer' },
  fsInotifyMaxUserWatches: { sysctl: 'fs.inotify.max_user_watches', type: 'integer' },
  fsNrOpen: { sysctl: 'fs.nr_open', type: 'integer' },
  kernelThreadsMax: { sysctl: 'kernel.threads-max', type: 'integer' },
  netCoreNetdevMaxBacklog: { sysctl: 'net.core.netdev_max_backlog', type: 'integer' },
  netCoreOptmemMax: { sysctl: 'net.core.optmem_max', type: 'integer' },
  netCoreRmemDefault: { sysctl: 'net.core.rmem_default', type: 'integer' },
  netCoreRmemMax: { sysctl: 'net.core.rmem_max', type: 'integer' },
  netCoreSomaxconn: { sysctl: 'net.core.somaxconn', type: 'integer' },
  netCoreWmemDefault: { sysctl: 'net.core.wmem_default', type: 'integer' },
  netCoreWmemMax: { sysctl: 'net.core.wmem_max', type: 'integer' },
  netIpv4IpLocalPortRange: { sysctl: 'net.ipv4.ip_local_port_range', type: 'string' },
  netIpv4NeighDefaultGcThresh1: { sysctl: 'net.ipv4.neigh.default.gc_thresh1', type: 'integer' },
  netIpv4NeighDefaultGcThresh2: { sysctl: 'net.ipv4.neigh.default.gc_thresh2', type: 'integer' },
  netIpv4NeighDefaultGcThresh3: { sysctl: 'net.ipv4.neigh.default.gc_thresh3', type: 'integer' },
  netIpv4TcpFinTimeout: { sysctl: 'net.ipv4.tcp_fin_timeout', type: 'integer' },
  netIpv4TcpKeepaliveProbes: { sysctl: 'net.ipv4.tcp_keepalive_probes', type: 'integer' },
  netIpv4TcpKeepaliveTime: { sysctl: 'net.ipv4.tcp_keepalive_time', type: 'integer' },
  netIpv4TcpMaxSynBacklog: { sysctl: 'net.ipv4.tcp_max_syn_backlog', type: 'integer' },
  netIpv4TcpMaxTwBuckets: { sysctl: 'net.ipv4.tcp_max_tw_buckets', type: 'integer' },
  netIpv4TcpTwReuse: { sysctl: 'net.ipv4.tcp_tw_reuse', type: 'boolean' },
  // The API spells this one with a lower-case k.
  netIpv4TcpkeepaliveIntvl: { sysctl: 'net.ipv4.tcp_keepalive_intvl', type: 'integer' },
  netNetfilterNfConntrackBuckets: { sysctl: 'net.netfilter.nf_conntrack_buckets', type: 'integer' },
  netNetfilterNfConntrackMax: { sysctl: 'net.netfilter.nf_conntrack_max', type: 'integer' },
  vmMaxMapCount: { sysctl: 'vm.max_map_count', type: 'integer' },
  vmSwappiness: { sysctl: 'vm.swappiness', type: 'integer' },
  vmVfsCachePressure: { sysctl: 'vm.vfs_cache_pressure', type: 'integer' },
};

/**
 * Ranges the AKS custom node configuration documentation lists. AKS does not pre-validate every one and the
 * documented ranges have changed between releases, so rules.ts reports them as warnings, not errors.
 */
export const SYSCTL_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  fsAioMaxNr: [65536, 6553500],
  fsFileMax: [8192, Number.MAX_SAFE_INTEGER],
  fsInotifyMaxUserWatches: [781250, 2097152],
  fsNrOpen: [8192, 20000500],
  netCoreNetdevMaxBacklog: [1000, 3240000],
  netCoreOptmemMax: [20480, 4194304],
  netCoreRmemMax: [212992, 134217728],
  netCoreSomaxconn: [4096, 3240000],
  netCoreWmemMax: [212992, 134217728],
  netIpv4NeighDefaultGcThresh1: [128, 80000],
  netIpv4NeighDefaultGcThresh2: [512, 90000],
  netIpv4NeighDefaultGcThresh3: [1024, 100000],
  netIpv4TcpFinTimeout: [5, 120],
  netIpv4TcpKeepaliveProbes: [1, 15],
  netIpv4TcpKeepaliveTime: [30, 432000],
  netIpv4TcpMaxSynBacklog: [128, 3240000],
  netIpv4TcpMaxTwBuckets: [8000, 1440000],
  netIpv4TcpkeepaliveIntvl: [10, 90],
  netNetfilterNfConntrackBuckets: [65536, 524288],
  netNetfilterNfConntrackMax: [131072, 2097152],
  vmSwappiness: [0, 100],
  vmVfsCachePressure: [1, 100],
};

function sysctlSchema(key: string): Schema {
  const { sysctl, type } = SYSCTLS[key];
  const range = SYSCTL_RANGES[key];
  const documented = range ? ` Documented range: ${range[0]} to ${range[1] === Number.MAX_SAFE_INTEGER ? '2^63-1' : range[1]}.` : '';
  if (key === 'netIpv4IpLocalPortRange') {
    return str(`Sets \`${sysctl}\`: two port numbers, \`"FIRST LAST"\`, with FIRST 1024 to 60999 and LAST 32768 to 65535.`);
  }
  return { type, doc: `Sets the kernel setting \`${sysctl}\`.${documented}` };
}

export const sysctlsSchema: ObjectSchema = {
  type: 'object',
  doc: 'Kernel settings (sysctls) for every node of the pool, in camelCase: `vm.max_map_count` is `vmMaxMapCount`.',
  properties: Object.fromEntries(Object.keys(SYSCTLS).map((key) => [key, sysctlSchema(key)])),
};

export const linuxOSConfigSchema: ObjectSchema = {
  type: 'object',
  docsUrl: 'https://learn.microsoft.com/azure/aks/custom-node-configuration',
  doc:
    'Operating-system settings for Linux nodes (`az aks nodepool add --linux-os-config FILE`). ' +
    'Not supported on Windows pools. See [AKS custom node configuration](https://learn.microsoft.com/azure/aks/custom-node-configuration).',
  properties: {
    sysctls: sysctlsSchema,
    transparentHugePageEnabled: str('Whether transparent huge pages are enabled. Default `always` (`madvise` on Azure Linux 3.0).', {
      enum: ['always', 'madvise', 'never'],
      closed: true,
      enumDocs: {
        always: 'Use huge pages wherever possible.',
        madvise: 'Only inside regions marked with `madvise(MADV_HUGEPAGE)`.',
        never: 'Disable transparent huge pages.',
      },
    }),
    transparentHugePageDefrag: str('How aggressively the kernel compacts memory to make huge pages available. Default `madvise`.', {
      enum: ['always', 'defer', 'defer+madvise', 'madvise', 'never'],
      closed: true,
      enumDocs: {
        always: 'Stall allocations to compact memory directly.',
        defer: 'Wake kswapd and kcompactd to reclaim and compact in the background.',
        'defer+madvise': 'Direct compaction for `madvise` regions, background compaction for the rest.',
        madvise: 'Direct compaction only for `madvise` regions.',
        never: 'Never compact for huge pages.',
      },
    }),
    swapFileSizeMB: int('Size in MB of a swap file created on each node, at most the size of the temporary disk.', 1),
  },
};

const evictionQuantity = /^\d+(\.\d+)?(Ki|Mi|Gi|%)$/;

export const kubeletConfigSchema: ObjectSchema = {
  type: 'object',
  docsUrl: 'https://learn.microsoft.com/azure/aks/custom-node-configuration',
  doc:
    'Kubelet settings for every node of the pool (`az aks nodepool add --kubelet-config FILE`). Windows pools accept only ' +
    '`imageGcHighThreshold`, `imageGcLowThreshold`, `containerLogMaxSizeMB` and `containerLogMaxFiles`.',
  properties: {
    cpuManagerPolicy: str('The CPU manager policy. Default `none`.', {
      enum: ['none', 'static'],
      closed: true,
      enumDocs: {
        none: 'The default CPU affinity scheme: no affinity beyond what the OS scheduler does.',
        static: 'Containers of Guaranteed pods with integer CPU requests get exclusive CPUs.',
      },
    }),
    cpuCfsQuota: bool('Enforce CPU CFS quota for containers that set CPU limits. Default `true`.'),
    cpuCfsQuotaPeriod: str(
      'The CPU CFS quota period, a duration such as `100ms` (the default) or `2h45m`; units `ns`, `us`, `ms`, `s`, `m`, `h`.',
      {
        pattern: DURATION,
        patternDescription: 'a duration such as `100ms` or `2h45m` (units ns, us, ms, s, m, h)',
      },
    ),
    imageGcHighThreshold: int(
      'Percent of disk usage above which image garbage collection always runs, 0 to 100. Default 85; 100 disables it.',
      0,
      100,
    ),
    imageGcLowThreshold: int(
      'Percent of disk usage below which image garbage collection never runs, 0 to 100 and not above `imageGcHighThreshold`. Default 80.',
      0,
      100,
    ),
    topologyManagerPolicy: str('The topology manager policy for NUMA alignment. Default `none`.', {
      enum: ['none', 'best-effort', 'restricted', 'single-numa-node'],
      closed: true,
      enumDocs: {
        none: 'No topology alignment.',
        'best-effort': 'Prefer NUMA-aligned resources; admit the pod anyway.',
        restricted: 'Reject pods whose resources cannot be NUMA-aligned.',
        'single-numa-node': 'Reject pods whose resources do not fit in a single NUMA node.',
      },
    }),
    allowedUnsafeSysctls: stringList(
      'Unsafe sysctls or patterns (ending in `*`) that pods may set: `kernel.shm*`, `kernel.msg*`, `kernel.sem`, `fs.mqueue.*`, `net.*`.',
      {
        type: 'string',
        pattern: /^(kernel\.shm[\w.*-]*|kernel\.msg[\w.*-]*|kernel\.sem|fs\.mqueue\.[\w.*-]*|net\.[\w.*/-]*)$/,
        patternDescription: 'one of `kernel.shm*`, `kernel.msg*`, `kernel.sem`, `fs.mqueue.*`, `net.*` (or a sysctl they cover)',
      },
    ),
    failSwapOn: bool('Make the kubelet fail to start when swap is enabled on the node. Default `true`.'),
    containerLogMaxSizeMB: int('Largest size in MB of a container log file before it is rotated. Default 50 (10 on Windows).', 1),
    containerLogMaxFiles: int('Most container log files kept per container, at least 2. Default 5.', 2),
    podMaxPids: int('Most processes per pod, or -1 for no limit (the default).', -1),
    seccompDefault: str('The default seccomp profile for all workloads (preview). Default `Unconfined`.', {
      enum: ['Unconfined', 'RuntimeDefault'],
      closed: true,
      enumDocs: {
        Unconfined: 'No syscall restrictions.',
        RuntimeDefault: "containerd's default seccomp profile: restricted syscalls fail.",
      },
    }),
    kubeReserved: {
      type: 'object',
      doc: 'CPU and memory reserved for Kubernetes system daemons (preview, Linux only, needs the `AKSNodeCustomizationPreview` feature).',
      properties: {
        cpuMillicores: int('CPU reserved, in millicores, from 1 to the node’s capacity.', 1),
        memoryMB: int('Memory reserved, in MiB, from 1 to the node’s capacity.', 1),
      },
    },
    hardEvictionThreshold: {
      type: 'object',
      doc: 'Kubelet hard eviction thresholds (preview, Linux only, needs the `AKSNodeCustomizationPreview` feature).',
      properties: {
        memoryAvailable: str('Evict when available memory falls below this: `<number>Ki`, `Mi`, `Gi` or `<number>%` (at most 100%).', {
          pattern: evictionQuantity,
          patternDescription: 'a quantity such as `500Mi`, `1Gi` or `10%`',
        }),
        nodeFsAvailable: str('Evict when the node filesystem’s free space falls below this: `<number>Ki`, `Mi`, `Gi` or `<number>%`.', {
          pattern: evictionQuantity,
          patternDescription: 'a quantity such as `500Mi`, `1Gi` or `10%`',
        }),
        nodeFsInodesFree: str('Evict when the node filesystem’s free inodes fall below this: a number or `<number>%`.', {
          pattern: /^\d+(\.\d+)?%?$/,
          patternDescription: 'a number such as `100000` or a percentage such as `5%`',
        }),
      },
    },
  },
};

export const KUBELET_WINDOWS_KEYS = [
  'imageGcHighThreshold',
  'imageGcLowThreshold',
  'containerLogMaxSizeMB',
  'containerLogMaxFiles',
] as const;

const armId = (what: string): StringSchema => str(`The full Azure resource ID of the ${what}.`);

/** Properties of an agent pool: the REST body's `properties`, an `agentPools` resource's `properties`. */
export const agentPoolPropertiesSchema: ObjectSchema = {
  type: 'object',
  doc: 'An AKS node pool (agent pool).',
  docsUrl: 'https://learn.microsoft.com/rest/api/aks/agent-pools/create-or-update',
  properties: {
    count: int(
      'Number of nodes: 0 to 1000 for User pools, 1 to 1000 for System pools. Default 1. With autoscaling, between `minCount` and `maxCount`.',
      0,
      1000,
    ),
    vmSize: str(
      'The VM size of the nodes, e.g. `Standard_D4s_v5`. Availability varies by region. System pools need at least 2 vCPUs and 4 GB of memory.',
    ),
    osDiskSizeGB: int('OS disk size in GB; 0 picks the default for the VM size.', 0, 2048),
    osDiskType: str(
      'The OS disk type. Default `Ephemeral` when the VM size supports it with a large enough cache, else `Managed`. Cannot change after creation.',
      {
        enum: ['Managed', 'Ephemeral'],
        enumDocs: {
          Managed: 'A remote Azure managed disk: survives reimaging and VM moves.',
          Ephemeral: 'Stored on the VM’s local cache or temp disk: faster, cheaper, lost on reimage.',
        },
      },
    ),
    kubeletDiskType: str('Where emptyDir volumes, the container runtime data root and kubelet ephemeral storage live.', {
      enum: ['OS', 'Temporary'],
      enumDocs: { OS: 'On the OS disk (default).', Temporary: 'On the VM’s temporary disk.' },
    }),
    workloadRuntime: str(
      'The kind of workload the nodes run: `OCIContainer` (default), `WasmWasi`, or a Kata isolation runtime for pod sandboxing.',
    ),
    messageOfTheDay: str('Base64-encoded text written to `/etc/motd` on Linux nodes. Not for Windows pools.'),
    vnetSubnetID: armId('subnet the nodes (and pods, without `podSubnetID`) join'),
    podSubnetID: armId('subnet pods get their IPs from'),
    podIPAllocationMode: str('How pod IPs are allocated from `podSubnetID`: `DynamicIndividual` (default) or `StaticBlock`.'),
    maxPods: int('Most pods per node, commonly 10 to 250. Default 110 with kubenet, 30 with Azure CNI (250 with CNI Overlay).'),
    osType: str('The node operating system. Default `Linux`.', {
      enum: ['Linux', 'Windows'],
      enumDocs: {
        Linux: 'Linux nodes; pick the distribution with `osSKU`.',
        Windows: 'Windows Server nodes; pick the version with `osSKU`. Cannot be a System pool.',
      },
    }),
    osSKU: str(
      'The OS distribution or version. Default `Ubuntu` for Linux, `Windows2022` for Windows. Linux SKUs need `osType: Linux`, Windows SKUs `osType: Windows`.',
      {
        enum: [...LINUX_OS_SKUS, ...WINDOWS_OS_SKUS],
        enumDocs: osSkuDocs,
        deprecatedValues: Object.keys(DEPRECATED_OS_SKUS),
      },
    ),
    enableAutoScaling: bool('Let the cluster autoscaler size the pool between `minCount` and `maxCount` (both required).'),
    minCount: int('Fewest nodes the autoscaler keeps, with `enableAutoScaling: true`. At most `maxCount`.', 0, 1000),
    maxCount: int('Most nodes the autoscaler adds, with `enableAutoScaling: true`. At least `minCount`.', 0, 1000),
    scaleDownMode: str('What the autoscaler does with nodes it removes. Default `Delete`.', {
      enum: ['Delete', 'Deallocate'],
      enumDocs: { Delete: 'Delete removed nodes.', Deallocate: 'Stop (deallocate) removed nodes, so scaling up again is faster.' },
    }),
    type: str('The kind of VMs behind the pool. Default `VirtualMachineScaleSets`.', {
      enum: ['VirtualMachineScaleSets', 'AvailabilitySet', 'VirtualMachines'],
      enumDocs: {
        VirtualMachineScaleSets: 'A virtual machine scale set: needed for autoscaling and availability zones.',
        AvailabilitySet: 'An availability set (legacy, being retired).',
        VirtualMachines: 'Individual VMs, which may mix several VM sizes.',
      },
    }),
    mode: str('What the pool is for. A cluster needs at least one `System` pool.', {
      enum: ['System', 'User', 'Gateway', 'ManagedSystem', 'Machines'],
      enumDocs: {
        System: 'Runs critical system pods (CoreDNS, metrics-server). Must be Linux with at least 2 vCPUs and 4 GB of memory.',
        User: 'Runs your workloads.',
        Gateway: 'Nodes that act as static egress gateways (needs `gatewayProfile`).',
        ManagedSystem: 'A system pool whose nodes AKS manages for you.',
        Machines: 'A pool that holds individually managed machines.',
      },
    }),
    orchestratorVersion: str(
      "Kubernetes version of the nodes, `major.minor` or `major.minor.patch`; same major as the control plane and at most two minor versions behind it. Empty: the control plane's version.",
      {
        pattern: /^\d+\.\d+(\.\d+)?$/,
        patternDescription: 'a Kubernetes version such as `1.33` or `1.33.2`',
        emptyIsDefault: true,
      },
    ),
    currentOrchestratorVersion: readOnly('The Kubernetes version the nodes run.'),
    nodeImageVersion: readOnly('The node image version.'),
    provisioningState: readOnly('The provisioning state.'),
    eTag: readOnly('Concurrency tag.'),
    status: readOnly('Status of the pool.'),
    upgradeSettings: {
      type: 'object',
      doc: 'How node upgrades proceed.',
      properties: {
        maxSurge: {
          type: 'anyOf',
          doc: 'Extra nodes added during an upgrade: a count such as `5` or a percentage of the pool such as `33%`. Default 1 (10% on newer versions).',
          options: [
            { type: 'integer', minimum: 0 },
            { type: 'string', pattern: /^\d+%?$/, patternDescription: 'a count such as `5` or a percentage such as `33%`' },
          ],
        },
        maxUnavailable: {
          type: 'anyOf',
          doc: 'Nodes that may be unavailable at once during an upgrade: a count or a percentage.',
          options: [
            { type: 'integer', minimum: 0 },
            { type: 'string', pattern: /^\d+%?$/, patternDescription: 'a count such as `1` or a percentage such as `10%`' },
          ],
        },
        drainTimeoutInMinutes: int('Minutes to wait for pods to be evicted from each node. Default 30.', 1, 1440),
        nodeSoakDurationInMinutes: int('Minutes to wait after draining a node before reimaging it. Default 0.', 0, 30),
        undrainableNodeBehavior: str('What to do with nodes that cannot be drained: `Cordon` or `Schedule` (the default).'),
        maxBlockedNodes: {
          type: 'anyOf',
          doc: 'Nodes that may stay blocked (cannot be drained) before the upgrade fails: a count or a percentage (preview API).',
          options: [
            { type: 'integer', minimum: 0 },
            { type: 'string', pattern: /^\d+%?$/, patternDescription: 'a count such as `1` or a percentage such as `10%`' },
          ],
        },
      },
    },
    upgradeStrategy: str(
      'How the pool is upgraded: `Rolling` (the default, uses `upgradeSettings`) or `BlueGreen` (uses `upgradeSettingsBlueGreen`). Preview API.',
    ),
    upgradeSettingsBlueGreen: {
      type: 'object',
      doc: 'Settings of a blue-green upgrade (`upgradeStrategy: BlueGreen`). Preview API.',
      properties: {
        drainBatchSize: {
          type: 'anyOf',
          doc: 'Nodes drained at once: a count such as `5` or a percentage of the pool such as `20%`.',
          options: [
            { type: 'integer', minimum: 0 },
            { type: 'string', pattern: /^\d+%?$/, patternDescription: 'a count such as `5` or a percentage such as `20%`' },
          ],
        },
        drainTimeoutInMinutes: int('Minutes to wait for pods to be evicted from each node.'),
        batchSoakDurationInMinutes: int('Minutes to wait after each drained batch.'),
        finalSoakDurationInMinutes: int('Minutes to wait after the last batch before the old nodes are removed.'),
      },
    },
    nodeCustomizationProfile: {
      type: 'object',
      doc: "A node customization applied to the pool's nodes. Preview API.",
      properties: { nodeCustomizationId: str('Resource ID of the node customization.') },
    },
    powerState: {
      type: 'object',
      doc: 'Whether the pool runs; set `code: Stopped` to stop all its VMs.',
      properties: {
        code: str('Whether the pool runs.', {
          enum: ['Running', 'Stopped'],
          enumDocs: { Running: 'The nodes run.', Stopped: 'All VMs of the pool are stopped and accrue no compute charges.' },
        }),
      },
    },
    availabilityZones: stringList('Availability zones for the nodes, e.g. `["1", "2", "3"]`. Only with `type: VirtualMachineScaleSets`.'),
    enableNodePublicIP: bool('Give each node its own public IP. Default `false`.'),
    nodePublicIPPrefixID: armId('public IP prefix node IPs come from'),
    enableCustomCATrust: bool('Sync custom certificate authorities into the nodes’ trust stores.'),
    scaleSetPriority: str('The scale set priority. Default `Regular`.', {
      enum: ['Regular', 'Spot'],
      enumDocs: {
        Regular: 'Normal VMs.',
        Spot: 'Spot VMs: cheaper, may be evicted at any time. Set `scaleSetEvictionPolicy` and `spotMaxPrice`.',
      },
    }),
    scaleSetEvictionPolicy: str('What happens to evicted Spot nodes. Only with `scaleSetPriority: Spot`. Default `Delete`.', {
      enum: ['Delete', 'Deallocate'],
      enumDocs: { Delete: 'Delete evicted nodes.', Deallocate: 'Stop evicted nodes; they still count against quota.' },
    }),
    spotMaxPrice: {
      type: 'number',
      doc: 'Highest price per hour you pay for a Spot node, in US dollars: a value above 0, or -1 for up to the on-demand price. Only with `scaleSetPriority: Spot`.',
    },
    tags: stringMap('Azure tags on the pool’s VMs.'),
    nodeLabels: stringMap('Kubernetes labels on every node: keys like `team` or `example.com/tier`, values up to 63 characters.'),
    nodeTaints: stringList(
      'Kubernetes taints on every node, as `key=value:Effect` with Effect `NoSchedule`, `PreferNoSchedule` or `NoExecute`.',
    ),
    nodeInitializationTaints: stringList('Taints added when nodes are created and then left to you to remove, as `key=value:Effect`.'),
    proximityPlacementGroupID: armId('proximity placement group'),
    kubeletConfig: kubeletConfigSchema,
    linuxOSConfig: linuxOSConfigSchema,
    enableEncryptionAtHost: bool('Encrypt the VMs’ temp disks and caches at the host. Only on supported VM sizes and regions.'),
    enableUltraSSD: bool('Allow Ultra SSD disks.'),
    enableFIPS: bool('Use a FIPS-enabled OS image.'),
    gpuInstanceProfile: str('GPU MIG (Multi-Instance GPU) profile for supported GPU VM sizes.', {
      enum: ['MIG1g', 'MIG2g', 'MIG3g', 'MIG4g', 'MIG7g'],
      enumDocs: {
        MIG1g: 'Split each GPU into instances of 1 compute slice.',
        MIG2g: 'Split each GPU into instances of 2 compute slices.',
        MIG3g: 'Split each GPU into instances of 3 compute slices.',
        MIG4g: 'Split each GPU into instances of 4 compute slices.',
        MIG7g: 'One instance with all 7 compute slices.',
      },
    }),
    creationData: {
      type: 'object',
      doc: 'Create the pool from a snapshot.',
      properties: { sourceResourceId: armId('node pool snapshot') },
    },
    capacityReservationGroupID: armId('capacity reservation group'),
    hostGroupID: armId('dedicated host group'),
    windowsProfile: {
      type: 'object',
      doc: 'Windows-specific settings.',
      properties: { disableOutboundNat: bool('Disable outbound NAT for Windows nodes. Default `false`.') },
    },
    networkProfile: {
      type: 'object',
      doc: 'Network settings of the pool.',
      properties: {
        nodePublicIPTags: {
          type: 'array',
          doc: 'IP tags of the nodes’ public IPs.',
          items: {
            type: 'object',
            properties: { ipTagType: str('The IP tag type, e.g. `RoutingPreference`.'), tag: str('The tag value, e.g. `Internet`.') },
          },
        },
        allowedHostPorts: {
          type: 'array',
          doc: 'Host port ranges pods may use.',
          items: {
            type: 'object',
            properties: {
              portStart: int('First port, 1 to 65535.', 1, 65535),
              portEnd: int('Last port, 1 to 65535, not below `portStart`.', 1, 65535),
              protocol: str('The protocol of the port range.', {
                enum: ['TCP', 'UDP'],
                enumDocs: { TCP: 'TCP ports.', UDP: 'UDP ports.' },
              }),
            },
          },
        },
        applicationSecurityGroups: stringList('Resource IDs of application security groups for the nodes.'),
      },
    },
    securityProfile: {
      type: 'object',
      doc: 'Security settings of the pool.',
      properties: {
        sshAccess: str('SSH access to the nodes, e.g. `LocalUser` (default) or `Disabled`.'),
        enableVTPM: bool('Trusted Launch vTPM. Required (true) for Azure Container Linux.'),
        enableSecureBoot: bool('Trusted Launch Secure Boot. Required (true) for Azure Container Linux.'),
      },
    },
    gpuProfile: {
      type: 'object',
      doc: 'GPU settings of the pool.',
      properties: {
        driver: str('Whether AKS installs the GPU driver on GPU VM sizes. Default `Install`.', {
          enum: ['Install', 'None'],
          enumDocs: {
            Install: 'AKS installs the GPU driver (default).',
            None: 'No driver is installed; bring your own (e.g. the NVIDIA GPU Operator).',
          },
        }),
        driverType: str('The GPU driver type for Windows pools: `GRID` or `CUDA`.'),
        nvidia: {
          type: 'object',
          doc: 'NVIDIA GPU settings (preview API).',
          properties: {
            managementMode: str('Whether AKS manages the NVIDIA GPU components, e.g. `Managed` or `Unmanaged`.'),
            migStrategy: str('The NVIDIA MIG strategy, e.g. `None`, `Single` or `Mixed`.'),
          },
        },
      },
    },
    artifactStreamingProfile: {
      type: 'object',
      doc: 'Artifact streaming: lazy image loading from ACR.',
      properties: { enabled: bool('Enable artifact streaming. Not supported on Azure Container Linux.') },
    },
    virtualMachinesProfile: { type: 'any', doc: 'Scaling specification of a `VirtualMachines` pool (sizes and counts).' },
    virtualMachineNodesStatus: readOnly('Node groups of a `VirtualMachines` pool.'),
    gatewayProfile: {
      type: 'object',
      doc: 'Settings of a `Gateway` mode pool.',
      properties: { publicIPPrefixSize: int('Size of the public IP prefix, 28 to 31. Default 31.', 28, 31) },
    },
    localDNSProfile: { type: 'any', doc: 'Node-local DNS settings (preview).' },
  },
};

const NAME_DOC =
  'The node pool name: lowercase letters and digits, starting with a letter, at most 12 characters for Linux pools ' +
  'and 6 for Windows pools.';

/** One entry of `agentPoolProfiles[]` in a managed cluster: the pool properties plus its `name`. */
export const agentPoolProfileSchema: ObjectSchema = {
  ...agentPoolPropertiesSchema,
  doc: 'A node pool of the managed cluster.',
  properties: { name: str(NAME_DOC), ...agentPoolPropertiesSchema.properties },
  required: ['name'],
};

/** The body of `PUT .../agentPools/{name}`, or a saved `GET` of it. */
export const agentPoolBodySchema: ObjectSchema = {
  type: 'object',
  doc: 'An AKS agent pool as the REST API sends and receives it.',
  properties: {
    properties: agentPoolPropertiesSchema,
    name: str(NAME_DOC),
    id: readOnly('Resource ID.'),
    type: readOnly('Resource type.'),
    systemData: readOnly('Creation and change metadata.'),
  },
};

/** YAML or JSON that keeps a pool's properties at the top level, optionally with its `name`. */
export const flatAgentPoolSchema: ObjectSchema = {
  ...agentPoolPropertiesSchema,
  properties: { name: str(NAME_DOC), ...agentPoolPropertiesSchema.properties },
};

const armTolerantCache = new WeakMap<Schema, Schema>();

/**
 * The same schema with every value also allowed to be an ARM template expression (`"[parameters('x')]"`), which
 * the deployment evaluates. The real schema stays the first option so completion, hover and messages use it.
 */
export function armTolerant(schema: Schema): Schema {
  const cached = armTolerantCache.get(schema);
  if (cached) return cached;
  const expression: StringSchema = { type: 'string', pattern: ARM_EXPRESSION, patternDescription: 'an ARM template expression' };
  let inner: Schema;
  switch (schema.type) {
    case 'object':
      inner = {
        ...schema,
        properties: Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, armTolerant(value)])),
        additionalProperties: schema.additionalProperties && armTolerant(schema.additionalProperties),
      };
      break;
    case 'array':
      inner = { ...schema, items: armTolerant(schema.items) };
      break;
    case 'anyOf':
      inner = { ...schema, options: schema.options.map(armTolerant) };
      break;
    case 'any':
      armTolerantCache.set(schema, schema);
      return schema;
    default:
      inner = schema;
  }
  const result: Schema = { type: 'anyOf', doc: schema.doc, options: [inner, expression] };
  armTolerantCache.set(schema, result);
  return result;
}
