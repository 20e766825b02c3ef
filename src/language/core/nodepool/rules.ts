import { asMap, asScalar, asSeq, entryOf, valueOf } from '../syntax';
import type { Fix, L10n, MapEntry, MapNode, Problem, Range, Rule, RuleContext, ScalarNode } from '../types';
import { nodePoolNameError, suggestNodePoolName } from './names';
import { DEPRECATED_OS_SKUS, KUBELET_WINDOWS_KEYS, LINUX_OS_SKUS, SYSCTL_RANGES, SYSCTLS, WINDOWS_OS_SKUS } from './schema';
import { parameterValuesRule } from './parameters';
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
  const { l10n } = context;
  forEachPool(context, (pool) => {
    const node = pool.nameNode;
    if (!node || typeof node.value !== 'string' || isArmExpression(node)) return;
    // ARM child resources are named `cluster/pool`; only the last segment is the pool's name.
    const slash = node.value.lastIndexOf('/');
    const prefix = pool.shape === 'arm-agentpool' && slash >= 0 ? node.value.slice(0, slash + 1) : '';
    const name = node.value.slice(prefix.length);
    if (name.includes('[') || name.includes('(')) return;
    const windows = isWindowsPool(pool);
    const error = nodePoolNameError(name, windows, l10n);
    if (!error) return;
    const suggestion = suggestNodePoolName(name, windows);
    context.report(
      problem(node.range, 'error', 'nodepool/invalid-name', error, [
        {
          title: l10n.t("Rename the node pool to '{0}'", suggestion),
          edits: [replaceScalar(context, node, prefix + suggestion)],
          preferred: true,
        },
      ]),
    );
  });
};

/** Duplicate names among one cluster's `agentPoolProfiles`. */
const duplicateNameRule: Rule = (context) => {
  const { l10n } = context;
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
            l10n.t("Node pool name '{0}' is used by another pool of this cluster; each pool needs its own name.", node.value),
          ),
        );
      }
      seen.add(node.value);
    }
  }
};

/** A cluster needs a System pool: reported only when every profile states its mode. */
const systemPoolRule: Rule = (context) => {
  const { l10n } = context;
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
        l10n.t("The cluster has no System node pool; at least one pool needs 'mode: System'."),
      ),
    );
  }
};

/** Autoscaling: `minCount` and `maxCount` with `enableAutoScaling`, `minCount <= maxCount`, `count` between them. */
const autoscalingRule: Rule = (context) => {
  const { l10n } = context;
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
            missing.length > 1
              ? l10n.t("Autoscaling needs both 'minCount' and 'maxCount'; both are missing.")
              : l10n.t("Autoscaling needs both 'minCount' and 'maxCount'; '{0}' is missing.", missing[0]),
          ),
        );
      }
      if (min && max && min.value > max.value) {
        context.report(
          problem(
            min.node.range,
            'error',
            'nodepool/autoscale-min-above-max',
            l10n.t("'minCount' ({0}) is greater than 'maxCount' ({1}); it must be less than or equal.", min.value, max.value),
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
            l10n.t(
              "'count' ({0}) must be between 'minCount' ({1}) and 'maxCount' ({2}) when autoscaling is enabled.",
              count.value,
              min.value,
              max.value,
            ),
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
            l10n.t("'{0}' only applies with 'enableAutoScaling: true'; autoscaling is off for this pool.", key),
          ),
        );
      }
    }
  });
};

/** `count`: 0 to 1000 for User pools (schema), at least 1 for System pools, including the autoscaler's minimum. */
const systemCountRule: Rule = (context) => {
  const { l10n } = context;
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
            l10n.t("A System pool needs at least 1 node: '{0}' must be 1 to 1000, not {1}.", key, value.value),
          ),
        );
      }
    }
  });
};

/** osSKU against osType: Linux SKUs need `osType: Linux` (the default), Windows SKUs `osType: Windows`. */
const osSkuRule: Rule = (context) => {
  const { l10n } = context;
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    const sku = stringOf(pool.properties, 'osSKU');
    if (!sku) return;
    const osType = stringOf(pool.properties, 'osType')?.value;
    if (WINDOWS_SKUS.has(sku.value) && osType !== 'Windows' && (osType === 'Linux' || !isSet(pool.properties, 'osType'))) {
      context.report(
        problem(
          sku.node.range,
          'error',
          'nodepool/os-sku-mismatch',
          osType
            ? l10n.t("'osSKU: {0}' is a Windows SKU but 'osType' is Linux; set 'osType: Windows' or choose a Linux SKU.", sku.value)
            : l10n.t(
                "'osSKU: {0}' is a Windows SKU but 'osType' defaults to Linux; set 'osType: Windows' or choose a Linux SKU.",
                sku.value,
              ),
        ),
      );
    } else if (LINUX_SKUS.has(sku.value) && osType === 'Windows') {
      context.report(
        problem(
          sku.node.range,
          'error',
          'nodepool/os-sku-mismatch',
          l10n.t(
            "'osSKU: {0}' is a Linux SKU but 'osType' is Windows; use a Windows SKU ({1}) or 'osType: Linux'.",
            sku.value,
            WINDOWS_OS_SKUS.join(', '),
          ),
        ),
      );
    }
    const replacement = DEPRECATED_OS_SKUS[sku.value];
    if (replacement) {
      context.report(
        problem(
          sku.node.range,
          'warning',
          'nodepool/deprecated-os-sku',
          l10n.t("'osSKU: {0}' is deprecated; use '{1}'.", sku.value, replacement),
          [{ title: l10n.t("Replace with '{0}'", replacement), edits: [replaceScalar(context, sku.node, replacement)], preferred: true }],
        ),
      );
    }
  });
};

/** A System pool is Linux with at least 2 vCPUs (and 4 GB of memory). */
const systemPoolShapeRule: Rule = (context) => {
  const { l10n } = context;
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
          l10n.t("A System pool must run Linux; make this a 'User' pool or use 'osType: Linux'."),
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
          l10n.t("'{0}' has {1} vCPU; a System pool needs a VM size with at least 2 vCPUs and 4 GB of memory.", size.value, vcpus),
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
  const { l10n } = context;
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
          l10n.t("'availabilityZones' can only be set when 'type' is VirtualMachineScaleSets, not AvailabilitySet."),
        ),
      );
    } else if (type.value === 'VirtualMachines') {
      context.report(
        problem(
          range,
          'warning',
          'nodepool/zones-need-scale-set',
          l10n.t(
            "The AKS API documents 'availabilityZones' for 'type: VirtualMachineScaleSets' only; check that VirtualMachines pools support zones in your region.",
          ),
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
  const { l10n } = context;
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
            l10n.t("'{0}' has an effect only when 'scaleSetPriority' is Spot.", key),
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
          l10n.t("'spotMaxPrice' must be -1 (pay up to the on-demand price) or greater than 0, not {0}.", price.value),
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
          l10n.t("A System pool cannot use Spot VMs; use 'scaleSetPriority: Regular' or make this a 'User' pool."),
        ),
      );
    }
  });
};

/** maxPods: 10 to 250. */
const maxPodsRule: Rule = (context) => {
  const { l10n } = context;
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    const maxPods = numberOf(pool.properties, 'maxPods');
    if (maxPods && (maxPods.value < 10 || maxPods.value > 250)) {
      context.report(
        problem(
          maxPods.node.range,
          'error',
          'nodepool/max-pods-range',
          l10n.t("'maxPods' must be between 10 and 250 pods per node, not {0}.", maxPods.value),
        ),
      );
    }
  });
};

const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Why a Kubernetes label or taint key is not valid (a sentence), or undefined. */
function labelKeyError(l10n: L10n, key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return l10n.t("The prefix '{0}' must be a DNS subdomain (lowercase letters, digits, '-' and '.', at most 253 characters).", prefix);
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return l10n.t("The name '{0}' must be 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.", name);
  }
  return undefined;
}

function labelValueError(l10n: L10n, value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63 || !QUALIFIED_NAME.test(value)) {
    return l10n.t(
      "The value '{0}' must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.",
      value,
    );
  }
  return undefined;
}

/** nodeTaints and nodeInitializationTaints: `key=value:Effect` (the value may be left out). */
const taintRule: Rule = (context) => {
  const { l10n } = context;
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
        if (colon < 0) reasons.push(l10n.t("It has no ':Effect'."));
        else if (!TAINT_EFFECTS.includes(effect)) {
          reasons.push(l10n.t("The effect '{0}' must be one of {1}.", effect, TAINT_EFFECTS.join(', ')));
          const closest = TAINT_EFFECTS.find((allowed) => allowed.toLowerCase() === effect.toLowerCase());
          if (closest)
            fixes.push({
              title: l10n.t("Use the effect '{0}'", closest),
              edits: [replaceScalar(context, node, `${keyValue}:${closest}`)],
              preferred: true,
            });
        }
        const keyError = labelKeyError(l10n, key);
        if (keyError) reasons.push(keyError);
        const valueError = labelValueError(l10n, value);
        if (valueError) reasons.push(valueError);
        if (reasons.length) {
          context.report(
            problem(
              node.range,
              'error',
              'nodepool/invalid-taint',
              l10n.t("Taint '{0}' is not valid. {1} Write taints as key=value:Effect.", taint, reasons.join(' ')),
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
  const { l10n } = context;
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    const labels = asMap(valueOf(pool.properties, 'nodeLabels'));
    for (const entry of labels?.entries ?? []) {
      const key = entry.key.value;
      if (typeof key === 'string' && !isArmExpression(entry.key)) {
        const keyError = labelKeyError(l10n, key);
        if (keyError)
          context.report(
            problem(entry.key.range, 'error', 'nodepool/invalid-label', l10n.t("Label key '{0}' is not valid. {1}", key, keyError)),
          );
      }
      const value = asScalar(entry.value);
      if (value && typeof value.value === 'string' && !isArmExpression(value)) {
        const valueError = labelValueError(l10n, value.value);
        if (valueError)
          context.report(problem(value.range, 'error', 'nodepool/invalid-label', l10n.t('Label value is not valid. {0}', valueError)));
      }
    }
  });
};

/** Kubelet: the image GC thresholds in order, eviction percentages at most 100%, Windows pools' four settings. */
const kubeletRule: Rule = (context) => {
  const { l10n } = context;
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
          l10n.t("'imageGcLowThreshold' ({0}) must not be higher than 'imageGcHighThreshold' ({1}).", low.value, high.value),
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
            l10n.t("'{0}' is {1}; a percentage must be at most 100%.", String(entry.key.value), value.value as string),
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
              l10n.t("Windows node pools do not support the kubelet setting '{0}'; only {1}.", key, KUBELET_WINDOWS_KEYS.join(', ')),
            ),
          );
        }
      }
    }
  });
};

/** Settings that Windows pools cannot have. */
const windowsRule: Rule = (context) => {
  const { l10n } = context;
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
            l10n.t("'{0}' is for Linux nodes; Windows node pools do not support it.", key),
          ),
        );
      }
    }
  });
};

/** Sysctls: documented ranges (warnings: AKS does not pre-validate them all) and the port range's form. */
const sysctlRule: Rule = (context) => {
  const { l10n } = context;
  forEachPool(context, (pool) => {
    const sysctls = asMap(valueOf(linuxOSConfigOf(pool), 'sysctls'));
    if (!sysctls) return;
    for (const [key, [min, max]] of Object.entries(SYSCTL_RANGES)) {
      const value = numberOf(sysctls, key);
      if (value && (value.value < min || value.value > max)) {
        context.report(
          problem(
            value.node.range,
            'warning',
            'nodepool/sysctl-range',
            max === Number.MAX_SAFE_INTEGER
              ? l10n.t("'{0}' ({1}) is {2}; AKS documents at least {3}.", key, SYSCTLS[key].sysctl, value.value, min)
              : l10n.t("'{0}' ({1}) is {2}; AKS documents {3} to {4}.", key, SYSCTLS[key].sysctl, value.value, min, max),
          ),
        );
      }
    }
    const range = stringOf(sysctls, 'netIpv4IpLocalPortRange');
    if (range) checkPortRange(context, range.node, range.value);
  });
};

function checkPortRange(context: RuleContext, node: ScalarNode, value: string): void {
  const { l10n } = context;
  const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(value);
  if (!match) {
    context.report(
      problem(
        node.range,
        'error',
        'nodepool/sysctl-port-range',
        l10n.t("'netIpv4IpLocalPortRange' must be two port numbers separated by a space, such as \"32768 60999\", not '{0}'.", value),
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
        l10n.t(
          "'netIpv4IpLocalPortRange' starts at {0}, after its end {1}; the first port must not be greater than the last.",
          first,
          last,
        ),
      ),
    );
  } else if (first < 1024 || first > 60999 || last < 32768 || last > 65535) {
    context.report(
      problem(
        node.range,
        'warning',
        'nodepool/sysctl-port-range',
        l10n.t(
          '\'netIpv4IpLocalPortRange\' is "{0} {1}"; AKS documents the first port 1024 to 60999 and the last 32768 to 65535.',
          first,
          last,
        ),
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
  const { l10n } = context;
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
            l10n.t("Azure Container Linux requires Trusted Launch with Secure Boot and vTPM; '{0}' cannot be false.", key),
          ),
        );
      }
    }
    const streaming = scalarOf(asMap(valueOf(map, 'artifactStreamingProfile')), 'enabled');
    if (streaming?.value === true) {
      context.report(
        problem(
          streaming.range,
          'error',
          'nodepool/acl-unsupported-feature',
          l10n.t('Azure Container Linux does not support artifact streaming.'),
        ),
      );
    }
    const runtime = stringOf(map, 'workloadRuntime');
    if (runtime && KATA_RUNTIMES.has(runtime.value)) {
      context.report(
        problem(
          runtime.node.range,
          'error',
          'nodepool/acl-unsupported-feature',
          l10n.t("Azure Container Linux does not support pod sandboxing ('workloadRuntime: {0}').", runtime.value),
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
          l10n.t('Azure Container Linux is generally available from Kubernetes 1.34; {0} needs the preview.', version.value),
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
          l10n.t("Azure Container Linux node pools support only the 'NodeImage' and 'None' OS upgrade channels, not '{0}'.", channel.value),
        ),
      );
    }
  }
};

/** `osSKU: AzureLinux` follows the Kubernetes version: before 1.32 it means the retired Azure Linux 2.0. */
const azureLinuxVersionRule: Rule = (context) => {
  const { l10n } = context;
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool) || stringOf(pool.properties, 'osSKU')?.value !== 'AzureLinux') return;
    const version = stringOf(pool.properties, 'orchestratorVersion');
    if (version && versionBelow(version.value, 1, 32)) {
      context.report(
        problem(
          version.node.range,
          'warning',
          'nodepool/azure-linux-2-retired',
          l10n.t(
            "With Kubernetes {0}, 'osSKU: AzureLinux' gives Azure Linux 2.0, which is retired; use Kubernetes 1.32 or later, or 'osSKU: AzureLinux3'.",
            version.value,
          ),
        ),
      );
    }
  });
};

/** `gatewayProfile` belongs to Gateway pools. */
const gatewayRule: Rule = (context) => {
  const { l10n } = context;
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
        mode
          ? l10n.t("'gatewayProfile' can only be set when 'mode' is Gateway, not {0}.", mode.value)
          : l10n.t("'gatewayProfile' can only be set when 'mode' is Gateway."),
      ),
    );
  });
};

/** networkProfile.allowedHostPorts: portStart no higher than portEnd. */
const hostPortRule: Rule = (context) => {
  const { l10n } = context;
  forEachPool(context, (pool) => {
    if (!isAgentPool(pool)) return;
    const ports = asSeq(valueOf(asMap(valueOf(pool.properties, 'networkProfile')), 'allowedHostPorts'));
    for (const item of ports?.items ?? []) {
      const start = numberOf(asMap(item), 'portStart');
      const end = numberOf(asMap(item), 'portEnd');
      if (start && end && start.value > end.value) {
        context.report(
          problem(
            start.node.range,
            'error',
            'nodepool/port-range-order',
            l10n.t("'portStart' ({0}) must not be higher than 'portEnd' ({1}).", start.value, end.value),
          ),
        );
      }
    }
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
  parameterValuesRule,
  hostPortRule,
];
