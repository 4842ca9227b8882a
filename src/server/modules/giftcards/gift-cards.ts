import type { GiftCard, LedgerEntry } from '../../../contracts/giftcards.js';
import { maskedCode } from './gift-card.js';
import type { giftCardEntries, giftCards } from './schema.js';

export type CardRow = typeof giftCards.$inferSelect;
export type EntryRow = typeof giftCardEntries.$inferSelect;

export const toGiftCard = (row: CardRow): GiftCard => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  currency: row.currency,
  maskedCode: maskedCode(row.last4),
  last4: row.last4,
  balance: row.balance,
  initialAmount: row.initialAmount,
  customerId: row.customerId,
  ownerEmail: row.ownerEmail,
  source: row.source,
  notes: row.notes,
  message: row.message,
  senderName: row.senderName,
  orderId: row.orderId,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const toLedgerEntry = (row: EntryRow): LedgerEntry => ({
  id: row.id,
  kind: row.kind,
  amount: row.amount,
  balanceAfter: row.balanceAfter,
  reason: row.reason,
  orderId: row.orderId,
  actor: row.actorLabel,
  at: row.createdAt.toISOString(),
});
