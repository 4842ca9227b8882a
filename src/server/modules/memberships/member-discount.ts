import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { subscriptions } from './schema.js';

/**
 * The discount a customer's memberships give on services now: the best of those in good standing
 * (active; a membership past due, paused or cancelled gives none).
 */
export async function memberDiscount(
  tx: Tx,
  customerId: string,
): Promise<{ percent: number; plan: string } | null> {
  const rows = await tx
    .select({ percent: subscriptions.discountPercent, plan: subscriptions.name })
    .from(subscriptions)
    .where(and(eq(subscriptions.customerId, customerId), eq(subscriptions.status, 'active')))
    .orderBy(desc(subscriptions.discountPercent));
  const best = rows.find((r) => (r.percent ?? 0) > 0);
  return best ? { percent: best.percent!, plan: best.plan } : null;
}
