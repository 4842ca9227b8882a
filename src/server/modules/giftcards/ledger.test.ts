import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpAllTables, openTestDatabase, type TestDatabase } from '../../../../test/helpers/database.js';
import { systemActor } from '../../platform/auth.js';
import { DomainError } from '../../platform/errors.js';
import {
  adjustGiftCard,
  redeemGiftCard,
  refundToGiftCard,
  reloadGiftCard,
  voidGiftCard,
} from './change-gift-card.js';
import { GiftCardVault } from './code-vault.js';
import { issueGiftCard } from './issue-gift-card.js';
import { giftCardEntries, giftCards } from './schema.js';

describe('the gift card ledger', () => {
  let t: TestDatabase;
  const vault = new GiftCardVault(randomBytes(32));
  const issued: string[] = [];
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t.close());

  const issue = (amount: number, serial?: string) =>
    t.database.db.transaction(async (tx) => {
      const card = await issueGiftCard(tx, vault, {
        amount,
        currency: 'USD',
        serial,
        serialPrefix: '6061',
        actor: systemActor,
      });
      issued.push(card.code);
      return card;
    });

  const ledgerOf = async (id: string) => {
    const { db } = t.database;
    const [card] = await db.select().from(giftCards).where(eq(giftCards.id, id));
    const [sum] = await db
      .select({ sum: sql<number>`coalesce(sum(${giftCardEntries.amount}), 0)::int` })
      .from(giftCardEntries)
      .where(eq(giftCardEntries.giftCardId, id));
    return { balance: card!.balance, status: card!.status, sum: sum!.sum };
  };

  it('keeps the cached balance equal to the ledger’s sum over random sequences, never below zero', async () => {
    const op = fc.record({
      kind: fc.constantFrom('reload', 'redeem', 'refund', 'adjust', 'void'),
      amount: fc.integer({ min: 1, max: 20_000 }),
      sign: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30_000 }),
        fc.array(op, { maxLength: 12 }),
        async (amount, ops) => {
          const card = await issue(amount);
          for (const o of ops) {
            await t.database.db
              .transaction(async (tx) => {
                const actor = systemActor;
                if (o.kind === 'reload') return reloadGiftCard(tx, card.id, { amount: o.amount, actor });
                if (o.kind === 'redeem')
                  return redeemGiftCard(tx, vault, {
                    code: card.code,
                    amount: o.amount,
                    currency: 'USD',
                    actor,
                  });
                if (o.kind === 'refund')
                  return refundToGiftCard(tx, card.id, { amount: o.amount, orderId: null, actor });
                if (o.kind === 'adjust')
                  return adjustGiftCard(tx, card.id, {
                    amount: o.sign ? o.amount : -o.amount,
                    reason: 'count',
                    actor,
                  });
                return voidGiftCard(tx, card.id, { reason: 'test', actor });
              })
              .catch((err: unknown) => {
                // Refusals (not enough left, card closed) are part of the game; anything else is not.
                if (!(err instanceof DomainError)) throw err;
              });
            const state = await ledgerOf(card.id);
            expect(state.balance).toBe(state.sum);
            expect(state.balance).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: t.url ? 150 : 250 },
    );
  });

  it('debits once when a redemption is replayed with its idempotency key', async () => {
    const card = await issue(5000);
    const redeem = () =>
      t.database.db.transaction((tx) =>
        redeemGiftCard(tx, vault, {
          code: card.code,
          amount: 1200,
          currency: 'USD',
          idempotencyKey: 'order-42-tender-1',
          actor: systemActor,
        }),
      );
    const first = await redeem();
    const again = await redeem();
    expect(again.entry.id).toBe(first.entry.id);
    expect(await ledgerOf(card.id)).toMatchObject({ balance: 3800, sum: 3800 });
  });

  it('finds a card by its code however it is typed, and refuses wrong codes and other currencies', async () => {
    const card = await issue(1000, 'phy-2024-0001');
    expect(card.code).toBe('PHY20240001');
    expect(card.kind).toBe('physical');
    const redeem = (code: string, currency = 'USD') =>
      t.database.db.transaction((tx) =>
        redeemGiftCard(tx, vault, { code, amount: 100, currency, actor: systemActor }),
      );
    expect((await redeem('PHY 2024 0001')).card.balance).toBe(900);
    await expect(redeem('PHY-2024-0002')).rejects.toMatchObject({ code: 'gift_card_not_found' });
    await expect(redeem('PHY-2024-0001', 'EUR')).rejects.toMatchObject({ code: 'gift_card_inactive' });
    await expect(issue(1000, 'PHY20240001')).rejects.toMatchObject({ code: 'conflict' });
    await expect(issue(1000, 'short')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('keeps no code in the clear anywhere in the database', async () => {
    expect(issued.length).toBeGreaterThan(100);
    const { text } = await dumpAllTables(t.database);
    expect(text).toContain('"last4"');
    const found = issued.filter((code) => text.includes(code));
    expect(found).toEqual([]);
  });
});
