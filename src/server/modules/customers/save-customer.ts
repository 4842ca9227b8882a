import { and, eq, ne, sql } from 'drizzle-orm';
import type { Customer, NewCustomer, UpdateCustomerInput } from '../../../contracts/customers.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, isUniqueViolation, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { diffObjects, recordAudit } from '../audit/index.js';
import { toCustomer } from './customers.js';
import { customers } from './schema.js';

const emailTaken = (email: string) =>
  new DomainError('conflict', 'conflict', `Another customer already has the email ${email}.`);

async function assertEmailFree(tx: Tx, email: string | null | undefined, exceptId?: string): Promise<void> {
  if (!email) return;
  const [clash] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        sql`lower(${customers.email}) = ${email.toLowerCase()}`,
        exceptId ? ne(customers.id, exceptId) : undefined,
      ),
    );
  if (clash) throw emailTaken(email);
}

export async function createCustomer(
  tx: Tx,
  actor: Actor,
  input: NewCustomer,
  source: Customer['source'],
): Promise<Customer> {
  try {
    return await tx.transaction(async (t) => {
      await assertEmailFree(t, input.email);
      const [row] = await t
        .insert(customers)
        .values({
          id: newId('cus'),
          name: input.name,
          email: input.email ?? null,
          phone: input.phone ?? null,
          addresses: input.addresses,
          notes: input.notes ?? null,
          marketingConsent: input.marketingConsent,
          source,
        })
        .returning();
      await recordAudit(t, actor, {
        action: 'customer.created',
        entity: 'customer',
        entityId: row!.id,
        changes: { name: input.name, source },
      });
      return toCustomer(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken(input.email ?? '');
    throw err;
  }
}

export async function updateCustomer(
  tx: Tx,
  actor: Actor,
  id: string,
  change: UpdateCustomerInput,
): Promise<Customer> {
  try {
    return await tx.transaction(async (t) => {
      const [row] = await t.select().from(customers).where(eq(customers.id, id)).for('update');
      if (!row) throw notFound('No such customer.');
      if (change.email && change.email.toLowerCase() !== row.email?.toLowerCase())
        await assertEmailFree(t, change.email, id);
      if (Object.keys(change).length === 0) return toCustomer(row);
      const [updated] = await t
        .update(customers)
        .set({ ...change, updatedAt: new Date() })
        .where(eq(customers.id, id))
        .returning();
      const { updatedAt: _b, ...before } = toCustomer(row);
      const { updatedAt: _a, ...after } = toCustomer(updated!);
      const changes = diffObjects(before, after);
      if (Object.keys(changes).length > 0) {
        await recordAudit(t, actor, {
          action: 'customer.updated',
          entity: 'customer',
          entityId: id,
          changes,
        });
      }
      return toCustomer(updated!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken(change.email ?? '');
    throw err;
  }
}
