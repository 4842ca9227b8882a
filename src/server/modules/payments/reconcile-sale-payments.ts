import { and, asc, eq, inArray, isNotNull, isNull, lt, notExists, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/auth.js';
import { DomainError } from '../../platform/errors.js';
import { capturePayment } from './capture-payment.js';
import { type PaymentDeps, voidPayment } from './charge-card.js';
import { refundPayment } from './refund-payment.js';
import { paymentOperations, payments } from './schema.js';

export interface ReconcileReport {
  /** Approved for a sale whose order was never written, now given back (voided or refunded). */
  givenBack: number;
  /** Authorised for an order that was written, then never captured: captured now. */
  captured: number;
  /** The gateway did not answer or refused: tried again on the next run. */
  unresolved: number;
}

/**
 * How long a sale's approved card payment may wait for its order before Tandem gives it back, when
 * the caller does not say (the worker passes PAYMENT_GRACE_SECONDS, whose default is the same):
 * longer than the slowest sale (two gateway attempts of 40 s each, an inquiry, the order's
 * transaction), so that only payments whose sale died are touched. Even a sale slower than this
 * is safe: its order cannot take a payment once it is being given back (`attachPaymentsToOrder`).
 */
const SALE_GRACE_MS = 10 * 60_000;

const BATCH = 50;
const REASON =
  'No order was written for this sale (Tandem stopped between the charge and the order): given back';

/**
 * Every sale's card payment ends paying for an order or given back. Finds payments the gateway
 * approved for a sale whose order was never written (the process died between the charge and
 * the order's commit) and reverses them: a void while the gateway has not settled them, a refund
 * after. Each is first marked abandoned in one guarded statement, which waits for an order's
 * transaction that holds the payment and then leaves it alone if that order committed. Also
 * captures the authorisations of online orders that were written but never captured.
 */
export async function reconcileSalePayments(
  deps: PaymentDeps,
  graceMs = SALE_GRACE_MS,
): Promise<ReconcileReport> {
  const report: ReconcileReport = { givenBack: 0, captured: 0, unresolved: 0 };
  const now = deps.now?.() ?? new Date();
  const before = new Date(now.getTime() - graceMs);
  // A void or refund already under way (a sale that failed and is voiding its charge) is the
  // settling job's to finish.
  const noOperationPending = notExists(
    deps.db
      .select({ one: sql`1` })
      .from(paymentOperations)
      .where(and(eq(paymentOperations.paymentId, payments.id), eq(paymentOperations.status, 'pending'))),
  );
  const approved = inArray(payments.status, ['authorized', 'captured']);

  const unattached = await deps.db
    .select({ id: payments.id, abandonedAt: payments.abandonedAt })
    .from(payments)
    .where(
      and(
        eq(payments.purpose, 'sale'),
        isNull(payments.orderId),
        approved,
        lt(payments.updatedAt, before),
        noOperationPending,
      ),
    )
    .orderBy(asc(payments.updatedAt))
    .limit(BATCH);
  for (const candidate of unattached) {
    if (!candidate.abandonedAt) {
      const [claimed] = await deps.db
        .update(payments)
        .set({ abandonedAt: now, note: REASON })
        .where(
          and(
            eq(payments.id, candidate.id),
            isNull(payments.orderId),
            isNull(payments.abandonedAt),
            approved,
            lt(payments.updatedAt, before),
          ),
        )
        .returning({ id: payments.id });
      // An order took it meanwhile.
      if (!claimed) continue;
    }
    if (await giveBack(deps, candidate.id)) report.givenBack++;
    else report.unresolved++;
  }

  const uncaptured = await deps.db
    .select({ id: payments.id })
    .from(payments)
    .where(
      and(
        eq(payments.purpose, 'sale'),
        eq(payments.status, 'authorized'),
        isNotNull(payments.orderId),
        lt(payments.updatedAt, before),
        noOperationPending,
      ),
    )
    .orderBy(asc(payments.updatedAt))
    .limit(BATCH);
  for (const { id } of uncaptured) {
    if (await capturePayment(deps, id, systemActor)) report.captured++;
    else report.unresolved++;
  }
  return report;
}

/** Voids an authorisation; voids or refunds a capture, as the gateway's settlement allows. */
async function giveBack(deps: PaymentDeps, paymentId: string): Promise<boolean> {
  const [payment] = await deps.db
    .select({ status: payments.status })
    .from(payments)
    .where(eq(payments.id, paymentId));
  if (payment?.status === 'authorized') return voidPayment(deps, paymentId, REASON, systemActor);
  try {
    await refundPayment(deps, paymentId, { reason: REASON }, systemActor);
    return true;
  } catch (err) {
    if (err instanceof DomainError) return false;
    throw err;
  }
}
