import { eq, sql } from 'drizzle-orm';
import type { Customer } from '../../../contracts/customers.js';
import type { Actor, CustomerPrincipal } from '../../platform/auth.js';
import { checkCredentials, normaliseEmail } from '../../platform/credentials.js';
import { randomToken } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, isUniqueViolation, validationFailed } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mail.js';
import { consumeToken, hasPendingToken, issueToken, revokeTokens } from '../../platform/one-time-tokens.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../platform/passwords.js';
import { hitRateLimit } from '../../platform/rate-limit.js';
import { endSession, endSessionsOf, sessionSubject, startSession } from '../../platform/sessions.js';
import { createCustomer, customerWithEmail, getCustomer, updateCustomer } from '../customers/index.js';
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
    // A second sign-up with an address that has one waiting: only the newest link works, and it
    // carries no password. Whoever opens it (the owner of the mailbox) chooses the password then;
    // otherwise someone else's sign-up with their address would set the password the owner gets.
    const contested = await hasPendingToken(tx, 'customer.confirm', email);
    const token = await issueToken(tx, {
      purpose: 'customer.confirm',
      subject: email,
      data: { name: input.name?.trim() || null, passwordHash: contested ? null : passwordHash },
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

const emailTaken = () =>
  new DomainError('conflict', 'conflict', 'This email already has an account: sign in instead.');

/**
 * Confirms the email and opens the account. Proof of the email is proof of the history bought
 * under it only when it is the address the customer record was created with: then the account is
 * linked to that customer. An address staff put on a record later (a typo, or someone's doing)
 * links nothing: the account gets a customer of its own, and the record that carried the
 * address, whose owner never proved it, gives it up to the person who did. A record that already
 * has an account keeps its address and the confirmation answers 409.
 */
export async function confirmRegistration(
  db: Tx,
  input: { token: string; ip: string },
): Promise<{ customer: Customer; passwordToken: string | null }> {
  await hitRateLimit(db, { key: `confirm:ip:${input.ip}`, max: 20, windowSeconds: 600 });
  try {
    return await db.transaction(async (tx) => {
      const { subject: email, data } = await consumeToken<{
        name: string | null;
        passwordHash: string | null;
      }>(tx, 'customer.confirm', input.token);
      if (await accountByEmail(tx, email)) throw emailTaken();
      const holder = await customerWithEmail(tx, email);
      if (holder && (await accountOf(tx, holder.customer.id))) {
        throw new DomainError(
          'conflict',
          'conflict',
          'This email is on a customer record that already has an online account. Ask the shop to correct the record.',
        );
      }
      let customer = holder?.emailIsOriginal ? holder.customer : null;
      if (!customer) {
        if (holder) await updateCustomer(tx, confirmationActor(email), holder.customer.id, { email: null });
        customer = await createCustomer(
          tx,
          confirmationActor(email),
          { name: data.name ?? email.split('@')[0]!, email, addresses: [], marketingConsent: false },
          'shop',
        );
      }
      await tx.insert(customerAccounts).values({
        customerId: customer.id,
        email,
        // A sign-up whose link carries no password gets one nobody knows, until one is chosen.
        passwordHash: data.passwordHash ?? (await hashPassword(randomToken(32))),
      });
      // The link proved the mailbox: its holder chooses the password, with a reset link of their own.
      const passwordToken = data.passwordHash
        ? null
        : await issueToken(tx, { purpose: 'customer.reset', subject: email, ttlMs: RESET_TTL_MS });
      return { customer, passwordToken };
    });
  } catch (err) {
    // The same email confirmed twice at once: the second finds the first's account.
    if (isUniqueViolation(err)) throw emailTaken();
    throw err;
  }
}

/** The person who proved the email, as the author of what confirming changes. */
const confirmationActor = (email: string): Actor => ({ type: 'customer', id: null, label: email });

async function accountOf(tx: Tx, customerId: string) {
  const [row] = await tx.select().from(customerAccounts).where(eq(customerAccounts.customerId, customerId));
  return row;
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

/** Password change attempts allowed per account in 15 minutes (each one checks a current password). */
export const PASSWORD_CHANGES_PER_15_MINUTES = 5;

/**
 * Changes the password of the signed-in customer, who must know the current one (a stolen
 * session alone cannot lock the owner out); attempts are limited per account. Every other
 * session of the customer ends, as do unused reset links; the session that made the change stays.
 */
export async function changePassword(
  db: Tx,
  customer: CustomerPrincipal,
  input: { currentPassword: string; newPassword: string; session: string | undefined },
): Promise<void> {
  // Every attempt counts, before the password is checked: guesses sent at once cannot all slip
  // under the limit.
  await hitRateLimit(db, {
    key: `password-change:customer:${customer.customerId}`,
    max: PASSWORD_CHANGES_PER_15_MINUTES,
    windowSeconds: 900,
  });
  const account = await accountOf(db, customer.customerId);
  if (!account || !(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw validationFailed([{ path: 'currentPassword', message: 'is not your current password' }]);
  }
  const problem = passwordProblem(input.newPassword, 'newPassword');
  if (problem) throw validationFailed([problem]);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(customerAccounts)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(customerAccounts.customerId, customer.customerId));
    await endSessionsOf(tx, 'customer', customer.customerId, input.session);
    await revokeTokens(tx, 'customer.reset', normaliseEmail(account.email));
  });
}

/**
 * Opens a confirmed online account for an existing customer, as if they had signed up and
 * confirmed: for the demo shop's shopper, who can sign in without a mailbox to read.
 */
export async function openConfirmedAccount(
  tx: Tx,
  input: { customerId: string; email: string; password: string },
): Promise<void> {
  checkNewPassword(input.password);
  await tx.insert(customerAccounts).values({
    customerId: input.customerId,
    email: normaliseEmail(input.email),
    passwordHash: await hashPassword(input.password),
  });
}
