import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import type { Analysis } from '../../language/core';
import { countProblems } from '../../language/providers/core/problems';
import { excludeGlob, requestedKind, workspaceGlobs } from '../../language/providers/core/recognition';
import { UserCancelledError } from '../../util/errors';

/** Other YAML and JSON files are read and recognised by content; the search stops here in huge workspaces. */
const maxContentCandidates = 5000;
/** Files larger than this are not configs anyone writes by hand; skipping them keeps the scan quick. */
const maxFileBytes = 5 * 1024 * 1024;

export interface WorkspaceValidationSummary {
  readonly filesChecked: number;
  readonly configs: number;
  readonly errors: number;
  readonly warnings: number;
  readonly filesWithProblems: number;
  /** The configs checked, as workspace-relative paths, in the order they were checked. */
  readonly checked: readonly string[];
}

/**
 * "Validate All Azure Linux Configs in Workspace": finds files matching the recognition patterns plus any
 * YAML/JSON recognised by content, checks them all and fills the Problems panel. Open documents are checked
 * from the editor's text, the rest from disk.
 */
export async function validateWorkspaceConfigs(ctx: AzlContext): Promise<WorkspaceValidationSummary> {
  const language = ctx.language;
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder to validate the Azure Linux configs in it.'));
    return { filesChecked: 0, configs: 0, errors: 0, warnings: 0, filesWithProblems: 0, checked: [] };
  }

  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Validating Azure Linux configs'), cancellable: true },
    async (progress, token) => {
      progress.report({ message: vscode.l10n.t('Finding files…') });
      const files = await findCandidateFiles(ctx, token);
      language.diagnostics.resetWorkspaceResults();
      const openDocuments = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
      const result = { filesChecked: 0, configs: 0, errors: 0, warnings: 0, filesWithProblems: 0, checked: [] as string[] };
      const increment = files.length ? 100 / files.length : 100;
      for (const uri of files) {
        if (token.isCancellationRequested) throw new UserCancelledError();
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment });
        const open = openDocuments.get(uri.toString());
        let analysis: Analysis | undefined;
        if (open && requestedKind(open.languageId, open.uri.scheme)) {
          language.diagnostics.check(open);
          language.diagnostics.keepAfterClose(open.uri);
          analysis = language.service.analyzeDocument(open)?.analysis;
        } else {
          const text = await readSmallFile(uri);
          if (text === undefined) continue;
          analysis = language.service.analyzeText(uri, text);
          if (analysis.kind) language.diagnostics.setFromWorkspace(uri, text, analysis.problems);
          else language.diagnostics.clearFromWorkspace(uri);
        }
        result.filesChecked++;
        if (!analysis?.kind) continue;
        result.configs++;
        const counts = countProblems(analysis.problems);
        const name = vscode.workspace.asRelativePath(uri);
        result.checked.push(name);
        ctx.log.info(`checked ${name} (${analysis.kind}): ${counts.errors} errors, ${counts.warnings} warnings, ${counts.infos} infos`);
        result.errors += counts.errors;
        result.warnings += counts.warnings;
        if (counts.errors + counts.warnings + counts.infos > 0) result.filesWithProblems++;
      }
      return result;
    },
  );

  ctx.log.info(
    `workspace validation: ${summary.configs} configs in ${summary.filesChecked} files, ${summary.errors} errors, ${summary.warnings} warnings`,
  );
  // With problems, the Problems panel is where they are: open it rather than ask.
  if (summary.errors + summary.warnings > 0) await vscode.commands.executeCommand('workbench.actions.view.problems');
  void showSummary(summary);
  return summary;
}

async function findCandidateFiles(ctx: AzlContext, token: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const language = ctx.language;
  const found = new Map<string, vscode.Uri>();
  const exclude = excludeGlob();
  // The patterns can differ per folder (resource-scoped settings): search each folder with its own.
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const patterns = language.service.patternsFor(folder.uri);
    const globs = [...workspaceGlobs([...patterns.image, ...patterns.nodepool]), '**/*.{yaml,yml,json,jsonc}'];
    for (const glob of globs) {
      if (token.isCancellationRequested) throw new UserCancelledError();
      const limit = glob.startsWith('**/*.{yaml') ? maxContentCandidates : undefined;
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), exclude, limit, token)) {
        found.set(uri.toString(), uri);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}

async function readSmallFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > maxFileBytes) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function showSummary(summary: WorkspaceValidationSummary): Promise<void> {
  if (summary.configs === 0) {
    await vscode.window.showInformationMessage(
      vscode.l10n.t('No Azure Linux image or node-pool configs found in the workspace ({0} files looked at).', summary.filesChecked),
    );
    return;
  }
  const message =
    summary.errors + summary.warnings === 0
      ? vscode.l10n.t('{0} Azure Linux configs checked: no problems.', summary.configs)
      : vscode.l10n.t(
          '{0} Azure Linux configs checked: {1} errors and {2} warnings in {3} files.',
          summary.configs,
          summary.errors,
          summary.warnings,
          summary.filesWithProblems,
        );
  // The log lists each file checked with its counts.
  const showFiles = vscode.l10n.t('Show Files Checked');
  const choice = await vscode.window.showInformationMessage(message, showFiles);
  if (choice === showFiles) await vscode.commands.executeCommand('azureLinux.showLogs');
}
