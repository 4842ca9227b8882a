import { and, eq, gt, max, min, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { orderRefunds, orders } from './schema.js';

type Channel = (typeof orders.$inferSelect)['channel'];

export interface CustomerSpend {
  /** Per channel the customer bought through: orders, what they came to, what was given back. */
  byChannel: { channel: Channel; orders: number; spent: number; refunded: number; net: number }[];
  orders: number;
  spent: number;
  refunded: number;
  /** What they spent less what was given back. */
  net: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
}

/**
 * What a customer has spent, in every channel, net of refunds, counted as the sales report counts:
 * orders still pending do not count, and gift cards bought count when they are spent, not twice.
 * Two queries whatever the number of orders.
 */
export async function customerSpend(tx: Tx, customerId: string): Promise<CustomerSpend> {
  const sum = (value: unknown) => sql<string>`coalesce(sum(${value}), 0)`;
  const [bought, given] = await Promise.all([
    tx
      .select({
        channel: orders.channel,
        orders: sql<string>`count(*) filter (where ${orders.paymentStatus} <> 'pending' and ${orders.state} = 'confirmed')`,
        spent: sum(
          sql`case when ${orders.paymentStatus} <> 'pending' and ${orders.state} = 'confirmed' then ${orders.total} - ${orders.giftCardsSold} else 0 end`,
        ),
        first: min(orders.createdAt),
        last: max(orders.createdAt),
      })
      .from(orders)
      .where(eq(orders.customerId, customerId))
      .groupBy(orders.channel),
    tx
      .select({ channel: orderRefunds.channel, amount: sum(orderRefunds.amount) })
      .from(orderRefunds)
      .innerJoin(orders, eq(orders.id, orderRefunds.orderId))
      .where(
        and(
          eq(orders.customerId, customerId),
          gt(orderRefunds.amount, 0),
          ne(orders.paymentStatus, 'pending'),
        ),
      )
      .groupBy(orderRefunds.channel),
  ]);
  const refundedIn = new Map(given.map((g) => [g.channel, Number(g.amount)]));
  const byChannel = bought
    .map((b) => {
      const spent = Number(b.spent);
      const refunded = refundedIn.get(b.channel) ?? 0;
      return { channel: b.channel, orders: Number(b.orders), spent, refunded, net: spent - refunded };
    })
    .sort((a, b) => a.channel.localeCompare(b.channel));
  const total = (k: 'orders' | 'spent' | 'refunded' | 'net') => byChannel.reduce((s, c) => s + c[k], 0);
  const instants = (pick: (b: (typeof bought)[number]) => Date | null) =>
    bought
      .map(pick)
      .filter((d): d is Date => d !== null)
      .map((d) => new Date(d).getTime());
  const firsts = instants((b) => b.first);
  const lasts = instants((b) => b.last);
  return {
    byChannel,
    orders: total('orders'),
    spent: total('spent'),
    refunded: total('refunded'),
    net: total('net'),
    firstOrderAt: firsts.length > 0 ? new Date(Math.min(...firsts)).toISOString() : null,
    lastOrderAt: lasts.length > 0 ? new Date(Math.max(...lasts)).toISOString() : null,
  };
}
