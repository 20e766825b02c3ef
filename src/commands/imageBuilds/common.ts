import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import type { ImageBuildRecord } from '../../features/imageBuilds/core/buildsModel';
import { ImageBuildNode } from '../../views/imageBuilds/buildNodes';
import { describeBase, stateWord } from '../../views/imageBuilds/core/presentation';
import { pickValues, requireWorkspaceTrust } from '../guards';

/** Builds run a privileged container on this machine: only in a workspace the person trusts. */
export function requireTrust(): void {
  requireWorkspaceTrust(vscode.l10n.t('Image builds run a privileged container on this machine'));
}

/**
 * The builds a tree command acts on: the multi-selection, the clicked row, a build's ID, or (from the palette) a pick
 * among the builds `filter` accepts.
 */
export async function buildsFor(
  ctx: AzlContext,
  node: unknown,
  nodes: unknown,
  options: { readonly filter: (build: ImageBuildRecord) => boolean; readonly placeHolder: string; readonly canPickMany?: boolean },
): Promise<ImageBuildRecord[]> {
  if (typeof node === 'string') {
    // A build's ID, as the notifications after a build pass it.
    const build = ctx.imageBuilds.get(node);
    if (!build) throw new Error(vscode.l10n.t('That image build is no longer in the list.'));
    return [build];
  }
  const selected = (Array.isArray(nodes) && nodes.length ? nodes : node ? [node] : []).filter(
    (candidate): candidate is ImageBuildNode => candidate instanceof ImageBuildNode,
  );
  if (selected.length) {
    // The row may be older than the list: act on the build as it is now.
    return selected.flatMap((candidate) => ctx.imageBuilds.get(candidate.build.id) ?? []);
  }
  const builds = ctx.imageBuilds.builds.filter(options.filter);
  if (!builds.length) throw new Error(vscode.l10n.t('There is no image build to choose from.'));
  return pickValues(
    builds.map((build) => ({
      label: vscode.workspace.asRelativePath(build.configPath),
      description: `${stateWord(build.state, vscode.l10n)} · ${build.format} · ${describeBase(build, vscode.l10n)}`,
      detail: new Date(build.startedAt).toLocaleString(),
      value: build,
    })),
    options,
  );
}
