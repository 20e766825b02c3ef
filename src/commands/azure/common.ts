import * as vscode from 'vscode';
import { loadedAzureFeature, type AzureFeature } from '../../features/azure';
import type { AzureServices } from '../../azure/services';
import type { AzlContext } from '../../context';
import { pickValues, requireWorkspaceTrust } from '../guards';
import type { VmInfo } from '../../azure/core/model';
import { UserCancelledError } from '../../util/errors';
import { runForEach } from '../runForEach';
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
    const choice = await ctx.seams.notifications.info(vscode.l10n.t('Sign in to Azure first.'), signIn);
    if (choice !== signIn || !(await feature.session.signIn())) {
      throw new UserCancelledError();
    }
  }
  return { feature, services: feature.session.services() };
}

/** A VM a command was given: a tree node's, or a VM passed directly (another command, another extension). */
function vmOf(value: unknown): VmInfo | undefined {
  if (value instanceof VmNode) return value.vm;
  const candidate = value as Partial<VmInfo> | undefined;
  return typeof candidate?.id === 'string' && typeof candidate.name === 'string' && typeof candidate.powerState === 'string'
    ? (candidate as VmInfo)
    : undefined;
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
): Promise<VmInfo[]> {
  const selected = Array.isArray(nodes) ? nodes.flatMap((item) => vmOf(item) ?? []) : [];
  if (selected.length > 0) {
    return selected;
  }
  const given = vmOf(node);
  if (given) {
    return [given];
  }
  const { feature } = await signedInFeature(ctx);
  const listing = feature.listing;
  const candidates = (await listing.allVms()).filter((vm) =>
    nodeActions(vm.powerState, listing.busyText(vm.id) !== undefined).includes(action),
  );
  if (candidates.length === 0) {
    void ctx.seams.notifications.info(vscode.l10n.t('No virtual machine in the tree can do that right now.'));
    throw new UserCancelledError();
  }
  const items = candidates.map((vm) => ({
    label: vm.name,
    description: `${powerStateLabel(vm.powerState, vscode.l10n)} · ${vm.resourceGroup}`,
    detail: vm.location,
    value: vm,
  }));
  return pickValues(items, options);
}

export async function targetVm(ctx: AzlContext, node: unknown, action: VmAction, placeHolder: string): Promise<VmInfo> {
  const [target] = await targetVms(ctx, node, undefined, action, { canPickMany: false, placeHolder });
  return target!;
}

/** The subscription a command was started on (a subscription node's), if any. */
export function subscriptionIdOf(value: unknown): string | undefined {
  return value instanceof SubscriptionNode ? value.subscription.subscriptionId : undefined;
}

/**
 * Runs `work` for every VM at once, each with its own progress; every failure is reported (runForEach), and a
 * sign-in failure turns into the re-sign-in prompt instead.
 */
export function forEachVm(feature: AzureFeature, vms: readonly VmInfo[], work: (vm: VmInfo) => Promise<void>): Promise<void> {
  return runForEach(
    vms,
    (vm) => vm.name,
    work,
    (error) => feature.session.handleSignInFailure(error),
  );
}
