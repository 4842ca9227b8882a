import { getSettings, updateSettings } from '../modules/settings/index.js';
import { systemActor } from '../platform/auth.js';
import type { Tx } from '../platform/db.js';

export const DEMO_BUSINESS_NAME = 'Juniper Hair & Beauty';

/** Fills an empty database with a demo business. Later modules add their demo data here. */
export async function seedDemo(tx: Tx): Promise<boolean> {
  const settings = await getSettings(tx);
  if (settings.businessName !== 'My shop') return false;
  await updateSettings(tx, systemActor, {
    businessName: DEMO_BUSINESS_NAME,
    currency: 'USD',
    giftCards: { minAmount: 1000, maxAmount: 50_000, serialPrefix: '6061' },
  });
  return true;
}
