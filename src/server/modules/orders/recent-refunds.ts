import { and, count, desc, eq, gt, gte, sum } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { orderRefunds, orders } from './schema.js';

export interface RecentRefunds {
  /** Refunds given since the day asked, and what they came to. */
  count: number;
  amount: number;
  latest: {
    id: string;
    orderId: string;
    number: number;
    channel: (typeof orders.$inferSelect)['channel'];
    customerName: string | null;
    amount: number;
    createdAt: string;
  }[];
}

/** Money given back since `since`: how many refunds, how much, and the latest few with their orders. */
export async function recentRefunds(tx: Tx, query: { since: Date; limit: number }): Promise<RecentRefunds> {
  // Rows of no money record goods put back in stock, not a refund.
  const given = and(gte(orderRefunds.createdAt, query.since), gt(orderRefunds.amount, 0));
  const [totals, latest] = await Promise.all([
    tx
      .select({ n: count(), amount: sum(orderRefunds.amount) })
      .from(orderRefunds)
      .where(given),
    tx
      .select({
        id: orderRefunds.id,
        orderId: orderRefunds.orderId,
        number: orders.number,
        channel: orderRefunds.channel,
        customerName: orders.customerName,
        amount: orderRefunds.amount,
        createdAt: orderRefunds.createdAt,
      })
      .from(orderRefunds)
      .innerJoin(orders, eq(orders.id, orderRefunds.orderId))
      .where(given)
      .orderBy(desc(orderRefunds.createdAt), desc(orderRefunds.id))
      .limit(query.limit),
  ]);
  return {
    count: totals[0]?.n ?? 0,
    amount: Number(totals[0]?.amount ?? 0),
    latest: latest.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })),
  };
}
