import { checkCredentials } from '../../platform/credentials.js';
import type { Tx } from '../../platform/db.js';
import { endSession, startSession } from '../../platform/sessions.js';
import type { StaffUser } from './staff.js';
import { findStaffByEmail, toStaffUser } from './staff-users.js';

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  /** The cookie the browser still holds, ended so that sign-in always rotates the session. */
  previousSession?: string | undefined;
}

/** Signs a staff member in and starts a new session. */
export async function signIn(
  db: Tx,
  input: SignInInput,
  now = new Date(),
): Promise<{ user: StaffUser; session: string }> {
  const checked = await checkCredentials(
    db,
    { scope: 'staff', email: input.email, password: input.password, ip: input.ip },
    (email) => findStaffByEmail(db, email),
    now,
  );
  return db.transaction(async (tx) => {
    await checked.clearThrottle(tx);
    if (input.previousSession) await endSession(tx, input.previousSession);
    const session = await startSession(tx, 'staff', checked.id, now);
    const user = await findStaffByEmail(tx, input.email);
    return { user: toStaffUser(user!), session };
  });
}
