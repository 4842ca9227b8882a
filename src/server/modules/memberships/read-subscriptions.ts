import { and, asc, desc, eq, gt, inArray, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Subscription } from '../../../contracts/memberships.js';
import type { Tx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, pageFrom } from '../../platform/paging.js';
import { customerNames } from '../customers/index.js';
import { savedCardLabels } from '../payments/index.js';
import { subscriptions } from './schema.js';
import type { SubscriptionStatus } from './subscription.js';
import { type SubscriptionRow, toSubscription } from './subscriptions.js';

/** Each subscription with its card as "Visa •••• 1111" and its customer's name: one query each. */
async function withCards(tx: Tx, rows: SubscriptionRow[]): Promise<Subscription[]> {
  const labels = await savedCardLabels(
    tx,
    rows.map((r) => r.paymentMethodId),
  );
  const names = await customerNames(
    tx,
    rows.map((r) => r.customerId),
  );
  return rows.map((r) =>
    toSubscription(r, labels.get(r.paymentMethodId) ?? null, names.get(r.customerId) ?? null),
  );
}

/** A customer's recurring orders, newest first. */
export async function customerSubscriptions(tx: Tx, customerId: string): Promise<Subscription[]> {
  const rows = await tx
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.customerId, customerId))
    .orderBy(desc(subscriptions.createdAt));
  return withCards(tx, rows);
}

/** One subscription of this customer; another customer's answers 404, as one that does not exist. */
export async function ownSubscription(tx: Tx, customerId: string, id: string): Promise<SubscriptionRow> {
  const [row] = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, id), eq(subscriptions.customerId, customerId)));
  if (!row) throw notFound('No such recurring order.');
  return row;
}

export async function getSubscription(tx: Tx, id: string): Promise<Subscription> {
  const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.id, id));
  if (!row) throw notFound('No such membership.');
  const [one] = await withCards(tx, [row]);
  return one!;
}

/** A renewal was declined and the membership is not cancelled: retrying, or past due after the last try. */
const failing = and(
  ne(subscriptions.status, 'cancelled'),
  or(eq(subscriptions.status, 'past_due'), gt(subscriptions.failedAttempts, 0)),
);

/**
 * What needs watching in memberships, in one query: the active ones renewing before `dueBefore`
 * (and what they will charge), and those whose renewal failed.
 */
export async function membershipsToWatch(
  tx: Tx,
  dueBefore: Date,
): Promise<{ due: number; dueAmount: number; failing: number }> {
  const due = and(eq(subscriptions.status, 'active'), lt(subscriptions.nextPaymentAt, dueBefore));
  const [row] = await tx
    .select({
      due: sql<string>`count(*) filter (where ${due})`,
      dueAmount: sql<string>`coalesce(sum(${subscriptions.amount}) filter (where ${due}), 0)`,
      failing: sql<string>`count(*) filter (where ${failing})`,
    })
    .from(subscriptions);
  return {
    due: Number(row?.due ?? 0),
    dueAmount: Number(row?.dueAmount ?? 0),
    failing: Number(row?.failing ?? 0),
  };
}

/** Memberships by when they next renew (the upcoming renewals first), keyset-paged. */
export async function listSubscriptions(
  tx: Tx,
  query: {
    limit: number;
    cursor?: string | undefined;
    status?: SubscriptionStatus[] | undefined;
    customerId?: string | undefined;
    /** Renewing before this instant. */
    dueBefore?: Date | undefined;
    /** Only those whose last renewal was declined (retrying, or past due after the last try). */
    failing?: boolean | undefined;
  },
): Promise<{ data: Subscription[]; nextCursor: string | null }> {
  const filters: (SQL | undefined)[] = [];
  if (query.status?.length) filters.push(inArray(subscriptions.status, query.status));
  if (query.customerId) filters.push(eq(subscriptions.customerId, query.customerId));
  if (query.dueBefore) filters.push(lt(subscriptions.nextPaymentAt, query.dueBefore));
  if (query.failing) filters.push(failing);
  if (query.cursor) {
    const [at, id] = decodeCursor<[string, string]>(query.cursor, 2);
    const when = new Date(at);
    filters.push(
      or(
        gt(subscriptions.nextPaymentAt, when),
        and(eq(subscriptions.nextPaymentAt, when), gt(subscriptions.id, id)),
      ),
    );
  }
  const rows = await tx
    .select()
    .from(subscriptions)
    .where(and(...filters))
    .orderBy(asc(subscriptions.nextPaymentAt), asc(subscriptions.id))
    .limit(query.limit + 1);
  const page = await withCards(tx, rows.slice(0, query.limit));
  return pageFrom(
    rows.map((r, i) => ({ r, s: page[i] })),
    query.limit,
    ({ s }) => s!,
    ({ r }) => encodeCursor([r.nextPaymentAt.toISOString(), r.id]),
  );
}
