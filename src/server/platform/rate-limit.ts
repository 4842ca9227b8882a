import { and, eq, lt, sql } from 'drizzle-orm';
import type { Tx } from './db.js';
import { DomainError } from './errors.js';
import { rateLimitHits } from './schema.js';

export interface Limit {
  /** What is counted, e.g. `login:ip:127.0.0.1`. */
  key: string;
  max: number;
  windowSeconds: number;
}

/**
 * Counts one hit in the current fixed window, in the database so every process shares the count;
 * past `max` it refuses with 429 `rate_limited` and a Retry-After.
 */
export async function hitRateLimit(tx: Tx, limit: Limit, now = new Date()): Promise<void> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await tx
    .insert(rateLimitHits)
    .values({ key: limit.key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitHits.key, rateLimitHits.windowStart],
      set: { count: sql`${rateLimitHits.count} + 1` },
    })
    .returning({ count: rateLimitHits.count });
  if (row && row.count > limit.max) {
    throw tooMany(windowStart.getTime() + windowMs - now.getTime());
  }
}

function tooMany(msLeft: number): DomainError {
  const retryAfter = Math.max(1, Math.ceil(msLeft / 1000));
  return new DomainError('rate_limited', 'rate_limited', `Too many attempts. Try again in ${retryAfter} s.`, {
    retryAfter,
  });
}

/**
 * Refuses with 429 when `key` has already been counted `max` times in the current window, without
 * counting this call: for limits on failures, counted only when a failure happens.
 */
export async function checkRateLimit(tx: Tx, limit: Limit, now = new Date()): Promise<void> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await tx
    .select({ count: rateLimitHits.count })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.key, limit.key), eq(rateLimitHits.windowStart, windowStart)));
  if (row && row.count >= limit.max) throw tooMany(windowStart.getTime() + windowMs - now.getTime());
}

export async function pruneRateLimits(tx: Tx, now = new Date()): Promise<void> {
  await tx.delete(rateLimitHits).where(lt(rateLimitHits.windowStart, new Date(now.getTime() - 86_400_000)));
}
