import * as path from 'node:path';
import * as vscode from 'vscode';
import { abortOn } from '../../util/cancellation';
import type { AzlContext } from '../../context';
import { azlLabels, isAzlShell } from '../../docker/core/labels';
import type { ContainerSummary } from '../../docker/engine';
import { mountOwner } from '../../docker/shellSteps';
import { configSlug, pullBaseAndBuild, mirrorContainerSpec, mirrorImageTag } from '../../environmentFromConfig/buildMirror';
import { largestConfigBytes, mightBeImageConfigByName, mightHoldImageConfig } from '../../environmentFromConfig/configFiles';
import { nodeFileAccess } from '../../environmentFromConfig/nodeFiles';
import { describeRefusal, maxReadBytes, readBoundedFileAsync } from '../../util/boundedFiles';
import { workspaceFileRoot } from '../../util/workspaceFileRoot';
import { excludeGlob, kindFromPatterns, workspaceGlobs } from '../../language/providers/core/recognition';
import { planMirror, type BaseImageFacts, type MirrorPlan, type ReleaseChoice } from '../../environmentFromConfig/plan';
import { describeReleaseChoice, releaseChoiceFor } from './releaseChoice';
import { errorMessage, UserCancelledError } from '../../util/errors';
import { MirrorStepError } from '../../environmentFromConfig/buildSteps';
import { isRegistryUnreachable } from '../../docker/core/pullErrors';
import { ensureRunning, requireTrust } from './common';
import { NotificationBar, pullMessage } from './pullWithProgress';
import { openShellTerminal, shellTerminalsOf } from '../../features/localEnvironments/shellTerminal';

/**
 * Open Local Environment from Image Config: builds an image that mirrors the config as far as a container can,
 * then runs it as an azl-shell with the workspace at /workspace and opens a shell. A container already built from
 * the same, unchanged config is reused; a changed one is rebuilt when the person agrees.
 */
export async function openFromImageConfig(ctx: AzlContext, uri?: unknown): Promise<void> {
  requireTrust();
  const configUri = await configFileUri(ctx, uri);
  const configPath = configUri.fsPath;
  const engine = ctx.localEnvironments.engine;
  const plan = await planFromDisk(configPath, false);
  const existing = (await engine.listContainers()).find((c) => isAzlShell(c.labels) && c.labels[azlLabels.configPath] === configPath);
  if (existing && existing.labels[azlLabels.configHash] === plan.configHash) {
    ctx.log.info(`${existing.name} was built from the current ${configPath}: opening it`);
    await openShellIn(ctx, existing);
    return;
  }
  if (existing && (await confirmReplace(existing, { offerOpen: true })) === 'open') {
    await openShellIn(ctx, existing);
    return;
  }
  await buildEnvironment(ctx, { configUri, replace: existing });
}

/**
 * The one question before a container is replaced by a rebuild (from Open and from Rebuild): files outside
 * /workspace are lost. Resolves with the choice; dismissing it cancels.
 */
export async function confirmReplace(existing: ContainerSummary, options: { readonly offerOpen: boolean }): Promise<'rebuild' | 'open'> {
  const rebuild = vscode.l10n.t('Rebuild');
  const open = vscode.l10n.t('Open As It Is');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('{0} was built from an earlier version of this config.', existing.name),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Rebuild replaces the container with one built from the config as it is now. Files outside /workspace in the old container are lost.',
      ),
    },
    ...(options.offerOpen ? [rebuild, open] : [rebuild]),
  );
  if (!choice) throw new UserCancelledError();
  return choice === open ? 'open' : 'rebuild';
}

export interface BuildEnvironmentRequest {
  readonly configUri: vscode.Uri;
  /** The container to replace (Rebuild); its name is kept. */
  readonly replace?: ContainerSummary;
  /** For a config that names no release: the answer (else the remembered one, else the person is asked). */
  readonly release?: ReleaseChoice;
  /** Ask again which release a config that names none starts from (Rebuild), the remembered answer first. */
  readonly askRelease?: boolean;
}

/** Confirms scripts, builds with progress and the log streaming, replaces or creates the container, opens a shell. */
export async function buildEnvironment(ctx: AzlContext, request: BuildEnvironmentRequest): Promise<void> {
  const configPath = request.configUri.fsPath;
  const local = ctx.localEnvironments;
  const engine = local.engine;
  const input = await confirmScripts(await mirrorInput(ctx, configPath, request));
  let plan = planOf(input);
  const tag = mirrorImageTag(configPath);
  const name =
    request.replace?.name ??
    uniqueName(
      `azl-${configSlug(configPath)}`,
      (await engine.listContainers()).map((c) => c.name),
    );

  ctx.log.info(`Building ${tag} from ${configPath} on ${plan.baseImage}: ${plan.baseImageReason}`);
  ctx.log.show(true);
  const pending = local.model.beginPending({ key: `mirror:${configPath}`, name, image: tag, phase: 'building' });
  const title = vscode.l10n.t('Building {0} from {1}', name, vscode.workspace.asRelativePath(request.configUri));
  const activity = ctx.activity.begin(title);
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        const cancel = abortOn(token);
        const bar = new NotificationBar(progress);
        try {
          // The base image, when missing, comes down inside this notification: its bar, its message, its cancel;
          // the per-layer rows show under this build's row in the tree.
          await pullBaseAndBuild(engine, {
            plan,
            configPath,
            tag,
            signal: cancel.signal,
            onLog: (line) => ctx.log.info(`[build] ${line}`),
            // Once the base image is there, what it says about itself (release, package manager) goes into the plan.
            replan: (facts) => {
              plan = planOf(input, facts);
              logPlan(ctx, plan);
              return plan;
            },
            onProgress: (state) => {
              if (state.stage === 'pulling') {
                pending.update(`${Math.round(state.pull.percent)}%`, 'pulling', state.pull.layers);
                const message = vscode.l10n.t('pulling {0}: {1}', plan.baseImage, pullMessage(state.pull));
                bar.report(state.percent, message);
                activity.report(message, state.percent);
                return;
              }
              const message = state.step ? vscode.l10n.t('step {0} of {1}', state.step.index, state.step.count) : vscode.l10n.t('building');
              pending.update(state.step ? message : undefined, 'building');
              bar.report(state.percent, message, { now: true });
              activity.report(message, state.percent);
            },
          });
        } catch (error) {
          if (token.isCancellationRequested) {
            ctx.log.info(`Build of ${tag} cancelled; its unfinished layers were removed`);
            throw new UserCancelledError();
          }
          throw buildFailure(name, plan, error);
        } finally {
          cancel.dispose();
        }
        if (token.isCancellationRequested) throw new UserCancelledError();
        progress.report({ message: vscode.l10n.t('starting the container') });
        pending.update(undefined, 'creating');
        const replacedImage = request.replace?.imageId;
        if (request.replace) {
          // Its shells end with it: closed first, so no terminal reports the kill (exit code 137).
          for (const terminal of shellTerminalsOf(request.replace.id)) terminal.dispose();
          await engine.remove(request.replace.id);
          ctx.log.info(`Removed ${request.replace.name} (${request.replace.id.slice(0, 12)}) to replace it`);
        }
        const spec = mirrorContainerSpec({
          plan,
          configPath,
          image: tag,
          name,
          workspaceFolder: request.replace?.labels[azlLabels.workspaceFolder] ?? workspaceFolderFor(request.configUri),
          hostUser: await mountOwner(engine),
        });
        const id = await engine.createContainer(spec);
        await engine.start(id);
        ctx.log.info(`Created ${name} (${id.slice(0, 12)}) from ${tag}`);
        if (replacedImage) {
          // The image the old container ran is untagged now; drop it unless something else still uses it.
          await engine.removeImage(replacedImage).catch(() => undefined);
        }
        await local.refresh();
        openShellTerminal(engine, { id, name, labels: spec.labels ?? {} }, ctx.log);
      },
    );
  } finally {
    activity.end();
    pending.end();
  }
  reportBuilt(ctx, name, plan);
}

/**
 * The build is done: say so, and say what the environment does not have. What a container cannot mirror (storage,
 * SELinux, the bootloader, services...) is named here and in the environment's tooltip, not only in the log.
 */
function reportBuilt(ctx: AzlContext, name: string, plan: MirrorPlan): void {
  const keys = plan.notMirrored.map((item) => item.key);
  if (!keys.length) {
    void ctx.seams.notifications.info(vscode.l10n.t('{0} is ready: everything in the config is mirrored.', name));
    return;
  }
  const details = vscode.l10n.t('Show Details');
  const shown = keys.length > 6 ? vscode.l10n.t('{0} and {1} more', keys.slice(0, 6).join(', '), keys.length - 6) : keys.join(', ');
  void ctx.seams.notifications
    .info(vscode.l10n.t('{0} is ready. Not mirrored in a container ({1}): {2}.', name, keys.length, shown), details)
    .then((choice) => {
      if (choice === details) ctx.log.show(true);
    });
}

/** A failed build in the person's terms: the config key the failing step carries out, and what the step said. */
function buildFailure(name: string, plan: MirrorPlan, error: unknown): unknown {
  if (!(error instanceof MirrorStepError)) {
    return isRegistryUnreachable(errorMessage(error))
      ? new Error(
          vscode.l10n.t(
            '{0}: the registry for the base image {1} cannot be reached. Is this machine offline? Pull {1} once while online, and the build uses it from then on.',
            errorMessage(error),
            plan.baseImage,
          ),
          { cause: error },
        )
      : error;
  }
  const said = error.output.at(-1);
  const where = error.key
    ? vscode.l10n.t('Building {0} failed at step {1} of {2}, which carries out {3}', name, error.step, error.stepCount, error.key)
    : vscode.l10n.t('Building {0} failed at step {1} of {2}', name, error.step, error.stepCount);
  return new Error(
    said ? vscode.l10n.t('{0}: {1} ({2})', where, said, error.engineMessage) : vscode.l10n.t('{0}: {1}', where, error.engineMessage),
    { cause: error },
  );
}

/**
 * The config to mirror: the clicked file, else the active editor when the language engine recognises it as an image
 * config (by language, the azureLinux.languages.imageFilePatterns setting, or content), else a pick among the
 * workspace's image configs (findImageConfigs).
 */
export async function configFileUri(
  ctx: AzlContext,
  argument: unknown,
  placeHolder = vscode.l10n.t('Image config to mirror in a local container'),
): Promise<vscode.Uri> {
  if (argument instanceof vscode.Uri) return checkLocal(argument);
  const service = ctx.language.service;
  const editor = vscode.window.activeTextEditor?.document;
  if (editor && service.isImageConfig(editor)) {
    return checkLocal(editor.uri);
  }
  const candidates = await findImageConfigs(ctx);
  if (!candidates.length) {
    throw new Error(
      vscode.l10n.t('No image config found in the workspace. Open one, or name it to match azureLinux.languages.imageFilePatterns.'),
    );
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder },
  );
  if (!picked) throw new UserCancelledError();
  return picked.uri;
}

/** How many YAML and JSON files the search looks inside, at most. */
const contentSearchLimit = 500;

/**
 * The workspace's image configs, cheaply: files the name patterns of azureLinux.languages.imageFilePatterns match
 * need no reading; other YAML and JSON files are read only when their name allows a config, their size is that of
 * one and their text names an image-config key, and only those are analysed. A cancellable notification shows the
 * search; cancelling it offers what was found so far.
 */
async function findImageConfigs(ctx: AzlContext): Promise<vscode.Uri[]> {
  const service = ctx.language.service;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking for image configs'), cancellable: true },
    async (progress, token) => {
      const found = new Map<string, vscode.Uri>();
      const imagePatterns = service.patternsFor(undefined).image;
      for (const glob of workspaceGlobs(imagePatterns)) {
        for (const uri of await vscode.workspace.findFiles(glob, excludeGlob(), 200, token)) {
          const patterns = service.patternsFor(uri);
          if (uri.scheme === 'file' && kindFromPatterns(vscode.workspace.asRelativePath(uri, false), patterns) === 'image')
            found.set(uri.toString(), uri);
        }
      }
      if (token.isCancellationRequested) return sorted(found);
      const files = (await vscode.workspace.findFiles('**/*.{yaml,yml,json}', excludeGlob(), contentSearchLimit, token)).filter(
        (uri) => uri.scheme === 'file' && !found.has(uri.toString()) && mightBeImageConfigByName(path.basename(uri.fsPath)),
      );
      let looked = 0;
      for (const uri of files) {
        if (token.isCancellationRequested) break;
        looked++;
        if (looked % 25 === 0)
          progress.report({ message: vscode.l10n.t('{0} of {1} files', looked, files.length), increment: (25 / files.length) * 100 });
        // Bounded: a large file is skipped unread, and a named pipe never holds up the search.
        const read = await readBoundedFileAsync(uri.fsPath, { maxBytes: largestConfigBytes });
        const text = read.ok ? read.value.toString('utf8') : undefined;
        if (text === undefined || !mightHoldImageConfig(text)) continue;
        if (service.analyzeText(uri, text).kind === 'image') found.set(uri.toString(), uri);
      }
      return sorted(found);
    },
  );
}

function sorted(found: ReadonlyMap<string, vscode.Uri>): vscode.Uri[] {
  return [...found.values()].sort((a, b) => vscode.workspace.asRelativePath(a).localeCompare(vscode.workspace.asRelativePath(b)));
}

function checkLocal(uri: vscode.Uri): vscode.Uri {
  if (uri.scheme !== 'file') {
    throw new Error(vscode.l10n.t('{0} is not a file on this machine: a local environment is built from files on disk.', uri.toString()));
  }
  return uri;
}

/** Saves the config when it has unsaved edits, so the image and its hash match what the person sees. */
async function readSavedConfig(configPath: string): Promise<string> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.scheme === 'file' && document.uri.fsPath === configPath);
  if (open?.isDirty && !(await open.save())) {
    throw new Error(vscode.l10n.t('Save {0} first: the local environment is built from the file on disk.', configPath));
  }
  return readConfig(configPath);
}

async function planFromDisk(configPath: string, runPostCustomization: boolean): Promise<MirrorPlan> {
  return planOf({ configPath, configText: await readSavedConfig(configPath), runPostCustomization });
}

/** The config's text, read as the files it names are: a regular file of bounded size. */
async function readConfig(configPath: string): Promise<string> {
  const read = await readBoundedFileAsync(configPath, { maxBytes: maxReadBytes });
  if (!read.ok) throw new Error(vscode.l10n.t('Cannot read {0}: it {1}.', configPath, describeRefusal(read.refusal)));
  return read.value.toString('utf8');
}

/**
 * What the plan and the build may read: only inside the workspace folder holding the config (or its repository when
 * it is in none), so a config cannot copy a file from elsewhere on this machine into an image.
 */
function filesFor(configPath: string) {
  return nodeFileAccess(workspaceFileRoot(vscode.Uri.file(configPath)));
}

/** What a mirror build (or an export) is planned from: the config as saved, and the answers given for it. */
export interface MirrorInput {
  readonly configPath: string;
  readonly configText: string;
  readonly runPostCustomization: boolean;
  readonly releaseChoice?: ReleaseChoice;
}

export function planOf(input: MirrorInput, baseFacts?: BaseImageFacts): MirrorPlan {
  return planMirror({ ...input, files: filesFor(input.configPath), ...(baseFacts ? { baseFacts } : {}) });
}

/** Reads the saved config; for one that names no release, the release to start from (given, remembered or asked). */
export async function mirrorInput(
  ctx: AzlContext,
  configPath: string,
  options: { readonly release?: ReleaseChoice; readonly askRelease?: boolean } = {},
): Promise<MirrorInput> {
  const configText = await readSavedConfig(configPath);
  const input: MirrorInput = { configPath, configText, runPostCustomization: false };
  if (!planOf(input).releaseUnnamed) return input;
  const releaseChoice = await releaseChoiceFor(ctx, configPath, { given: options.release, askAgain: options.askRelease });
  ctx.log.info(`${configPath} names no Azure Linux release: using ${describeReleaseChoice(releaseChoice)}, as chosen for this config`);
  return { ...input, releaseChoice };
}

/** Asks before the config's post-customization scripts run in the build; resolves with the input to plan. */
export async function confirmScripts(input: MirrorInput, given?: boolean): Promise<MirrorInput> {
  const plan = planOf(input);
  if (!plan.postCustomizationScripts.length) return input;
  if (given !== undefined) return { ...input, runPostCustomization: given };
  const run = vscode.l10n.t('Run Scripts');
  // The safe choice comes first: it is the dialog's default button (Enter).
  const skip = vscode.l10n.t('Build Without Them');
  const names = plan.postCustomizationScripts.map((script) => `${script.label} (${script.interpreter})`).join(', ');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t("Run the config's post-customization scripts in the build?"),
    {
      modal: true,
      detail: vscode.l10n.t(
        '{0} runs these scripts as root inside the image being built: {1}. Run them only if you trust them.',
        input.configPath,
        names,
      ),
    },
    skip,
    run,
  );
  if (!choice) throw new UserCancelledError();
  return { ...input, runPostCustomization: choice === run };
}

/** What the build does and what it cannot do, in the build output once the base image has been read. */
export function logPlan(ctx: AzlContext, plan: MirrorPlan): void {
  if (plan.hostname) ctx.log.info(`The container's hostname will be ${plan.hostname}`);
  if (plan.notMirrored.length) {
    ctx.log.warn(`Not mirrored in a container (${plan.notMirrored.length}):`);
    for (const item of plan.notMirrored) ctx.log.warn(`  ${item.key}: ${item.reason}`);
  }
  ctx.log.info(`Dockerfile:\n${plan.dockerfile}`);
}

async function openShellIn(ctx: AzlContext, container: ContainerSummary): Promise<void> {
  await ensureRunning(ctx, container);
  openShellTerminal(ctx.localEnvironments.engine, container, ctx.log);
}

/** The workspace folder holding the config, else the first local one: mounted at /workspace. */
function workspaceFolderFor(configUri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(configUri) ?? vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder?.uri.fsPath;
}

function uniqueName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let index = 2; ; index++) {
    if (!taken.includes(`${base}-${index}`)) return `${base}-${index}`;
  }
}
