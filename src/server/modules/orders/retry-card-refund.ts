import type { Order } from '../../../contracts/orders.js';
import { type Actor, actorColumns } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { formatMoney } from '../../platform/money.js';
import { retryQueuedRefund } from '../payments/index.js';
import { getOrder } from './place-order.js';
import { orderHistory } from './schema.js';

/**
 * A refund owed to a card that the gateway kept refusing goes back in the queue, from its first
 * try: the order already counts it as given back, so sending it is the only way it reaches the
 * customer's card. The order's history says who asked.
 */
export async function retryCardRefund(
  db: Tx,
  orderId: string,
  refundId: string,
  actor: Actor,
  at = new Date(),
): Promise<Order> {
  return db.transaction(async (tx) => {
    const order = await getOrder(tx, orderId);
    const refund = await retryQueuedRefund(tx, order.id, refundId);
    await tx.insert(orderHistory).values({
      id: newId('ohs'),
      orderId: order.id,
      kind: 'refund_retried',
      fromStatus: null,
      toStatus: null,
      detail: `Refund of ${formatMoney(refund.amount, order.currency)} to the card tried again (it had failed: ${refund.lastError ?? 'refused'})`,
      ...actorColumns(actor),
      createdAt: at,
    });
    return getOrder(tx, order.id);
  });
}
