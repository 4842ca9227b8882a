import { and, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { payments } from './schema.js';

/**
 * Marks card payments as paying for an order, in the order's own transaction. Only approved
 * payments that no order has and that the reconciliation has not begun to give back can be
 * taken: a sale so slow that its charge was reversed meanwhile fails (and is not written) rather
 * than keep an order paid by a voided card. The row lock this takes makes the reconciliation wait
 * for the order's commit, and then leave the payment alone.
 */
export async function attachPaymentsToOrder(
  tx: Tx,
  paymentIds: readonly string[],
  orderId: string,
): Promise<void> {
  if (paymentIds.length === 0) return;
  const attached = await tx
    .update(payments)
    .set({ orderId, updatedAt: new Date() })
    .where(
      and(
        inArray(payments.id, [...paymentIds]),
        isNull(payments.orderId),
        isNull(payments.abandonedAt),
        inArray(payments.status, ['authorized', 'captured']),
      ),
    )
    .returning({ id: payments.id });
  if (attached.length !== new Set(paymentIds).size) {
    throw new DomainError(
      'conflict',
      'conflict',
      'The card payment is no longer there to pay for this sale (the sale took too long and the charge is being given back). Nothing was sold; try again.',
    );
  }
}
