import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.js';
import { normaliseEmail } from '../../platform/credentials.js';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { createCustomer, customerWithEmail } from '../customers/index.js';
import { customerAccounts } from './schema.js';

/** Someone checking out without signing in, as the author of what their order records. */
export const guestActor = (email: string): Actor => ({ type: 'customer', id: null, label: email });

/**
 * The customer record an order placed without signing in is kept under, so that signing up later
 * with the email links it (accounts link the record the email was created with). A new email gets
 * a record of its own; a record that has the email from its start and no online account is reused,
 * unchanged. Otherwise the order is kept under no record (null): an account holder's email, or one
 * staff put on a record later, proves nothing, and the order joins an account only when the
 * email's owner opens the link its receipt carries.
 */
export async function guestOrderOwner(
  tx: Tx,
  input: { email: string; name: string | null },
): Promise<string | null> {
  const email = normaliseEmail(input.email);
  const holder = await customerWithEmail(tx, email);
  if (!holder) {
    try {
      const created = await createCustomer(
        tx,
        guestActor(email),
        { name: input.name || email.split('@')[0]!, email, addresses: [], marketingConsent: false },
        'shop',
      );
      return created.id;
    } catch (err) {
      // Two first orders with one email at once: the other made the record; this one links nothing.
      if (err instanceof DomainError && err.code === 'conflict') return null;
      throw err;
    }
  }
  if (!holder.emailIsOriginal) return null;
  const [account] = await tx
    .select({ id: customerAccounts.customerId })
    .from(customerAccounts)
    .where(eq(customerAccounts.customerId, holder.customer.id));
  return account ? null : holder.customer.id;
}
