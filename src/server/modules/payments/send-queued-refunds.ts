import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { actorColumns, systemActor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { PaymentDeps } from './charge-card.js';
import { type GatewayAnswer, GatewayUnreachable } from './gateway.js';
import { newGatewayOrderId } from './payments.js';
import { hasSettled, recordRefund, stillRefundable } from './refund-payment.js';
import { paymentOperations, payments, queuedRefunds } from './schema.js';

/** After this many refused or failed sends, a queued refund stops and waits for staff. */
const MAX_SEND_ATTEMPTS = 8;

export interface QueuedRefundReport {
  /** Sent and approved by the gateway. */
  sent: number;
  /** Their payment has not settled yet. */
  waiting: number;
  /** Not approved this time (a timeout, a refusal): tried again on the next run. */
  retried: number;
  /** Refused too often: left for staff. */
  failed: number;
  /** Sent, but the gateway's answer is not known yet: the settling job finds it out. */
  unresolved: number;
}

const BATCH = 50;

/**
 * Sends the refunds owed to cards whose payments have now settled. Each is claimed (its intent,
 * the refund operation, written) before the gateway is called and outside any transaction: two
 * runs at once, a retry or a restart never send one twice. A send whose answer was lost stays
 * `sending` until the settling job has asked the gateway what became of it.
 */
export async function sendQueuedRefunds(deps: PaymentDeps): Promise<QueuedRefundReport> {
  const report: QueuedRefundReport = { sent: 0, waiting: 0, retried: 0, failed: 0, unresolved: 0 };
  const at = () => deps.now?.() ?? new Date();
  // Page by page through every open refund: ones still waiting never hold back those behind them.
  const open: Awaited<ReturnType<typeof openPage>> = [];
  for (let after: (typeof open)[number]['refund'] | undefined; ; ) {
    const page = await openPage(deps.db, after);
    open.push(...page);
    if (page.length < BATCH) break;
    after = page.at(-1)!.refund;
  }
  const settled = new Map<string, boolean>();
  for (const row of open) {
    const { refund } = row;
    if (refund.status === 'sending') {
      // Its answer was lost: once the settling job knows it, the refund is sent or queued again.
      if (row.operationStatus === 'pending' || !refund.operationId) {
        report.unresolved++;
        continue;
      }
      const outcome = await deps.db.transaction((tx) =>
        afterAnswer(
          tx,
          refund,
          row.operationStatus === 'approved',
          row.operationText ?? row.operationReason ?? 'no answer',
          at(),
        ),
      );
      report[outcome]++;
      continue;
    }
    try {
      if (!settled.has(refund.paymentId)) {
        settled.set(refund.paymentId, await hasSettled(deps, { retref: row.retref, currency: row.currency }));
      }
    } catch (err) {
      if (!(err instanceof GatewayUnreachable)) throw err;
      report.unresolved++;
      continue;
    }
    if (!settled.get(refund.paymentId)) {
      report.waiting++;
      continue;
    }
    const operationId = newId('pop');
    const gatewayOrderId = newGatewayOrderId();
    const claimed = await deps.db.transaction(async (tx) => {
      try {
        await stillRefundable(tx, { id: refund.paymentId, currency: row.currency }, refund.amount, refund.id);
      } catch (err) {
        // The payment no longer holds it (given back another way meanwhile): staff decide.
        if (!(err instanceof DomainError)) throw err;
        await tx
          .update(queuedRefunds)
          .set({ status: 'failed', lastError: err.message })
          .where(and(eq(queuedRefunds.id, refund.id), eq(queuedRefunds.status, 'queued')));
        return 'failed' as const;
      }
      const [taken] = await tx
        .update(queuedRefunds)
        .set({ status: 'sending', operationId, attempts: sql`${queuedRefunds.attempts} + 1` })
        .where(and(eq(queuedRefunds.id, refund.id), eq(queuedRefunds.status, 'queued')))
        .returning({ id: queuedRefunds.id });
      if (!taken) return false;
      await tx.insert(paymentOperations).values({
        id: operationId,
        paymentId: refund.paymentId,
        kind: 'refund',
        status: 'pending',
        amount: refund.amount,
        gatewayOrderId,
        reason: refund.reason,
        ...actorColumns(systemActor),
      });
      return true;
    });
    if (claimed === 'failed') {
      report.failed++;
      continue;
    }
    // Another run took it first.
    if (!claimed) continue;
    let answer: GatewayAnswer;
    try {
      answer = await deps.gateway.refund(row.retref!, row.currency, refund.amount, gatewayOrderId);
    } catch (err) {
      if (!(err instanceof GatewayUnreachable)) throw err;
      report.unresolved++;
      continue;
    }
    let outcome: keyof QueuedRefundReport = 'sent';
    await recordRefund(deps, operationId, refund.paymentId, refund.amount, answer, async (tx) => {
      outcome = await afterAnswer(
        tx,
        { ...refund, attempts: refund.attempts + 1, operationId },
        answer.status === 'approved',
        answer.text,
        at(),
      );
    });
    report[outcome]++;
  }
  return report;
}

function openPage(db: Tx, after: { createdAt: Date; id: string } | undefined) {
  return db
    .select({
      refund: queuedRefunds,
      retref: payments.retref,
      currency: payments.currency,
      operationStatus: paymentOperations.status,
      operationText: paymentOperations.respText,
      operationReason: paymentOperations.reason,
    })
    .from(queuedRefunds)
    .innerJoin(payments, eq(payments.id, queuedRefunds.paymentId))
    .leftJoin(paymentOperations, eq(paymentOperations.id, queuedRefunds.operationId))
    .where(
      and(
        inArray(queuedRefunds.status, ['queued', 'sending']),
        after
          ? or(
              gt(queuedRefunds.createdAt, after.createdAt),
              and(eq(queuedRefunds.createdAt, after.createdAt), gt(queuedRefunds.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(queuedRefunds.createdAt), asc(queuedRefunds.id))
    .limit(BATCH);
}

/** A queued refund once the gateway has answered its send: sent, queued again, or left for staff. */
async function afterAnswer(
  tx: Tx,
  refund: Pick<typeof queuedRefunds.$inferSelect, 'id' | 'attempts' | 'operationId'>,
  approved: boolean,
  text: string,
  at: Date,
): Promise<'sent' | 'retried' | 'failed'> {
  const outcome = approved ? 'sent' : refund.attempts >= MAX_SEND_ATTEMPTS ? 'failed' : 'retried';
  await tx
    .update(queuedRefunds)
    .set(
      approved
        ? { status: 'sent', sentAt: at, lastError: null }
        : {
            status: outcome === 'failed' ? 'failed' : 'queued',
            operationId: null,
            lastError: `The gateway did not refund it: ${text}.`,
          },
    )
    .where(
      and(
        eq(queuedRefunds.id, refund.id),
        eq(queuedRefunds.status, 'sending'),
        eq(queuedRefunds.operationId, refund.operationId!),
      ),
    );
  return outcome;
}
