import { asMap, asScalar, asSeq, entryOf, valueOf } from '../syntax';
import type { Fix, MapEntry, MapNode, Problem, Range, Rule, RuleContext, ScalarNode } from '../types';
import { nodePoolNameError, suggestNodePoolName } from './names';
import { DEPRECATED_OS_SKUS, KUBELET_WINDOWS_KEYS, LINUX_OS_SKUS, SYSCTL_RANGES, SYSCTLS, WINDOWS_OS_SKUS } from './schema';
import { isArmExpression, shapeOf, type PoolSite } from './shapes';

/*
 * Cross-field rules for node pools. Each reads the pools found by shapes.ts, skips anything that is not the kind
 * of value it expects (the schema checker reports those) and never judges ARM template expressions.
 */

// ---- Readers ----

function scalarOf(map: MapNode | undefined, key: string): ScalarNode | undefined {
  const node = valueOf(map, key);
  return isArmExpression(node) ? undefined : asScalar(node);
}

function numberOf(map: MapNode | undefined, key: string): { value: number; node: ScalarNode } | undefined {
  const node = scalarOf(map, key);
  return node && typeof node.value === 'number' ? { value: node.value, node } : undefined;
}

function stringOf(map: MapNode | undefined, key: string): { value: string; node: ScalarNode } | undefined {
  const node = scalarOf(map, key);
  return node && typeof node.value === 'string' ? { value: node.value, node } : undefined;
}

function booleanOf(map: MapNode | undefined, key: string): boolean | undefined {
  const value = scalarOf(map, key)?.value;
  return typeof value === 'boolean' ? value : undefined;
}

/** Present with a value that is not null (an ARM expression counts as present). */
function isSet(map: MapNode | undefined, key: string): boolean {
  const node = valueOf(map, key);
  return !!node && !(node.kind === 'scalar' && node.value === null);
}

const WINDOWS_SKUS = new Set<string>(WINDOWS_OS_SKUS);
const LINUX_SKUS = new Set<string>(LINUX_OS_SKUS);

function isWindowsPool(pool: PoolSite): boolean {
  const osType = stringOf(pool.properties, 'osType')?.value;
  if (osType !== undefined) return osType === 'Windows';
  const sku = stringOf(pool.properties, 'osSKU')?.value;
  return sku !== undefined && WINDOWS_SKUS.has(sku);
}

function isAgentPool(pool: PoolSite): boolean {
  return pool.shape !== 'kubelet-config' && pool.shape !== 'linux-os-config';
}

function kubeletConfigOf(pool: PoolSite): MapNode | undefined {
  if (pool.shape === 'kubelet-config') return pool.properties;
  return pool.shape === 'linux-os-config' ? undefined : asMap(valueOf(pool.properties, 'kubeletConfig'));
}

function linuxOSConfigOf(pool: PoolSite): MapNode | undefined {
  if (pool.shape === 'linux-os-config') return pool.properties;
  return pool.shape === 'kubelet-config' ? undefined : asMap(valueOf(pool.properties, 'linuxOSConfig'));
}

function problem(range: Range, severity: Problem['severity'], code: string, message: string, fixes?: Fix[]): Problem {
  return fixes ? { range, severity, code, message, fixes } : { range, severity, code, message };
}

/** Replaces a scalar's text, keeping the quotes it was written with. */
function replaceScalar(context: RuleContext, node: ScalarNode, value: string): Fix['edits'][number] {
  const quote = context.text[node.range.start];
  const newText = quote === '"' || quote === "'" ? `${quote}${value}${quote}` : value;
  return { range: node.range, newText };
}

function forEachPool(context: RuleContext, check: (pool: PoolSite) => void): void {
  for (const pool of shapeOf(context.document).pools) check(pool);
}

// ---- Rules ----

/** nodepool/invalid-name: `^[a-z][a-z0-9]{0,11}$`, 6 characters at most for Windows; fix: the closest valid name. */
const nameRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    const node = pool.nameNode;
    if (!node || typeof node.value !== 'string' || isArmExpression(node)) return;
    // ARM child resources are named `cluster/pool`; only the last segment is the pool's name.
    const slash = node.value.lastIndexOf('/');
    const prefix = pool.shape === 'arm-agentpool' && slash >= 0 ? node.value.slice(0, slash + 1) : '';
    const name = node.value.slice(prefix.length);
    if (name.includes('[') || name.includes('(')) return;
    const windows = isWindowsPool(pool);
    const error = nodePoolNameError(name, windows);
    if (!error) return;
    const suggestion = suggestNodePoolName(name, windows);
    context.report(
      problem(node.range, 'error', 'nodepool/invalid-name', error, [
        { title: `Rename the node pool to '${suggestion}'`, edits: [replaceScalar(context, node, prefix + suggestion)], preferred: true },
      ]),
    );
  });
};

/** Duplicate names among one cluster's `agentPoolProfiles`. */
const duplicateNameRule: Rule = (context) => {
  for (const cluster of shapeOf(context.document).clusters) {
    const seen = new Set<string>();
    for (const pool of cluster.pools) {
      const node = pool.nameNode;
      if (!node || typeof node.value !== 'string' || isArmExpression(node)) continue;
      if (seen.has(node.value)) {
        context.report(
          problem(
            node.range,
            'error',
            'nodepool/duplicate-name',
            `Node pool name '${node.value}' is used by another pool of this cluster; each pool needs its own name.`,
          ),
        );
      }
      seen.add(node.value);
    }
  }
};

/** A cluster needs a System pool: reported only when every profile states its mode. */
const systemPoolRule: Rule = (context) => {
  for (const cluster of shapeOf(context.document).clusters) {
    if (cluster.pools.length === 0) continue;
    const modes = cluster.pools.map((pool) => stringOf(pool.properties, 'mode'));
    if (modes.some((mode) => !mode)) continue;
    if (modes.some((mode) => mode!.value === 'System' || mode!.value === 'ManagedSystem')) continue;
    const first = modes[0]!;
    context.report(
      problem(
        first.node.range,
        'error',
        'nodepool/no-system-pool',
        "The cluster has no System node pool; at least one pool needs 'mode: System'.",
      ),
    );
  }
};

/** Autoscaling: `minCount` and `maxCount` with `enableAutoScaling`, `minCount <= maxCount`, `count` between them. */
const autoscalingRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    const map = pool.properties;
    const enabled = booleanOf(map, 'enableAutoScaling');
    const min = numberOf(map, 'minCount');
    const max = numberOf(map, 'maxCount');
    if (enabled === true) {
      const missing = ['minCount', 'maxCount'].filter((key) => !isSet(map, key));
      if (missing.length) {
        const entry = entryOf(map, 'enableAutoScaling')!;
        context.report(
          problem(
            entry.key.range,
            'error',
            'nodepool/autoscale-bounds-missing',
            `Autoscaling needs both 'minCount' and 'maxCount'; ${missing.map((key) => `'${key}'`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing.`,
          ),
        );
      }
      if (min && max && min.value > max.value) {
        context.report(
          problem(
            min.node.range,
            'error',
            'nodepool/autoscale-min-above-max',
            `'minCount' (${min.value}) is greater than 'maxCount' (${max.value}); it must be less than or equal.`,
          ),
        );
      }
      const count = numberOf(map, 'count');
      if (count && min && max && min.value <= max.value && (count.value < min.value || count.value > max.value)) {
        context.report(
          problem(
            count.node.range,
            'error',
            'nodepool/autoscale-count-out-of-range',
            `'count' (${count.value}) must be between 'minCount' (${min.value}) and 'maxCount' (${max.value}) when autoscaling is enabled.`,
          ),
        );
      }
    } else if (enabled === false || !isSet(map, 'enableAutoScaling')) {
      for (const key of ['minCount', 'maxCount']) {
        if (!isSet(map, key)) continue;
        context.report(
          problem(
            entryOf(map, key)!.key.range,
            'warning',
            'nodepool/autoscale-bounds-unused',
            `'${key}' only applies with 'enableAutoScaling: true'; autoscaling is off for this pool.`,
          ),
        );
      }
    }
  });
};

/** `count`: 0 to 1000 for User pools (schema), at least 1 for System pools, including the autoscaler's minimum. */
const systemCountRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool) || stringOf(pool.properties, 'mode')?.value !== 'System') return;
    for (const key of ['count', 'minCount']) {
      const value = numberOf(pool.properties, key);
      if (value && value.value < 1) {
        context.report(
          problem(
            value.node.range,
            'error',
            'nodepool/system-pool-count',
            `A System pool needs at least 1 node: '${key}' must be 1 to 1000, not ${value.value}.`,
          ),
        );
      }
    }
  });
};

/** osSKU against osType: Linux SKUs need `osType: Linux` (the default), Windows SKUs `osType: Windows`. */
const osSkuRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    const sku = stringOf(pool.properties, 'osSKU');
    if (!sku) return;
    const osType = stringOf(pool.properties, 'osType')?.value;
    if (WINDOWS_SKUS.has(sku.value) && osType !== 'Windows' && (osType === 'Linux' || !isSet(pool.properties, 'osType'))) {
      const stated = osType ? "'osType' is Linux" : "'osType' defaults to Linux";
      context.report(
        problem(
          sku.node.range,
          'error',
          'nodepool/os-sku-mismatch',
          `'osSKU: ${sku.value}' is a Windows SKU but ${stated}; set 'osType: Windows' or choose a Linux SKU.`,
        ),
      );
    } else if (LINUX_SKUS.has(sku.value) && osType === 'Windows') {
      context.report(
        problem(
          sku.node.range,
          'error',
          'nodepool/os-sku-mismatch',
          `'osSKU: ${sku.value}' is a Linux SKU but 'osType' is Windows; use a Windows SKU (${WINDOWS_OS_SKUS.join(', ')}) or 'osType: Linux'.`,
        ),
      );
    }
    const replacement = DEPRECATED_OS_SKUS[sku.value];
    if (replacement) {
      context.report(
        problem(sku.node.range, 'warning', 'nodepool/deprecated-os-sku', `'osSKU: ${sku.value}' is deprecated; use '${replacement}'.`, [
          { title: `Replace with '${replacement}'`, edits: [replaceScalar(context, sku.node, replacement)], preferred: true },
        ]),
      );
    }
  });
};

/** A System pool is Linux with at least 2 vCPUs (and 4 GB of memory). */
const systemPoolShapeRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    const mode = stringOf(pool.properties, 'mode');
    if (mode?.value !== 'System') return;
    if (isWindowsPool(pool)) {
      context.report(
        problem(
          mode.node.range,
          'error',
          'nodepool/system-pool-windows',
          "A System pool must run Linux; make this a 'User' pool or use 'osType: Linux'.",
        ),
      );
    }
    const size = stringOf(pool.properties, 'vmSize');
    const vcpus = size && vcpusOf(size.value);
    if (size && vcpus !== undefined && vcpus < 2) {
      context.report(
        problem(
          size.node.range,
          'warning',
          'nodepool/system-pool-vm-size',
          `'${size.value}' has ${vcpus} vCPU; a System pool needs a VM size with at least 2 vCPUs and 4 GB of memory.`,
        ),
      );
    }
  });
};

/** vCPUs from an Azure size name: `Standard_D2s_v5` has 2; constrained sizes such as `Standard_E4-2s_v3` have 2 active. */
export function vcpusOf(size: string): number | undefined {
  const match = /^(?:Standard|Basic)_[A-Z]+(\d+)(?:-(\d+))?/i.exec(size);
  if (!match) return undefined;
  return Number(match[2] ?? match[1]);
}

/** Availability zones only with scale sets. */
const zonesRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    const zones = asSeq(valueOf(pool.properties, 'availabilityZones'));
    const type = stringOf(pool.properties, 'type');
    if (!zones || zones.items.length === 0 || !type || type.value === 'VirtualMachineScaleSets') return;
    const range = entryOf(pool.properties, 'availabilityZones')!.key.range;
    if (type.value === 'AvailabilitySet') {
      context.report(
        problem(
          range,
          'error',
          'nodepool/zones-need-scale-set',
          "'availabilityZones' can only be set when 'type' is VirtualMachineScaleSets, not AvailabilitySet.",
        ),
      );
    } else if (type.value === 'VirtualMachines') {
      context.report(
        problem(
          range,
          'warning',
          'nodepool/zones-need-scale-set',
          "The AKS API documents 'availabilityZones' for 'type: VirtualMachineScaleSets' only; check that VirtualMachines pools support zones in your region.",
        ),
      );
    }
  });
};

/**
 * Spot settings: eviction policy and max price mean something only with Spot (a warning: the API takes them, and
 * Microsoft's own templates set the default eviction policy on Regular pools); max price -1 or above 0; not for
 * System pools.
 */
const spotRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    const map = pool.properties;
    const priority = stringOf(map, 'scaleSetPriority');
    const spot = priority?.value === 'Spot' || isArmExpression(valueOf(map, 'scaleSetPriority'));
    for (const key of ['scaleSetEvictionPolicy', 'spotMaxPrice']) {
      if (isSet(map, key) && !spot) {
        context.report(
          problem(
            entryOf(map, key)!.key.range,
            'warning',
            'nodepool/spot-settings',
            `'${key}' has an effect only when 'scaleSetPriority' is Spot.`,
          ),
        );
      }
    }
    const price = numberOf(map, 'spotMaxPrice');
    if (price && price.value !== -1 && price.value <= 0) {
      context.report(
        problem(
          price.node.range,
          'error',
          'nodepool/spot-settings',
          `'spotMaxPrice' must be -1 (pay up to the on-demand price) or greater than 0, not ${price.value}.`,
        ),
      );
    }
    const mode = stringOf(map, 'mode');
    if (priority?.value === 'Spot' && mode?.value === 'System') {
      context.report(
        problem(
          priority.node.range,
          'error',
          'nodepool/spot-settings',
          "A System pool cannot use Spot VMs; use 'scaleSetPriority: Regular' or make this a 'User' pool.",
        ),
      );
    }
  });
};

/** maxPods: 10 to 250. */
const maxPodsRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    const maxPods = numberOf(pool.properties, 'maxPods');
    if (maxPods && (maxPods.value < 10 || maxPods.value > 250)) {
      context.report(
        problem(
          maxPods.node.range,
          'error',
          'nodepool/max-pods-range',
          `'maxPods' must be between 10 and 250 pods per node, not ${maxPods.value}.`,
        ),
      );
    }
  });
};

const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Why a Kubernetes label or taint key is not valid, or undefined. */
function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `the prefix '${prefix}' must be a DNS subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)`;
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `the name '${name}' must be 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

function labelValueError(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63 || !QUALIFIED_NAME.test(value)) {
    return `the value '${value}' must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return undefined;
}

/** nodeTaints and nodeInitializationTaints: `key=value:Effect` (the value may be left out). */
const taintRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    for (const listKey of ['nodeTaints', 'nodeInitializationTaints']) {
      for (const item of asSeq(valueOf(pool.properties, listKey))?.items ?? []) {
        const node = asScalar(item);
        if (!node || typeof node.value !== 'string' || isArmExpression(node)) continue;
        const taint = node.value;
        const colon = taint.lastIndexOf(':');
        const effect = colon >= 0 ? taint.slice(colon + 1) : '';
        const keyValue = colon >= 0 ? taint.slice(0, colon) : taint;
        const equals = keyValue.indexOf('=');
        const key = equals >= 0 ? keyValue.slice(0, equals) : keyValue;
        const value = equals >= 0 ? keyValue.slice(equals + 1) : '';
        const reasons: string[] = [];
        const fixes: Fix[] = [];
        if (colon < 0) reasons.push("it has no ':Effect'");
        else if (!TAINT_EFFECTS.includes(effect)) {
          reasons.push(`the effect '${effect}' must be one of ${TAINT_EFFECTS.join(', ')}`);
          const closest = TAINT_EFFECTS.find((allowed) => allowed.toLowerCase() === effect.toLowerCase());
          if (closest)
            fixes.push({
              title: `Use the effect '${closest}'`,
              edits: [replaceScalar(context, node, `${keyValue}:${closest}`)],
              preferred: true,
            });
        }
        const keyError = labelKeyError(key);
        if (keyError) reasons.push(keyError);
        const valueError = labelValueError(value);
        if (valueError) reasons.push(valueError);
        if (reasons.length) {
          context.report(
            problem(
              node.range,
              'error',
              'nodepool/invalid-taint',
              `Taint '${taint}' is not valid: ${reasons.join('; ')}. Write taints as key=value:Effect.`,
              fixes.length ? fixes : undefined,
            ),
          );
        }
      }
    }
  });
};

/** nodeLabels: Kubernetes label keys and values. */
const labelRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    const labels = asMap(valueOf(pool.properties, 'nodeLabels'));
    for (const entry of labels?.entries ?? []) {
      const key = entry.key.value;
      if (typeof key === 'string' && !isArmExpression(entry.key)) {
        const keyError = labelKeyError(key);
        if (keyError)
          context.report(problem(entry.key.range, 'error', 'nodepool/invalid-label', `Label key '${key}' is not valid: ${keyError}.`));
      }
      const value = asScalar(entry.value);
      if (value && typeof value.value === 'string' && !isArmExpression(value)) {
        const valueError = labelValueError(value.value);
        if (valueError) context.report(problem(value.range, 'error', 'nodepool/invalid-label', `Label value is not valid: ${valueError}.`));
      }
    }
  });
};

/** Kubelet: the image GC thresholds in order, eviction percentages at most 100%, Windows pools' four settings. */
const kubeletRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    const kubelet = kubeletConfigOf(pool);
    if (!kubelet) return;
    const high = numberOf(kubelet, 'imageGcHighThreshold');
    const low = numberOf(kubelet, 'imageGcLowThreshold');
    if (high && low && low.value > high.value) {
      context.report(
        problem(
          low.node.range,
          'error',
          'nodepool/image-gc-thresholds',
          `'imageGcLowThreshold' (${low.value}) must not be higher than 'imageGcHighThreshold' (${high.value}).`,
        ),
      );
    }
    const eviction = asMap(valueOf(kubelet, 'hardEvictionThreshold'));
    for (const entry of eviction?.entries ?? []) {
      const value = asScalar(entry.value);
      const percent = typeof value?.value === 'string' ? /^(\d+(?:\.\d+)?)%$/.exec(value.value) : null;
      if (value && percent && Number(percent[1]) > 100) {
        context.report(
          problem(
            value.range,
            'error',
            'nodepool/eviction-threshold',
            `'${String(entry.key.value)}' is ${value.value as string}; a percentage must be at most 100%.`,
          ),
        );
      }
    }
    if (isAgentPool(pool) && isWindowsPool(pool)) {
      for (const entry of kubelet.entries) {
        const key = entry.key.value;
        if (typeof key === 'string' && !(KUBELET_WINDOWS_KEYS as readonly string[]).includes(key)) {
          context.report(
            problem(
              entry.key.range,
              'error',
              'nodepool/windows-kubelet-setting',
              `Windows node pools do not support the kubelet setting '${key}'; only ${KUBELET_WINDOWS_KEYS.join(', ')}.`,
            ),
          );
        }
      }
    }
  });
};

/** Settings that Windows pools cannot have. */
const windowsRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool) || !isWindowsPool(pool)) return;
    for (const key of ['linuxOSConfig', 'messageOfTheDay']) {
      const entry = entryOf(pool.properties, key);
      if (entry && isSet(pool.properties, key)) {
        context.report(
          problem(
            entry.key.range,
            'error',
            'nodepool/linux-only-setting',
            `'${key}' is for Linux nodes; Windows node pools do not support it.`,
          ),
        );
      }
    }
  });
};

/** Sysctls: documented ranges (warnings: AKS does not pre-validate them all) and the port range's form. */
const sysctlRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    const sysctls = asMap(valueOf(linuxOSConfigOf(pool), 'sysctls'));
    if (!sysctls) return;
    for (const [key, [min, max]] of Object.entries(SYSCTL_RANGES)) {
      const value = numberOf(sysctls, key);
      if (value && (value.value < min || value.value > max)) {
        const upper = max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`;
        context.report(
          problem(
            value.node.range,
            'warning',
            'nodepool/sysctl-range',
            `'${key}' (${SYSCTLS[key].sysctl}) is ${value.value}; AKS documents ${upper ? `${min}${upper}` : `at least ${min}`}.`,
          ),
        );
      }
    }
    const range = stringOf(sysctls, 'netIpv4IpLocalPortRange');
    if (range) checkPortRange(context, range.node, range.value);
  });
};

function checkPortRange(context: RuleContext, node: ScalarNode, value: string): void {
  const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(value);
  if (!match) {
    context.report(
      problem(
        node.range,
        'error',
        'nodepool/sysctl-port-range',
        `'netIpv4IpLocalPortRange' must be two port numbers separated by a space, such as "32768 60999", not '${value}'.`,
      ),
    );
    return;
  }
  const first = Number(match[1]);
  const last = Number(match[2]);
  if (first > last) {
    context.report(
      problem(
        node.range,
        'error',
        'nodepool/sysctl-port-range',
        `'netIpv4IpLocalPortRange' starts at ${first}, after its end ${last}; the first port must not be greater than the last.`,
      ),
    );
  } else if (first < 1024 || first > 60999 || last < 32768 || last > 65535) {
    context.report(
      problem(
        node.range,
        'warning',
        'nodepool/sysctl-port-range',
        `'netIpv4IpLocalPortRange' is "${first} ${last}"; AKS documents the first port 1024 to 60999 and the last 32768 to 65535.`,
      ),
    );
  }
}

function minorVersion(version: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function versionBelow(version: string, major: number, minor: number): boolean {
  const parsed = minorVersion(version);
  return !!parsed && (parsed[0] < major || (parsed[0] === major && parsed[1] < minor));
}

const KATA_RUNTIMES = new Set(['KataMshvVmIsolation', 'KataVmIsolation', 'KataCcIsolation']);

/** Azure Container Linux: Trusted Launch, no artifact streaming, no pod sandboxing, GA from Kubernetes 1.34. */
const azureContainerLinuxRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool) || stringOf(pool.properties, 'osSKU')?.value !== 'AzureContainerLinux') return;
    const map = pool.properties;
    const security = asMap(valueOf(map, 'securityProfile'));
    for (const key of ['enableSecureBoot', 'enableVTPM']) {
      const node = scalarOf(security, key);
      if (node?.value === false) {
        context.report(
          problem(
            node.range,
            'error',
            'nodepool/acl-trusted-launch',
            `Azure Container Linux requires Trusted Launch with Secure Boot and vTPM; '${key}' cannot be false.`,
          ),
        );
      }
    }
    const streaming = scalarOf(asMap(valueOf(map, 'artifactStreamingProfile')), 'enabled');
    if (streaming?.value === true) {
      context.report(
        problem(streaming.range, 'error', 'nodepool/acl-unsupported-feature', 'Azure Container Linux does not support artifact streaming.'),
      );
    }
    const runtime = stringOf(map, 'workloadRuntime');
    if (runtime && KATA_RUNTIMES.has(runtime.value)) {
      context.report(
        problem(
          runtime.node.range,
          'error',
          'nodepool/acl-unsupported-feature',
          `Azure Container Linux does not support pod sandboxing ('workloadRuntime: ${runtime.value}').`,
        ),
      );
    }
    const version = stringOf(map, 'orchestratorVersion');
    if (version && versionBelow(version.value, 1, 34)) {
      context.report(
        problem(
          version.node.range,
          'warning',
          'nodepool/acl-kubernetes-version',
          `Azure Container Linux is generally available from Kubernetes 1.34; ${version.value} needs the preview.`,
        ),
      );
    }
  });
  // The node OS upgrade channel is a cluster setting: ACL's immutable /usr rules out Unmanaged and SecurityPatch.
  for (const cluster of shapeOf(context.document).clusters) {
    if (!cluster.pools.some((pool) => stringOf(pool.properties, 'osSKU')?.value === 'AzureContainerLinux')) continue;
    const channel = stringOf(asMap(valueOf(cluster.properties, 'autoUpgradeProfile')), 'nodeOSUpgradeChannel');
    if (channel && (channel.value === 'Unmanaged' || channel.value === 'SecurityPatch')) {
      context.report(
        problem(
          channel.node.range,
          'error',
          'nodepool/acl-os-upgrade-channel',
          `Azure Container Linux node pools support only the 'NodeImage' and 'None' OS upgrade channels, not '${channel.value}'.`,
        ),
      );
    }
  }
};

/** `osSKU: AzureLinux` follows the Kubernetes version: before 1.32 it means the retired Azure Linux 2.0. */
const azureLinuxVersionRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool) || stringOf(pool.properties, 'osSKU')?.value !== 'AzureLinux') return;
    const version = stringOf(pool.properties, 'orchestratorVersion');
    if (version && versionBelow(version.value, 1, 32)) {
      context.report(
        problem(
          version.node.range,
          'warning',
          'nodepool/azure-linux-2-retired',
          `With Kubernetes ${version.value}, 'osSKU: AzureLinux' gives Azure Linux 2.0, which is retired; use Kubernetes 1.32 or later, or 'osSKU: AzureLinux3'.`,
        ),
      );
    }
  });
};

/** `gatewayProfile` belongs to Gateway pools. */
const gatewayRule: Rule = (context) => {
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool) || !isSet(pool.properties, 'gatewayProfile')) return;
    const mode = stringOf(pool.properties, 'mode');
    if (isArmExpression(valueOf(pool.properties, 'mode')) || mode?.value === 'Gateway') return;
    const entry: MapEntry = entryOf(pool.properties, 'gatewayProfile')!;
    context.report(
      problem(
        entry.key.range,
        'error',
        'nodepool/gateway-profile-mode',
        `'gatewayProfile' can only be set when 'mode' is Gateway${mode ? `, not ${mode.value}` : ''}.`,
      ),
    );
  });
};

export const nodePoolRules: readonly Rule[] = [
  nameRule,
  duplicateNameRule,
  systemPoolRule,
  autoscalingRule,
  systemCountRule,
  osSkuRule,
  systemPoolShapeRule,
  zonesRule,
  spotRule,
  maxPodsRule,
  taintRule,
  labelRule,
  kubeletRule,
  windowsRule,
  sysctlRule,
  azureContainerLinuxRule,
  azureLinuxVersionRule,
  gatewayRule,
];
