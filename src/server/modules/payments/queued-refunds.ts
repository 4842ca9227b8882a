import { and, desc, eq } from 'drizzle-orm';
import { type Actor, actorColumns } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { stillRefundable } from './refund-payment.js';
import { payments, queuedRefunds } from './schema.js';

/**
 * Owes `amount` back to the card of a payment the gateway has not settled yet, in `tx` (the
 * order's refund): checked under the payment's lock against what is left, refunds in flight and
 * those already owed. The job sends it once the payment has settled.
 */
export async function queueRefund(
  tx: Tx,
  input: {
    paymentId: string;
    orderId: string | null;
    amount: number;
    reason: string;
    actor: Actor;
    at?: Date;
  },
): Promise<string> {
  const [payment] = await tx
    .select({ id: payments.id, currency: payments.currency, retref: payments.retref })
    .from(payments)
    .where(eq(payments.id, input.paymentId));
  if (!payment?.retref) {
    throw new DomainError('conflict', 'conflict', 'This payment cannot be refunded to the card.');
  }
  await stillRefundable(tx, payment, input.amount);
  const id = newId('qrf');
  await tx.insert(queuedRefunds).values({
    id,
    paymentId: input.paymentId,
    orderId: input.orderId,
    amount: input.amount,
    status: 'queued',
    reason: input.reason,
    ...actorColumns(input.actor),
    createdAt: input.at ?? new Date(),
  });
  return id;
}

export interface QueuedRefundView {
  id: string;
  paymentId: string;
  amount: number;
  status: (typeof queuedRefunds.$inferSelect)['status'];
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

const viewColumns = {
  id: queuedRefunds.id,
  paymentId: queuedRefunds.paymentId,
  amount: queuedRefunds.amount,
  status: queuedRefunds.status,
  lastError: queuedRefunds.lastError,
  createdAt: queuedRefunds.createdAt,
  sentAt: queuedRefunds.sentAt,
};

/** The refunds owed to the cards of an order, newest first (at most the 50 latest). */
export async function queuedRefundsOfOrder(tx: Tx, orderId: string): Promise<QueuedRefundView[]> {
  return tx
    .select(viewColumns)
    .from(queuedRefunds)
    .where(eq(queuedRefunds.orderId, orderId))
    .orderBy(desc(queuedRefunds.createdAt), desc(queuedRefunds.id))
    .limit(50);
}

/**
 * Puts a refund the job gave up on back in the queue, to be tried from scratch: staff do so once
 * what stopped it (a refusal, a gateway fault) is dealt with. Only a refund of this order that
 * failed can be retried; answered `false` when it had already been put back.
 */
export async function retryQueuedRefund(
  tx: Tx,
  orderId: string,
  refundId: string,
): Promise<QueuedRefundView> {
  const [refund] = await tx
    .select()
    .from(queuedRefunds)
    .where(and(eq(queuedRefunds.id, refundId), eq(queuedRefunds.orderId, orderId)))
    .for('update');
  if (!refund) throw new DomainError('not_found', 'not_found', 'This order owes no such card refund.');
  if (refund.status !== 'failed') {
    throw new DomainError('conflict', 'conflict', `This card refund is ${refund.status}, not failed.`);
  }
  const [again] = await tx
    .update(queuedRefunds)
    .set({ status: 'queued', attempts: 0, operationId: null })
    .where(and(eq(queuedRefunds.id, refundId), eq(queuedRefunds.status, 'failed')))
    .returning(viewColumns);
  return again!;
}
