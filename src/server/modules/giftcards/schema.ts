import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { giftCardKinds, giftCardSources, giftCardStatuses, ledgerKinds } from './gift-card.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const actorTypes = ['staff', 'api_token', 'system', 'customer'] as const;

/**
 * A gift card. Its balance is the sum of its ledger; `balance` keeps that sum, updated in the same
 * statement that appends an entry, and can never go below zero. The code is never stored in the
 * clear: sealed, plus a keyed hash to find it by, plus its last 4 characters to show.
 */
export const giftCards = pgTable(
  'gift_cards',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: giftCardKinds }).notNull(),
    status: text('status', { enum: giftCardStatuses }).notNull(),
    currency: text('currency').notNull(),
    codeSealed: text('code_sealed').notNull(),
    codeHash: text('code_hash').notNull(),
    last4: text('last4').notNull(),
    customerId: text('customer_id'),
    ownerEmail: text('owner_email'),
    source: text('source', { enum: giftCardSources }).notNull().default('tandem'),
    notes: text('notes'),
    /** The sender's message, as sanitised HTML, and who it is from. */
    message: text('message'),
    senderName: text('sender_name'),
    /** What it was issued for, and the order that sold it, if one did. */
    initialAmount: integer('initial_amount').notNull(),
    orderId: text('order_id'),
    balance: integer('balance').notNull().default(0),
    actorType: text('actor_type', { enum: actorTypes }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('gift_cards_code_hash').on(t.codeHash),
    index('gift_cards_created').on(t.createdAt, t.id),
    index('gift_cards_last4').on(t.last4),
    index('gift_cards_owner_email').on(sql`lower(${t.ownerEmail})`),
    index('gift_cards_customer').on(t.customerId),
    index('gift_cards_order').on(t.orderId),
    check('gift_cards_balance', sql`${t.balance} >= 0`),
  ],
);

/** Every change to a card's balance, appended, never edited. */
export const giftCardEntries = pgTable(
  'gift_card_entries',
  {
    id: text('id').primaryKey(),
    giftCardId: text('gift_card_id')
      .notNull()
      .references(() => giftCards.id),
    kind: text('kind', { enum: ledgerKinds }).notNull(),
    /** Signed: what came onto the card (+) or off it (−). */
    amount: integer('amount').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    reason: text('reason'),
    orderId: text('order_id'),
    /** The connected store's own reference for a change that came from (or went to) it. */
    syncRef: text('sync_ref'),
    /** A movement asked twice with the same key is made once. */
    idempotencyKey: text('idempotency_key'),
    actorType: text('actor_type', { enum: actorTypes }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('gift_card_entries_card').on(t.giftCardId, t.id),
    index('gift_card_entries_order').on(t.orderId),
    uniqueIndex('gift_card_entries_idempotency').on(t.giftCardId, t.idempotencyKey),
    check('gift_card_entries_balance', sql`${t.balanceAfter} >= 0`),
  ],
);
