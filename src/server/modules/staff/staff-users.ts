import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Role } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { hashPassword, passwordProblem } from '../../platform/passwords.js';
import { staffUsers } from './schema.js';
import { normaliseEmail, type StaffUser } from './staff.js';

/** The password hash of someone invited who has not chosen a password: matches no password. */
export const INVITED = '';

export function toStaffUser(row: typeof staffUsers.$inferSelect): StaffUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    invitationPending: row.passwordHash === INVITED,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findStaffByEmail(tx: Tx, email: string) {
  const [row] = await tx
    .select()
    .from(staffUsers)
    .where(sql`lower(${staffUsers.email}) = ${normaliseEmail(email)}`);
  return row;
}

export async function createStaffUser(
  tx: Tx,
  input: { email: string; name: string; role: Role; password: string },
): Promise<StaffUser> {
  const problem = passwordProblem(input.password);
  if (problem) throw validationFailed([problem]);
  const [row] = await tx
    .insert(staffUsers)
    .values({
      id: newId('usr'),
      email: normaliseEmail(input.email),
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    })
    .returning();
  return toStaffUser(row!);
}

export async function countOwners(tx: Tx): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'owner'), eq(staffUsers.active, true)));
  return row?.n ?? 0;
}

export async function countStaff(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(staffUsers);
  return row?.n ?? 0;
}

/** The names of these staff members, by id, in one query (who made a sale, on its receipt). */
export async function staffNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: staffUsers.id, name: staffUsers.name })
    .from(staffUsers)
    .where(inArray(staffUsers.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
