import { eq } from 'drizzle-orm';
import type { GiftCard, LedgerEntry } from '../../../contracts/giftcards.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, validationFailed } from '../../platform/errors.js';
import { formatMoney } from '../../platform/money.js';
import { recordAudit } from '../audit/index.js';
import type { GiftCardVault } from './code-vault.js';
import { toGiftCard, toLedgerEntry } from './gift-cards.js';
import { appendEntry, lockCard, lockCardByCode } from './ledger.js';
import { giftCards } from './schema.js';

export interface Moved {
  card: GiftCard;
  entry: LedgerEntry;
}

const answer = (moved: Awaited<ReturnType<typeof appendEntry>>): Moved => ({
  card: toGiftCard(moved.card),
  entry: toLedgerEntry(moved.entry),
});

export interface RedeemInput {
  code: string;
  amount: number;
  currency: string;
  orderId?: string | null;
  idempotencyKey?: string | null;
  actor: Actor;
  /** When it happened, if not now (the demo shop's past). */
  at?: Date;
}

/** Takes `amount` off the card with this code, at most once per idempotency key; safe to retry. */
export async function redeemGiftCard(tx: Tx, vault: GiftCardVault, input: RedeemInput): Promise<Moved> {
  const card = await lockCardByCode(tx, vault, input.code);
  if (card.currency !== input.currency) {
    throw new DomainError(
      'conflict',
      'gift_card_inactive',
      `The gift card •••• ${card.last4} is in ${card.currency}.`,
    );
  }
  return answer(
    await appendEntry(tx, card, {
      kind: 'redeem',
      amount: -input.amount,
      orderId: input.orderId ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      actor: input.actor,
      ...(input.at ? { at: input.at } : {}),
    }),
  );
}

/** Staff add money to a card (a customer topping it up at the counter). */
export async function reloadGiftCard(
  tx: Tx,
  id: string,
  input: { amount: number; reason?: string | undefined; actor: Actor; maxBalance?: number },
): Promise<Moved> {
  const card = await lockCard(tx, id);
  // Checked under the lock: two reloads at once cannot take a card past the store's maximum.
  if (input.maxBalance !== undefined && card.balance + input.amount > input.maxBalance) {
    throw validationFailed([
      { path: 'amount', message: `would take the card over ${formatMoney(input.maxBalance, card.currency)}` },
    ]);
  }
  return answer(
    await appendEntry(tx, card, {
      kind: 'reload',
      amount: input.amount,
      reason: input.reason ?? null,
      actor: input.actor,
    }),
  );
}

/** Staff correct a balance, up or down, saying why. */
export async function adjustGiftCard(
  tx: Tx,
  id: string,
  input: { amount: number; reason: string; actor: Actor },
): Promise<Moved> {
  const card = await lockCard(tx, id);
  return answer(
    await appendEntry(tx, card, {
      kind: 'adjust',
      amount: input.amount,
      reason: input.reason,
      actor: input.actor,
    }),
  );
}

/** Money given back from an order that was paid with this card goes back onto it. */
export async function refundToGiftCard(
  tx: Tx,
  id: string,
  input: { amount: number; orderId: string | null; reason?: string | null; actor: Actor },
): Promise<Moved> {
  const card = await lockCard(tx, id);
  return answer(
    await appendEntry(tx, card, {
      kind: 'refund',
      amount: input.amount,
      orderId: input.orderId,
      reason: input.reason ?? null,
      actor: input.actor,
    }),
  );
}

/** Takes what is left off a card and closes it (a card sold by an order that was refunded). */
export async function voidGiftCard(
  tx: Tx,
  id: string,
  input: { reason: string; orderId?: string | null; actor: Actor },
): Promise<Moved> {
  const card = await lockCard(tx, id);
  return answer(
    await appendEntry(tx, card, {
      kind: 'void',
      amount: -card.balance,
      reason: input.reason,
      orderId: input.orderId ?? null,
      actor: input.actor,
    }),
  );
}

/**
 * Opens a card again that a refund closed when the money did not go back after all (the gateway
 * refused it): what the void took is put back on the card, which takes payments again.
 */
export async function reinstateGiftCard(
  tx: Tx,
  id: string,
  input: { amount: number; reason: string; orderId: string | null; actor: Actor },
): Promise<Moved> {
  const card = await lockCard(tx, id);
  const moved = await appendEntry(tx, card, {
    kind: 'adjust',
    amount: input.amount,
    reason: input.reason,
    orderId: input.orderId,
    actor: input.actor,
  });
  const [row] = await tx
    .update(giftCards)
    .set({ status: 'active', updatedAt: new Date() })
    .where(eq(giftCards.id, id))
    .returning();
  return { card: toGiftCard(row!), entry: toLedgerEntry(moved.entry) };
}

/**
 * Disables a card (lost, stolen, disputed) or enables it again. Its balance is kept; a disabled
 * card takes no redemption or reload. Written to the audit log.
 */
export async function setGiftCardStatus(
  tx: Tx,
  id: string,
  input: { status: 'active' | 'disabled'; reason?: string | undefined; actor: Actor },
): Promise<GiftCard> {
  const card = await lockCard(tx, id);
  if (card.status === input.status) return toGiftCard(card);
  if (card.status !== 'active' && card.status !== 'disabled') {
    throw new DomainError(
      'conflict',
      'gift_card_inactive',
      `A card that is ${card.status} cannot be changed.`,
    );
  }
  const [row] = await tx
    .update(giftCards)
    .set({ status: input.status, updatedAt: new Date() })
    .where(eq(giftCards.id, id))
    .returning();
  await recordAudit(tx, input.actor, {
    action: input.status === 'active' ? 'gift_card.enabled' : 'gift_card.disabled',
    entity: 'gift_card',
    entityId: id,
    changes: {
      status: { from: card.status, to: input.status },
      ...(input.reason ? { reason: input.reason } : {}),
    },
  });
  return toGiftCard(row!);
}
