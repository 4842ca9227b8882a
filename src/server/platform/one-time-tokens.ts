import { and, eq, gt, isNull, lt, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { randomToken, sha256 } from './crypto.js';
import type { Tx } from './db.js';
import { DomainError } from './errors.js';
import { oneTimeTokens } from './schema.js';

export interface IssuedToken<T> {
  subject: string;
  data: T;
}

/**
 * Issues a single-use secret for a link in an email (256 bits; only its hash is stored). Only the
 * newest link of a purpose for a subject works: issuing one retires the older unused ones, so a
 * leaked old reset link is dead once a newer one is asked for.
 */
export async function issueToken(
  tx: Tx,
  input: { purpose: string; subject: string; data?: object; ttlMs: number },
  now = new Date(),
): Promise<string> {
  await revokeTokens(tx, input.purpose, input.subject, now);
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

/** Retires every unused link of a purpose for a subject, e.g. reset links once the password changed. */
export async function revokeTokens(
  tx: Tx,
  purpose: string,
  subject: string,
  now = new Date(),
): Promise<void> {
  await tx
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeTokens.purpose, purpose),
        eq(oneTimeTokens.subject, subject),
        isNull(oneTimeTokens.usedAt),
      ),
    );
}

/** Whether a link of a purpose for a subject is out and still usable. */
export async function hasPendingToken(
  tx: Tx,
  purpose: string,
  subject: string,
  now = new Date(),
): Promise<boolean> {
  const [row] = await tx
    .select({ one: sql`1` })
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.purpose, purpose),
        eq(oneTimeTokens.subject, subject),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now),
      ),
    )
    .limit(1);
  return row !== undefined;
}

export const invalidToken = () =>
  new DomainError('invalid_input', 'invalid_token', 'This link is not valid any more. Ask for a new one.');

const newer = alias(oneTimeTokens, 'newer');

/**
 * Uses a token up: once only, before it expires, for its own purpose, and only while no newer one
 * was issued for the same purpose and subject (which also holds when two were issued at once).
 */
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
        notExists(
          tx
            .select({ one: sql`1` })
            .from(newer)
            .where(
              and(
                eq(newer.purpose, oneTimeTokens.purpose),
                eq(newer.subject, oneTimeTokens.subject),
                gt(newer.createdAt, oneTimeTokens.createdAt),
              ),
            ),
        ),
      ),
    )
    .returning();
  if (!row) throw invalidToken();
  return { subject: row.subject, data: row.data as T };
}

export async function pruneTokens(tx: Tx, now = new Date()): Promise<void> {
  await tx.delete(oneTimeTokens).where(lt(oneTimeTokens.expiresAt, new Date(now.getTime() - 7 * 86_400_000)));
}
