import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderLines, payments } from '../../src/server/tables.js';
import { customerSession, openTestApp, staffSession, type TestApp } from '../helpers/app.js';

// Real transactions racing on a PostgreSQL server: the embedded database runs one at a time.
describe('online checkouts racing for the last units (PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(() => t.close());

  it('200 shoppers, 5 on hand: exactly 5 orders, stock 0, no charge left for the others', async () => {
    const manager = await staffSession(t, 'manager');
    // 200 shoppers (each may only try so many checkouts an hour).
    const shoppers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => customerSession(t, `Race Shopper ${i}`)),
    );
    const shopperIds = shoppers.map((s) => s.customer.id);
    const post = (url: string, payload: object, headers: Record<string, string>, key: string) =>
      t.app.inject({ method: 'POST', url, headers: { ...headers, 'idempotency-key': key }, payload });
    const item = (
      await post(
        '/api/admin/items',
        {
          kind: 'product',
          sku: 'LAST-5',
          name: 'Limited palette',
          price: 4900,
          cost: 2000,
          taxRate: 0,
          trackStock: true,
        },
        manager.headers,
        'item',
      )
    ).json();
    await post(
      `/api/admin/items/${item.id}/stock-adjustments`,
      { delta: 5, reason: 'In', kind: 'receive' },
      manager.headers,
      'stock',
    );
    const token = await t.deps.gateway.tokenize({ number: '4111111111111111', expiry: '1230' });

    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post(
          '/api/store/checkout',
          { lines: [{ itemId: item.id, quantity: 1 }], payment: { cardToken: token, expiry: '1230' } },
          shoppers[i]!.headers,
          `race-${i}`,
        ),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(195);
    for (const a of answers.filter((x) => x.statusCode === 409))
      expect(a.json().code).toBe('insufficient_stock');

    const { db } = t.deps.database;
    const sold = await db
      .select({ orderId: orderLines.orderId })
      .from(orderLines)
      .where(eq(orderLines.itemId, item.id));
    expect(sold).toHaveLength(5);
    expect(
      (
        await t.app.inject({ method: 'GET', url: `/api/admin/items/${item.id}`, headers: manager.headers })
      ).json().stock,
    ).toBe(0);

    // Money taken only for the 5 orders; every other authorisation was voided.
    const charged = await db
      .select({ id: payments.id, orderId: payments.orderId })
      .from(payments)
      .where(
        and(inArray(payments.customerId, shopperIds), inArray(payments.status, ['captured', 'authorized'])),
      );
    expect(charged).toHaveLength(5);
    expect(new Set(charged.map((p) => p.orderId))).toEqual(new Set(sold.map((s) => s.orderId)));
    const [left] = await db
      .select({ n: sql<number>`count(*)` })
      .from(payments)
      .where(
        and(inArray(payments.customerId, shopperIds), sql`${payments.status} not in ('captured', 'voided')`),
      );
    expect(Number(left!.n)).toBe(0);
  });
});
