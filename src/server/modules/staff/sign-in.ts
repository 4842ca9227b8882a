import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { decoyPasswordHash, verifyPassword } from '../../platform/passwords.js';
import { hitRateLimit } from '../../platform/rate-limit.js';
import { loginThrottle } from './schema.js';
import { endSession, startSession } from './sessions.js';
import { LOGIN_PER_IP_PER_MINUTE, loginDelaySeconds, normaliseEmail, type StaffUser } from './staff.js';
import { findStaffByEmail, toStaffUser } from './staff-users.js';

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  /** The cookie the browser still holds, ended so that sign-in always rotates the session. */
  previousSession?: string | undefined;
}

const wrongCredentials = () =>
  new DomainError('unauthenticated', 'invalid_credentials', 'The email or password is not right.');

/**
 * Signs a staff member in. An unknown email and a wrong password get the same answer after the
 * same work (one argon2 verification), and both count towards the per-email delay.
 */
export async function signIn(
  db: Tx,
  input: SignInInput,
  now = new Date(),
): Promise<{ user: StaffUser; session: string }> {
  const emailKey = normaliseEmail(input.email);
  await hitRateLimit(
    db,
    { key: `login:ip:${input.ip}`, max: LOGIN_PER_IP_PER_MINUTE, windowSeconds: 60 },
    now,
  );

  const [throttle] = await db.select().from(loginThrottle).where(eq(loginThrottle.emailKey, emailKey));
  if (throttle) {
    const waitUntil = throttle.lastFailedAt.getTime() + loginDelaySeconds(throttle.failures) * 1000;
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

  const user = await findStaffByEmail(db, emailKey);
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user?.active || !ok) {
    await db
      .insert(loginThrottle)
      .values({ emailKey, failures: 1, lastFailedAt: now })
      .onConflictDoUpdate({
        target: loginThrottle.emailKey,
        set: { failures: sql`${loginThrottle.failures} + 1`, lastFailedAt: now },
      });
    throw wrongCredentials();
  }

  return db.transaction(async (tx) => {
    if (throttle) await tx.delete(loginThrottle).where(eq(loginThrottle.emailKey, emailKey));
    if (input.previousSession) await endSession(tx, input.previousSession);
    const session = await startSession(tx, user.id, now);
    return { user: toStaffUser(user), session };
  });
}
