import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { giftCardEntries, giftCards, orders } from '../../src/server/tables.js';
import { openTestApp, staffSession, type TestApp } from '../helpers/app.js';

// Real transactions racing on a PostgreSQL server: the embedded database runs one at a time.
describe('redemptions racing for one gift card (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(() => t.close());

  it('100 sales at once against 100.00: never more than the balance, each accepted one in the ledger once', async () => {
    const manager = await staffSession(t, 'manager');
    const cashier = await staffSession(t, 'cashier');
    const post = (url: string, payload: object, headers: Record<string, string>, key: string) =>
      t.app.inject({ method: 'POST', url, headers: { ...headers, 'idempotency-key': key }, payload });
    const item = (
      await post(
        '/api/admin/items',
        { kind: 'service', sku: 'BLOW', name: 'Blow-dry', price: 300, cost: 0, taxRate: 0 },
        manager.headers,
        'item',
      )
    ).json();
    const card = (await post('/api/admin/gift-cards', { amount: 10_000 }, manager.headers, 'card')).json();

    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        post(
          '/api/pos/sales',
          {
            lines: [{ itemId: item.id, quantity: 1 }],
            payments: [{ method: 'gift_card', code: card.code, amount: 300 }],
          },
          cashier.headers,
          `race-${i}`,
        ),
      ),
    );
    const sold = answers.filter((a) => a.statusCode === 201);
    const refused = answers.filter((a) => a.statusCode !== 201);
    expect(sold).toHaveLength(33);
    expect(new Set(refused.map((a) => a.json().code))).toEqual(new Set(['insufficient_balance']));

    const { db } = t.deps.database;
    const [row] = await db.select().from(giftCards).where(eq(giftCards.id, card.id));
    expect(row!.balance).toBe(100);
    const redemptions = await db
      .select({ orderId: giftCardEntries.orderId, amount: giftCardEntries.amount })
      .from(giftCardEntries)
      .where(sql`${giftCardEntries.giftCardId} = ${card.id} and ${giftCardEntries.kind} = 'redeem'`);
    expect(redemptions).toHaveLength(33);
    expect(new Set(redemptions.map((r) => r.orderId))).toEqual(new Set(sold.map((a) => a.json().id)));
    const [{ sum }] = (await db
      .select({ sum: sql<number>`sum(${giftCardEntries.amount})::int` })
      .from(giftCardEntries)
      .where(eq(giftCardEntries.giftCardId, card.id))) as [{ sum: number }];
    expect(sum).toBe(100);
    const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(orders)) as [{ n: number }];
    expect(n).toBe(33);
  });
});
