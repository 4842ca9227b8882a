import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { randomToken, sha256 } from './crypto.js';
import type { Tx } from './db.js';
import { DomainError } from './errors.js';
import { oneTimeTokens } from './schema.js';

export interface IssuedToken<T> {
  subject: string;
  data: T;
}

/** Issues a single-use secret for a link in an email (256 bits; only its hash is stored). */
export async function issueToken(
  tx: Tx,
  input: { purpose: string; subject: string; data?: object; ttlMs: number },
  now = new Date(),
): Promise<string> {
  const secret = randomToken(32);
  await tx.insert(oneTimeTokens).values({
    tokenHash: sha256(secret),
    purpose: input.purpose,
    subject: input.subject,
    data: input.data ?? {},
    expiresAt: new Date(now.getTime() + input.ttlMs),
  });
  return secret;
}

export const invalidToken = () =>
  new DomainError('invalid_input', 'invalid_token', 'This link is not valid any more. Ask for a new one.');

/** Uses a token up: once only, before it expires, for its own purpose. */
export async function consumeToken<T>(
  tx: Tx,
  purpose: string,
  secret: string,
  now = new Date(),
): Promise<IssuedToken<T>> {
  const [row] = await tx
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeTokens.tokenHash, sha256(secret)),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now),
      ),
    )
    .returning();
  if (!row) throw invalidToken();
  return { subject: row.subject, data: row.data as T };
}

export async function pruneTokens(tx: Tx, now = new Date()): Promise<void> {
  await tx.delete(oneTimeTokens).where(lt(oneTimeTokens.expiresAt, new Date(now.getTime() - 7 * 86_400_000)));
}
