import * as vscode from 'vscode';
import type { DependentKind, DependentResource, LeftOverResource } from '../../azure/services';
import type { VmInfo } from '../../azure/core/model';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { abortOn } from '../../util/cancellation';
import { withProgressActivity } from '../../features/activity';
import { forEachVm, signedInFeature, targetVms } from './common';

/** Skips the prompts: which dependents to delete along with each VM (tests and other extensions). */
export interface DeleteVmAnswers {
  readonly dependents: readonly DependentKind[];
}

function kindLabel(kind: DependentKind): string {
  switch (kind) {
    case 'networkInterface':
      return vscode.l10n.t('Network interface');
    case 'publicIp':
      return vscode.l10n.t('Public IP address');
    case 'osDisk':
      return vscode.l10n.t('OS disk');
    case 'networkSecurityGroup':
      return vscode.l10n.t('Network security group');
    case 'virtualNetwork':
      return vscode.l10n.t('Virtual network');
    case 'resourceGroup':
      return vscode.l10n.t('Resource group (deleted only when nothing else is left in it)');
  }
}

function leftOverText(leftOver: readonly LeftOverResource[]): string {
  return leftOver
    .map((resource) =>
      resource.reason === 'notEmpty' ? vscode.l10n.t('{0} (it still holds other resources)', resource.name) : resource.name,
    )
    .join(', ');
}

async function chooseDependents(vmName: string, dependents: readonly DependentResource[]): Promise<DependentResource[]> {
  if (dependents.length === 0) {
    return [];
  }
  const picked = await vscode.window.showQuickPick(
    dependents.map((dependent) => ({
      label: dependent.name,
      description: kindLabel(dependent.kind),
      detail: dependent.createdByUs ? vscode.l10n.t('Created with the VM by Azure Linux Tools') : undefined,
      picked: dependent.createdByUs,
      dependent,
    })),
    { canPickMany: true, placeHolder: vscode.l10n.t('Also delete these resources of {0}? (unchecked ones stay)', vmName) },
  );
  if (!picked) {
    throw new UserCancelledError();
  }
  return picked.map((item) => item.dependent);
}

export async function deleteVm(ctx: AzlContext, node?: unknown, nodes?: unknown, answers?: DeleteVmAnswers): Promise<void> {
  const targets = await targetVms(ctx, node, nodes, 'delete', {
    canPickMany: true,
    placeHolder: vscode.l10n.t('Virtual machines to delete'),
  });
  const { feature, services } = await signedInFeature(ctx);
  const plans: { vm: VmInfo; dependents: DependentResource[] }[] = [];
  for (const vm of targets) {
    const dependents = await services.listDependents(vm, feature.listing.signal);
    plans.push({
      vm,
      dependents: answers
        ? dependents.filter((dependent) => answers.dependents.includes(dependent.kind))
        : await chooseDependents(vm.name, dependents),
    });
  }
  if (!answers) {
    const names = targets.map((vm) => vm.name).join(', ');
    const extra = plans.reduce((sum, plan) => sum + plan.dependents.length, 0);
    const confirm = vscode.l10n.t('Delete');
    const choice = await vscode.window.showWarningMessage(
      extra > 0
        ? vscode.l10n.t('Delete {0} and {1} related resources? This cannot be undone.', names, extra)
        : vscode.l10n.t('Delete {0}? This cannot be undone.', names),
      { modal: true },
      confirm,
    );
    if (choice !== confirm) {
      throw new UserCancelledError();
    }
  }
  await forEachVm(feature, targets, async (vm) => {
    const plan = plans.find((candidate) => candidate.vm === vm)!;
    feature.listing.setBusy(vm.id, vscode.l10n.t('Deleting…'));
    try {
      const leftOver = await withProgressActivity(
        ctx.activity,
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting {0}', vm.name), cancellable: true },
        (_progress, token) => services.deleteVm(vm, plan.dependents, abortOn(token).signal),
      );
      await feature.listing.removeVm(vm);
      if (leftOver.length > 0) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('{0} was deleted, but these resources were not: {1}', vm.name, leftOverText(leftOver)),
        );
      }
    } catch (error) {
      feature.listing.setBusy(vm.id, undefined);
      throw error;
    }
  });
}
