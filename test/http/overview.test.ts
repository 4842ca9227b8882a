import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayIn, mondayOf, startOfDay } from '../../src/server/platform/days.js';
import { orderRefunds, orders, subscriptions } from '../../src/server/tables.js';
import {
  customerSession,
  openTestApp,
  postJson,
  staffSession,
  type TestApp,
  testCardToken,
} from '../helpers/app.js';

type Headers = Record<string, string>;
const TZ = 'America/Los_Angeles';
const MINUTE = 60_000;

describe('the back office overview', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let owner: { headers: Headers };
  let cashier: { headers: Headers };
  let candle: { id: string };
  let membership: { id: string };
  let today: string;
  let monday: string;
  const numbers: Record<string, number> = {};
  const ids: Record<string, string> = {};

  const post = (url: string, payload: unknown, headers: Headers = manager.headers) =>
    postJson(t, url, payload, headers);
  const get = (url: string, headers: Headers = manager.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  const tokenize = () => testCardToken(t);

  /** A cash sale at the register of `quantity` candles (10.00 each, no tax), placed at `at`. */
  async function saleAt(name: string, quantity: number, at: Date) {
    const res = await post('/api/pos/sales', {
      lines: [{ itemId: candle.id, quantity }],
      payments: [{ method: 'cash', amount: quantity * 1000 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    await t.deps.database.db.update(orders).set({ createdAt: at }).where(eq(orders.id, order.id));
    numbers[name] = order.number;
    ids[name] = order.id;
    return order;
  }

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    owner = await staffSession(t, 'owner');
    cashier = await staffSession(t, 'cashier');
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: '/api/admin/settings',
          headers: owner.headers,
          payload: { timeZone: TZ },
        })
      ).statusCode,
    ).toBe(200);
    today = dayIn(new Date(), TZ);
    monday = mondayOf(today);

    candle = (
      await post('/api/admin/items', {
        kind: 'product',
        sku: 'CDL',
        name: 'Cedar candle',
        price: 1000,
        cost: 400,
        taxRate: 0,
        trackStock: true,
        lowStockThreshold: 15,
      })
    ).json();
    await post(`/api/admin/items/${candle.id}/stock-adjustments`, {
      delta: 20,
      reason: 'In',
      kind: 'receive',
    });
    const soap = (
      await post('/api/admin/items', {
        kind: 'product',
        sku: 'SOAP',
        name: 'Oat soap',
        price: 500,
        cost: 100,
        taxRate: 0,
        trackStock: true,
        lowStockThreshold: 5,
      })
    ).json();
    await post(`/api/admin/items/${soap.id}/stock-adjustments`, { delta: 50, reason: 'In', kind: 'receive' });
    membership = (
      await post('/api/admin/items', {
        kind: 'membership',
        sku: 'MEM',
        name: 'Monthly membership',
        price: 4900,
        cost: 0,
        taxRate: 0,
        interval: 'month',
        discountPercent: 10,
      })
    ).json();

    const start = startOfDay(today, TZ);
    // Just after the shop's midnight (today) and just before it (yesterday, though the same UTC day).
    await saleAt('a', 2, new Date(start.getTime() + MINUTE));
    await saleAt('b', 1, new Date(start.getTime() - MINUTE));
    // The same day of last week, at noon; and the last minute of the day before it.
    const weekAgo = startOfDay(addDays(today, -7), TZ);
    await saleAt('c', 3, new Date(weekAgo.getTime() + 12 * 60 * MINUTE));
    await saleAt('d', 4, new Date(weekAgo.getTime() - MINUTE));

    // Given back today: 5.00 of today's sale. Given back a week ago: 10.00 of the sale before it.
    expect((await post(`/api/admin/orders/${ids.a}/refunds`, { amount: 500 })).statusCode).toBe(200);
    expect((await post(`/api/admin/orders/${ids.d}/refunds`, { amount: 1000 })).statusCode).toBe(200);
    await t.deps.database.db
      .update(orderRefunds)
      .set({ createdAt: new Date(weekAgo.getTime() + 13 * 60 * MINUTE) })
      .where(eq(orderRefunds.orderId, ids.d!));

    // An online order to ship, and three memberships bought online (no shipping).
    const shopper = await customerSession(t, 'Sam Shopper');
    const shipped = await post(
      '/api/store/checkout',
      {
        lines: [{ itemId: candle.id, quantity: 1 }],
        shippingAddress: {
          line1: '1 Elm St',
          city: 'Portland',
          region: 'OR',
          postalCode: '97201',
          country: 'US',
        },
        payment: { cardToken: await tokenize(), expiry: '1230' },
      },
      shopper.headers,
    );
    expect(shipped.statusCode, shipped.body).toBe(201);
    expect(shipped.json().delivery).toBe('shipping');
    ids.e = shipped.json().id;
    const members: string[] = [];
    for (const name of ['Mo Member', 'Di Due', 'Pat Pastdue']) {
      const member = await customerSession(t, name);
      const res = await post(
        '/api/store/checkout',
        {
          lines: [{ itemId: membership.id, quantity: 1 }],
          payment: { cardToken: await tokenize(), expiry: '1230', saveCard: true },
        },
        member.headers,
      );
      expect(res.statusCode, res.body).toBe(201);
      members.push(member.customer.id);
    }
    const { db } = t.deps.database;
    // Due in two days; and one whose last renewal attempt was declined.
    await db
      .update(subscriptions)
      .set({ nextPaymentAt: new Date(Date.now() + 2 * 86_400_000) })
      .where(eq(subscriptions.customerId, members[1]!));
    await db
      .update(subscriptions)
      .set({ status: 'past_due', failedAttempts: 4 })
      .where(eq(subscriptions.customerId, members[2]!));
  });
  afterAll(() => t.close());

  it('adds up today and this week by channel in the shop’s days, against the same days of last week', async () => {
    const res = await get('/api/admin/overview');
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o).toMatchObject({ timeZone: TZ, currency: 'USD', today });
    const channel = (span: 'today' | 'week', c: string) =>
      o.sales[span].byChannel.find((x: { channel: string }) => x.channel === c) ?? {
        net: 0,
        orders: 0,
        lastWeekNet: 0,
        lastWeekOrders: 0,
      };
    // Today: sale a less its 5.00 refund (not b, placed a minute before the shop's midnight);
    // last week: c less the 10.00 given back on that day.
    expect(channel('today', 'in_store')).toEqual({
      channel: 'in_store',
      net: 1500,
      orders: 1,
      lastWeekNet: 2000,
      lastWeekOrders: 1,
    });
    // Online today: the candle shipped and three memberships.
    expect(channel('today', 'online')).toMatchObject({ net: 1000 + 3 * 4900, orders: 4, lastWeekNet: 0 });
    expect(o.sales.today).toMatchObject({ from: today, to: today, compareFrom: addDays(today, -7) });
    expect(o.sales.today.total).toEqual({
      net: 1500 + 15_700,
      orders: 5,
      lastWeekNet: 2000,
      lastWeekOrders: 1,
    });

    // The week: Monday to today. Yesterday's sale b is in it unless today is Monday; d (the day
    // before last week's today) is in last week's same days unless today is Monday.
    const notMonday = today !== monday;
    expect(o.sales.week).toMatchObject({ from: monday, to: today, compareFrom: addDays(monday, -7) });
    expect(channel('week', 'in_store')).toMatchObject({
      net: 1500 + (notMonday ? 1000 : 0),
      orders: 1 + (notMonday ? 1 : 0),
      lastWeekNet: 3000 - 1000 + (notMonday ? 4000 : 0),
      lastWeekOrders: 1 + (notMonday ? 1 : 0),
    });
  });

  it('counts what needs doing: orders to ship, low stock, renewals due and failing, recent refunds', async () => {
    const o = (await get('/api/admin/overview', owner.headers)).json();
    expect(o.toShip).toBe(1);
    expect(o.lowStock).toBe(1);
    expect(o.memberships).toEqual({ dueBy: addDays(today, 6), due: 1, dueAmount: 4900, failing: 1 });
    // The refund given a week ago is older than the last 7 days.
    expect(o.refunds).toMatchObject({ since: addDays(today, -6), count: 1, amount: 500 });
    expect(o.refunds.latest).toEqual([
      expect.objectContaining({ orderId: ids.a, number: numbers.a, amount: 500, channel: 'in_store' }),
    ]);
  });

  it('links to lists whose filters find the same orders and memberships', async () => {
    const listed = async (query: string) =>
      ((await get(`/api/admin/orders?${query}`)).json().data as { id: string }[]).map((x) => x.id).sort();
    // Days in the order list are the shop's days too.
    expect(await listed(`channel=in_store&from=${today}&to=${today}`)).toEqual([ids.a]);
    expect(await listed(`channel=in_store&from=${addDays(today, -1)}&to=${addDays(today, -1)}`)).toEqual([
      ids.b,
    ]);
    expect(
      await listed('channel=online&paymentStatus=paid&fulfillmentStatus=unfulfilled&delivery=shipping'),
    ).toEqual([ids.e]);
    expect(await listed('refunded=true')).toEqual([ids.a, ids.d].sort());
    const memberships = async (query: string) =>
      ((await get(`/api/admin/subscriptions?${query}`)).json().data as { customerName: string }[]).map(
        (s) => s.customerName,
      );
    expect(await memberships(`status=active&dueBy=${addDays(today, 6)}`)).toEqual([
      expect.stringMatching(/^Di Due/),
    ]);
    expect(await memberships('failing=true')).toEqual([expect.stringMatching(/^Pat Pastdue/)]);
  });

  it('is for managers and owners: a cashier is refused, and so is anyone signed out', async () => {
    const refused = await get('/api/admin/overview', cashier.headers);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).not.toContain('"sales"');
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/overview' })).statusCode).toBe(401);
  });

  it('refuses bad list filters the overview links use, with the field named', async () => {
    for (const [url, path] of [
      ['/api/admin/orders?delivery=drone', 'delivery'],
      ['/api/admin/orders?refunded=maybe', 'refunded'],
      ['/api/admin/orders?from=2026-13-40', 'from'],
      ['/api/admin/subscriptions?dueBy=tomorrow', 'dueBy'],
      ['/api/admin/subscriptions?failing=%00', 'failing'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });
});
