import { eq } from 'drizzle-orm';
import { type Actor, actorColumns } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { publishEvent } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { orderHistory, orders } from './schema.js';

export interface CartOrderChange {
  /** What the cart says now. */
  status: 'awaiting_payment' | 'paid' | 'completed' | 'cancelled' | 'refunded';
  /** The cart's own word for it, for the history. */
  cartStatus: string;
  /** The cart's modification time of this version. */
  at: Date;
}

/**
 * An imported order changed in the cart after import: every change is written to its history; a
 * document still pending follows the cart (cancelled there → cancelled here; refunded there →
 * refunded here), since it has moved no stock or money in Tandem yet. A confirmed one only gets
 * the history entry: staff decide what to give back or restock. Answers whether the order changed.
 */
export async function followCartOrder(
  tx: Tx,
  orderId: string,
  change: CartOrderChange,
  actor: Actor,
): Promise<boolean> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
  if (!order) return false;
  const pending = order.state === 'pending';
  const cancel = pending && (change.status === 'cancelled' || change.status === 'refunded');
  const refund = pending && change.status === 'refunded' && order.paymentStatus !== 'refunded';
  const history: (typeof orderHistory.$inferInsert)[] = [
    {
      id: newId('ohs'),
      orderId,
      kind: 'cart_status',
      fromStatus: null,
      toStatus: change.status,
      detail: pending
        ? `The cart marked it ${change.cartStatus}`
        : `The cart marked it ${change.cartStatus}; it was already confirmed here, so stock and money are left as they are`,
      ...actorColumns(actor),
      createdAt: change.at,
    },
  ];
  if (cancel && order.fulfillmentStatus !== 'cancelled') {
    history.push({
      id: newId('ohs'),
      orderId,
      kind: 'fulfillment_status',
      fromStatus: order.fulfillmentStatus,
      toStatus: 'cancelled',
      detail: 'Cancelled, as in the cart',
      ...actorColumns(actor),
      createdAt: change.at,
    });
  }
  if (refund) {
    history.push({
      id: newId('ohs'),
      orderId,
      kind: 'payment_status',
      fromStatus: order.paymentStatus,
      toStatus: 'refunded',
      detail: 'Refunded in the cart',
      ...actorColumns(actor),
      createdAt: change.at,
    });
  }
  await tx.insert(orderHistory).values(history);
  await tx
    .update(orders)
    .set({
      ...(cancel ? { fulfillmentStatus: 'cancelled' as const } : {}),
      ...(refund ? { paymentStatus: 'refunded' as const } : {}),
      updatedAt: new Date(),
    })
    .where(eq(orders.id, orderId));
  await publishEvent(tx, 'order.updated', { id: orderId, number: order.number });
  return true;
}
