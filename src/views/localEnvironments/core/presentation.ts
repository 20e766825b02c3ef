/*
 * What the Local Environments tree shows, as pure data: grouping, labels, icons and contextValues. The vscode
 * adapter only turns these into TreeItems, so the unit tests and the package.json menus test check the real thing.
 */
import { azlLabels, isAzlShell, isAzureLinuxImage } from '../../../docker/core/labels';
import type { ContainerState, ContainerSummary, ImageSummary } from '../../../docker/engine';

export type NodeKind = 'azlShell' | 'container' | 'image' | 'pending';
export type DisplayState = 'running' | 'stopped' | 'paused' | 'restarting' | 'building' | 'pulling' | 'creating';

/** A codicon and an optional theme color id. */
export interface IconSpec {
  readonly id: string;
  readonly color?: string;
}

export interface ItemModel {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  readonly description?: string;
  readonly tooltip: string;
  readonly icon: IconSpec;
  readonly contextValue: string;
  readonly state?: DisplayState;
  /** The engine's ID of the container or image this row shows. */
  readonly ref?: string;
}

/** Something under way that has no container yet (an image being pulled or built for a new environment). */
export interface PendingEnvironment {
  readonly key: string;
  readonly name: string;
  readonly image: string;
  readonly phase: 'pulling' | 'building' | 'creating';
  /** "42%", "step 3/7"... */
  readonly detail?: string;
}

/**
 * What a feature adds to a container node: D2's config-changed check reads the config labels and returns a
 * description and a context flag (e.g. `configChanged`, matched by the Rebuild menu entry).
 */
export interface ContainerAnnotation {
  readonly description?: string;
  readonly contextFlags?: readonly string[];
  readonly tooltip?: string;
}
export type ContainerAnnotator = (container: ContainerSummary) => ContainerAnnotation | undefined;

export interface Sections {
  readonly shells: readonly ItemModel[];
  readonly images: readonly ItemModel[];
  /** Only when "show all containers" is on. */
  readonly others?: readonly ItemModel[];
}

export function displayState(state: ContainerState): DisplayState {
  switch (state) {
    case 'running':
      return 'running';
    case 'paused':
      return 'paused';
    case 'restarting':
      return 'restarting';
    default:
      return 'stopped';
  }
}

export function iconFor(state: DisplayState): IconSpec {
  switch (state) {
    case 'running':
      return { id: 'vm-running', color: 'testing.iconPassed' };
    case 'paused':
      return { id: 'debug-pause', color: 'charts.yellow' };
    case 'restarting':
      return { id: 'sync~spin' };
    case 'building':
    case 'pulling':
    case 'creating':
      return { id: 'loading~spin' };
    case 'stopped':
      return { id: 'vm-outline' };
  }
}

/**
 * kind.state[.flag...]: `azlShell.running`, `container.stopped`, `azlShell.stopped.configChanged`, `image`, `pending.building`.
 * package.json menus match these with the regexes in `menuPatterns`.
 */
export function contextValueFor(kind: NodeKind, state?: DisplayState, flags: readonly string[] = []): string {
  return [kind, ...(state ? [state] : []), ...flags].join('.');
}

/** The `viewItem =~ /.../` regexes package.json uses; the menus test checks each command's `when` against these. */
export const menuPatterns = {
  anyContainer: /^(azlShell|container)\./,
  runningContainer: /^(azlShell|container)\.running\b/,
  stoppedContainer: /^(azlShell|container)\.stopped\b/,
  /** A shell opens in any azl-shell (a stopped one is started first) and in other running containers. */
  shellTarget: /^(azlShell\.|container\.running\b)/,
  image: /^image$/,
  /** Any azl-shell (Reopen in Dev Container). */
  azlShell: /^azlShell\./,
  /** An azl-shell whose image config changed since it was built (Rebuild). */
  configChanged: /^azlShell\..*\.configChanged\b/,
} as const;

/** The context-menu pattern of each Local Environments item command (package.json must use the same regex). */
export const itemMenus: Readonly<Record<string, keyof typeof menuPatterns>> = {
  'azureLinux.containers.openShell': 'shellTarget',
  'azureLinux.containers.start': 'stoppedContainer',
  'azureLinux.containers.stop': 'runningContainer',
  'azureLinux.containers.restart': 'runningContainer',
  'azureLinux.containers.remove': 'anyContainer',
  'azureLinux.containers.showLogs': 'anyContainer',
  'azureLinux.containers.inspect': 'anyContainer',
  'azureLinux.containers.copyId': 'anyContainer',
  'azureLinux.containers.newShell': 'image',
  'azureLinux.containers.rebuild': 'configChanged',
  'azureLinux.containers.reopenInDevContainer': 'azlShell',
};

export function containerItem(container: ContainerSummary, annotate?: ContainerAnnotator): ItemModel {
  const kind: NodeKind = isAzlShell(container.labels) ? 'azlShell' : 'container';
  const state = displayState(container.state);
  const annotation = annotate?.(container);
  const image = container.labels[azlLabels.image] ?? container.image;
  const workspace = container.labels[azlLabels.workspaceFolder];
  const description = [annotation?.description, kind === 'azlShell' ? image : container.image, state === 'running' ? undefined : container.status]
    .filter(Boolean)
    .join(' · ');
  const tooltip = [
    container.name,
    `Image: ${image}`,
    `State: ${container.status || container.state}`,
    ...(workspace ? [`Workspace: ${workspace}`] : []),
    ...(container.labels[azlLabels.configPath] ? [`Image config: ${container.labels[azlLabels.configPath]}`] : []),
    ...(annotation?.tooltip ? [annotation.tooltip] : []),
    `ID: ${container.id.slice(0, 12)}`,
  ].join('\n');
  return {
    id: `container:${container.id}`,
    kind,
    label: container.name,
    description,
    tooltip,
    icon: iconFor(state),
    contextValue: contextValueFor(kind, state, annotation?.contextFlags ?? []),
    state,
    ref: container.id,
  };
}

export function imageItems(image: ImageSummary): ItemModel[] {
  const tags = image.repoTags.length ? image.repoTags : [image.id.replace(/^sha256:/, '').slice(0, 12)];
  return tags.map((tag) => ({
    id: `image:${image.id}:${tag}`,
    kind: 'image' as const,
    label: tag,
    description: formatSize(image.size),
    tooltip: `${tag}\nID: ${image.id.replace(/^sha256:/, '').slice(0, 12)}\nCreated: ${new Date(image.created * 1000).toISOString().slice(0, 10)}`,
    icon: { id: 'layers' },
    contextValue: contextValueFor('image'),
    ref: image.id,
  }));
}

export function pendingItem(pending: PendingEnvironment): ItemModel {
  const words = { pulling: 'pulling image', building: 'building', creating: 'creating' } as const;
  return {
    id: `pending:${pending.key}`,
    kind: 'pending',
    label: pending.name,
    description: [words[pending.phase], pending.detail].filter(Boolean).join(' · '),
    tooltip: `${pending.name}\nImage: ${pending.image}\n${words[pending.phase]}${pending.detail ? ` (${pending.detail})` : ''}`,
    icon: iconFor(pending.phase),
    contextValue: contextValueFor('pending', pending.phase),
    state: pending.phase,
  };
}

/** azl-shells first (with anything under way), then local Azure Linux images, then (when asked) every other container. */
export function groupEnvironments(
  containers: readonly ContainerSummary[],
  images: readonly ImageSummary[],
  options: { readonly showAllContainers: boolean; readonly pending?: readonly PendingEnvironment[]; readonly annotate?: ContainerAnnotator },
): Sections {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const shells = containers.filter((c) => isAzlShell(c.labels)).sort(byName);
  const pendingNames = new Set(shells.map((c) => c.name));
  const pending = (options.pending ?? []).filter((p) => !pendingNames.has(p.name)).map(pendingItem);
  const azureImages = images
    .filter(isAzureLinuxImage)
    .flatMap(imageItems)
    .sort((a, b) => a.label.localeCompare(b.label));
  const sections: Sections = {
    shells: [...pending, ...shells.map((c) => containerItem(c, options.annotate))],
    images: azureImages,
  };
  if (!options.showAllContainers) {
    return sections;
  }
  const others = containers.filter((c) => !isAzlShell(c.labels)).sort(byName).map((c) => containerItem(c, options.annotate));
  return { ...sections, others };
}

export function formatSize(bytes: number): string {
  if (bytes >= 1e9) {
    return `${(bytes / 1e9).toFixed(1)} GB`;
  }
  if (bytes >= 1e6) {
    return `${(bytes / 1e6).toFixed(0)} MB`;
  }
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}
