import { and, eq, inArray } from 'drizzle-orm';
import type { PaymentDetail } from '../../../contracts/payments.js';
import { type Actor, actorColumns } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { formatMajorUnits } from '../../platform/money.js';
import { type PaymentDeps, voidIntent, voidPayment } from './charge-card.js';
import { type GatewayAnswer, GatewayUnreachable } from './gateway.js';
import { answerColumns, newGatewayOrderId, refundable, statusAfterRefund } from './payments.js';
import { getPayment } from './read-payments.js';
import { paymentOperations, payments, queuedRefunds } from './schema.js';

type PaymentRow = typeof payments.$inferSelect;

/**
 * Whether `amount` can be given back on this payment now, and how: refused (as the refund itself
 * would refuse it) when more than is left, or part of a payment the gateway has not settled yet
 * (only the whole of it can be voided then). Asks the gateway whether it has settled.
 */
async function refundablePayment(
  deps: PaymentDeps,
  paymentId: string,
  asked: number | undefined,
): Promise<{ payment: PaymentRow; amount: number; settled: boolean }> {
  const [payment] = await deps.db.select().from(payments).where(eq(payments.id, paymentId));
  if (!payment) throw notFound('No such payment.');
  const left = refundable(payment) - (await owedToCard(deps.db, payment.id, { pendingOps: false }));
  if (!payment.retref || !['captured', 'partially_refunded'].includes(payment.status) || left <= 0) {
    throw new DomainError('conflict', 'conflict', 'Nothing is left to refund on this payment.');
  }
  const amount = asked ?? left;
  if (amount > left) {
    throw new DomainError(
      'invalid_input',
      'validation_failed',
      `At most ${formatMajorUnits(left, payment.currency)} can be refunded.`,
      {
        errors: [{ path: 'amount', message: `must be at most ${formatMajorUnits(left, payment.currency)}` }],
      },
    );
  }
  let settled: boolean;
  try {
    settled = await hasSettled(deps, payment);
  } catch (err) {
    if (err instanceof GatewayUnreachable) throw gatewayDown();
    throw err;
  }
  if (!settled && (amount !== payment.capturedAmount || payment.refundedAmount > 0)) {
    throw new DomainError(
      'conflict',
      'payment_not_settled',
      'The gateway has not settled this payment yet: only the whole of it can be given back to the card now (a void). Send the refund to the card once the payment settles (usually the next day), or give it in cash or on a gift card now.',
    );
  }
  return { payment, amount, settled };
}

/** Whether the gateway has settled the payment: then only a refund gives money back, of any part. */
export async function hasSettled(
  deps: Pick<PaymentDeps, 'gateway'>,
  payment: Pick<PaymentRow, 'retref' | 'currency'>,
): Promise<boolean> {
  if (!payment.retref) return false;
  const transaction = await deps.gateway.inquire(payment.retref, payment.currency);
  return transaction ? !transaction.voidable : false;
}

/**
 * What is owed back to the card and not yet on the payment's refunded total: refunds queued until
 * it settles (or being sent), and, with `pendingOps`, refunds and voids sent but not yet answered.
 * A refund being sent counts once, whether by its queue entry or its operation.
 */
export async function owedToCard(
  tx: Tx,
  paymentId: string,
  options: { pendingOps: boolean },
): Promise<number> {
  const queued = await tx
    .select({ amount: queuedRefunds.amount, operationId: queuedRefunds.operationId })
    .from(queuedRefunds)
    .where(and(eq(queuedRefunds.paymentId, paymentId), inArray(queuedRefunds.status, ['queued', 'sending'])));
  let owed = queued.reduce((sum, q) => sum + q.amount, 0);
  if (options.pendingOps) {
    const sending = new Set(queued.flatMap((q) => (q.operationId ? [q.operationId] : [])));
    const inFlight = await tx
      .select({ id: paymentOperations.id, amount: paymentOperations.amount })
      .from(paymentOperations)
      .where(
        and(
          eq(paymentOperations.paymentId, paymentId),
          eq(paymentOperations.kind, 'refund'),
          eq(paymentOperations.status, 'pending'),
        ),
      );
    owed += inFlight.filter((o) => !sending.has(o.id)).reduce((sum, o) => sum + o.amount, 0);
  }
  return owed;
}

/**
 * Checks, before anything else is undone for it (a package closed, a gift card voided), that a
 * refund of `amount` on this payment would be accepted now; throws the refund's own error if not.
 */
export async function checkRefundable(deps: PaymentDeps, paymentId: string, amount: number): Promise<void> {
  await refundablePayment(deps, paymentId, amount);
}

/**
 * Gives money back on a card payment: before the gateway settles it the whole payment is voided
 * (nothing reaches the customer's statement); after, a refund of any part of it is sent. Intent
 * first, as for charges; an unanswered refund is settled by the job from its own order id.
 */
export async function refundPayment(
  deps: PaymentDeps,
  paymentId: string,
  input: { amount?: number | undefined; reason?: string | undefined },
  actor: Actor,
): Promise<PaymentDetail> {
  const { payment, amount, settled } = await refundablePayment(deps, paymentId, input.amount);
  const reason = input.reason?.trim() || 'Refund';

  if (!settled) {
    // The void's intent is written under the payment's lock, as a refund's is: a second refund at
    // the same moment finds it under way and stops, so the gateway is asked to void only once.
    const operationId = newId('pop');
    await deps.db.transaction(async (tx) => {
      await stillRefundable(tx, payment, amount);
      await tx.insert(paymentOperations).values(voidIntent(payment, operationId, reason, actor));
    });
    const voided = await voidPayment(deps, payment.id, reason, actor, operationId);
    if (!voided) {
      // The gateway refused the void, or did not answer (the settling job will find out).
      const [now] = await deps.db.select().from(payments).where(eq(payments.id, payment.id));
      if (now?.status === 'voided') throw refundedMeanwhile(0, payment.currency);
      throw gatewayDown();
    }
    return getPayment(deps.db, payment.id);
  }

  const operationId = newId('pop');
  const gatewayOrderId = newGatewayOrderId();
  // The intent is written under the payment's lock: two refunds at once cannot both take what is left.
  await deps.db.transaction(async (tx) => {
    await stillRefundable(tx, payment, amount);
    await tx.insert(paymentOperations).values({
      id: operationId,
      paymentId: payment.id,
      kind: 'refund',
      status: 'pending',
      amount,
      gatewayOrderId,
      reason,
      ...actorColumns(actor),
    });
  });
  let answer: GatewayAnswer;
  try {
    answer = await deps.gateway.refund(payment.retref!, payment.currency, amount, gatewayOrderId);
  } catch (err) {
    if (err instanceof GatewayUnreachable) throw gatewayDown();
    throw err;
  }
  await recordRefund(deps, operationId, payment.id, amount, answer);
  if (answer.status !== 'approved') {
    throw new DomainError('payment_declined', 'payment_declined', `The refund was refused: ${answer.text}.`);
  }
  return getPayment(deps.db, payment.id);
}

/**
 * Under the payment's lock, whether `amount` is still left once the refunds sent and not yet
 * answered, and those owed until it settles, are counted, and no void is under way (another refund
 * got there first otherwise). `except` is a queued refund being sent now: it is the `amount`.
 */
export async function stillRefundable(
  tx: Tx,
  payment: Pick<PaymentRow, 'id' | 'currency'>,
  amount: number,
  except?: string,
): Promise<PaymentRow> {
  const [locked] = await tx.select().from(payments).where(eq(payments.id, payment.id)).for('update');
  const voiding = await tx
    .select({ id: paymentOperations.id })
    .from(paymentOperations)
    .where(
      and(
        eq(paymentOperations.paymentId, payment.id),
        eq(paymentOperations.kind, 'void'),
        eq(paymentOperations.status, 'pending'),
      ),
    );
  const open = locked && ['captured', 'partially_refunded'].includes(locked.status);
  if (!open || voiding.length > 0) throw refundedMeanwhile(0, payment.currency);
  const owed = await owedToCard(tx, payment.id, { pendingOps: true });
  const left = refundable(locked) - owed + (except ? amount : 0);
  if (amount > left) throw refundedMeanwhile(left, payment.currency);
  return locked;
}

const refundedMeanwhile = (left: number, currency: string) =>
  new DomainError(
    'conflict',
    'conflict',
    left > 0
      ? `Another refund of this payment is under way or was just made: at most ${formatMajorUnits(left, currency)} can be refunded now.`
      : 'Another refund of this payment is under way or was just made: nothing is left to refund now.',
  );

export const gatewayDown = () =>
  new DomainError(
    'unavailable',
    'payment_gateway_unavailable',
    'The card gateway did not answer. Tandem will check what happened; look at the payment again in a few minutes.',
  );

/** The answer to a refund, on its operation and, when approved, on the payment's refunded total. */
export async function recordRefund(
  deps: Pick<PaymentDeps, 'db' | 'now'>,
  operationId: string,
  paymentId: string,
  amount: number,
  answer: GatewayAnswer,
  /** More to write with the answer, in its transaction (a queued refund's own state). */
  also?: (tx: Tx) => Promise<void>,
): Promise<void> {
  const at = deps.now?.() ?? new Date();
  await deps.db.transaction(async (tx) => {
    await also?.(tx);
    const [operation] = await tx
      .update(paymentOperations)
      .set({
        status:
          answer.status === 'approved' ? 'approved' : answer.status === 'declined' ? 'declined' : 'failed',
        ...answerColumns(answer),
        completedAt: at,
      })
      .where(eq(paymentOperations.id, operationId))
      .returning();
    if (answer.status !== 'approved' || !operation) return;
    const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for('update');
    if (!payment) return;
    const refunded = payment.refundedAmount + amount;
    await tx
      .update(payments)
      .set({
        refundedAmount: refunded,
        status: statusAfterRefund(payment.capturedAmount, refunded),
        updatedAt: at,
      })
      .where(eq(payments.id, paymentId));
  });
}
