import { classifyVm, familyLabel } from '../../../azure/core/classify';
import type { PowerState, VmInfo } from '../../../azure/core/model';
import { english, type L10n } from '../../../util/l10n';

/*
 * How a VM looks in the tree and which actions it offers, as pure functions. package.json menus match the same
 * contextValues with regexes; test/unit/azure/menus.test.ts holds the two together.
 */

export type VmAction =
  | 'start'
  | 'stop'
  | 'restart'
  | 'delete'
  | 'ssh'
  | 'remoteSsh'
  | 'copyIp'
  | 'openInPortal'
  | 'showProperties'
  | 'showSerialLog'
  | 'showScreenshot';

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
  showSerialLog: 'azureLinux.azure.showSerialLog',
  showScreenshot: 'azureLinux.azure.showScreenshot',
};

/** A VM's node id: the same in every tree generation, so selection and expansion survive a refresh. */
export function vmNodeId(vmId: string): string {
  return `vm:${vmId.toLowerCase()}`;
}

export const vmContextPrefix = 'azure.vm';

export function vmContextValue(state: PowerState): string {
  return `${vmContextPrefix}.${state}`;
}

/** While one of our actions runs on a VM, its node offers only what cannot change the VM (see busyActions). */
export const vmBusyContextValue = `${vmContextPrefix}.busy`;

export const busyActions: readonly VmAction[] = ['copyIp', 'openInPortal', 'showProperties', 'showSerialLog', 'showScreenshot'];

/** Azure keeps a console screenshot only while the VM runs (or boots, or failed to finish provisioning). */
const screenshotStates: ReadonlySet<PowerState> = new Set(['running', 'starting', 'creating', 'failed', 'unknown']);

const transitional: ReadonlySet<PowerState> = new Set(['starting', 'stopping', 'deallocating', 'creating', 'deleting']);

export function allowedActions(state: PowerState): VmAction[] {
  // The serial log is there in every state: the last boot's, or the one under way.
  const always: VmAction[] = ['copyIp', 'openInPortal', 'showProperties', 'showSerialLog'];
  const screenshot: VmAction[] = screenshotStates.has(state) ? ['showScreenshot'] : [];
  if (state === 'deleting') {
    return always;
  }
  if (transitional.has(state)) {
    return [...always, ...screenshot, 'delete'];
  }
  switch (state) {
    case 'running':
      return ['stop', 'restart', 'ssh', 'remoteSsh', 'delete', ...always, ...screenshot];
    // "Stopped" still holds (and bills for) the compute; deallocating it is the stop we offer.
    case 'stopped':
      return ['start', 'stop', 'delete', ...always];
    case 'deallocated':
      return ['start', 'delete', ...always];
    default:
      return ['start', 'stop', 'restart', 'delete', ...always, ...screenshot];
  }
}

/** What a node offers: the state's actions, or only busyActions while one of our actions runs on it. */
export function nodeActions(state: PowerState, busy: boolean): readonly VmAction[] {
  return busy ? busyActions : allowedActions(state);
}

/** The state as the tree says it, worded by `l10n` (the adapters pass vscode.l10n). */
export function powerStateLabel(state: PowerState, l10n: L10n = english): string {
  switch (state) {
    case 'running':
      return l10n.t('Running');
    case 'starting':
      return l10n.t('Starting');
    case 'stopping':
      return l10n.t('Stopping');
    case 'stopped':
      return l10n.t('Stopped (still allocated)');
    case 'deallocating':
      return l10n.t('Deallocating');
    case 'deallocated':
      return l10n.t('Stopped (deallocated)');
    case 'creating':
      return l10n.t('Creating');
    case 'deleting':
      return l10n.t('Deleting');
    case 'failed':
      return l10n.t('Failed');
    case 'unknown':
      return l10n.t('Unknown state');
  }
}

export function vmDescription(vm: VmInfo, l10n: L10n = english): string {
  return [powerStateLabel(vm.powerState, l10n), vm.size, vm.location].filter(Boolean).join(' · ');
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
export function vmTooltip(vm: VmInfo, l10n: L10n = english): string {
  const rows: [string, string | undefined][] = [
    [
      l10n.t('OS'),
      [familyLabel(classifyVm(vm)), vm.osName && vm.osVersion ? `(${vm.osName} ${vm.osVersion})` : undefined].filter(Boolean).join(' '),
    ],
    [l10n.t('State'), powerStateLabel(vm.powerState, l10n)],
    [l10n.t('Size'), vm.size],
    [l10n.t('Region'), vm.location],
    [l10n.t('Resource group'), vm.resourceGroup],
    [l10n.t('Public IP'), vm.publicIps.join(', ') || undefined],
    [l10n.t('DNS name'), vm.fqdn],
    [l10n.t('Private IP'), vm.privateIps.join(', ') || undefined],
    [l10n.t('Image'), imageText(vm)],
    [l10n.t('OS disk'), vm.osDiskName],
    [l10n.t('Security'), vm.securityType],
    [
      l10n.t('Tags'),
      Object.entries(vm.tags)
        .map(([key, value]) => `${key}=${value}`)
        .join(', ') || undefined,
    ],
  ];
  const lines = [`**${escapeMarkdown(vm.name)}**`, ''];
  for (const [label, value] of rows) {
    if (value) {
      lines.push(l10n.t('{0}: {1}', label, `${escapeMarkdown(value)}  `));
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
