/** Picking a VM size the chosen image can boot and the region can actually give this subscription. */

export interface VmSkuInfo {
  readonly name: string;
  readonly capabilities: Readonly<Record<string, string>>;
  /** True when Azure restricts the size in this location for the subscription (NotAvailableForSubscription). */
  readonly restricted: boolean;
}

export interface SizeChoice {
  readonly name: string;
  readonly vCpus: number;
  readonly memoryGb: number;
  readonly isDefault: boolean;
}

/** Small general-purpose sizes, best first, for each architecture. */
const preferred: Record<'x64' | 'Arm64', readonly string[]> = {
  x64: ['Standard_D2s_v5', 'Standard_D2as_v5', 'Standard_D2s_v4', 'Standard_B2s', 'Standard_DS1_v2'],
  Arm64: ['Standard_D2ps_v5', 'Standard_D2pds_v5', 'Standard_B2ps_v2'],
};

function number(value: string | undefined): number {
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : 0;
}

export function sizeFits(sku: VmSkuInfo, architecture: 'x64' | 'Arm64', trustedLaunch: boolean): boolean {
  if (sku.restricted) {
    return false;
  }
  const generations = (sku.capabilities.HyperVGenerations ?? 'V1').split(',').map((value) => value.trim());
  if (!generations.includes('V2')) {
    return false;
  }
  if ((sku.capabilities.CpuArchitectureType ?? 'x64') !== architecture) {
    return false;
  }
  return !(trustedLaunch && sku.capabilities.TrustedLaunchDisabled?.toLowerCase() === 'true');
}

/** The sizes that fit, smallest first, with one default: a preferred size when available, else the smallest with 2 vCPUs and 4 GB. */
export function sizeChoices(skus: readonly VmSkuInfo[], architecture: 'x64' | 'Arm64', trustedLaunch: boolean): SizeChoice[] {
  const fitting = skus
    .filter((sku) => sizeFits(sku, architecture, trustedLaunch))
    .map((sku) => ({ name: sku.name, vCpus: number(sku.capabilities.vCPUs), memoryGb: number(sku.capabilities.MemoryGB) }))
    .sort((a, b) => a.vCpus - b.vCpus || a.memoryGb - b.memoryGb || a.name.localeCompare(b.name));
  const preferredName = preferred[architecture].find((name) => fitting.some((size) => size.name === name));
  const fallback = fitting.find((size) => size.vCpus >= 2 && size.memoryGb >= 4) ?? fitting[0];
  const defaultName = preferredName ?? fallback?.name;
  return fitting.map((size) => ({ ...size, isDefault: size.name === defaultName }));
}
