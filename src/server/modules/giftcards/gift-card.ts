// Gift cards' pure rules: codes, masking, and what one ledger entry does to a card. No I/O.
import type {
  giftCardKindValues,
  giftCardStatusValues,
  ledgerKindValues,
} from '../../../contracts/giftcards.js';

export {
  giftCardKindValues as giftCardKinds,
  giftCardStatusValues as giftCardStatuses,
  ledgerKindValues as ledgerKinds,
} from '../../../contracts/giftcards.js';
export const giftCardSources = ['tandem', 'store'] as const;

export type GiftCardKind = (typeof giftCardKindValues)[number];
export type GiftCardStatus = (typeof giftCardStatusValues)[number];
export type LedgerKind = (typeof ledgerKindValues)[number];

/** Digits Tandem draws at random for a card it numbers, between the prefix and the check digit. */
export const RANDOM_DIGITS = 11;

/** How a code is compared: capitals, without the spaces and dashes people type or print. */
export const normaliseCode = (text: string) => text.replace(/[\s-]+/g, '').toUpperCase();

/** The Luhn check digit for a string of digits. */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // From the right, every other digit starting with the rightmost is doubled.
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export const isLuhnValid = (digits: string) =>
  /^\d{2,}$/.test(digits) && luhnCheckDigit(digits.slice(0, -1)) === digits.slice(-1);

/**
 * A 16-digit code: the store's 4-digit prefix, 11 digits from `randomDigit` (a CSPRNG in use,
 * anything in tests), and a Luhn check digit so that a mistyped digit is caught before lookup.
 */
export function newGiftCardCode(prefix: string, randomDigit: () => number): string {
  if (!/^\d{4}$/.test(prefix)) throw new Error('the serial prefix must be 4 digits');
  let body = prefix;
  for (let i = 0; i < RANDOM_DIGITS; i++) body += String(randomDigit());
  return body + luhnCheckDigit(body);
}

/** Why a physical card's serial cannot be used, or null: 8–20 letters or digits, as stores require. */
export function serialProblem(serial: string): string | null {
  const s = normaliseCode(serial);
  if (s.length < 8 || s.length > 20) return 'must be 8 to 20 letters or digits';
  if (!/^[A-Z0-9]+$/.test(s)) return 'must be letters and digits only';
  return null;
}

/** "•••• 4821": all a code shows outside its owner's own view and the moment of issue. */
export const maskedCode = (last4: string) => `•••• ${last4}`;

/** "6061 2345 6789 0123": a code as printed and emailed. */
export const groupedCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1 ');

export interface CardState {
  status: GiftCardStatus;
  balance: number;
}

export type EntryOutcome =
  | { ok: true; balance: number; status: GiftCardStatus }
  | { ok: false; code: 'insufficient_balance' | 'gift_card_inactive' | 'invalid_amount' };

/**
 * What one ledger entry does to a card: its balance and status after, or why it is refused. Only
 * an active card takes redemptions and reloads; nothing takes a card below zero; a void or an
 * expiry takes what is left and closes the card.
 */
export function applyEntry(card: CardState, kind: LedgerKind, amount: number): EntryOutcome {
  if (!Number.isInteger(amount)) return { ok: false, code: 'invalid_amount' };
  const after = card.balance + amount;
  switch (kind) {
    case 'issue':
    case 'import':
      if (amount < 0 || card.balance !== 0) return { ok: false, code: 'invalid_amount' };
      return { ok: true, balance: after, status: 'active' };
    case 'reload':
    case 'redeem':
      if (kind === 'reload' ? amount <= 0 : amount >= 0) return { ok: false, code: 'invalid_amount' };
      if (card.status !== 'active') return { ok: false, code: 'gift_card_inactive' };
      if (after < 0) return { ok: false, code: 'insufficient_balance' };
      return { ok: true, balance: after, status: card.status };
    case 'refund':
      // Money given back from an order returns to the card whatever its state, but a pending card
      // was never paid for, so nothing can have been spent from it.
      if (amount <= 0) return { ok: false, code: 'invalid_amount' };
      if (card.status === 'pending') return { ok: false, code: 'gift_card_inactive' };
      return { ok: true, balance: after, status: card.status };
    case 'adjust':
      if (amount === 0) return { ok: false, code: 'invalid_amount' };
      if (card.status === 'pending') return { ok: false, code: 'gift_card_inactive' };
      if (after < 0) return { ok: false, code: 'insufficient_balance' };
      return { ok: true, balance: after, status: card.status };
    case 'void':
    case 'expire':
      if (amount !== -card.balance) return { ok: false, code: 'invalid_amount' };
      return { ok: true, balance: 0, status: kind === 'void' ? 'disabled' : 'expired' };
  }
}
