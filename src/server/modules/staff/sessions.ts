import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Principal } from '../../platform/auth.js';
import { randomToken, sha256 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db.js';
import { apiTokens, loginThrottle, staffSessions, staffUsers } from './schema.js';
import { SESSION_IDLE_MS, SESSION_TOUCH_MS } from './staff.js';

/** Starts a session; the returned secret goes in the cookie and only its hash is stored. */
export async function startSession(tx: Tx, userId: string, now = new Date()): Promise<string> {
  const secret = randomToken(32);
  await tx.insert(staffSessions).values({
    idHash: sha256(secret),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
  });
  return secret;
}

export async function endSession(tx: Tx, secret: string): Promise<void> {
  await tx.delete(staffSessions).where(eq(staffSessions.idHash, sha256(secret)));
}

export async function principalFromSession(
  tx: Tx,
  secret: string,
  now = new Date(),
): Promise<Principal | null> {
  const idHash = sha256(secret);
  const [row] = await tx
    .select({ session: staffSessions, user: staffUsers })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .where(
      and(eq(staffSessions.idHash, idHash), gt(staffSessions.expiresAt, now), eq(staffUsers.active, true)),
    );
  if (!row) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > SESSION_TOUCH_MS) {
    await tx
      .update(staffSessions)
      .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) })
      .where(eq(staffSessions.idHash, idHash));
  }
  return {
    type: 'staff',
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: row.user.role,
    sessionHash: idHash,
  };
}

export async function principalFromApiToken(
  tx: Tx,
  token: string,
  now = new Date(),
): Promise<Principal | null> {
  const [row] = await tx
    .select({ token: apiTokens })
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
  return { type: 'api_token', tokenId: t.id, name: t.name, role: t.role, userId: t.createdBy };
}

export async function pruneExpiredSessions(tx: Tx, now = new Date()): Promise<void> {
  await tx.delete(staffSessions).where(lt(staffSessions.expiresAt, now));
  await tx.delete(loginThrottle).where(lt(loginThrottle.lastFailedAt, new Date(now.getTime() - 86_400_000)));
}
