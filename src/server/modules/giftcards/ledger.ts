import { and, eq, sql } from 'drizzle-orm';
import { type Actor, actorColumns } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { formatMoney } from '../../platform/money.js';
import type { GiftCardVault } from './code-vault.js';
import { applyEntry, type LedgerKind } from './gift-card.js';
import type { CardRow, EntryRow } from './gift-cards.js';
import { giftCardEntries, giftCards } from './schema.js';

/** The card, locked for the rest of `tx`: movements on one card run one after the other. */
export async function lockCard(tx: Tx, id: string): Promise<CardRow> {
  const [card] = await tx.select().from(giftCards).where(eq(giftCards.id, id)).for('update');
  if (!card) throw notFound('No such gift card.');
  return card;
}

/**
 * The card a typed or scanned code belongs to, locked. Found by the code's keyed hash, then the
 * sealed code is compared in constant time; an unknown code is 404 `gift_card_not_found`.
 */
export async function lockCardByCode(tx: Tx, vault: GiftCardVault, code: string): Promise<CardRow> {
  const [card] = await tx
    .select()
    .from(giftCards)
    .where(eq(giftCards.codeHash, vault.lookupHash(code)))
    .for('update');
  if (!card || !vault.matches(card.codeSealed, code)) {
    throw new DomainError('not_found', 'gift_card_not_found', 'No gift card has this code.');
  }
  return card;
}

export interface Movement {
  kind: LedgerKind;
  /** Signed: onto the card (+) or off it (−). */
  amount: number;
  reason?: string | null;
  orderId?: string | null;
  syncRef?: string | null;
  /** The same key on the same card moves the balance once; a replay answers the first entry. */
  idempotencyKey?: string | null;
  actor: Actor;
  at?: Date;
}

const refusals = {
  insufficient_balance: (card: CardRow) =>
    new DomainError(
      'conflict',
      'insufficient_balance',
      `The gift card •••• ${card.last4} has ${formatMoney(card.balance, card.currency)} left.`,
    ),
  gift_card_inactive: (card: CardRow) =>
    new DomainError('conflict', 'gift_card_inactive', `The gift card •••• ${card.last4} is ${card.status}.`),
  invalid_amount: () =>
    new DomainError('invalid_input', 'validation_failed', 'That amount cannot be moved on this card.', {
      errors: [{ path: 'amount', message: 'is not possible for this card' }],
    }),
};

/**
 * Appends one entry to a card locked in `tx` and moves its cached balance with it. The update is
 * guarded too (`balance + amount >= 0`, and the CHECK behind it), so even a caller that forgot
 * the lock could not overdraw the card.
 */
export async function appendEntry(
  tx: Tx,
  card: CardRow,
  movement: Movement,
): Promise<{ card: CardRow; entry: EntryRow; replayed: boolean }> {
  if (movement.idempotencyKey) {
    const [earlier] = await tx
      .select()
      .from(giftCardEntries)
      .where(
        and(
          eq(giftCardEntries.giftCardId, card.id),
          eq(giftCardEntries.idempotencyKey, movement.idempotencyKey),
        ),
      );
    if (earlier) return { card, entry: earlier, replayed: true };
  }
  const outcome = applyEntry(card, movement.kind, movement.amount);
  if (!outcome.ok) throw refusals[outcome.code](card);
  const at = movement.at ?? new Date();
  const [moved] = await tx
    .update(giftCards)
    .set({ balance: sql`${giftCards.balance} + ${movement.amount}`, status: outcome.status, updatedAt: at })
    .where(and(eq(giftCards.id, card.id), sql`${giftCards.balance} + ${movement.amount} >= 0`))
    .returning({ balance: giftCards.balance });
  if (!moved) throw refusals.insufficient_balance(card);
  const [entry] = await tx
    .insert(giftCardEntries)
    .values({
      id: newId('gce'),
      giftCardId: card.id,
      kind: movement.kind,
      amount: movement.amount,
      balanceAfter: moved.balance,
      reason: movement.reason ?? null,
      orderId: movement.orderId ?? null,
      syncRef: movement.syncRef ?? null,
      idempotencyKey: movement.idempotencyKey ?? null,
      ...actorColumns(movement.actor),
      createdAt: at,
    })
    .returning();
  if (!entry) throw refusals.insufficient_balance(card);
  return {
    card: { ...card, balance: entry.balanceAfter, status: outcome.status, updatedAt: at },
    entry,
    replayed: false,
  };
}
