import { and, eq, exists, type SQL } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { paymentMethods, payments } from './schema.js';

/**
 * Which saved cards a customer may use online: those their online account entered itself, i.e.
 * the card was saved (or, by this same rule, used) by a payment the signed-in customer made. A
 * card staff saved at the register, or one saved before the account existed, stays for staff use:
 * an account linked to a customer's history must never spend a card it did not enter. An account
 * belongs to one customer for good, and only it acts as that customer.
 */
export const savedOnlineBy = (db: Tx, customerId: string): SQL =>
  and(
    eq(paymentMethods.customerId, customerId),
    exists(
      db
        .select({ id: payments.id })
        .from(payments)
        .where(
          and(
            eq(payments.customerId, customerId),
            eq(payments.paymentMethodId, paymentMethods.id),
            eq(payments.actorType, 'customer'),
            eq(payments.actorId, customerId),
          ),
        ),
    ),
  )!;
