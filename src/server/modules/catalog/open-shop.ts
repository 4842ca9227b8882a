import type { Settings } from '../../../contracts/settings.js';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { getSettings } from '../settings/index.js';

/** The shop's settings, for what shoppers may see; refused while the shop is closed. */
export async function openShop(tx: Tx): Promise<Settings> {
  const settings = await getSettings(tx);
  if (!settings.onlineShop) {
    throw new DomainError('feature_disabled', 'feature_disabled', 'The online shop is closed.');
  }
  return settings;
}
