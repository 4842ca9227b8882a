import { and, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { orderRefunds, orders } from './schema.js';

export interface SalesFigures {
  /** Lines before discounts. */
  gross: number;
  discounts: number;
  tax: number;
  /** Without tax, after discounts and refunds. */
  net: number;
  cost: number;
  profit: number;
  /** Given back on the day, tax included. */
  refunds: number;
  orders: number;
  /** What an order came to on average (before refunds). */
  averageOrder: number;
}

export interface SalesRow extends SalesFigures {
  day: string;
  channel: 'in_store' | 'online' | 'cart';
}

export interface SalesReport {
  from: string;
  to: string;
  timeZone: string;
  days: SalesRow[];
  byChannel: (SalesFigures & { channel: SalesRow['channel'] })[];
  total: SalesFigures;
}

const empty = (): SalesFigures & { sales: number } => ({
  gross: 0,
  discounts: 0,
  tax: 0,
  net: 0,
  cost: 0,
  profit: 0,
  refunds: 0,
  orders: 0,
  averageOrder: 0,
  sales: 0,
});

function finish(f: SalesFigures & { sales: number }): SalesFigures {
  const { sales, ...rest } = f;
  return {
    ...rest,
    profit: f.net - f.cost,
    averageOrder: f.orders > 0 ? Math.round(sales / f.orders) : 0,
  };
}

/** From the start of `from` to the start of the day after `to`, in the time zone, as SQL. */
export function reportPeriod(query: { from: string; to: string; timeZone: string }) {
  return {
    start: sql`(${query.from}::date)::timestamp at time zone ${query.timeZone}`,
    end: sql`(${query.to}::date + 1)::timestamp at time zone ${query.timeZone}`,
  };
}

/**
 * Sales by day and channel between two days (inclusive) in a time zone: orders count on the day
 * they were placed, refunds subtract on the day they were given. Orders still pending (imported,
 * not confirmed) do not count, nor do gift cards sold (a debt to the holder until spent).
 */
export async function salesReport(
  tx: Tx,
  query: { from: string; to: string; timeZone: string },
): Promise<SalesReport> {
  const { start, end } = reportPeriod(query);
  const orderDay = sql<string>`to_char(${orders.createdAt} at time zone ${query.timeZone}, 'YYYY-MM-DD')`;
  const refundDay = sql<string>`to_char(${orderRefunds.createdAt} at time zone ${query.timeZone}, 'YYYY-MM-DD')`;
  // By position: the day expression carries the time zone as a parameter, which GROUP BY cannot match.
  const byDayAndChannel = sql`1, 2`;
  const sum = (column: unknown) => sql<string>`coalesce(sum(${column}), 0)`;

  const [sold, given] = await Promise.all([
    tx
      .select({
        day: orderDay,
        channel: orders.channel,
        // Gift cards sold are owed to their holders, not earned: they count when spent.
        gross: sum(sql`${orders.subtotal} - ${orders.giftCardsSold}`),
        discounts: sum(orders.discount),
        tax: sum(orders.tax),
        net: sum(sql`${orders.net} - ${orders.giftCardsSold}`),
        cost: sum(orders.cost),
        sales: sum(sql`${orders.total} - ${orders.giftCardsSold}`),
        // An order that only sold gift cards is not a sale; one paid with package credits (0) is.
        orders: sql<string>`count(*) filter (where ${orders.giftCardsSold} = 0 or ${orders.total} > ${orders.giftCardsSold})`,
      })
      .from(orders)
      .where(
        and(
          gte(orders.createdAt, start),
          lt(orders.createdAt, end),
          ne(orders.paymentStatus, 'pending'),
          // A cart document counts once staff confirm it, on its date in the cart.
          eq(orders.state, 'confirmed'),
        ),
      )
      .groupBy(byDayAndChannel),
    tx
      .select({
        day: refundDay,
        channel: orderRefunds.channel,
        amount: sum(orderRefunds.amount),
        tax: sum(orderRefunds.tax),
        net: sum(orderRefunds.net),
        cost: sum(orderRefunds.cost),
      })
      .from(orderRefunds)
      .where(and(gte(orderRefunds.createdAt, start), lt(orderRefunds.createdAt, end)))
      .groupBy(byDayAndChannel),
  ]);

  const rows = new Map<string, SalesFigures & { sales: number; day: string; channel: SalesRow['channel'] }>();
  const rowOf = (day: string, channel: SalesRow['channel']) => {
    const key = `${day} ${channel}`;
    let row = rows.get(key);
    if (!row) {
      row = { ...empty(), day, channel };
      rows.set(key, row);
    }
    return row;
  };
  for (const s of sold) {
    const row = rowOf(s.day, s.channel);
    row.gross += Number(s.gross);
    row.discounts += Number(s.discounts);
    row.tax += Number(s.tax);
    row.net += Number(s.net);
    row.cost += Number(s.cost);
    row.sales += Number(s.sales);
    row.orders += Number(s.orders);
  }
  for (const g of given) {
    const row = rowOf(g.day, g.channel);
    row.refunds += Number(g.amount);
    row.tax -= Number(g.tax);
    row.net -= Number(g.net);
    row.cost -= Number(g.cost);
  }

  const ordered = [...rows.values()].sort(
    (a, b) => a.day.localeCompare(b.day) || a.channel.localeCompare(b.channel),
  );
  const channels = new Map<SalesRow['channel'], SalesFigures & { sales: number }>();
  const total = empty();
  for (const r of ordered) {
    const c = channels.get(r.channel) ?? empty();
    for (const target of [c, total]) {
      for (const k of ['gross', 'discounts', 'tax', 'net', 'cost', 'refunds', 'orders', 'sales'] as const) {
        target[k] += r[k];
      }
    }
    channels.set(r.channel, c);
  }
  return {
    from: query.from,
    to: query.to,
    timeZone: query.timeZone,
    days: ordered.map(({ day, channel, ...f }) => ({ day, channel, ...finish(f) })),
    byChannel: [...channels].map(([channel, f]) => ({ channel, ...finish(f) })),
    total: finish(total),
  };
}
