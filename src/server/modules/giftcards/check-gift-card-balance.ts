import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { checkRateLimit, hitRateLimit } from '../../platform/rate-limit.js';
import type { GiftCardVault } from './code-vault.js';
import type { GiftCardStatus } from './gift-card.js';
import { giftCards } from './schema.js';

/** Balance checks allowed per IP address per minute, and failed ones per hour. */
export const BALANCE_CHECKS_PER_MINUTE = 5;
export const FAILED_BALANCE_CHECKS_PER_HOUR = 20;

export interface BalanceCheck {
  code: string;
  ip: string;
  /** Told of each failed lookup (a metric and a log line, never the code). */
  onFailure: () => void;
  now?: Date;
}

/**
 * A shopper's balance check. Codes are long and random, but a check is still an oracle, so it is
 * limited per IP (5 a minute, 20 failures an hour), and a code that does not exist and one that
 * cannot be used get the very same answer, so the check cannot tell which codes exist.
 */
const failedChecksOf = (ip: string) => ({
  key: `gift-card-balance-failed:ip:${ip}`,
  max: FAILED_BALANCE_CHECKS_PER_HOUR,
  windowSeconds: 3600,
});

/**
 * Codes tried elsewhere without an account (a guest's checkout) share the balance check's budget of
 * failures per address: refused once it is spent, and each code that did not work counted.
 */
export const giftCardGuesses = {
  allowed: (db: Tx, ip: string, now = new Date()) => checkRateLimit(db, failedChecksOf(ip), now),
  failed: async (db: Tx, ip: string, count: number, now = new Date()) => {
    for (let i = 0; i < count; i++) {
      await hitRateLimit(db, { ...failedChecksOf(ip), max: Number.MAX_SAFE_INTEGER }, now);
    }
  },
};

export async function checkGiftCardBalance(
  db: Tx,
  vault: GiftCardVault,
  input: BalanceCheck,
): Promise<{ balance: number; currency: string; status: GiftCardStatus }> {
  const now = input.now ?? new Date();
  const failedKey = failedChecksOf(input.ip);
  await checkRateLimit(db, failedKey, now);
  await hitRateLimit(
    db,
    { key: `gift-card-balance:ip:${input.ip}`, max: BALANCE_CHECKS_PER_MINUTE, windowSeconds: 60 },
    now,
  );
  const [card] = await db
    .select({
      codeSealed: giftCards.codeSealed,
      status: giftCards.status,
      balance: giftCards.balance,
      currency: giftCards.currency,
    })
    .from(giftCards)
    .where(eq(giftCards.codeHash, vault.lookupHash(input.code)));
  if (card?.status !== 'active' || !vault.matches(card.codeSealed, input.code)) {
    input.onFailure();
    await hitRateLimit(db, { ...failedKey, max: Number.MAX_SAFE_INTEGER }, now);
    throw new DomainError('not_found', 'gift_card_not_found', 'No gift card in use has this code.');
  }
  return { balance: card.balance, currency: card.currency, status: card.status };
}
