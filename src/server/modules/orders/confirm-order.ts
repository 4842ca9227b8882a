import { and, eq, sql } from 'drizzle-orm';
import type { Order } from '../../../contracts/orders.js';
import { type Actor, actorColumns } from '../../platform/auth.js';
import type { Database, Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { publishEvent } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { getSettings } from '../settings/index.js';
import { getOrder, takeFromStock } from './place-order.js';
import { orderHistory, orderLines, orders } from './schema.js';

const documentWords = { cash_sale: 'cash sale', sales_order: 'sales order', invoice: 'invoice' } as const;

/**
 * Confirms a pending document imported from a cart: its tracked products leave stock through the
 * ledger and it counts in reports (on its date in the cart), all in one transaction. The order row
 * is locked first, so two confirmations at once move stock once and the second answers 409.
 */
export async function confirmOrder(db: Database['db'], orderId: string, actor: Actor): Promise<Order> {
  const settings = await getSettings(db);
  await db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    if (!order) throw notFound('No such order.');
    if (order.state !== 'pending') {
      throw new DomainError('conflict', 'conflict', `Order #${order.number} is already confirmed.`);
    }
    if (order.fulfillmentStatus === 'cancelled') {
      throw new DomainError(
        'conflict',
        'conflict',
        `Order #${order.number} was cancelled in the cart; there is nothing to confirm.`,
      );
    }
    const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    await takeFromStock(tx, lines, {
      number: order.number,
      orderId,
      actor,
      allowNegative: settings.allowNegativeStock,
    });
    const now = new Date();
    await tx
      .update(orders)
      .set({ state: 'confirmed', confirmedAt: now, updatedAt: now })
      .where(and(eq(orders.id, orderId), eq(orders.state, 'pending')));
    await tx.insert(orderHistory).values({
      id: newId('ohs'),
      orderId,
      kind: 'confirmed',
      fromStatus: 'pending',
      toStatus: 'confirmed',
      detail: order.documentKind ? `Confirmed as a ${documentWords[order.documentKind]}` : 'Confirmed',
      ...actorColumns(actor),
      createdAt: now,
    });
    await publishEvent(tx, 'order.updated', { id: orderId, number: order.number, state: 'confirmed' });
  });
  return getOrder(db, orderId);
}

/**
 * Units of each item that pending cart documents hold: sold in a cart, not yet out of Tandem's
 * stock. A cart may sell only what is on hand less these.
 */
export async function heldByPendingOrders(tx: Tx, itemIds: readonly string[]): Promise<Map<string, number>> {
  if (itemIds.length === 0) return new Map();
  const rows = (await tx.execute(sql`
    select l.item_id, sum(l.quantity)::int as quantity
      from orders o join order_lines l on l.order_id = o.id
     where o.state = 'pending' and o.fulfillment_status <> 'cancelled'
       and l.tracks_stock and l.item_id in ${itemIds}
     group by l.item_id`)) as unknown as { rows: { item_id: string; quantity: number }[] };
  return new Map(rows.rows.map((r) => [r.item_id, Number(r.quantity)]));
}
