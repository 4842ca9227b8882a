import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { giftCards, orderRefunds, orders } from '../../src/server/tables.js';
import {
  customerSession,
  ORIGIN,
  openTestApp,
  postJson,
  staffSession,
  type TestApp,
} from '../helpers/app.js';

type Headers = Record<string, string>;
interface Figures {
  gross: number;
  discounts: number;
  net: number;
  cost: number;
  profit: number;
  refunds: number;
  tax: number;
}
interface ItemRow extends Omit<Figures, 'tax'> {
  name: string;
  quantity: number;
}
interface MethodRow {
  method: string;
  payments: number;
  taken: number;
  refunds: number;
  refunded: number;
  net: number;
}

describe('sales by item and by payment method, in the shop’s time zone', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let owner: { headers: Headers };
  const get = (url: string, headers: Headers = manager.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  const at = async (orderId: string, when: string, refundsWhen?: string) => {
    const { db } = t.deps.database;
    await db
      .update(orders)
      .set({ createdAt: new Date(when) })
      .where(eq(orders.id, orderId));
    if (refundsWhen) {
      await db
        .update(orderRefunds)
        .set({ createdAt: new Date(refundsWhen) })
        .where(eq(orderRefunds.orderId, orderId));
    }
  };
  const report = async (query: string) => {
    const res = await get(`/api/admin/reports/sales?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    owner = await staffSession(t, 'owner');
    const post = (url: string, body: object, headers: Headers = manager.headers) =>
      postJson(t, url, body, headers);
    const ok = async (url: string, body: object, headers?: Headers) => {
      const res = await post(url, body, headers);
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    const settings = await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/settings',
      headers: owner.headers,
      payload: { timeZone: 'America/Los_Angeles' },
    });
    expect(settings.statusCode, settings.body).toBe(200);

    // A product at 20.00 costing 8.00 with 10 % tax, stocked; a service at 50.00, no tax.
    const mask = await ok('/api/admin/items', {
      kind: 'product',
      sku: 'MSK',
      name: 'Clay mask',
      price: 2000,
      cost: 800,
      taxRate: 1000,
      trackStock: true,
    });
    await ok(`/api/admin/items/${mask.id}/stock-adjustments`, { delta: 20, reason: 'In', kind: 'receive' });
    const facial = await ok('/api/admin/items', {
      kind: 'service',
      sku: 'FCL',
      name: 'Facial',
      price: 5000,
      cost: 0,
      taxRate: 0,
    });
    const card = await ok('/api/admin/gift-cards', { amount: 10_000 });

    // A: late on 1 Nov in Los Angeles (already 2 Nov in UTC): 2 masks with 4.00 off and a facial,
    // cash (89.60); one mask given back, restocked, later that evening (19.80 in cash).
    const a = await ok('/api/pos/sales', {
      lines: [
        { itemId: mask.id, quantity: 2, discount: 400 },
        { itemId: facial.id, quantity: 1 },
      ],
      payments: [{ method: 'cash', amount: 10_000 }],
    });
    await ok(`/api/admin/orders/${a.id}/refunds`, {
      lines: [{ lineId: a.lines[0].id, quantity: 1 }],
      restock: true,
    });
    await at(a.id, '2026-11-02T06:30:00Z', '2026-11-02T07:00:00Z');
    // B: a facial paid with the gift card (50.00); 10.00 of it given back onto the card.
    const b = await ok('/api/pos/sales', {
      lines: [{ itemId: facial.id, quantity: 1 }],
      payments: [{ method: 'gift_card', code: card.code, amount: 5000 }],
    });
    await ok(`/api/admin/orders/${b.id}/refunds`, { amount: 1000 });
    await at(b.id, '2026-11-01T18:00:00Z', '2026-11-01T20:00:00Z');
    // C: a mask and a 30.00 gift card sold, cash (52.00): the gift card is owed, not a sale; 2.00
    // of it given back as store credit, onto a new gift card; then the gift card itself given back
    // in cash (30.00 back, none of it sales).
    const c = await ok('/api/pos/sales', {
      lines: [{ itemId: mask.id, quantity: 1 }],
      giftCards: [{ amount: 3000, ownerEmail: 'friend@example.com' }],
      payments: [{ method: 'cash', amount: 5200 }],
    });
    const credit = await post(`/api/admin/orders/${c.id}/refunds`, { amount: 200, method: 'gift_card' });
    expect(credit.statusCode, credit.body).toBe(200);
    expect(credit.json().storeCredit).toMatchObject({ amount: 200 });
    const giftCardLine = c.lines.find((l: { kind: string }) => l.kind === 'gift_card');
    await ok(`/api/admin/orders/${c.id}/refunds`, { lines: [{ lineId: giftCardLine.id, quantity: 1 }] });
    await at(c.id, '2026-11-01T19:00:00Z', '2026-11-01T21:00:00Z');
    // D: online, a mask by card (22.00); 5.00 of it given back in cash at the counter.
    const shopper = await customerSession(t, 'Breakdown Shopper');
    const token = (
      await postJson(
        t,
        '/api/payments/tokenize',
        { number: '4111111111111111', expiry: '1230' },
        { origin: ORIGIN },
      )
    ).json().token;
    const d = await ok(
      '/api/store/checkout',
      { lines: [{ itemId: mask.id, quantity: 1 }], payment: { cardToken: token, expiry: '1230' } },
      shopper.headers,
    );
    await ok(`/api/admin/orders/${d.id}/refunds`, { amount: 500, method: 'cash' });
    await at(d.id, '2026-11-01T20:00:00Z', '2026-11-01T22:00:00Z');
    // E: another day altogether (3 Nov): not in the period.
    const e = await ok('/api/pos/sales', {
      lines: [{ itemId: facial.id, quantity: 1 }],
      payments: [{ method: 'cash', amount: 5000 }],
    });
    await at(e.id, '2026-11-03T20:00:00Z');
  });
  afterAll(() => t.close());

  it('groups days in the shop’s time zone by default, and in `tz` when given', async () => {
    const shop = await report('from=2026-11-01&to=2026-11-01');
    expect(shop.timeZone).toBe('America/Los_Angeles');
    expect(shop.total.orders).toBe(4);
    const utc = await report('from=2026-11-01&to=2026-11-01&tz=UTC');
    expect(utc.timeZone).toBe('UTC');
    // Order A and its refund fall on 2 Nov in UTC.
    expect(utc.total.orders).toBe(3);
    expect(utc.byItem.find((i: ItemRow) => i.name === 'Clay mask').quantity).toBe(2);
    expect(shop.byItem.find((i: ItemRow) => i.name === 'Clay mask').quantity).toBe(4);
    const nextDayUtc = await report('from=2026-11-02&to=2026-11-02&tz=UTC');
    expect(nextDayUtc.total.orders).toBe(1);
    expect(nextDayUtc.total.refunds).toBe(1980);
  });

  it('gives figures by item that add up to the days’ totals, refunds included', async () => {
    const r = await report('from=2026-11-01&to=2026-11-01');
    const item = (name: string) => r.byItem.find((i: ItemRow) => i.name === name);
    // Masks: 4 sold (2 at 18.00 after discount, 2 at 20.00); one of A's given back: 19.80, whose
    // tax is in A's proportion (3.60 of 89.60: 0.80), so net 19.00; its cost 8.00 back in stock.
    // C's 2.00 (net 1.82) and D's 5.00 (net 4.55) are masks' too: the only items of those orders.
    expect(item('Clay mask')).toMatchObject({
      quantity: 4,
      gross: 8000,
      discounts: 400,
      net: 7600 - 1900 - 182 - 455,
      cost: 3200 - 800,
      profit: 5063 - 2400,
      refunds: 1980 + 200 + 500,
    });
    // Facials: 2 sold (A and B), 10.00 of B given back.
    expect(item('Facial')).toMatchObject({ quantity: 2, gross: 10_000, net: 9000, cost: 0, refunds: 1000 });
    expect(r.byItem.map((i: ItemRow) => i.name)).toEqual(['Facial', 'Clay mask']);
    for (const k of ['gross', 'discounts', 'net', 'cost', 'profit', 'refunds'] as const) {
      expect(
        r.byItem.reduce((s: number, i: ItemRow) => s + i[k], 0),
        k,
      ).toBe(r.total[k]);
      expect(
        r.days.reduce((s: number, d: Figures) => s + d[k], 0),
        k,
      ).toBe(r.total[k]);
    }
  });

  it('gives money by payment method that adds up to the sales with their tax', async () => {
    const r = await report('from=2026-11-01&to=2026-11-01');
    const method = (m: string) => r.byPaymentMethod.find((x: MethodRow) => x.method === m);
    // Refunds count by how the money went back: D's card payment partly back in cash, C's cash
    // partly onto a gift card.
    expect(method('cash')).toEqual({
      method: 'cash',
      payments: 2,
      taken: 8960 + 5200,
      refunds: 3,
      refunded: 1980 + 500 + 3000,
      net: 8960 + 5200 - 5480,
    });
    expect(method('gift_card')).toEqual({
      method: 'gift_card',
      payments: 1,
      taken: 5000,
      refunds: 2,
      refunded: 1000 + 200,
      net: 3800,
    });
    expect(method('card')).toMatchObject({ payments: 1, taken: 2200, refunded: 0, net: 2200 });
    expect(r.byPaymentMethod.map((m: MethodRow) => m.method)).toEqual(['cash', 'card', 'gift_card']);
    expect(r.byCardBrand).toEqual([
      { brand: 'Visa', payments: 1, taken: 2200, refunds: 0, refunded: 0, net: 2200 },
    ]);
    const all = r.byPaymentMethod.reduce((s: number, m: MethodRow) => s + m.net, 0);
    expect(r.payments).toEqual({
      taken: 8960 + 5200 + 5000 + 2200,
      refunded: 6680,
      net: all,
      // Sold and given back: nothing owed on it any more.
      giftCardsSold: 0,
      sales: all,
    });
    // The money, less the gift cards sold, is the net sales plus their tax: it adds up.
    expect(r.payments.sales).toBe(r.total.net + r.total.tax);
    const daysNetAndTax = r.days.reduce((s: number, d: Figures) => s + d.net + d.tax, 0);
    expect(r.payments.sales).toBe(daysNetAndTax);
  });

  it('exports items and payment methods as CSV', async () => {
    const items = await get('/api/admin/reports/sales/items/export?from=2026-11-01&to=2026-11-01');
    expect(items.statusCode).toBe(200);
    expect(items.headers['content-type']).toContain('text/csv');
    expect(items.headers['content-disposition']).toContain('sales-by-item-2026-11-01-to-2026-11-01.csv');
    expect(items.body.trim().split(/\r?\n/)).toEqual([
      'item,sku,kind,quantity,gross,discounts,net,cost,profit,refunds',
      'Facial,FCL,service,2,100.00,0.00,90.00,0.00,90.00,10.00',
      'Clay mask,MSK,product,4,80.00,4.00,50.63,24.00,26.63,26.80',
    ]);
    const methods = await get(
      '/api/admin/reports/sales/payment-methods/export?from=2026-11-01&to=2026-11-01',
    );
    expect(methods.statusCode).toBe(200);
    expect(methods.body.trim().split(/\r?\n/)).toEqual([
      'payment method,payments,taken,refunds,refunded,net',
      'Cash,2,141.60,3,54.80,86.80',
      'Card,1,22.00,0,0.00,22.00',
      'Card: Visa,1,22.00,0,0.00,22.00',
      'Gift card,1,50.00,2,12.00,38.00',
      'All payments,,213.60,,66.80,146.80',
      'Less gift cards sold (owed to their holders),,,,,0.00',
      'Net sales with tax,,,,,146.80',
    ]);
    // With `tz`, the CSV is the same period in that zone.
    const utc = await get('/api/admin/reports/sales/items/export?from=2026-11-01&to=2026-11-01&tz=UTC');
    expect(utc.body).toContain('Clay mask,MSK,product,2,');
  });

  it('counts the gift card liability by month in the shop’s time zone unless `tz` says otherwise', async () => {
    const card = (await postJson(t, '/api/admin/gift-cards', { amount: 2500 }, manager.headers)).json();
    // Issued at 03:00 UTC on 1 October: still 30 September in Los Angeles.
    await t.deps.database.db
      .update(giftCards)
      .set({ createdAt: new Date('2026-10-01T03:00:00Z') })
      .where(eq(giftCards.id, card.id));
    const months = (r: { months: { month: string }[] }) => r.months.map((m) => m.month);
    const shop = (await get('/api/admin/reports/gift-cards')).json();
    expect(shop.timeZone).toBe('America/Los_Angeles');
    expect(months(shop)).toContain('2026-09');
    expect(months(shop)).not.toContain('2026-10');
    const utc = (await get('/api/admin/reports/gift-cards?tz=UTC')).json();
    expect(months(utc)).not.toContain('2026-09');
    expect(utc.months.find((m: { month: string }) => m.month === '2026-10')).toMatchObject({ issued: 2500 });
    const csv = await get('/api/admin/reports/gift-cards/export');
    expect(csv.body).toContain('\n2026-09,1,25.00,');
  });

  it('is for managers only, and refuses a bad time zone without a 500', async () => {
    const cashier = await staffSession(t, 'cashier');
    const shopper = await customerSession(t, 'Nosy Shopper');
    for (const path of ['', '/export', '/items/export', '/payment-methods/export']) {
      const url = `/api/admin/reports/sales${path}?from=2026-11-01&to=2026-11-01`;
      expect((await get(url, cashier.headers)).statusCode, url).toBe(403);
      expect([401, 403]).toContain((await get(url, shopper.headers)).statusCode);
      expect((await get(url, {})).statusCode, url).toBe(401);
      const bad = await get(`${url}&tz=Nowhere%2FAtAll`);
      expect(bad.statusCode, url).toBe(400);
      expect(bad.json().errors).toEqual([
        { path: 'tz', message: 'must be a time zone such as Europe/Paris' },
      ]);
      expect((await get(`${url}&tz=${'A'.repeat(100)}`)).statusCode).toBe(400);
      expect((await get(`${url}&tz=UTC%00`)).statusCode).toBe(400);
    }
  });
});
