import type { AzlContext } from '../../context';
import { updateSettingWhereSet } from '../../settings';

export async function showAllContainers(_ctx: AzlContext): Promise<void> {
  await updateSettingWhereSet('containers.showAllContainers', true);
}

export async function hideOtherContainers(_ctx: AzlContext): Promise<void> {
  await updateSettingWhereSet('containers.showAllContainers', false);
}
