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
import { paymentOperations, payments } from './schema.js';

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
  const left = refundable(payment);
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
    const transaction = await deps.gateway.inquire(payment.retref, payment.currency);
    settled = transaction ? !transaction.voidable : false;
  } catch (err) {
    if (err instanceof GatewayUnreachable) throw gatewayDown();
    throw err;
  }
  if (!settled && (amount !== payment.capturedAmount || payment.refundedAmount > 0)) {
    throw new DomainError(
      'conflict',
      'payment_not_settled',
      'The gateway has not settled this payment yet: only the whole of it can be given back now (a void). Refund part of it once it has settled, usually the next day.',
    );
  }
  return { payment, amount, settled };
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
 * answered are counted, and no void is under way (another refund got there first otherwise).
 */
async function stillRefundable(tx: Tx, payment: PaymentRow, amount: number): Promise<void> {
  const [locked] = await tx.select().from(payments).where(eq(payments.id, payment.id)).for('update');
  const inFlight = await tx
    .select({ kind: paymentOperations.kind, amount: paymentOperations.amount })
    .from(paymentOperations)
    .where(
      and(
        eq(paymentOperations.paymentId, payment.id),
        inArray(paymentOperations.kind, ['refund', 'void']),
        eq(paymentOperations.status, 'pending'),
      ),
    );
  const open = locked && ['captured', 'partially_refunded'].includes(locked.status);
  if (!open || inFlight.some((o) => o.kind === 'void')) throw refundedMeanwhile(0, payment.currency);
  const left = refundable(locked) - inFlight.reduce((sum, o) => sum + o.amount, 0);
  if (amount > left) throw refundedMeanwhile(left, payment.currency);
}

const refundedMeanwhile = (left: number, currency: string) =>
  new DomainError(
    'conflict',
    'conflict',
    left > 0
      ? `Another refund of this payment is under way or was just made: at most ${formatMajorUnits(left, currency)} can be refunded now.`
      : 'Another refund of this payment is under way or was just made: nothing is left to refund now.',
  );

const gatewayDown = () =>
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
): Promise<void> {
  const at = deps.now?.() ?? new Date();
  await deps.db.transaction(async (tx) => {
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
