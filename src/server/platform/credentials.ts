import { eq, lt, sql } from 'drizzle-orm';
import type { Tx } from './db.js';
import { DomainError } from './errors.js';
import { decoyPasswordHash, verifyPassword } from './passwords.js';
import { hitRateLimit } from './rate-limit.js';
import { loginThrottle } from './schema.js';

/** Sign-ins allowed per IP address per minute. */
export const SIGN_INS_PER_IP_PER_MINUTE = 5;

/**
 * The growing delay per account: after 3 failures in a row, each further attempt must wait
 * 2, 4, 8 … seconds (at most 15 minutes) after the last failure.
 */
export function signInDelaySeconds(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(2 ** (failures - 2), 900);
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export interface Credentials {
  /** Whose sign-in this is: staff and customers are throttled apart. */
  scope: 'staff' | 'customer';
  email: string;
  password: string;
  ip: string;
}

/**
 * Checks an email and password, answering the account's id. An unknown email and a wrong
 * password get the same answer after the same work (one argon2 verification), and both count
 * towards the per-email delay; every attempt counts towards the per-IP limit.
 */
export async function checkCredentials(
  db: Tx,
  input: Credentials,
  findAccount: (email: string) => Promise<{ id: string; passwordHash: string; active: boolean } | undefined>,
  now = new Date(),
): Promise<{ id: string; clearThrottle: (tx: Tx) => Promise<void> }> {
  const email = normaliseEmail(input.email);
  const emailKey = `${input.scope}:${email}`;
  await hitRateLimit(
    db,
    { key: `sign-in:${input.scope}:ip:${input.ip}`, max: SIGN_INS_PER_IP_PER_MINUTE, windowSeconds: 60 },
    now,
  );
  const [throttle] = await db.select().from(loginThrottle).where(eq(loginThrottle.emailKey, emailKey));
  if (throttle) {
    const waitUntil = throttle.lastFailedAt.getTime() + signInDelaySeconds(throttle.failures) * 1000;
    if (waitUntil > now.getTime()) {
      const retryAfter = Math.ceil((waitUntil - now.getTime()) / 1000);
      throw new DomainError(
        'rate_limited',
        'rate_limited',
        `Too many failed sign-ins for this email. Try again in ${retryAfter} s.`,
        { retryAfter },
      );
    }
  }
  const account = await findAccount(email);
  const ok = await verifyPassword(account?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!account?.active || !ok) {
    await db
      .insert(loginThrottle)
      .values({ emailKey, failures: 1, lastFailedAt: now })
      .onConflictDoUpdate({
        target: loginThrottle.emailKey,
        set: { failures: sql`${loginThrottle.failures} + 1`, lastFailedAt: now },
      });
    throw new DomainError('unauthenticated', 'invalid_credentials', 'The email or password is not right.');
  }
  return {
    id: account.id,
    clearThrottle: async (tx) => {
      if (throttle) await tx.delete(loginThrottle).where(eq(loginThrottle.emailKey, emailKey));
    },
  };
}

export async function pruneLoginThrottle(tx: Tx, now = new Date()): Promise<void> {
  await tx.delete(loginThrottle).where(lt(loginThrottle.lastFailedAt, new Date(now.getTime() - 86_400_000)));
}
