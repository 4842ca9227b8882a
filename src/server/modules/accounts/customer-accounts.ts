import { eq, sql } from 'drizzle-orm';
import type { Customer } from '../../../contracts/customers.js';
import type { CustomerPrincipal } from '../../platform/auth.js';
import { checkCredentials, normaliseEmail } from '../../platform/credentials.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, validationFailed } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mail.js';
import { consumeToken, issueToken } from '../../platform/one-time-tokens.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../platform/passwords.js';
import { hitRateLimit } from '../../platform/rate-limit.js';
import { endSession, endSessionsOf, sessionSubject, startSession } from '../../platform/sessions.js';
import { createCustomer, findCustomerByEmail, getCustomer } from '../customers/index.js';
import {
  alreadyRegisteredMail,
  confirmAccountMail,
  customerMail,
  resetPasswordMail,
} from '../notifications/index.js';
import { getSettings } from '../settings/index.js';
import { customerAccounts } from './schema.js';

export const CONFIRM_TTL_MS = 24 * 3600_000;
export const RESET_TTL_MS = 30 * 60_000;

export interface AccountDeps {
  mailer: Mailer;
  publicUrl: string;
}

async function accountByEmail(tx: Tx, email: string) {
  const [row] = await tx
    .select()
    .from(customerAccounts)
    .where(sql`lower(${customerAccounts.email}) = ${normaliseEmail(email)}`);
  return row;
}

function checkNewPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw validationFailed([problem]);
}

/**
 * Starts a registration: emails a confirmation link, or, when the email has an account already, a
 * note with a reset link. The caller learns nothing about which (same answer, same work).
 */
export async function register(
  db: Tx,
  deps: AccountDeps,
  input: { email: string; password: string; name?: string | undefined; ip: string },
): Promise<void> {
  checkNewPassword(input.password);
  const email = normaliseEmail(input.email);
  await hitRateLimit(db, { key: `register:ip:${input.ip}`, max: 10, windowSeconds: 3600 });
  await hitRateLimit(db, { key: `register:email:${email}`, max: 3, windowSeconds: 3600 });
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const { businessName, portal } = await getSettings(tx);
    if (await accountByEmail(tx, email)) {
      const token = await issueToken(tx, { purpose: 'customer.reset', subject: email, ttlMs: RESET_TTL_MS });
      await deps.mailer.queue(tx, {
        to: email,
        template: 'account.already_registered',
        ...customerMail(
          portal.htmlEmail,
          alreadyRegisteredMail(businessName, `${deps.publicUrl}/shop/reset-password?token=${token}`),
        ),
      });
      return;
    }
    const token = await issueToken(tx, {
      purpose: 'customer.confirm',
      subject: email,
      data: { name: input.name?.trim() || null, passwordHash },
      ttlMs: CONFIRM_TTL_MS,
    });
    await deps.mailer.queue(tx, {
      to: email,
      template: 'account.confirm',
      ...customerMail(
        portal.htmlEmail,
        confirmAccountMail(businessName, `${deps.publicUrl}/shop/confirm?token=${token}`),
      ),
    });
  });
}

/** Confirms the email: links the account to the customer with that email, or creates one. */
export async function confirmRegistration(db: Tx, input: { token: string; ip: string }): Promise<Customer> {
  await hitRateLimit(db, { key: `confirm:ip:${input.ip}`, max: 20, windowSeconds: 600 });
  return db.transaction(async (tx) => {
    const { subject: email, data } = await consumeToken<{ name: string | null; passwordHash: string }>(
      tx,
      'customer.confirm',
      input.token,
    );
    if (await accountByEmail(tx, email)) {
      throw new DomainError('conflict', 'conflict', 'This email already has an account: sign in instead.');
    }
    const existing = await findCustomerByEmail(tx, email);
    const customer =
      existing ??
      (await createCustomer(
        tx,
        { type: 'customer', id: null, label: email },
        { name: data.name ?? email.split('@')[0]!, email, addresses: [], marketingConsent: false },
        'shop',
      ));
    await tx
      .insert(customerAccounts)
      .values({ customerId: customer.id, email, passwordHash: data.passwordHash });
    return customer;
  });
}

export async function signInCustomer(
  db: Tx,
  input: { email: string; password: string; ip: string; previousSession?: string | undefined },
): Promise<{ customer: Customer; session: string }> {
  const checked = await checkCredentials(
    db,
    { scope: 'customer', email: input.email, password: input.password, ip: input.ip },
    async (email) => {
      const account = await accountByEmail(db, email);
      return account && { id: account.customerId, passwordHash: account.passwordHash, active: true };
    },
  );
  return db.transaction(async (tx) => {
    await checked.clearThrottle(tx);
    if (input.previousSession) await endSession(tx, input.previousSession);
    const session = await startSession(tx, 'customer', checked.id);
    return { customer: await getCustomer(tx, checked.id), session };
  });
}

export async function customerFromSession(tx: Tx, secret: string): Promise<CustomerPrincipal | null> {
  const session = await sessionSubject(tx, 'customer', secret);
  if (!session) return null;
  const [account] = await tx
    .select()
    .from(customerAccounts)
    .where(eq(customerAccounts.customerId, session.subjectId));
  if (!account) return null;
  const customer = await getCustomer(tx, account.customerId);
  return { customerId: customer.id, email: account.email, name: customer.name };
}

/** Emails a reset link when the email has an account; answers the same either way. */
export async function requestPasswordReset(
  db: Tx,
  deps: AccountDeps,
  input: { email: string; ip: string },
): Promise<void> {
  const email = normaliseEmail(input.email);
  await hitRateLimit(db, { key: `reset:ip:${input.ip}`, max: 10, windowSeconds: 3600 });
  await hitRateLimit(db, { key: `reset:email:${email}`, max: 3, windowSeconds: 3600 });
  await db.transaction(async (tx) => {
    if (!(await accountByEmail(tx, email))) return;
    const { businessName, portal } = await getSettings(tx);
    const token = await issueToken(tx, { purpose: 'customer.reset', subject: email, ttlMs: RESET_TTL_MS });
    await deps.mailer.queue(tx, {
      to: email,
      template: 'account.password_reset',
      ...customerMail(
        portal.htmlEmail,
        resetPasswordMail(businessName, `${deps.publicUrl}/shop/reset-password?token=${token}`),
      ),
    });
  });
}

/** Sets a new password from a reset link and signs the customer out everywhere. */
export async function resetPassword(
  db: Tx,
  input: { token: string; password: string; ip: string },
): Promise<void> {
  checkNewPassword(input.password);
  await hitRateLimit(db, { key: `confirm:ip:${input.ip}`, max: 20, windowSeconds: 600 });
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const { subject: email } = await consumeToken(tx, 'customer.reset', input.token);
    const account = await accountByEmail(tx, email);
    if (!account) throw new DomainError('invalid_input', 'invalid_token', 'This link is not valid any more.');
    await tx
      .update(customerAccounts)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(customerAccounts.customerId, account.customerId));
    await endSessionsOf(tx, 'customer', account.customerId);
  });
}

export async function changePassword(
  db: Tx,
  customer: CustomerPrincipal,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const [account] = await db
    .select()
    .from(customerAccounts)
    .where(eq(customerAccounts.customerId, customer.customerId));
  if (!account || !(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw validationFailed([{ path: 'currentPassword', message: 'is not your current password' }]);
  }
  const problem = passwordProblem(input.newPassword, 'newPassword');
  if (problem) throw validationFailed([problem]);
  const passwordHash = await hashPassword(input.newPassword);
  await db
    .update(customerAccounts)
    .set({ passwordHash, updatedAt: new Date() })
    .where(eq(customerAccounts.customerId, customer.customerId));
}
