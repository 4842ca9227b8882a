/** How long a staff session lives without use, and how often its expiry is pushed back. */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_TOUCH_MS = 3600_000;

/** Sign-ins allowed per IP address per minute. */
export const LOGIN_PER_IP_PER_MINUTE = 5;

/**
 * The growing delay per account: after 3 failures in a row, each further attempt must wait
 * 2, 4, 8 … seconds (at most 15 minutes) after the last failure.
 */
export function loginDelaySeconds(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(2 ** (failures - 2), 900);
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export type { StaffUser } from '../../../contracts/staff.js';
