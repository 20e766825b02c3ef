import { classifyVm, familyLabel } from '../../../azure/core/classify';
import type { PowerState, VmInfo } from '../../../azure/core/model';

/*
 * How a VM looks in the tree and which actions it offers, as pure functions. package.json menus match the same
 * contextValues with regexes; test/unit/azure/menus.test.ts holds the two together.
 */

export type VmAction = 'start' | 'stop' | 'restart' | 'delete' | 'ssh' | 'remoteSsh' | 'copyIp' | 'openInPortal' | 'showProperties';

export const vmActionCommands: Record<VmAction, string> = {
  start: 'azureLinux.azure.startVm',
  stop: 'azureLinux.azure.stopVm',
  restart: 'azureLinux.azure.restartVm',
  delete: 'azureLinux.azure.deleteVm',
  ssh: 'azureLinux.azure.sshIntoVm',
  remoteSsh: 'azureLinux.azure.connectRemoteSsh',
  copyIp: 'azureLinux.azure.copyIp',
  openInPortal: 'azureLinux.azure.openInPortal',
  showProperties: 'azureLinux.azure.showProperties',
};

export const vmContextPrefix = 'azureLinuxVm';

export function vmContextValue(state: PowerState): string {
  return `${vmContextPrefix}.${state}`;
}

/** While one of our actions runs on a VM, its node offers only what cannot change the VM (see busyActions). */
export const vmBusyContextValue = `${vmContextPrefix}.busy`;

export const busyActions: readonly VmAction[] = ['copyIp', 'openInPortal', 'showProperties'];

const transitional: ReadonlySet<PowerState> = new Set(['starting', 'stopping', 'deallocating', 'creating', 'deleting']);

export function allowedActions(state: PowerState): VmAction[] {
  const always: VmAction[] = ['copyIp', 'openInPortal', 'showProperties'];
  if (state === 'deleting') {
    return always;
  }
  if (transitional.has(state)) {
    return [...always, 'delete'];
  }
  switch (state) {
    case 'running':
      return ['stop', 'restart', 'ssh', 'remoteSsh', 'delete', ...always];
    // "Stopped" still holds (and bills for) the compute; deallocating it is the stop we offer.
    case 'stopped':
      return ['start', 'stop', 'delete', ...always];
    case 'deallocated':
      return ['start', 'delete', ...always];
    default:
      return ['start', 'stop', 'restart', 'delete', ...always];
  }
}

/** What a node offers: the state's actions, or only busyActions while one of our actions runs on it. */
export function nodeActions(state: PowerState, busy: boolean): readonly VmAction[] {
  return busy ? busyActions : allowedActions(state);
}

const stateLabels: Record<PowerState, string> = {
  running: 'Running',
  starting: 'Starting',
  stopping: 'Stopping',
  stopped: 'Stopped (still allocated)',
  deallocating: 'Deallocating',
  deallocated: 'Stopped (deallocated)',
  creating: 'Creating',
  deleting: 'Deleting',
  failed: 'Failed',
  unknown: 'Unknown state',
};

export function powerStateLabel(state: PowerState): string {
  return stateLabels[state];
}

export function vmDescription(vm: VmInfo): string {
  return [powerStateLabel(vm.powerState), vm.size, vm.location].filter(Boolean).join(' · ');
}

export interface IconSpec {
  readonly id: string;
  readonly color?: string;
}

export function vmIcon(state: PowerState): IconSpec {
  if (transitional.has(state)) {
    return { id: 'loading~spin' };
  }
  switch (state) {
    case 'running':
      return { id: 'vm-running', color: 'testing.iconPassed' };
    case 'stopped':
    case 'deallocated':
      return { id: 'vm-outline', color: 'disabledForeground' };
    case 'failed':
      return { id: 'error', color: 'errorForeground' };
    default:
      return { id: 'vm' };
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function imageText(vm: VmInfo): string | undefined {
  const image = vm.image;
  if (!image) {
    return undefined;
  }
  if (image.publisher || image.offer) {
    return [image.publisher, image.offer, image.sku, image.version].filter(Boolean).join(':');
  }
  return image.id;
}

/** The tooltip as Markdown lines: name, family, state, IPs, image, OS disk and tags. */
export function vmTooltip(vm: VmInfo): string {
  const rows: [string, string | undefined][] = [
    ['OS', [familyLabel(classifyVm(vm)), vm.osName && vm.osVersion ? `(${vm.osName} ${vm.osVersion})` : undefined].filter(Boolean).join(' ')],
    ['State', powerStateLabel(vm.powerState)],
    ['Size', vm.size],
    ['Region', vm.location],
    ['Resource group', vm.resourceGroup],
    ['Public IP', vm.publicIps.join(', ') || undefined],
    ['DNS name', vm.fqdn],
    ['Private IP', vm.privateIps.join(', ') || undefined],
    ['Image', imageText(vm)],
    ['OS disk', vm.osDiskName],
    ['Security', vm.securityType],
    ['Tags', Object.entries(vm.tags).map(([key, value]) => `${key}=${value}`).join(', ') || undefined],
  ];
  const lines = [`**${escapeMarkdown(vm.name)}**`, ''];
  for (const [label, value] of rows) {
    if (value) {
      lines.push(`${label}: ${escapeMarkdown(value)}  `);
    }
  }
  return lines.join('\n');
}

/** The address to connect to: the public DNS name or IP, else the private IP (reachable over VPN or peering). */
export function connectAddress(vm: VmInfo): string | undefined {
  return vm.fqdn ?? vm.publicIps[0] ?? vm.privateIps[0];
}

export function groupByResourceGroup(vms: readonly VmInfo[]): [resourceGroup: string, vms: VmInfo[]][] {
  const groups = new Map<string, { name: string; vms: VmInfo[] }>();
  for (const vm of vms) {
    const key = vm.resourceGroup.toLowerCase();
    const group = groups.get(key) ?? { name: vm.resourceGroup, vms: [] };
    group.vms.push(vm);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }))
    .map((group) => [group.name, sortVms(group.vms)]);
}

export function sortVms(vms: readonly VmInfo[]): VmInfo[] {
  return [...vms].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}
