import * as vscode from 'vscode';
import { describeEndpoint, endpointExposure, type EngineEndpoint } from '../docker/core/endpoint';
import { createContainerEngine, type ContainerEngine, type ContainerSummary } from '../docker/engine';
import { resolveMachineEndpointWithFallback } from '../docker/machine';
import { affectsSetting, setting } from '../settings';
import { errorMessage } from '../util/errors';
import type { Log } from '../util/log';
import { joinAnnotations, type ContainerAnnotation, type ContainerAnnotator } from './localEnvironments/core/annotations';
import { EnvironmentsModel, type EngineStatus } from './localEnvironments/core/environmentsModel';
import { ImageReleases } from './localEnvironments/imageReleases';

/** Context key the view's welcome content reads: connecting, ready, unreachable. */
export const engineStateContextKey = 'azureLinux.containers.engineState';
/**
 * Why the engine is unreachable, for the welcome content to say the right thing: unreachable, permission, timeout,
 * unsupported or failed (unset while the engine answers).
 */
export const engineProblemContextKey = 'azureLinux.containers.engineProblem';

/** The welcome content's reasons; an EngineError kind outside these reads as `failed`. */
export function problemContextValue(reason: string): 'unreachable' | 'permission' | 'timeout' | 'unsupported' | 'failed' {
  return reason === 'unreachable' || reason === 'permission' || reason === 'timeout' || reason === 'unsupported' ? reason : 'failed';
}

/**
 * The Local Environments feature: the container engine connection (from settings and the environment), the
 * listing model that follows it, and the annotations other parts add to its containers (a mirror's "config
 * changed"). The tree in views/localEnvironments draws it; commands act through `engine` and `refresh()`.
 */
export class LocalEnvironmentsFeature implements vscode.Disposable {
  readonly model: EnvironmentsModel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly annotators = new Set<ContainerAnnotator>();
  private readonly redrawn = new vscode.EventEmitter<void>();
  /** The rows need drawing again: the listing changed, an annotation changed, or a display setting did. */
  readonly onDidChange = this.redrawn.event;
  private lastContext: { state?: string; problem?: string } = {};
  private readonly warnedExposure = new Set<string>();
  /** The release of each image, read from the image itself; the rows show it as it comes. */
  readonly releases: ImageReleases;

  constructor(private readonly log: Log) {
    this.model = new EnvironmentsModel(this.createEngine(), log, undefined, { reResolve: (current) => this.reResolve(current) });
    this.releases = new ImageReleases(
      () => this.model.engine,
      () => this.redrawn.fire(),
      log,
      vscode.l10n,
    );
    this.disposables.push(
      this.redrawn,
      { dispose: () => this.model.dispose() },
      { dispose: this.model.onDidChange(() => this.onModelChanged()).dispose },
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsSetting(event, 'containers.host')) {
          this.model.setEngine(this.createEngine());
        } else if (affectsSetting(event, 'containers.showAllContainers')) {
          this.redrawn.fire();
        }
      }),
    );
    void vscode.commands.executeCommand('setContext', engineStateContextKey, 'connecting');
  }

  get engine(): ContainerEngine {
    return this.model.engine;
  }

  /** The context keys as last set (engineState, engineProblem): what the welcome content reads; the tests read it too. */
  get contextState(): { readonly state?: string; readonly problem?: string } {
    return this.lastContext;
  }

  /** Lets a feature add a description and context flags to container rows ("config changed" and Rebuild). */
  addAnnotator(annotator: ContainerAnnotator): vscode.Disposable {
    this.annotators.add(annotator);
    this.redrawn.fire();
    return { dispose: () => this.annotators.delete(annotator) };
  }

  /** What every annotator says of a container, joined; undefined when none has anything to say. */
  annotate(container: ContainerSummary): ContainerAnnotation | undefined {
    return joinAnnotations(
      [...this.annotators].flatMap((annotator) => {
        try {
          return annotator(container) ?? [];
        } catch (error) {
          this.log.debug(`Container annotation failed: ${errorMessage(error)}`);
          return [];
        }
      }),
    );
  }

  /** Draws the rows again from the last listing: an annotator's answer changed (a config file was edited). */
  redraw(): void {
    this.redrawn.fire();
  }

  /** Lists again now (the Refresh and Retry actions). */
  async refresh(): Promise<void> {
    await this.model.refresh();
  }

  private onModelChanged(): void {
    const status: EngineStatus = this.model.status;
    // Progress of a pull fires often; the context keys change only with the engine's state.
    const problem = status.kind === 'unreachable' ? problemContextValue(status.reason) : undefined;
    if (this.lastContext.state !== status.kind) {
      void vscode.commands.executeCommand('setContext', engineStateContextKey, status.kind);
    }
    if (this.lastContext.problem !== problem) {
      void vscode.commands.executeCommand('setContext', engineProblemContextKey, problem);
    }
    this.lastContext = { state: status.kind, problem };
    this.redrawn.fire();
  }

  /** The unreachable engine may be somewhere else now: with no setting, resolve again and switch when it moved. */
  private reResolve(current: ContainerEngine): ContainerEngine | undefined {
    if (setting('containers.host').trim()) {
      return undefined;
    }
    const { endpoint } = resolveMachineEndpointWithFallback(undefined, process.env, vscode.l10n);
    if (endpoint.address === current.endpoint.address) {
      return undefined;
    }
    this.log.info(`Containers: the engine is not at ${current.endpoint.address}; trying ${describeEndpoint(endpoint)}`);
    this.warnIfExposed(endpoint);
    return createContainerEngine(endpoint, this.log, undefined, vscode.l10n);
  }

  private createEngine(): ContainerEngine {
    const { endpoint, settingProblem } = resolveMachineEndpointWithFallback(setting('containers.host'), process.env, vscode.l10n);
    if (settingProblem) {
      // The setting itself is unusable: say so once, and use the environment's choice.
      this.log.warn(`azureLinux.containers.host: ${settingProblem}`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t('The setting azureLinux.containers.host is not a valid address: {0}', settingProblem),
      );
    }
    // An unusable DOCKER_HOST or context is no pop-up: the view shows it as the unreachable state, with the reason.
    this.log.info(`Containers: using ${describeEndpoint(endpoint)}${endpoint.problem ? ` (${endpoint.problem})` : ''}`);
    this.warnIfExposed(endpoint);
    return createContainerEngine(endpoint, this.log, undefined, vscode.l10n);
  }

  /** Once per address and session: a warning when the engine is reached without TLS or without verifying it. */
  private warnIfExposed(endpoint: EngineEndpoint): void {
    const exposure = endpointExposure(endpoint, vscode.l10n);
    if (!exposure || this.warnedExposure.has(endpoint.address)) {
      return;
    }
    this.warnedExposure.add(endpoint.address);
    this.log.warn(exposure.warning);
    void vscode.window.showWarningMessage(exposure.warning);
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
