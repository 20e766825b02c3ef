import * as vscode from 'vscode';
import type { DependentKind, DependentResource, LeftOverResource } from '../../azure/services';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { abortSignalFor, forEachVm, signedInFeature, targetVms } from './common';

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
  const plans: { target: (typeof targets)[number]; dependents: DependentResource[] }[] = [];
  for (const target of targets) {
    const dependents = await services.listDependents(target.vm, feature.tree.signal);
    plans.push({
      target,
      dependents: answers
        ? dependents.filter((dependent) => answers.dependents.includes(dependent.kind))
        : await chooseDependents(target.vm.name, dependents),
    });
  }
  if (!answers) {
    const names = targets.map((target) => target.vm.name).join(', ');
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
  await forEachVm(feature, targets, async (target) => {
    const plan = plans.find((candidate) => candidate.target === target)!;
    feature.tree.setBusy(target, vscode.l10n.t('Deleting…'));
    try {
      const leftOver = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting {0}', target.vm.name), cancellable: true },
        (_progress, token) => services.deleteVm(target.vm, plan.dependents, abortSignalFor(token)),
      );
      await feature.tree.removeVm(target.vm);
      if (leftOver.length > 0) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('{0} was deleted, but these resources were not: {1}', target.vm.name, leftOverText(leftOver)),
        );
      }
    } catch (error) {
      feature.tree.setBusy(target, undefined);
      throw error;
    }
  });
}
