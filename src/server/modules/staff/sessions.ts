import { and, eq, isNull } from 'drizzle-orm';
import type { Principal } from '../../platform/auth.js';
import { sha256 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db.js';
import { sessionSubject } from '../../platform/sessions.js';
import { apiTokens, staffUsers } from './schema.js';

export async function principalFromSession(
  tx: Tx,
  secret: string,
  now = new Date(),
): Promise<Principal | null> {
  const session = await sessionSubject(tx, 'staff', secret, now);
  if (!session) return null;
  const [user] = await tx
    .select()
    .from(staffUsers)
    .where(and(eq(staffUsers.id, session.subjectId), eq(staffUsers.active, true)));
  if (!user) return null;
  return {
    type: 'staff',
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sessionHash: session.idHash,
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
