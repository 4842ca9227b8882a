import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, staffSession, type TestApp } from '../helpers/app.js';

/**
 * The statements one register sale sends to the database, from the cashier's request to the
 * answer: session, idempotency key, catalogue, card intent and result, the order's transaction.
 * The budget is 20.
 */
describe('a register sale’s SQL', () => {
  let t: TestApp;
  let cashier: Awaited<ReturnType<typeof staffSession>>;
  const statements: string[] = [];
  let counting = false;
  const itemIds: string[] = [];
  let token = '';

  beforeAll(async () => {
    t = await openTestApp({ onQuery: (q) => counting && statements.push(q) });
    const manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
    for (const n of [1, 2, 3]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/items',
        headers: manager.headers,
        payload: {
          kind: 'product',
          sku: `S-${n}`,
          name: `Stocked ${n}`,
          price: 1000 * n,
          cost: 400,
          taxRate: 825,
          trackStock: true,
          initialStock: 10,
        },
      });
      expect(res.statusCode).toBe(201);
      itemIds.push(res.json().id);
    }
    token = await t.deps.gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
  });
  afterAll(() => t.close());

  const sale = (key: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/pos/sales',
      headers: { ...cashier.headers, 'idempotency-key': key },
      payload: {
        lines: itemIds.map((itemId) => ({ itemId, quantity: 1 })),
        payments: [{ method: 'card', amount: 6496, cardToken: token, expiry: '1230' }],
      },
    });

  it('3 stocked lines paid by card take at most 20 statements', async () => {
    expect((await sale('warm-up')).statusCode).toBe(201);
    statements.length = 0;
    counting = true;
    const res = await sale('counted');
    counting = false;
    expect(res.statusCode).toBe(201);
    // 10 + 20 + 30, each line taxed 8.25 % and rounded: 10.83 + 21.65 + 32.48.
    expect(res.json().total).toBe(6496);
    // What the query builder sends, plus BEGIN and COMMIT of the order's one transaction.
    const sent = statements.length + 2;
    const listing = statements.map((q) => q.slice(0, 90)).join('\n');
    expect(sent, listing).toBeLessThanOrEqual(20);
    // The card's intent is written before the gateway is called, and its answer after, one
    // statement each; the order is one transaction.
    const intent = statements.findIndex((q) => /insert into "payments"/.test(q));
    const answer = statements.findIndex((q) => /update "payments"/.test(q) && /payment_operations/.test(q));
    const order = statements.findIndex((q) => /insert into "orders"/.test(q));
    expect(intent).toBeGreaterThan(-1);
    expect(/insert into "payment_operations"/.test(statements[intent]!)).toBe(true);
    expect(answer).toBeGreaterThan(intent);
    expect(order).toBeGreaterThan(answer);
  });
});
