import * as vscode from 'vscode';
import { imageChoices, type ImageChoice } from '../../azure/core/images';
import type { AzureServices } from '../../azure/services';
import type { AzlContext } from '../../context';
import { pickValues } from '../guards';

/*
 * The questions the image commands share with the create-VM wizard's first steps: where in Azure (subscription,
 * region) and which Azure Linux image, looked up at run time as the wizard does.
 */

export async function pickSubscription(ctx: AzlContext, placeHolder: string): Promise<string> {
  const subscriptions = await ctx.azure().listing.shownSubscriptions();
  if (subscriptions.length === 0) {
    throw new Error(vscode.l10n.t('No Azure subscription is shown. Check the subscription filter.'));
  }
  if (subscriptions.length === 1) return subscriptions[0]!.subscriptionId;
  const [picked] = await pickValues(
    subscriptions.map((shown) => ({ label: shown.displayName, description: shown.subscriptionId, value: shown.subscriptionId })),
    { placeHolder },
  );
  return picked!;
}

const preferredRegions = ['eastus', 'eastus2', 'westus2', 'westeurope'];

export async function pickLocation(
  services: AzureServices,
  subscriptionId: string,
  signal: AbortSignal,
  placeHolder: string,
): Promise<string> {
  const locations = await services.listLocations(subscriptionId, signal);
  const ranked = [...locations].sort(
    (a, b) =>
      Number(preferredRegions.includes(b.name)) - Number(preferredRegions.includes(a.name)) || a.displayName.localeCompare(b.displayName),
  );
  const [picked] = await pickValues(
    ranked.map((location) => ({ label: location.displayName, description: location.name, value: location.name })),
    { placeHolder },
  );
  return picked!;
}

/** The Azure Linux images the region offers, as the create-VM wizard lists them (default first). */
export async function azureLinuxImages(
  services: AzureServices,
  subscriptionId: string,
  location: string,
  signal: AbortSignal,
): Promise<ImageChoice[]> {
  const offers = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Looking up Azure Linux images in {0}', location) },
    () => services.listImageOffers(subscriptionId, location, signal),
  );
  const choices = imageChoices(offers);
  if (choices.length === 0) {
    throw new Error(vscode.l10n.t('No Azure Linux image is offered in {0}. Choose another region.', location));
  }
  return choices;
}

export async function pickImage(choices: readonly ImageChoice[], placeHolder: string): Promise<ImageChoice> {
  const [picked] = await pickValues(
    choices.map((choice) => ({
      label: choice.label,
      description: choice.isDefault ? vscode.l10n.t('default') : choice.description,
      value: choice,
    })),
    { placeHolder },
  );
  return picked!;
}
