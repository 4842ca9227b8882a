import { randomToken } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db.js';
import { countStaff, createStaffUser } from './staff-users.js';

export { principalFromApiToken, principalFromSession } from './sessions.js';
export type { StaffUser } from './staff.js';
export { createStaffUser, findStaffByEmail, staffNames } from './staff-users.js';

/**
 * First start: with no staff at all, creates the owner from TANDEM_OWNER_EMAIL/PASSWORD, or a demo
 * owner with a random password that the caller prints once. Run under the bootstrap lock.
 */
export async function ensureOwner(
  tx: Tx,
  input: { email: string | undefined; password: string | undefined },
): Promise<{ email: string; generatedPassword: string | null } | null> {
  if ((await countStaff(tx)) > 0) return null;
  const email = input.email ?? 'owner@example.com';
  const generatedPassword = input.password ? null : randomToken(12);
  await createStaffUser(tx, {
    email,
    name: 'Owner',
    role: 'owner',
    password: input.password ?? generatedPassword!,
  });
  return { email, generatedPassword };
}
