import * as vscode from 'vscode';
import { loadedAzureFeature, type AzureFeature } from '../../features/azure';
import type { AzureServices } from '../../azure/services';
import type { AzlContext } from '../../context';
import { pickValues, requireWorkspaceTrust } from '../guards';
import { UserCancelledError, errorMessage } from '../../util/errors';
import { nodeActions, powerStateLabel, type VmAction } from '../../views/azure/core/presentation';
import { SubscriptionNode, VmNode } from '../../views/azure/vmTree';

/** Azure commands change real resources (and start programs): only in a trusted workspace. */
export function requireTrust(): void {
  requireWorkspaceTrust(vscode.l10n.t('Azure commands change resources in your subscriptions'));
}

/**
 * For the command wrapper: when an Azure command failed because the sign-in expired, show the re-sign-in prompt
 * instead of the error. Only when the feature exists already (an Azure call can only have failed then).
 */
export function handledAsSignInFailure(ctx: AzlContext, error: unknown): boolean {
  return loadedAzureFeature(ctx.extension)?.session.handleSignInFailure(error) ?? false;
}

/** The feature with a signed-in session, asking the person to sign in first when needed. */
export async function signedInFeature(ctx: AzlContext): Promise<{ feature: AzureFeature; services: AzureServices }> {
  requireTrust();
  const feature = ctx.azure();
  if (feature.session.state !== 'signedIn' && !(await feature.session.trySilentSignIn())) {
    const signIn = vscode.l10n.t('Sign In');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Sign in to Azure first.'), signIn);
    if (choice !== signIn || !(await feature.session.signIn())) {
      throw new UserCancelledError();
    }
  }
  return { feature, services: feature.session.services() };
}

/** An AbortSignal that follows a CancellationToken (and an optional second signal). */
export function abortSignalFor(token: vscode.CancellationToken | undefined, also?: AbortSignal): AbortSignal {
  const controller = new AbortController();
  token?.onCancellationRequested(() => controller.abort());
  if (also) {
    if (also.aborted) {
      controller.abort();
    } else {
      also.addEventListener('abort', () => controller.abort(), { once: true });
    }
  }
  return controller.signal;
}

/**
 * The VMs a tree command acts on: the multi-selection, else the clicked node, else a picker (from the palette)
 * listing the VMs the action applies to.
 */
export async function targetVms(
  ctx: AzlContext,
  node: unknown,
  nodes: unknown,
  action: VmAction,
  options: { canPickMany: boolean; placeHolder: string },
): Promise<VmNode[]> {
  const selected = Array.isArray(nodes) ? nodes.filter((item): item is VmNode => item instanceof VmNode) : [];
  if (selected.length > 0) {
    return selected;
  }
  if (node instanceof VmNode) {
    return [node];
  }
  const { feature } = await signedInFeature(ctx);
  const candidates = (await feature.tree.allVmNodes()).filter((candidate) =>
    nodeActions(candidate.vm.powerState, candidate.busy !== undefined).includes(action),
  );
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No virtual machine in the tree can do that right now.'));
    throw new UserCancelledError();
  }
  const items = candidates.map((candidate) => ({
    label: candidate.vm.name,
    description: `${powerStateLabel(candidate.vm.powerState, vscode.l10n)} · ${candidate.vm.resourceGroup}`,
    detail: candidate.vm.location,
    value: candidate,
  }));
  return pickValues(items, options);
}

export async function targetVm(ctx: AzlContext, node: unknown, action: VmAction, placeHolder: string): Promise<VmNode> {
  const [target] = await targetVms(ctx, node, undefined, action, { canPickMany: false, placeHolder });
  return target;
}

export function isSubscriptionNode(value: unknown): value is SubscriptionNode {
  return value instanceof SubscriptionNode;
}

/**
 * Runs `work` for every target at once, each with its own progress; reports all failures together so one
 * failing VM does not hide the others. A sign-in failure turns into the re-sign-in prompt instead.
 */
export async function forEachVm(feature: AzureFeature, targets: readonly VmNode[], work: (target: VmNode) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(targets.map((target) => work(target)));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  const shown = failures.filter((failure) => !feature.session.handleSignInFailure(failure) && !(failure instanceof UserCancelledError));
  if (shown.length === 1) {
    throw shown[0];
  }
  if (shown.length > 1) {
    throw new Error(shown.map((failure) => errorMessage(failure)).join(' '));
  }
}
