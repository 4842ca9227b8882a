import { and, eq, inArray } from 'drizzle-orm';
import { divideRounded } from '../../../contracts/order-totals.js';
import { systemActor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { formatMoney } from '../../platform/money.js';
import { moneyGivenBackOnOrders } from '../payments/index.js';
import { lockOrder, recordRefund } from './refund-order.js';
import { orders, orderTenders } from './schema.js';

/**
 * How long after a payment's last change its order is compared with it: longer than a refund
 * takes to write its order's record once the gateway has answered.
 */
const GRACE_MS = 2 * 60_000;

/**
 * An order's card tenders agree with their payments: money the gateway gave back on a payment
 * that its order does not show (a refund whose answer came only to the settling job, a process
 * that stopped between the gateway's answer and the order's record) is recorded on the order, its
 * history and the sales report. Looks at payments changed in the last `windowMs` (all of them
 * when left out, as a worker does once when it starts). Answers how many refunds it recorded.
 */
export async function reconcileCardRefunds(
  db: Tx,
  options: { windowMs?: number | undefined; now?: Date } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const payments = await moneyGivenBackOnOrders(db, {
    before: new Date(now.getTime() - GRACE_MS),
    after: options.windowMs === undefined ? undefined : new Date(now.getTime() - options.windowMs),
  });
  if (payments.length === 0) return 0;
  const tenders = await db
    .select({ id: orderTenders.id, paymentId: orderTenders.paymentId, refunded: orderTenders.refunded })
    .from(orderTenders)
    .where(
      and(
        eq(orderTenders.method, 'card'),
        inArray(
          orderTenders.paymentId,
          payments.map((p) => p.paymentId),
        ),
      ),
    );
  const byPayment = new Map(tenders.map((t) => [t.paymentId, t]));
  let recorded = 0;
  for (const payment of payments) {
    const tender = byPayment.get(payment.paymentId);
    if (!tender || tender.refunded >= payment.givenBack) continue;
    const done = await db.transaction(async (tx) => {
      await lockOrder(tx, payment.orderId);
      // Read again under the order's lock: a refund of this order may have recorded it meanwhile.
      const [now] = await tx
        .select({
          refunded: orderTenders.refunded,
          currency: orders.currency,
          total: orders.total,
          giftCardsSold: orders.giftCardsSold,
        })
        .from(orderTenders)
        .innerJoin(orders, eq(orders.id, orderTenders.orderId))
        .where(eq(orderTenders.id, tender.id));
      const missing = payment.givenBack - (now?.refunded ?? payment.givenBack);
      if (missing <= 0) return false;
      // Which lines it was for is not known: the part of it that was gift cards sold (never sales)
      // is in the order's own proportion.
      const sales =
        now!.total > 0 ? divideRounded(missing * (now!.total - now!.giftCardsSold), now!.total) : missing;
      await recordRefund(
        tx,
        payment.orderId,
        { tenderId: tender.id, amount: missing, sales },
        `${formatMoney(missing, now!.currency)} back to the card, found given back at the gateway after its answer came late`,
        systemActor,
        // On the day the gateway's answer was written, as the sales report counts refunds.
        payment.at,
        { guard: false },
      );
      return true;
    });
    if (done) recorded++;
  }
  return recorded;
}
