import { and, eq } from 'drizzle-orm';
import { type Actor, actorColumns } from '../../platform/auth.js';
import { newId } from '../../platform/ids.js';
import { completeOperation, type PaymentDeps } from './charge-card.js';
import { type GatewayAnswer, GatewayUnreachable } from './gateway.js';
import { paymentOperations, payments } from './schema.js';

/**
 * Captures an authorised payment (the money is taken in the next batch), intent first. Returns
 * whether the gateway confirmed; an unanswered capture stays pending for the settling job.
 */
export async function capturePayment(deps: PaymentDeps, paymentId: string, actor: Actor): Promise<boolean> {
  const [payment] = await deps.db.select().from(payments).where(eq(payments.id, paymentId));
  if (!payment?.retref || payment.status !== 'authorized') return payment?.status === 'captured';
  const operationId = newId('pop');
  await deps.db.insert(paymentOperations).values({
    id: operationId,
    paymentId,
    kind: 'capture',
    status: 'pending',
    amount: payment.approvedAmount,
    retref: payment.retref,
    ...actorColumns(actor),
  });
  let answer: GatewayAnswer;
  try {
    answer = await deps.gateway.capture(payment.retref, payment.currency, payment.approvedAmount);
  } catch (err) {
    if (err instanceof GatewayUnreachable) return false;
    throw err;
  }
  await recordCapture(deps, operationId, paymentId, payment.approvedAmount, answer);
  return answer.status === 'approved';
}

/** The answer to a capture, on its operation and, when approved, on the payment. */
export async function recordCapture(
  deps: Pick<PaymentDeps, 'db' | 'now'>,
  operationId: string,
  paymentId: string,
  amount: number,
  answer: GatewayAnswer,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await completeOperation({ db: tx, now: deps.now }, operationId, answer);
    if (answer.status === 'approved') {
      await tx
        .update(payments)
        .set({ status: 'captured', capturedAmount: amount, updatedAt: deps.now?.() ?? new Date() })
        .where(and(eq(payments.id, paymentId), eq(payments.status, 'authorized')));
    }
  });
}
