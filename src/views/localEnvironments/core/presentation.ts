/*
 * What the Local Environments tree shows, as pure data: grouping, labels, icons and contextValues. The vscode
 * adapter only turns these into TreeItems, so the unit tests and the package.json menus test check the real thing.
 * The words go through `l10n.t`: the extension passes `vscode.l10n`, the unit tests the English default.
 */
import { azlLabels, isAzlShell, isAzureLinuxImage, isMirrorImage, notMirroredKeys } from '../../../docker/core/labels';
import { formatBytes, type LayerProgress } from '../../../docker/core/pullProgress';
import type { ContainerState, ContainerSummary, ImageSummary } from '../../../docker/engine';
import type { ContainerAnnotator } from '../../../features/localEnvironments/core/annotations';
import { english, type L10n } from '../../../util/l10n';
import { describeRelease } from '../../../azureLinux/releases';

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
  /** Rows under this one (the layers of a pull under way). */
  readonly children?: readonly ItemModel[];
}

/** Something under way that has no container yet (an image being pulled or built for a new environment). */
export interface PendingEnvironment {
  readonly key: string;
  readonly name: string;
  readonly image: string;
  readonly phase: 'pulling' | 'building' | 'creating';
  /** "42%", "step 3/7"... */
  readonly detail?: string;
  /** The layers of a pull, shown as rows under the pending row. */
  readonly layers?: readonly LayerProgress[];
}

/** The release of an image, by its ID, as read from the image ("Azure Linux 4.0 (preview)"). */
export interface ReleaseLookup {
  get(imageId: string): string | undefined;
}

/**
 * The release to show for an image or a container of it: the release label the extension wrote when it built the
 * image (from what its base image said), else what was read from the image itself.
 */
export function releaseOf(
  imageId: string,
  labels: Readonly<Record<string, string>>,
  releases: ReleaseLookup | undefined,
  l10n: L10n = english,
): string | undefined {
  const version = labels[azlLabels.osVersion];
  return version ? describeRelease(version, l10n) : releases?.get(imageId);
}

export interface Sections {
  readonly shells: readonly ItemModel[];
  readonly images: readonly ItemModel[];
  /** Only when "show all containers" is on. */
  readonly others?: readonly ItemModel[];
}

/**
 * Whether the Local Environments tree heads its rows with "New azl-shell...": whenever it shows any row (of any
 * section). Only an empty tree shows the welcome content with its own button, and the view title's "+" shows only
 * while the pointer is over the view.
 */
export function wantsNewShellRow(environmentRows: number, otherSectionRows: number): boolean {
  return environmentRows + otherSectionRows > 0;
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
 * localEnvironments.kind.state[.flag...]: `localEnvironments.azlShell.running`, `localEnvironments.container.stopped`,
 * `localEnvironments.azlShell.stopped.configChanged`, `localEnvironments.image`, `localEnvironments.pending.building`.
 * package.json menus match these with the regexes in `menuPatterns`.
 */
export function contextValueFor(kind: NodeKind | 'pending.layer', state?: DisplayState, flags: readonly string[] = []): string {
  return ['localEnvironments', kind, ...(state ? [state] : []), ...flags].join('.');
}

/** The `viewItem =~ /.../` regexes package.json uses; the menus test checks each command's `when` against these. */
export const menuPatterns = {
  /** A container, except one being rebuilt (`azlShell.building`): it is about to be replaced. */
  anyContainer: /^localEnvironments\.(azlShell|container)\.(running|stopped|paused|restarting)\b/,
  runningContainer: /^localEnvironments\.(azlShell|container)\.running\b/,
  stoppedContainer: /^localEnvironments\.(azlShell|container)\.stopped\b/,
  pausedContainer: /^localEnvironments\.(azlShell|container)\.paused\b/,
  /** Stop ends a paused container as it does a running one (the engine stops it without unpausing first). */
  stoppableContainer: /^localEnvironments\.(azlShell|container)\.(running|paused)\b/,
  /** A shell opens in any azl-shell (a stopped one is started first) and in other running containers. */
  shellTarget: /^localEnvironments\.(azlShell\.(running|stopped|paused|restarting)\b|container\.running\b)/,
  image: /^localEnvironments\.image$/,
  /** Any azl-shell not being rebuilt (Reopen in Dev Container). */
  azlShell: /^localEnvironments\.azlShell\.(running|stopped|paused|restarting)\b/,
  /** An azl-shell whose image config changed since it was built (Rebuild). */
  configChanged: /^localEnvironments\.azlShell\..*\.configChanged\b/,
} as const;

/** The context-menu pattern of each Local Environments item command (package.json must use the same regex). */
export const itemMenus: Readonly<Record<string, keyof typeof menuPatterns>> = {
  'azureLinux.containers.openShell': 'shellTarget',
  'azureLinux.containers.start': 'stoppedContainer',
  'azureLinux.containers.unpause': 'pausedContainer',
  'azureLinux.containers.stop': 'stoppableContainer',
  'azureLinux.containers.restart': 'runningContainer',
  'azureLinux.containers.remove': 'anyContainer',
  'azureLinux.containers.showLogs': 'anyContainer',
  'azureLinux.containers.inspect': 'anyContainer',
  'azureLinux.containers.copyId': 'anyContainer',
  'azureLinux.containers.newShell': 'image',
  'azureLinux.containers.inspectImage': 'image',
  'azureLinux.containers.removeImage': 'image',
  'azureLinux.containers.rebuild': 'configChanged',
  'azureLinux.containers.reopenInDevContainer': 'azlShell',
};

/**
 * A container row. With `pending` (the container is being rebuilt under the same name) the row shows the work under
 * way instead of the container's state: the spinning icon, "building · step 2/5", and `azlShell.building`, which no
 * container menu matches, so nothing acts on a container about to be replaced.
 */
export function containerItem(
  container: ContainerSummary,
  annotate?: ContainerAnnotator,
  pending?: PendingEnvironment,
  l10n: L10n = english,
  releases?: ReleaseLookup,
): ItemModel {
  const kind: NodeKind = isAzlShell(container.labels) ? 'azlShell' : 'container';
  if (pending) {
    const base = containerItem(container, annotate, undefined, l10n, releases);
    const overlay = pendingItem(pending, l10n);
    return {
      ...base,
      description: overlay.description,
      tooltip: `${base.tooltip}\n${phaseWord(pending.phase, l10n)}`,
      icon: overlay.icon,
      contextValue: contextValueFor(kind, pending.phase),
      state: pending.phase,
      ...(overlay.children ? { children: overlay.children } : {}),
    };
  }
  const state = displayState(container.state);
  const annotation = annotate?.(container);
  const image = container.labels[azlLabels.image] ?? container.image;
  const workspace = container.labels[azlLabels.workspaceFolder];
  const release = kind === 'azlShell' ? releaseOf(container.imageId, container.labels, releases, l10n) : undefined;
  const description = [
    annotation?.description,
    kind === 'azlShell' ? image : container.image,
    release,
    state === 'running' ? undefined : container.status,
  ]
    .filter(Boolean)
    .join(' · ');
  const tooltip = [
    container.name,
    l10n.t('Image: {0}', image),
    ...(release ? [l10n.t('Release: {0}', release)] : []),
    l10n.t('State: {0}', container.status || container.state),
    ...(workspace ? [l10n.t('Workspace: {0}', workspace)] : []),
    ...(container.labels[azlLabels.configPath] ? [l10n.t('Image config: {0}', container.labels[azlLabels.configPath]!)] : []),
    ...notMirroredLines(container.labels, l10n),
    ...(annotation?.tooltip ? [annotation.tooltip] : []),
    l10n.t('ID: {0}', container.id.slice(0, 12)),
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

/** How many not-mirrored keys a tooltip names before it says how many more there are. */
const notMirroredShown = 8;

/** "Not mirrored in a container (3): storage, os.selinux, os.bootloader" for an environment built from a config. */
export function notMirroredLines(labels: Readonly<Record<string, string>>, l10n: L10n = english): string[] {
  const keys = notMirroredKeys(labels);
  if (!keys.length) return [];
  const named = keys.slice(0, notMirroredShown).join(', ');
  const list = keys.length > notMirroredShown ? l10n.t('{0} and {1} more', named, keys.length - notMirroredShown) : named;
  return [l10n.t('Not mirrored in a container ({0}): {1}', keys.length, list)];
}

export function imageItems(image: ImageSummary, l10n: L10n = english, releases?: ReleaseLookup): ItemModel[] {
  const tags = image.repoTags.length ? image.repoTags : [image.id.replace(/^sha256:/, '').slice(0, 12)];
  const release = releaseOf(image.id, image.labels, releases, l10n);
  return tags.map((tag) => ({
    id: `image:${image.id}:${tag}`,
    kind: 'image' as const,
    label: tag,
    description: [release, formatSize(image.size)].filter(Boolean).join(' · '),
    tooltip: [
      tag,
      ...(release ? [l10n.t('Release: {0}', release)] : []),
      l10n.t('ID: {0}', image.id.replace(/^sha256:/, '').slice(0, 12)),
      l10n.t('Created: {0}', new Date(image.created * 1000).toISOString().slice(0, 10)),
    ].join('\n'),
    icon: { id: 'layers' },
    contextValue: contextValueFor('image'),
    ref: image.id,
  }));
}

/** The words for work under way, each a literal for the translator. */
export function phaseWord(phase: PendingEnvironment['phase'], l10n: L10n = english): string {
  switch (phase) {
    case 'pulling':
      return l10n.t('pulling image');
    case 'building':
      return l10n.t('building');
    case 'creating':
      return l10n.t('creating');
  }
}

/** A text bar of `width` cells: "▰▰▰▱▱". */
export function textBar(current: number, total: number, width = 10): string {
  const filled = total > 0 ? Math.round(Math.min(1, Math.max(0, current / total)) * width) : 0;
  return '▰'.repeat(filled) + '▱'.repeat(width - filled);
}

export function layerPhaseWord(phase: LayerProgress['phase'], l10n: L10n = english): string {
  switch (phase) {
    case 'waiting':
      return l10n.t('waiting');
    case 'downloading':
      return l10n.t('downloading');
    case 'verifying':
      return l10n.t('verifying');
    case 'extracting':
      return l10n.t('extracting');
    case 'done':
      return l10n.t('done');
  }
}

/** One layer of a pull as a row: the short layer id, then "downloading ▰▰▰▱▱ 12.3 of 27.0 MB". */
export function layerItem(pendingKey: string, layer: LayerProgress, l10n: L10n = english): ItemModel {
  const sized = layer.total > 0 && (layer.phase === 'downloading' || layer.phase === 'extracting');
  const description = [
    layerPhaseWord(layer.phase, l10n),
    ...(sized ? [textBar(layer.current, layer.total, 5), sizeOf(layer.current, layer.total, l10n)] : []),
  ].join(' ');
  return {
    id: `pending:${pendingKey}:layer:${layer.id}`,
    kind: 'pending',
    label: layer.id.replace(/^sha256:/, '').slice(0, 12),
    description,
    tooltip: `${l10n.t('Layer {0}', layer.id)}\n${description}`,
    icon: { id: layer.phase === 'done' ? 'check' : layer.phase === 'waiting' ? 'circle-outline' : 'arrow-down' },
    contextValue: contextValueFor('pending.layer'),
  };
}

/** "12.3 of 27.0 MB": both figures in the total's unit. */
export function sizeOf(current: number, total: number, l10n: L10n = english): string {
  const [totalFigure, unit] = formatBytes(total).split(' ');
  const scale = total / Number(totalFigure);
  const currentFigure =
    Number.isFinite(scale) && scale > 0 ? (Math.min(current, total) / scale).toFixed(unit === 'B' ? 0 : 1) : String(current);
  return l10n.t('{0} of {1} {2}', currentFigure, totalFigure ?? '', unit ?? '');
}

export function pendingItem(pending: PendingEnvironment, l10n: L10n = english): ItemModel {
  const phase = phaseWord(pending.phase, l10n);
  const children =
    pending.phase === 'pulling' && pending.layers?.length ? pending.layers.map((layer) => layerItem(pending.key, layer, l10n)) : undefined;
  return {
    id: `pending:${pending.key}`,
    kind: 'pending',
    label: pending.name,
    description: [phase, pending.detail].filter(Boolean).join(' · '),
    tooltip: [pending.name, l10n.t('Image: {0}', pending.image), pending.detail ? l10n.t('{0} ({1})', phase, pending.detail) : phase].join(
      '\n',
    ),
    icon: iconFor(pending.phase),
    contextValue: contextValueFor('pending', pending.phase),
    state: pending.phase,
    ...(children ? { children } : {}),
  };
}

/** azl-shells first (with anything under way), then local Azure Linux images, then (when asked) every other container. */
export function groupEnvironments(
  containers: readonly ContainerSummary[],
  images: readonly ImageSummary[],
  options: {
    readonly showAllContainers: boolean;
    readonly pending?: readonly PendingEnvironment[];
    readonly annotate?: ContainerAnnotator;
    readonly l10n?: L10n;
    /** Releases read from the images (labels the extension wrote come first). */
    readonly releases?: ReleaseLookup;
  },
): Sections {
  const l10n = options.l10n ?? english;
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  const shells = containers.filter((c) => isAzlShell(c.labels)).sort(byName);
  const releases = options.releases;
  const shellNames = new Set(shells.map((c) => c.name));
  // Work under way for a name that already has a shell (a rebuild) shows on that shell's row.
  const pendingByName = new Map((options.pending ?? []).filter((p) => shellNames.has(p.name)).map((p) => [p.name, p]));
  const pending = (options.pending ?? []).filter((p) => !shellNames.has(p.name)).map((p) => pendingItem(p, l10n));
  const azureImages = images
    .filter(isAzureLinuxImage)
    .flatMap((image) => imageItems(image, l10n, releases))
    .sort((a, b) => a.label.localeCompare(b.label));
  const sections: Sections = {
    shells: [...pending, ...shells.map((c) => containerItem(c, options.annotate, pendingByName.get(c.name), l10n, releases))],
    images: azureImages,
  };
  if (!options.showAllContainers) {
    return sections;
  }
  const others = containers
    // Containers made only to read an image's files come and go within a second: not shown.
    .filter((c) => !isAzlShell(c.labels) && c.labels[azlLabels.probe] !== '1')
    .sort(byName)
    .map((c) => containerItem(c, options.annotate, undefined, l10n));
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

/**
 * The Remove question, worded by state: a running (or paused) container is killed without waiting for it to stop, a
 * stopped one is not running to be killed. Files outside the mounted workspace are lost either way.
 */
export function removeContainersQuestion(containers: readonly ContainerSummary[], l10n: L10n = english): string {
  const live = (container: ContainerSummary) => ['running', 'paused', 'restarting'].includes(container.state);
  const running = containers.filter(live);
  if (containers.length === 1) {
    const [container] = containers;
    return running.length
      ? l10n.t(
          'Remove the running container "{0}"? It is killed without waiting for it to stop, and files outside the mounted workspace are lost.',
          container!.name,
        )
      : l10n.t('Remove the stopped container "{0}"? Files outside the mounted workspace are lost.', container!.name);
  }
  const names = containers.map((container) => container.name).join(', ');
  if (!running.length) {
    return l10n.t('Remove {0} stopped containers ({1})? Files outside the mounted workspace are lost.', containers.length, names);
  }
  return l10n.t(
    'Remove {0} containers ({1})? The running ones ({2}) are killed without waiting for them to stop, and files outside the mounted workspace are lost.',
    containers.length,
    names,
    running.map((container) => container.name).join(', '),
  );
}

/**
 * The view's message while the engine cannot be used: the engine's own sentence (which names its whole address)
 * and what to do about it. A message wraps in a narrow sidebar, where the title's description is cut.
 */
export function unreachableMessage(message: string, reason: string, l10n: L10n = english): string {
  switch (reason) {
    case 'unreachable':
      return l10n.t(
        '{0} Start Docker (or Podman), or point azureLinux.containers.host at your engine. This view comes back by itself when the engine answers.',
        message,
      );
    case 'timeout':
      return l10n.t('{0} It may be starting; restart it if this lasts. This view comes back by itself when the engine answers.', message);
    case 'unsupported':
      return l10n.t('{0} Point azureLinux.containers.host at a unix://, npipe:// or tcp:// address.', message);
    case 'permission':
      return message;
    default:
      return l10n.t('{0} The Azure Linux log has the details.', message);
  }
}

/** Images built from image configs (by their label) that no container, running or not, is made from. */
export function unusedMirrorImages(images: readonly ImageSummary[], containers: readonly ContainerSummary[]): ImageSummary[] {
  const used = new Set(containers.map((container) => container.imageId));
  return images.filter((image) => isMirrorImage(image) && !used.has(image.id));
}
