import { inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { payments } from './schema.js';

/** Marks card payments as paying for an order, in the order's own transaction. */
export async function attachPaymentsToOrder(
  tx: Tx,
  paymentIds: readonly string[],
  orderId: string,
): Promise<void> {
  if (paymentIds.length === 0) return;
  await tx
    .update(payments)
    .set({ orderId, updatedAt: new Date() })
    .where(inArray(payments.id, [...paymentIds]));
}
