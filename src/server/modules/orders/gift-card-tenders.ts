import type { FieldError } from '../../../contracts/common.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { type GiftCardVault, giftCardByCode, normaliseCode, redeemGiftCard } from '../giftcards/index.js';
import type { PlaceOrderInput } from './place-order.js';

export interface PlannedGiftCardPayment {
  code: string;
  amount: number;
  giftCardId: string;
  last4: string;
}

export interface GiftCardPayment {
  code: string;
  /** What to take off the card; for a code given without an amount, what is on it. */
  amount: number | 'balance';
  /** Where the code is in the request, e.g. `payments.1.code`. */
  path: string;
}

/**
 * Checks gift card payments before anything is charged: each code is a card in use in the
 * store's currency with enough on it. Answers what each will take (codes given without an amount
 * take what is on the card, up to what is left to pay). The order's transaction checks again.
 */
export async function planGiftCardPayments(
  db: Tx,
  vault: GiftCardVault,
  payments: readonly GiftCardPayment[],
  context: {
    currency: string;
    payable: number;
    money: (minor: number) => string;
    /**
     * For shoppers: a card that exists but cannot be used (disabled, expired, pending, another
     * currency) answers exactly as a code that is no card, so that codes cannot be probed. Staff
     * at the register are told why.
     */
    unusableAsUnknown?: boolean;
  },
  errors: FieldError[],
): Promise<PlannedGiftCardPayment[]> {
  const planned: PlannedGiftCardPayment[] = [];
  let left = context.payable;
  const seen = new Set<string>();
  const typed = new Set<string>();
  for (const p of payments) {
    // The same code typed twice is refused before it is looked up, so the answer is the same
    // whether or not it is a card's code.
    const code = normaliseCode(p.code);
    if (typed.has(code)) {
      errors.push({ path: p.path, message: 'is the same card twice' });
      continue;
    }
    typed.add(code);
    const card = await giftCardByCode(db, vault, p.code);
    const usable = card?.status === 'active' && card.currency === context.currency;
    if (context.unusableAsUnknown && !usable) {
      errors.push({ path: p.path, message: 'is not the code of a gift card in use' });
      continue;
    }
    if (!card) {
      errors.push({ path: p.path, message: 'is not a gift card’s code' });
      continue;
    }
    if (seen.has(card.id)) {
      errors.push({ path: p.path, message: 'is the same card twice' });
      continue;
    }
    seen.add(card.id);
    // The detail also goes in `errors` with the payment's path, so a screen can show it beside it.
    if (!usable) {
      const detail =
        card.status !== 'active'
          ? `The gift card •••• ${card.last4} is ${card.status}.`
          : `The gift card •••• ${card.last4} is in ${card.currency}.`;
      throw new DomainError('conflict', 'gift_card_inactive', detail, {
        errors: [{ path: p.path, message: detail }],
      });
    }
    const amount = p.amount === 'balance' ? Math.min(card.balance, left) : p.amount;
    if (card.balance < amount) {
      const detail = `The gift card •••• ${card.last4} has ${context.money(card.balance)} left; the payment is ${context.money(amount)}.`;
      throw new DomainError('conflict', 'insufficient_balance', detail, {
        errors: [{ path: p.path, message: detail }],
      });
    }
    if (amount > 0) planned.push({ code: p.code, amount, giftCardId: card.id, last4: card.last4 });
    left -= amount;
  }
  if (left < 0) {
    // A gift card buys goods and services, not other gift cards.
    errors.push({
      path: payments[0]?.path.replace(/\.\d+\.code$|\.\d+$/, '') ?? 'payments',
      message: `gift cards can pay at most ${context.money(context.payable)} of this order (not for gift cards)`,
    });
  }
  return planned;
}

/** The order's tenders for the planned gift card payments. */
export const giftCardTenders = (planned: readonly PlannedGiftCardPayment[]): PlaceOrderInput['tenders'] =>
  planned.map((p) => ({
    method: 'gift_card' as const,
    amount: p.amount,
    giftCardId: p.giftCardId,
    label: `by gift card •••• ${p.last4}`,
  }));

/**
 * Takes the planned gift card payments off their cards in the order's transaction. Called last in
 * it, so that a busy card is locked only for its own update and the commit.
 */
export async function redeemGiftCardPayments(
  tx: Tx,
  vault: GiftCardVault,
  planned: readonly PlannedGiftCardPayment[],
  context: { orderId: string; currency: string; actor: Actor; at?: Date },
): Promise<void> {
  for (const [i, p] of planned.entries()) {
    const { card } = await redeemGiftCard(tx, vault, {
      code: p.code,
      amount: p.amount,
      currency: context.currency,
      orderId: context.orderId,
      idempotencyKey: `order:${context.orderId}:gift-card:${i}`,
      actor: context.actor,
      ...(context.at ? { at: context.at } : {}),
    });
    // The code found the same card as when the sale was checked.
    if (card.id !== p.giftCardId) throw new Error('a gift card code changed cards during the sale');
  }
}
