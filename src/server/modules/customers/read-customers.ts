import { and, asc, eq, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Customer } from '../../../contracts/customers.js';
import type { Tx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { containsPattern, decodeCursor, encodeCursor, pageFrom } from '../../platform/paging.js';
import { everChanged } from '../audit/index.js';
import { searchNeedle, toCustomer } from './customers.js';
import { customers } from './schema.js';

export async function getCustomer(tx: Tx, id: string): Promise<Customer> {
  const [row] = await tx.select().from(customers).where(eq(customers.id, id));
  if (!row) throw notFound('No such customer.');
  return toCustomer(row);
}

export async function findCustomerByEmail(tx: Tx, email: string): Promise<Customer | null> {
  const [row] = await tx
    .select()
    .from(customers)
    .where(sql`lower(${customers.email}) = ${email.toLowerCase()}`);
  return row ? toCustomer(row) : null;
}

/**
 * The customer whose record carries this email, and whether it is still the address the record
 * was created with. Only such an address says who bought under the record: one that staff (or an
 * import) put on the record later proves nothing about the person the history belongs to.
 */
export async function customerWithEmail(
  tx: Tx,
  email: string,
): Promise<{ customer: Customer; emailIsOriginal: boolean } | null> {
  const customer = await findCustomerByEmail(tx, email);
  if (!customer) return null;
  return { customer, emailIsOriginal: !(await everChanged(tx, 'customer', customer.id, 'email')) };
}

/** The names of these customers, in one query (for lists that show who). */
export async function customerNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(inArray(customers.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Customers by name, keyset-paged on (name, id); q matches name, email or phone anywhere. */
export async function listCustomers(
  tx: Tx,
  query: { limit: number; cursor?: string | undefined; q?: string | undefined },
): Promise<{ data: Customer[]; nextCursor: string | null }> {
  const filters: (SQL | undefined)[] = [];
  if (query.q) filters.push(sql`${customers.search} like ${containsPattern(searchNeedle(query.q))}`);
  if (query.cursor) {
    const [name, id] = decodeCursor<[string, string]>(query.cursor, 2);
    filters.push(or(gt(customers.name, name), and(eq(customers.name, name), gt(customers.id, id))));
  }
  const rows = await tx
    .select()
    .from(customers)
    .where(and(...filters))
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(query.limit + 1);
  return pageFrom(rows, query.limit, toCustomer, (r) => encodeCursor([r.name, r.id]));
}
