import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, payments, stockMovements } from '../../src/server/tables.js';
import { customerSession, ORIGIN, openTestApp, staffSession, type TestApp } from '../helpers/app.js';

type Headers = Record<string, string>;

describe('register sales', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let cashier: { headers: Headers };
  let shampoo: { id: string };
  let cut: { id: string };

  const post = (url: string, payload: unknown, headers: Headers, key?: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: key ? { ...headers, 'idempotency-key': key } : headers,
      payload: payload as object,
    });
  const get = (url: string, headers: Headers = manager.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  const stockOf = async (id: string) => (await get(`/api/admin/items/${id}`)).json().stock as number;
  const orderCount = async () =>
    Number((await t.deps.database.db.select({ n: sql<number>`count(*)` }).from(orders))[0]!.n);
  async function tokenize(number: string) {
    const res = await post(
      '/api/payments/tokenize',
      { number, expiry: '1230', cvv: '123' },
      { origin: ORIGIN },
    );
    expect(res.statusCode).toBe(200);
    return res.json().token as string;
  }

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
    const created = await post(
      '/api/admin/items',
      {
        kind: 'product',
        sku: 'SH-1',
        name: 'Argan shampoo',
        price: 1850,
        cost: 700,
        taxRate: 825,
        trackStock: true,
      },
      manager.headers,
    );
    expect(created.statusCode).toBe(201);
    shampoo = created.json();
    cut = (
      await post(
        '/api/admin/items',
        { kind: 'service', sku: 'CUT', name: 'Haircut', price: 4500, cost: 0, taxRate: 0 },
        manager.headers,
      )
    ).json();
    expect(
      (
        await post(
          `/api/admin/items/${shampoo.id}/stock-adjustments`,
          { delta: 10, reason: 'Delivery', kind: 'receive' },
          manager.headers,
        )
      ).statusCode,
    ).toBe(201);
  });
  afterAll(() => t.close());

  it('sells two items paid partly in cash (with change) and partly by card', async () => {
    // 2 × 18.50 + 8.25 % tax = 40.05; haircut 45.00, no tax: 85.05 in all.
    const token = await tokenize('4111111111111111');
    const sale = {
      lines: [
        { itemId: shampoo.id, quantity: 2 },
        { itemId: cut.id, quantity: 1 },
      ],
      payments: [
        { method: 'card', amount: 5005, cardToken: token, expiry: '1230' },
        { method: 'cash', amount: 4000 },
      ],
    };
    const res = await post('/api/pos/sales', sale, cashier.headers, 'sale-1');
    expect(res.statusCode).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({
      channel: 'in_store',
      paymentStatus: 'paid',
      fulfillmentStatus: 'picked_up',
      subtotal: 8200,
      tax: 305,
      total: 8505,
      change: 500,
    });
    expect(order.number).toBeGreaterThanOrEqual(1001);
    expect(order.tenders).toEqual([
      expect.objectContaining({ method: 'cash', amount: 3500, tendered: 4000, change: 500 }),
      expect.objectContaining({ method: 'card', amount: 5005, card: 'Visa •••• 1111' }),
    ]);
    expect(order.history[0]).toMatchObject({ kind: 'created', actor: expect.stringContaining('cashier') });
    expect(await stockOf(shampoo.id)).toBe(8);

    // The card payment knows its order; the stock movement names it.
    const [payment] = await t.deps.database.db
      .select()
      .from(payments)
      .where(eq(payments.id, order.tenders[1].paymentId));
    expect(payment).toMatchObject({ orderId: order.id, status: 'captured', capturedAmount: 5005 });
    const moved = await t.deps.database.db
      .select()
      .from(stockMovements)
      .where(eq(stockMovements.orderId, order.id));
    expect(moved.map((m) => [m.kind, m.quantity])).toEqual([['sale', -2]]);

    // The same request again answers the same sale and charges nothing more.
    const again = await post('/api/pos/sales', sale, cashier.headers, 'sale-1');
    expect(again.json().id).toBe(order.id);
    expect(await stockOf(shampoo.id)).toBe(8);
    expect((await get(`/api/admin/orders/${order.id}`, cashier.headers)).json().total).toBe(8505);
  });

  it('refuses payments short of the total, and lines it cannot sell, changing nothing', async () => {
    const before = await orderCount();
    const short = await post(
      '/api/pos/sales',
      { lines: [{ itemId: cut.id, quantity: 1 }], payments: [{ method: 'cash', amount: 4499 }] },
      cashier.headers,
    );
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'payments' }] });

    const overCharged = await post(
      '/api/pos/sales',
      {
        lines: [{ itemId: cut.id, quantity: 1 }],
        payments: [
          { method: 'card', amount: 5000, cardToken: await tokenize('4111111111111111'), expiry: '1230' },
        ],
      },
      cashier.headers,
    );
    expect(overCharged.statusCode).toBe(400);

    const unknown = await post(
      '/api/pos/sales',
      { lines: [{ itemId: 'itm_nope', quantity: 1 }], payments: [{ method: 'cash', amount: 100 }] },
      cashier.headers,
    );
    expect(unknown.json().errors).toEqual([
      { path: 'lines.0.itemId', message: 'is not an item in the catalogue' },
    ]);

    const tooMany = await post(
      '/api/pos/sales',
      { lines: [{ itemId: shampoo.id, quantity: 50 }], payments: [{ method: 'cash', amount: 200_000 }] },
      cashier.headers,
    );
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().code).toBe('insufficient_stock');
    expect(await orderCount()).toBe(before);
    expect(await stockOf(shampoo.id)).toBe(8);
  });

  it('a declined card answers 402: no order, no stock moved, the attempt kept', async () => {
    const before = await orderCount();
    const res = await post(
      '/api/pos/sales',
      {
        lines: [{ itemId: shampoo.id, quantity: 1 }],
        payments: [
          { method: 'card', amount: 2003, cardToken: await tokenize('4387751111111053'), expiry: '1230' },
        ],
      },
      cashier.headers,
    );
    expect(res.statusCode).toBe(402);
    expect(res.json()).toMatchObject({
      code: 'payment_declined',
      detail: expect.stringContaining('declined'),
      errors: [{ path: 'payments.0', message: expect.stringContaining('declined') }],
    });
    expect(await orderCount()).toBe(before);
    expect(await stockOf(shampoo.id)).toBe(8);
    const [last] = await t.deps.database.db.select().from(payments).orderBy(sql`created_at desc`).limit(1);
    expect(last).toMatchObject({ status: 'declined', orderId: null });
  });

  it('voids the charge when the sale cannot be written after the card was charged', async () => {
    const { db } = t.deps.database;
    // The database refuses the order after the card has been charged (a full disk, a lost connection).
    await db.execute(sql`
      create function refuse_orders() returns trigger language plpgsql as $$
      begin raise exception 'disk full'; end $$`);
    await db.execute(
      sql`create trigger refuse_orders before insert on orders for each row execute function refuse_orders()`,
    );
    try {
      const before = await orderCount();
      const res = await post(
        '/api/pos/sales',
        {
          lines: [{ itemId: shampoo.id, quantity: 1 }],
          payments: [
            { method: 'card', amount: 2003, cardToken: await tokenize('4111111111111111'), expiry: '1230' },
          ],
        },
        cashier.headers,
      );
      expect(res.statusCode).toBe(500);
      expect(await orderCount()).toBe(before);
      expect(await stockOf(shampoo.id)).toBe(8);
      const [last] = await db.select().from(payments).orderBy(sql`created_at desc`).limit(1);
      expect(last).toMatchObject({ status: 'voided', orderId: null, amount: 2003 });
      // The gateway agrees: the authorisation was reversed.
      const inquiry = await t.deps.gateway.inquire(last!.retref!, 'USD');
      expect(inquiry?.settlement.toLowerCase()).toBe('voided');
    } finally {
      await db.execute(sql`drop trigger refuse_orders on orders`);
      await db.execute(sql`drop function refuse_orders()`);
    }
  });

  it('only staff sell', async () => {
    const shopper = await customerSession(t, 'Shopper');
    const res = await post(
      '/api/pos/sales',
      { lines: [{ itemId: cut.id, quantity: 1 }], payments: [{ method: 'cash', amount: 4500 }] },
      shopper.headers,
    );
    expect([401, 403]).toContain(res.statusCode);
  });
});
