import { and, asc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { systemActor } from '../../platform/auth.js';
import { newId } from '../../platform/ids.js';
import { recordCapture } from './capture-payment.js';
import { answerFromTransaction, type PaymentDeps, recordVoid } from './charge-card.js';
import { GatewayUnreachable } from './gateway.js';
import { answerColumns } from './payments.js';
import { recordRefund } from './refund-payment.js';
import { paymentOperations, payments } from './schema.js';

export interface SettleReport {
  checked: number;
  /** Charged although nobody received the answer: reversed. */
  reversed: number;
  declined: number;
  /** The gateway never processed them. */
  failed: number;
  /** Voids and refunds whose answer was lost, now known. */
  completed: number;
  /** The gateway still did not answer: tried again next time. */
  unresolved: number;
}

const BATCH = 50;

/**
 * Finds out what became of gateway calls whose answer Tandem never recorded (a crash, a lost
 * connection): payments still pending and voids or refunds still pending after `olderThanMs`.
 * A charge the gateway approved but nobody received is voided: no order relies on it.
 */
export async function settlePendingPayments(
  deps: PaymentDeps,
  olderThanMs = 2 * 60_000,
): Promise<SettleReport> {
  const report: SettleReport = {
    checked: 0,
    reversed: 0,
    declined: 0,
    failed: 0,
    completed: 0,
    unresolved: 0,
  };
  const before = new Date((deps.now?.() ?? new Date()).getTime() - olderThanMs);
  const at = () => deps.now?.() ?? new Date();

  const pending = await deps.db
    .select()
    .from(payments)
    .where(and(eq(payments.status, 'pending'), lt(payments.updatedAt, before)))
    .orderBy(asc(payments.createdAt))
    .limit(BATCH);
  for (const payment of pending) {
    report.checked++;
    try {
      const found = await deps.gateway.inquireByOrderId(payment.gatewayOrderId, payment.currency);
      const approved = found.find((t) => t.status === 'approved');
      const declined = found.find((t) => t.status === 'declined');
      await closeAuthorizeOperations(
        deps,
        payment.id,
        approved ? 'approved' : declined ? 'declined' : 'failed',
      );
      if (approved) {
        const answer = answerFromTransaction(approved);
        // Marked abandoned as it is taken back: a sale still waiting for this answer cannot
        // then write its order on it (see attachPaymentsToOrder).
        const [claimed] = await deps.db
          .update(payments)
          .set({
            status: 'captured',
            approvedAmount: answer.amount,
            capturedAmount: answer.amount,
            ...answerColumns(answer),
            abandonedAt: at(),
            updatedAt: at(),
          })
          .where(and(eq(payments.id, payment.id), eq(payments.status, 'pending'), isNull(payments.orderId)))
          .returning({ id: payments.id });
        // The sale recorded the answer itself meanwhile: the reconciliation looks after it.
        if (!claimed) continue;
        const voidId = await startVoid(deps, payment.id, approved.retref, answer.amount);
        const voided = await deps.gateway.void(approved.retref, payment.currency);
        await recordVoid(deps, voidId, payment.id, voided, 'Approved after Tandem lost the answer; reversed');
        if (voided.status === 'approved') report.reversed++;
        else report.unresolved++;
      } else if (declined) {
        await deps.db
          .update(payments)
          .set({ status: 'declined', ...answerColumns(answerFromTransaction(declined)), updatedAt: at() })
          .where(eq(payments.id, payment.id));
        report.declined++;
      } else {
        await deps.db
          .update(payments)
          .set({ status: 'failed', note: 'The gateway has no record of this attempt.', updatedAt: at() })
          .where(eq(payments.id, payment.id));
        report.failed++;
      }
    } catch (err) {
      if (!(err instanceof GatewayUnreachable)) throw err;
      report.unresolved++;
    }
  }

  const operations = await deps.db
    .select({ operation: paymentOperations, retref: payments.retref, currency: payments.currency })
    .from(paymentOperations)
    .innerJoin(payments, eq(payments.id, paymentOperations.paymentId))
    .where(
      and(
        eq(paymentOperations.status, 'pending'),
        inArray(paymentOperations.kind, ['capture', 'void', 'refund']),
        lt(paymentOperations.createdAt, before),
      ),
    )
    .orderBy(asc(paymentOperations.id))
    .limit(BATCH);
  for (const { operation, retref, currency } of operations) {
    report.checked++;
    try {
      if (operation.kind === 'capture' && retref) {
        // Captured already if the gateway queued it; otherwise ask again.
        const transaction = await deps.gateway.inquire(retref, currency);
        const queued = transaction && /queued for capture|accepted/i.test(transaction.settlement);
        const answer = queued
          ? { ...answerFromTransaction(transaction), status: 'approved' as const }
          : await deps.gateway.capture(retref, currency, operation.amount);
        await recordCapture(deps, operation.id, operation.paymentId, operation.amount, answer);
        report.completed++;
      } else if (operation.kind === 'void' && retref) {
        const transaction = await deps.gateway.inquire(retref, currency);
        if (transaction && /^voided$/i.test(transaction.settlement)) {
          await recordVoid(
            deps,
            operation.id,
            operation.paymentId,
            { ...answerFromTransaction(transaction), status: 'approved' },
            operation.reason ?? 'Voided',
          );
        } else {
          const answer = await deps.gateway.void(retref, currency);
          await recordVoid(deps, operation.id, operation.paymentId, answer, operation.reason ?? 'Voided');
        }
        report.completed++;
      } else if (operation.kind === 'refund' && operation.gatewayOrderId) {
        const found = await deps.gateway.inquireByOrderId(operation.gatewayOrderId, currency);
        const approved = found.find((t) => t.status === 'approved');
        if (approved) {
          await recordRefund(
            deps,
            operation.id,
            operation.paymentId,
            operation.amount,
            answerFromTransaction(approved),
          );
        } else {
          await deps.db
            .update(paymentOperations)
            .set({ status: 'failed', reason: 'The gateway has no record of this refund.', completedAt: at() })
            .where(eq(paymentOperations.id, operation.id));
        }
        report.completed++;
      }
    } catch (err) {
      if (!(err instanceof GatewayUnreachable)) throw err;
      report.unresolved++;
    }
  }
  return report;
}

async function closeAuthorizeOperations(
  deps: PaymentDeps,
  paymentId: string,
  status: 'approved' | 'declined' | 'failed',
): Promise<void> {
  await deps.db
    .update(paymentOperations)
    .set({
      status,
      reason: 'Settled by inquiry after the answer was lost',
      completedAt: deps.now?.() ?? new Date(),
    })
    .where(
      and(
        eq(paymentOperations.paymentId, paymentId),
        eq(paymentOperations.kind, 'authorize'),
        eq(paymentOperations.status, 'pending'),
      ),
    );
}

async function startVoid(
  deps: PaymentDeps,
  paymentId: string,
  retref: string,
  amount: number,
): Promise<string> {
  const id = newId('pop');
  await deps.db.insert(paymentOperations).values({
    id,
    paymentId,
    kind: 'void',
    status: 'pending',
    amount,
    retref,
    reason: 'Approved after Tandem lost the answer',
    actorType: systemActor.type,
    actorId: systemActor.id,
    actorLabel: systemActor.label,
  });
  return id;
}
