import * as vscode from 'vscode';
import type { AzlContext } from '../../context';
import { UserCancelledError } from '../../util/errors';
import { signedInFeature } from './common';

export async function selectTenant(ctx: AzlContext): Promise<void> {
  const { feature, services } = await signedInFeature(ctx);
  const tenants = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Listing Azure directories') },
    () => services.listTenants(feature.listing.signal),
  );
  const current = feature.session.tenantId;
  const picked = await vscode.window.showQuickPick(
    tenants.map((tenant) => ({
      label: tenant.displayName ?? tenant.tenantId,
      description: [tenant.defaultDomain, tenant.tenantId === current ? vscode.l10n.t('current') : undefined].filter(Boolean).join(' · '),
      detail: tenant.tenantId,
      tenantId: tenant.tenantId,
    })),
    { placeHolder: vscode.l10n.t('Directory (tenant) to use') },
  );
  if (!picked) {
    throw new UserCancelledError();
  }
  await feature.session.setTenant(picked.tenantId);
  feature.listing.refresh();
}
