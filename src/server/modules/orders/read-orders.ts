import { and, count, desc, eq, gt, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { OrderSummary } from '../../../contracts/orders.js';
import type { Tx } from '../../platform/db.js';
import { containsPattern, decodeCursor, encodeCursor, pageFrom } from '../../platform/paging.js';
import type { FulfillmentStatus, PaymentStatus } from './order-status.js';
import type { OrderRow } from './orders.js';
import { orders } from './schema.js';

export interface OrderQuery {
  limit: number;
  cursor?: string | undefined;
  channels?: readonly ('in_store' | 'online' | 'cart')[] | undefined;
  paymentStatus?: PaymentStatus | undefined;
  fulfillmentStatus?: FulfillmentStatus | undefined;
  /** Created at or after, and before. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** An order number ("1001" or "#1001"), or part of the customer's name or email. */
  q?: string | undefined;
  customerId?: string | undefined;
  /** Online orders sent by courier, or collected. */
  delivery?: 'shipping' | 'pickup' | undefined;
  /** Only orders some of which was given back. */
  refunded?: boolean | undefined;
  /** Imported cart documents waiting for staff (`pending`), or every other order (`confirmed`). */
  state?: 'pending' | 'confirmed' | undefined;
  /** Orders imported through this cart connection. */
  connectionId?: string | undefined;
}

export const toOrderSummary = (r: OrderRow): OrderSummary => ({
  id: r.id,
  number: r.number,
  channel: r.channel,
  state: r.state,
  connectionId: r.connectionId,
  externalNumber: r.externalNumber,
  customerId: r.customerId,
  customerName: r.customerName,
  customerEmail: r.customerEmail,
  paymentStatus: r.paymentStatus,
  fulfillmentStatus: r.fulfillmentStatus,
  delivery: r.delivery,
  currency: r.currency,
  total: r.total,
  refunded: r.refunded,
  createdAt: r.createdAt.toISOString(),
});

/** The conditions an order query's filters (not its paging) put on orders. */
function orderFilters(query: Omit<OrderQuery, 'limit' | 'cursor'>): (SQL | undefined)[] {
  const filters: (SQL | undefined)[] = [];
  if (query.channels?.length) filters.push(inArray(orders.channel, [...query.channels]));
  if (query.paymentStatus) filters.push(eq(orders.paymentStatus, query.paymentStatus));
  if (query.fulfillmentStatus) filters.push(eq(orders.fulfillmentStatus, query.fulfillmentStatus));
  if (query.from) filters.push(gte(orders.createdAt, query.from));
  if (query.to) filters.push(lt(orders.createdAt, query.to));
  if (query.customerId) filters.push(eq(orders.customerId, query.customerId));
  if (query.delivery) filters.push(eq(orders.delivery, query.delivery));
  if (query.refunded) filters.push(gt(orders.refunded, 0));
  if (query.state) filters.push(eq(orders.state, query.state));
  if (query.connectionId) filters.push(eq(orders.connectionId, query.connectionId));
  const q = query.q?.trim();
  if (q) {
    const number = /^#?\s*(\d{1,9})$/.exec(q);
    filters.push(
      number
        ? eq(orders.number, Number(number[1]))
        : sql`${orders.search} like ${containsPattern(q.toLowerCase())}`,
    );
  }
  return filters;
}

/** How many orders match a query's filters. */
export async function countOrders(tx: Tx, query: Omit<OrderQuery, 'limit' | 'cursor'>): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(orders)
    .where(and(...orderFilters(query)));
  return row?.n ?? 0;
}

/** The order book, newest first, keyset-paged on (created_at, id). */
export async function listOrders(
  tx: Tx,
  query: OrderQuery,
): Promise<{ data: OrderSummary[]; nextCursor: string | null }> {
  const filters = orderFilters(query);
  if (query.cursor) {
    const [at, id] = decodeCursor<[string, string]>(query.cursor, 2);
    const when = new Date(at);
    filters.push(or(lt(orders.createdAt, when), and(eq(orders.createdAt, when), lt(orders.id, id))));
  }
  const rows = await tx
    .select()
    .from(orders)
    .where(and(...filters))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(query.limit + 1);
  return pageFrom(rows, query.limit, toOrderSummary, (r) => encodeCursor([r.createdAt.toISOString(), r.id]));
}
