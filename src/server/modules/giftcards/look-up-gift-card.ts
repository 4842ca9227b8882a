import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { checkRateLimit, hitRateLimit } from '../../platform/rate-limit.js';
import type { GiftCardVault } from './code-vault.js';
import { type GiftCardStatus, maskedCode } from './gift-card.js';
import { giftCards } from './schema.js';

/** Lookups allowed per staff member per minute, and lookups of unknown codes per hour. */
export const STAFF_LOOKUPS_PER_MINUTE = 20;
export const FAILED_STAFF_LOOKUPS_PER_HOUR = 30;

export interface StaffLookup {
  code: string;
  /** The staff member asking (an API token counts against the person who made it). */
  staffId: string;
  now?: Date;
}

export interface LookedUpGiftCard {
  id: string;
  maskedCode: string;
  balance: number;
  currency: string;
  status: GiftCardStatus;
}

/**
 * A gift card handed over at the register, looked up when it is added as a payment so the cashier
 * sees its balance and status before completing the sale. Staff are told a card's status (a
 * customer is not), but the lookup is still an oracle for codes: it is limited per staff member,
 * with a tighter limit on codes that match no card.
 */
export async function lookUpGiftCard(
  db: Tx,
  vault: GiftCardVault,
  input: StaffLookup,
): Promise<LookedUpGiftCard> {
  const now = input.now ?? new Date();
  const failedKey = {
    key: `gift-card-lookup-failed:staff:${input.staffId}`,
    max: FAILED_STAFF_LOOKUPS_PER_HOUR,
    windowSeconds: 3600,
  };
  await checkRateLimit(db, failedKey, now);
  await hitRateLimit(
    db,
    { key: `gift-card-lookup:staff:${input.staffId}`, max: STAFF_LOOKUPS_PER_MINUTE, windowSeconds: 60 },
    now,
  );
  const [card] = await db
    .select({
      id: giftCards.id,
      codeSealed: giftCards.codeSealed,
      last4: giftCards.last4,
      status: giftCards.status,
      balance: giftCards.balance,
      currency: giftCards.currency,
    })
    .from(giftCards)
    .where(eq(giftCards.codeHash, vault.lookupHash(input.code)));
  if (!card || !vault.matches(card.codeSealed, input.code)) {
    await hitRateLimit(db, { ...failedKey, max: Number.MAX_SAFE_INTEGER }, now);
    throw new DomainError('not_found', 'gift_card_not_found', 'No gift card has this code.');
  }
  return {
    id: card.id,
    maskedCode: maskedCode(card.last4),
    balance: card.balance,
    currency: card.currency,
    status: card.status,
  };
}
