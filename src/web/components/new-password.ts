import type { FieldError } from '../api-client.js';

/** The rules the server applies to a new password, said before the person types one. */
export const newPasswordHint = '8 to 128 characters, and not one of the most common passwords.';

/** The length rules checked before sending; whether it is a common password only the server knows. */
export function newPasswordProblem(password: string, path = 'password'): FieldError | null {
  if (password.length < 8) return { path, message: 'must be at least 8 characters' };
  if (password.length > 128) return { path, message: 'must be at most 128 characters' };
  return null;
}
