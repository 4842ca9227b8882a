import { and, asc, desc, eq, gte, inArray, isNotNull, lt, or, type SQL } from 'drizzle-orm';
import { maskedCard } from '../../../contracts/card-brand.js';
import type { PaymentDetail, PaymentListEntry, PaymentStatus } from '../../../contracts/payments.js';
import type { Tx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, pageFrom } from '../../platform/paging.js';
import { customerNames } from '../customers/index.js';
import { toOperation, toPayment } from './payments.js';
import { paymentOperations, payments } from './schema.js';

export async function getPayment(tx: Tx, id: string): Promise<PaymentDetail> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, id));
  if (!row) throw notFound('No such payment.');
  const operations = await tx
    .select()
    .from(paymentOperations)
    .where(eq(paymentOperations.paymentId, id))
    .orderBy(asc(paymentOperations.id));
  const names = await customerNames(tx, row.customerId ? [row.customerId] : []);
  return {
    ...toPayment(row),
    customerName: row.customerId ? (names.get(row.customerId) ?? null) : null,
    operations: operations.map(toOperation),
  };
}

export interface PaymentQuery {
  limit: number;
  cursor?: string | undefined;
  status?: PaymentStatus | undefined;
  /** Created at or after, before: ISO dates. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Last 4 digits, or a payment, order, gateway order or retrieval reference. */
  q?: string | undefined;
  customerId?: string | undefined;
}

/** Payments newest first, keyset-paged on (created_at, id). */
export async function listPayments(
  tx: Tx,
  query: PaymentQuery,
): Promise<{ data: PaymentListEntry[]; nextCursor: string | null }> {
  const filters: (SQL | undefined)[] = [];
  if (query.status) filters.push(eq(payments.status, query.status));
  if (query.from) filters.push(gte(payments.createdAt, query.from));
  if (query.to) filters.push(lt(payments.createdAt, query.to));
  if (query.customerId) filters.push(eq(payments.customerId, query.customerId));
  const q = query.q?.trim();
  if (q) {
    filters.push(
      /^\d{4}$/.test(q)
        ? eq(payments.last4, q)
        : or(
            eq(payments.id, q),
            eq(payments.orderId, q),
            eq(payments.gatewayOrderId, q),
            eq(payments.retref, q),
          ),
    );
  }
  if (query.cursor) {
    const [at, id] = decodeCursor<[string, string]>(query.cursor, 2);
    const when = new Date(at);
    filters.push(or(lt(payments.createdAt, when), and(eq(payments.createdAt, when), lt(payments.id, id))));
  }
  const rows = await tx
    .select()
    .from(payments)
    .where(and(...filters))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(query.limit + 1);
  const names = await customerNames(
    tx,
    rows.flatMap((r) => (r.customerId ? [r.customerId] : [])),
  );
  return pageFrom(
    rows,
    query.limit,
    (r) => ({ ...toPayment(r), customerName: r.customerId ? (names.get(r.customerId) ?? null) : null }),
    (r) => encodeCursor([r.createdAt.toISOString(), r.id]),
  );
}

/** "Visa •••• 1111" for each of these payments that has a card, in one query. */
export async function cardLabels(tx: Tx, paymentIds: readonly string[]): Promise<Map<string, string>> {
  if (paymentIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: payments.id, brand: payments.brand, last4: payments.last4 })
    .from(payments)
    .where(inArray(payments.id, [...paymentIds]));
  return new Map(rows.filter((r) => r.last4).map((r) => [r.id, maskedCard(r.brand, r.last4)]));
}

/**
 * How much has gone back to the card on each order's payment updated in `[after, before)`: the
 * refunds the gateway approved, or the whole of a voided payment. What the orders compare with
 * their own record, so that a refund whose answer came late shows on its order too.
 */
export async function moneyGivenBackOnOrders(
  tx: Tx,
  range: { after?: Date | undefined; before: Date },
): Promise<{ paymentId: string; orderId: string; givenBack: number; at: Date }[]> {
  const rows = await tx
    .select({
      paymentId: payments.id,
      orderId: payments.orderId,
      status: payments.status,
      approved: payments.approvedAmount,
      captured: payments.capturedAmount,
      refunded: payments.refundedAmount,
      updatedAt: payments.updatedAt,
    })
    .from(payments)
    .where(
      and(
        isNotNull(payments.orderId),
        inArray(payments.status, ['voided', 'refunded', 'partially_refunded']),
        lt(payments.updatedAt, range.before),
        range.after ? gte(payments.updatedAt, range.after) : undefined,
      ),
    );
  return rows.map((r) => ({
    paymentId: r.paymentId,
    orderId: r.orderId!,
    givenBack: r.status === 'voided' ? Math.max(r.captured, r.approved) : r.refunded,
    at: r.updatedAt,
  }));
}
