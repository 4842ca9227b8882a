import { and, eq, gt, lt, ne } from 'drizzle-orm';
import { randomToken, sha256 } from './crypto.js';
import type { Tx } from './db.js';
import { sessions } from './schema.js';

export type SessionKind = 'staff' | 'customer';

/** How long a session lives without use, and how often its expiry is pushed back. */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
const SESSION_TOUCH_MS = 3600_000;

/** Starts a session; the returned secret goes in the cookie and only its hash is stored. */
export async function startSession(
  tx: Tx,
  kind: SessionKind,
  subjectId: string,
  now = new Date(),
): Promise<string> {
  const secret = randomToken(32);
  await tx.insert(sessions).values({
    idHash: sha256(secret),
    kind,
    subjectId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
  });
  return secret;
}

export async function endSession(tx: Tx, secret: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.idHash, sha256(secret)));
}

/**
 * Signs someone out everywhere: after a password reset or when an account is deactivated; after a
 * password change, everywhere but the session (`except`, its secret) that made the change.
 */
export async function endSessionsOf(
  tx: Tx,
  kind: SessionKind,
  subjectId: string,
  except?: string | undefined,
): Promise<void> {
  await tx
    .delete(sessions)
    .where(
      and(
        eq(sessions.kind, kind),
        eq(sessions.subjectId, subjectId),
        except === undefined ? undefined : ne(sessions.idHash, sha256(except)),
      ),
    );
}

/** Pushes a session's expiry back, at most once an hour. */
export async function touchSession(tx: Tx, idHash: string, lastSeenAt: Date, now: Date): Promise<void> {
  if (now.getTime() - lastSeenAt.getTime() <= SESSION_TOUCH_MS) return;
  await tx
    .update(sessions)
    .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) })
    .where(eq(sessions.idHash, idHash));
}

/** Whose session this cookie is, if it is a live one of `kind`; pushes its expiry back now and then. */
export async function sessionSubject(
  tx: Tx,
  kind: SessionKind,
  secret: string,
  now = new Date(),
): Promise<{ subjectId: string; idHash: string } | null> {
  const idHash = sha256(secret);
  const [row] = await tx
    .select()
    .from(sessions)
    .where(and(eq(sessions.idHash, idHash), eq(sessions.kind, kind), gt(sessions.expiresAt, now)));
  if (!row) return null;
  await touchSession(tx, idHash, row.lastSeenAt, now);
  return { subjectId: row.subjectId, idHash };
}

export async function pruneExpiredSessions(tx: Tx, now = new Date()): Promise<void> {
  await tx.delete(sessions).where(lt(sessions.expiresAt, now));
}
