import { and, eq, isNull } from 'drizzle-orm';
import type { CustomerPrincipal } from '../../platform/auth.js';
import { normaliseEmail } from '../../platform/credentials.js';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { consumeToken } from '../../platform/one-time-tokens.js';
import { orders } from './schema.js';

/** The purpose of the one-time link in a guest's receipt that adds the order to an account. */
export const ORDER_CLAIM_PURPOSE = 'order.claim';

const notThisAccount = () =>
  new DomainError(
    'invalid_input',
    'invalid_token',
    'This link is not valid any more, or it is for the account of another email.',
  );

/**
 * Adds an order placed without signing in to the signed-in account, from the link its receipt
 * carried: only the account whose email the order was placed with, and only once. A link opened
 * in another account changes nothing and stays usable by the right one.
 */
export async function linkGuestOrder(
  db: Tx,
  customer: CustomerPrincipal,
  token: string,
): Promise<{ orderId: string }> {
  return db.transaction(async (tx) => {
    const { subject: orderId, data } = await consumeToken<{ email: string }>(tx, ORDER_CLAIM_PURPOSE, token);
    if (data.email !== normaliseEmail(customer.email)) throw notThisAccount();
    const linked = await tx
      .update(orders)
      .set({ customerId: customer.customerId, updatedAt: new Date() })
      .where(and(eq(orders.id, orderId), isNull(orders.customerId)))
      .returning({ id: orders.id });
    if (linked.length === 0) throw notThisAccount();
    return { orderId };
  });
}
