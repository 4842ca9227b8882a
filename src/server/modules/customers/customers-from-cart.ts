import { eq, inArray, sql } from 'drizzle-orm';
import type { Address } from '../../../contracts/customers.js';
import type { Tx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { customers } from './schema.js';

export interface CartCustomerFields {
  email: string;
  name: string;
  phone: string | null;
  address: Address | null;
}

/** What a cart says, cut to what the customer record holds (carts allow longer fields than Tandem). */
const toColumns = (c: CartCustomerFields) => ({
  email: c.email.trim().slice(0, 320),
  name: (c.name.trim() || c.email.trim()).slice(0, 200),
  phone: c.phone && /^\+?[0-9 ()./-]{5,30}$/.test(c.phone.trim()) ? c.phone.trim() : null,
  addresses: c.address ? [c.address] : [],
});

/**
 * The customers with these emails, created from the cart's details where Tandem has none yet:
 * one insert and one read for a whole page of orders. Answers ids by lower-cased email.
 */
export async function ensureCartCustomers(
  tx: Tx,
  list: readonly CartCustomerFields[],
): Promise<Map<string, { id: string; created: boolean }>> {
  const byEmail = new Map<string, CartCustomerFields>();
  for (const c of list) {
    const email = c.email.trim().toLowerCase();
    if (email && !byEmail.has(email)) byEmail.set(email, c);
  }
  if (byEmail.size === 0) return new Map();
  const emails = [...byEmail.keys()];
  const found = new Map<string, { id: string; created: boolean }>();
  for (const r of await tx
    .select({ id: customers.id, email: sql<string>`lower(${customers.email})` })
    .from(customers)
    .where(inArray(sql`lower(${customers.email})`, emails))) {
    found.set(r.email, { id: r.id, created: false });
  }
  const missing = emails.filter((e) => !found.has(e));
  if (missing.length > 0) {
    const created = await tx
      .insert(customers)
      .values(
        missing.map((e) => ({ id: newId('cus'), ...toColumns(byEmail.get(e)!), source: 'cart' as const })),
      )
      .onConflictDoNothing()
      .returning({ id: customers.id, email: customers.email });
    for (const r of created) found.set(r.email!.toLowerCase(), { id: r.id, created: true });
    // Created by someone else in the meantime: theirs is the one.
    const raced = missing.filter((e) => !found.has(e));
    if (raced.length > 0) {
      for (const r of await tx
        .select({ id: customers.id, email: sql<string>`lower(${customers.email})` })
        .from(customers)
        .where(inArray(sql`lower(${customers.email})`, raced))) {
        found.set(r.email, { id: r.id, created: false });
      }
    }
  }
  return found;
}

/** Takes a cart's newer name, phone and address onto a customer ("Enable customer updates"). */
export async function updateCustomerFromCart(tx: Tx, id: string, fields: CartCustomerFields): Promise<void> {
  const f = toColumns(fields);
  await tx
    .update(customers)
    .set({
      name: f.name,
      ...(f.phone ? { phone: f.phone } : {}),
      ...(f.addresses.length > 0 ? { addresses: f.addresses } : {}),
      updatedAt: new Date(),
    })
    .where(eq(customers.id, id));
}
