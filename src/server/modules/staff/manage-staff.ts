import { and, asc, eq, sql } from 'drizzle-orm';
import type { Role, StaffUser } from '../../../contracts/staff.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, isUniqueViolation, notFound, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mail.js';
import { consumeToken, issueToken } from '../../platform/one-time-tokens.js';
import { hashPassword, passwordProblem } from '../../platform/passwords.js';
import { endSessionsOf } from '../../platform/sessions.js';
import { diffObjects, recordAudit } from '../audit/index.js';
import { staffInvitationMail } from '../notifications/index.js';
import { getSettings } from '../settings/index.js';
import { staffUsers } from './schema.js';
import { normaliseEmail } from './staff.js';
import { countOwners, findStaffByEmail, INVITED, toStaffUser } from './staff-users.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export async function listStaff(tx: Tx): Promise<StaffUser[]> {
  const rows = await tx.select().from(staffUsers).orderBy(asc(staffUsers.name), asc(staffUsers.id));
  return rows.map(toStaffUser);
}

/** Adds a staff member and emails them a link to choose their password. */
export async function inviteStaff(
  db: Tx,
  deps: { mailer: Mailer; publicUrl: string },
  actor: Actor,
  input: { email: string; name: string; role: Role },
): Promise<StaffUser> {
  const email = normaliseEmail(input.email);
  const taken = () => new DomainError('conflict', 'conflict', `${email} is already on the staff.`);
  try {
    return await db.transaction(async (tx) => {
      if (await findStaffByEmail(tx, email)) throw taken();
      const [row] = await tx
        .insert(staffUsers)
        .values({ id: newId('usr'), email, name: input.name, role: input.role, passwordHash: INVITED })
        .returning();
      const token = await issueToken(tx, {
        purpose: 'staff.invitation',
        subject: row!.id,
        ttlMs: INVITATION_TTL_MS,
      });
      const { businessName } = await getSettings(tx);
      await deps.mailer.queue(tx, {
        to: email,
        template: 'staff.invitation',
        ...staffInvitationMail(
          businessName,
          actor.label,
          input.role,
          `${deps.publicUrl}/accept-invitation?token=${token}`,
        ),
      });
      await recordAudit(tx, actor, {
        action: 'staff.invited',
        entity: 'staff',
        entityId: row!.id,
        changes: { email, role: input.role },
      });
      return toStaffUser(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

/** The invited person chooses a password; the invitation works once. */
export async function acceptInvitation(
  db: Tx,
  input: { token: string; password: string },
): Promise<StaffUser> {
  const problem = passwordProblem(input.password);
  if (problem) throw validationFailed([problem]);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const { subject: userId } = await consumeToken(tx, 'staff.invitation', input.token);
    const [row] = await tx
      .update(staffUsers)
      .set({ passwordHash, updatedAt: new Date() })
      .where(and(eq(staffUsers.id, userId), eq(staffUsers.passwordHash, INVITED)))
      .returning();
    if (!row)
      throw new DomainError('invalid_input', 'invalid_token', 'This invitation was accepted already.');
    return toStaffUser(row);
  });
}

/** Changes role, name or whether the account may sign in; deactivation ends its sessions at once. */
export async function updateStaff(
  db: Tx,
  actor: Actor,
  id: string,
  change: { name?: string | undefined; role?: Role | undefined; active?: boolean | undefined },
): Promise<StaffUser> {
  return db.transaction(async (tx) => {
    // Owners are counted under a lock so two owners cannot demote each other at once.
    await tx.execute(sql`select id from staff_users where role = 'owner' for update`);
    const [row] = await tx.select().from(staffUsers).where(eq(staffUsers.id, id)).for('update');
    if (!row) throw notFound('No such staff member.');
    const losesOwner =
      row.role === 'owner' &&
      row.active &&
      ((change.role !== undefined && change.role !== 'owner') || change.active === false);
    if (losesOwner && (await countOwners(tx)) <= 1) {
      throw new DomainError('conflict', 'conflict', 'The business needs at least one active owner.');
    }
    const [updated] = await tx
      .update(staffUsers)
      .set({ ...change, updatedAt: new Date() })
      .where(eq(staffUsers.id, id))
      .returning();
    if (change.active === false) await endSessionsOf(tx, 'staff', id);
    const { createdAt: _b, ...before } = toStaffUser(row);
    const { createdAt: _a, ...after } = toStaffUser(updated!);
    const changes = diffObjects(before, after);
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, actor, { action: 'staff.updated', entity: 'staff', entityId: id, changes });
    }
    return toStaffUser(updated!);
  });
}
