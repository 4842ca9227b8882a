import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { lesserRole, type Principal } from '../../platform/auth.js';
import { sha256 } from '../../platform/crypto.js';
import { preparedStatement, type Tx } from '../../platform/db.js';
import { sessions } from '../../platform/schema.js';
import { touchSession } from '../../platform/sessions.js';
import { apiTokens, staffUsers } from './schema.js';

const staffOfSession = preparedStatement((db) =>
  db
    .select({
      id: staffUsers.id,
      email: staffUsers.email,
      name: staffUsers.name,
      role: staffUsers.role,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(staffUsers, and(eq(staffUsers.id, sessions.subjectId), eq(staffUsers.active, true)))
    .where(
      and(
        eq(sessions.idHash, sql.placeholder('idHash')),
        eq(sessions.kind, 'staff'),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare('staff_of_session'),
);

/** The staff member signed in with this session cookie: session and account in one query. */
export async function principalFromSession(
  tx: Tx,
  secret: string,
  now = new Date(),
): Promise<Principal | null> {
  const idHash = sha256(secret);
  const [row] = await staffOfSession(tx, { idHash, now });
  if (!row) return null;
  await touchSession(tx, idHash, row.lastSeenAt, now);
  return {
    type: 'staff',
    userId: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    sessionHash: idHash,
  };
}

/** The integration calling with this token, acting for its creator while they are active staff. */
export async function principalFromApiToken(
  tx: Tx,
  token: string,
  now = new Date(),
): Promise<Principal | null> {
  const [row] = await tx
    .select({ token: apiTokens, creatorRole: staffUsers.role })
    .from(apiTokens)
    .innerJoin(staffUsers, eq(staffUsers.id, apiTokens.createdBy))
    .where(
      and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt), eq(staffUsers.active, true)),
    );
  if (!row) return null;
  const t = row.token;
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000) {
    await tx.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, t.id));
  }
  // A token never outranks the person who made it, as they are now (demoted, the token is too).
  const role = lesserRole(t.role, row.creatorRole);
  return { type: 'api_token', tokenId: t.id, name: t.name, role, userId: t.createdBy };
}
