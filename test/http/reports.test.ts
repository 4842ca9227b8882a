import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderRefunds, orders } from '../../src/server/tables.js';
import { customerSession, ORIGIN, openTestApp, staffSession, type TestApp } from '../helpers/app.js';

type Headers = Record<string, string>;

describe('sales report', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let keys = 0;
  const post = (url: string, payload: object, headers: Headers) =>
    t.app.inject({ method: 'POST', url, headers: { ...headers, 'idempotency-key': `r${++keys}` }, payload });
  const get = (url: string, headers: Headers = manager.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  /** Moves an order (and its refunds) to a given moment, as if it had happened then. */
  const happenedAt = async (orderId: string, at: string) => {
    const { db } = t.deps.database;
    await db
      .update(orders)
      .set({ createdAt: new Date(at) })
      .where(eq(orders.id, orderId));
  };

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    const shopper = await customerSession(t, 'Report Shopper');
    const item = async (body: object) => {
      const created = (await post('/api/admin/items', body, manager.headers)).json();
      if ((body as { trackStock?: boolean }).trackStock) {
        await post(
          `/api/admin/items/${created.id}/stock-adjustments`,
          { delta: 50, reason: 'In', kind: 'receive' },
          manager.headers,
        );
      }
      return created;
    };
    // A product at 20.00 costing 8.00, 10 % tax; a service at 50.00 costing nothing, no tax.
    const mask = await item({
      kind: 'product',
      sku: 'MSK',
      name: 'Clay mask',
      price: 2000,
      cost: 800,
      taxRate: 1000,
      trackStock: true,
    });
    const facial = await item({
      kind: 'service',
      sku: 'FCL',
      name: 'Facial',
      price: 5000,
      cost: 0,
      taxRate: 0,
    });

    // Day 1 (1 Nov), in store: 2 masks with 4.00 off + a facial, cash → net 36.00 + 50.00, tax 3.60.
    const sale1 = (
      await post(
        '/api/pos/sales',
        {
          lines: [
            { itemId: mask.id, quantity: 2, discount: 400 },
            { itemId: facial.id, quantity: 1 },
          ],
          payments: [{ method: 'cash', amount: 10_000 }],
        },
        manager.headers,
      )
    ).json();
    await happenedAt(sale1.id, '2026-11-01T15:00:00Z');
    // Day 1, online, late evening in New York (already 2 Nov in UTC): 1 mask, 22.00 with tax.
    const token = (
      await post('/api/payments/tokenize', { number: '4111111111111111', expiry: '1230' }, { origin: ORIGIN })
    ).json().token;
    const online = (
      await post(
        '/api/store/checkout',
        { lines: [{ itemId: mask.id, quantity: 1 }], payment: { cardToken: token, expiry: '1230' } },
        shopper.headers,
      )
    ).json();
    await happenedAt(online.id, '2026-11-02T03:00:00Z');
    // Day 2, in store: 1 mask for cash, then given back the same day and restocked.
    const sale2 = (
      await post(
        '/api/pos/sales',
        { lines: [{ itemId: mask.id, quantity: 1 }], payments: [{ method: 'cash', amount: 2200 }] },
        manager.headers,
      )
    ).json();
    await post(
      `/api/admin/orders/${sale2.id}/refunds`,
      { lines: [{ lineId: sale2.lines[0].id, quantity: 1 }], restock: true },
      manager.headers,
    );
    await happenedAt(sale2.id, '2026-11-02T12:00:00Z');
    await t.deps.database.db
      .update(orderRefunds)
      .set({ createdAt: new Date('2026-11-02T13:00:00Z') })
      .where(eq(orderRefunds.orderId, sale2.id));
  });
  afterAll(() => t.close());

  it('adds up known orders by channel and day, refunds subtracting on their own day', async () => {
    const res = await get('/api/admin/reports/sales?from=2026-11-01&to=2026-11-02');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.currency).toBe('USD');
    const inStore = report.byChannel.find((c: { channel: string }) => c.channel === 'in_store');
    // Orders: 2. Gross 40 + 50 + 20 = 110; discounts 4; net 36 + 50 + 20 − 20 refunded = 86;
    // tax 3.60 + 2.00 − 2.00 = 3.60; cost 16 + 8 − 8 returned = 16; profit 70; refunds 22.
    expect(inStore).toEqual({
      channel: 'in_store',
      orders: 2,
      gross: 11_000,
      discounts: 400,
      net: 8600,
      tax: 360,
      cost: 1600,
      profit: 7000,
      refunds: 2200,
      // (89.60 + 22.00) / 2
      averageOrder: 5580,
    });
    const onlineRow = report.byChannel.find((c: { channel: string }) => c.channel === 'online');
    expect(onlineRow).toMatchObject({
      orders: 1,
      gross: 2000,
      net: 2000,
      tax: 200,
      cost: 800,
      profit: 1200,
      refunds: 0,
    });
    expect(report.total).toMatchObject({ orders: 3, net: 10_600, profit: 8200, refunds: 2200 });
    expect(report.days.map((d: { day: string; channel: string }) => `${d.day} ${d.channel}`)).toEqual([
      '2026-11-01 in_store',
      '2026-11-02 in_store',
      '2026-11-02 online',
    ]);
  });

  it('counts days in the shop’s time zone', async () => {
    const report = (
      await get('/api/admin/reports/sales?from=2026-11-01&to=2026-11-01&tz=America/New_York')
    ).json();
    expect(report.days.map((d: { day: string; channel: string }) => `${d.day} ${d.channel}`)).toEqual([
      '2026-11-01 in_store',
      '2026-11-01 online',
    ]);
  });

  it('exports the days as CSV, refuses bad ranges, and is for managers', async () => {
    const csv = await get('/api/admin/reports/sales/export?from=2026-11-01&to=2026-11-02');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toBe('day,channel,orders,gross,discounts,tax,net,cost,profit,refunds,average order');
    expect(lines[1]).toBe('2026-11-01,In store,1,90.00,4.00,3.60,86.00,16.00,70.00,0.00,89.60');
    expect(lines).toHaveLength(4);

    const backwards = await get('/api/admin/reports/sales?from=2026-11-05&to=2026-11-01');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors).toEqual([{ path: 'to', message: 'must not be before from' }]);
    expect(
      (await get('/api/admin/reports/sales?from=2026-11-01&to=2026-11-02&tz=Mars/Olympus')).statusCode,
    ).toBe(400);
    const cashier = await staffSession(t, 'cashier');
    expect(
      (await get('/api/admin/reports/sales?from=2026-11-01&to=2026-11-02', cashier.headers)).statusCode,
    ).toBe(403);
    const n = await t.deps.database.db.select({ n: sql<number>`count(*)` }).from(orders);
    expect(Number(n[0]!.n)).toBe(3);
  });
});
