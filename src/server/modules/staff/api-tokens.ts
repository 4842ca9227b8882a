import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiToken, CreatedApiToken } from '../../../contracts/staff.js';
import { type Actor, lesserRole, type Role } from '../../platform/auth.js';
import { randomToken, sha256 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../audit/index.js';
import { apiTokens, staffUsers } from './schema.js';

/** `creator`: the role of the staff member who made it, or null once they are deactivated. */
const toApiToken = (r: typeof apiTokens.$inferSelect, creator: Role | null): ApiToken => ({
  id: r.id,
  name: r.name,
  role: r.role,
  actsAs: creator ? lesserRole(r.role, creator) : null,
  lastFour: r.lastFour,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
});

/** Creates a token for `Authorization: Bearer`; the secret is in this answer only. */
export async function createApiToken(
  tx: Tx,
  actor: Actor & { id: string },
  input: { name: string; role: Role },
): Promise<CreatedApiToken> {
  const token = `tdm_${randomToken(32)}`;
  const [row] = await tx
    .insert(apiTokens)
    .values({
      id: newId('tok'),
      name: input.name,
      role: input.role,
      tokenHash: sha256(token),
      lastFour: token.slice(-4),
      createdBy: actor.id,
    })
    .returning();
  await recordAudit(tx, actor, {
    action: 'api_token.created',
    entity: 'api_token',
    entityId: row!.id,
    changes: { name: input.name, role: input.role },
  });
  return { ...toApiToken(row!, input.role), token };
}

export async function listApiTokens(tx: Tx): Promise<ApiToken[]> {
  const rows = await tx
    .select({ token: apiTokens, creatorRole: staffUsers.role, creatorActive: staffUsers.active })
    .from(apiTokens)
    .innerJoin(staffUsers, eq(staffUsers.id, apiTokens.createdBy))
    .where(isNull(apiTokens.revokedAt))
    .orderBy(desc(apiTokens.id));
  return rows.map((r) => toApiToken(r.token, r.creatorActive ? r.creatorRole : null));
}

export async function revokeApiToken(tx: Tx, actor: Actor, id: string): Promise<void> {
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name });
  if (revoked.length === 0) throw notFound('No such API token.');
  await recordAudit(tx, actor, {
    action: 'api_token.revoked',
    entity: 'api_token',
    entityId: id,
    changes: { name: revoked[0]!.name },
  });
}
