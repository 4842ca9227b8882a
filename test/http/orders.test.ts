import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../../src/server/tables.js';
import {
  customerSession,
  ORIGIN,
  openTestApp,
  postJson,
  staffSession,
  type TestApp,
} from '../helpers/app.js';

type Headers = Record<string, string>;

describe('online checkout and order management', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let cashier: { headers: Headers };
  let shopper: { headers: Headers; customer: { id: string; email: string | null } };
  let candle: { id: string };
  let serum: { id: string };

  const post = (url: string, payload: unknown, headers: Headers) => postJson(t, url, payload, headers);
  const get = (url: string, headers: Headers = manager.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  const stockOf = async (id: string) => (await get(`/api/admin/items/${id}`)).json().stock as number;
  async function tokenize(number: string) {
    const res = await post(
      '/api/payments/tokenize',
      { number, expiry: '1230', cvv: '123' },
      { origin: ORIGIN },
    );
    return res.json().token as string;
  }
  const address = {
    line1: '12 Orchard Lane',
    city: 'Portland',
    region: 'OR',
    postalCode: '97201',
    country: 'us',
  };
  const buy = async (lines: unknown[], number = '4111111111111111', extra: object = {}) =>
    post(
      '/api/store/checkout',
      {
        lines,
        shippingAddress: address,
        payment: { cardToken: await tokenize(number), expiry: '1230' },
        ...extra,
      },
      shopper.headers,
    );
  async function emailsTo(to: string) {
    return (await get(`/api/admin/emails?q=${encodeURIComponent(to)}`)).json().data as {
      to: string;
      subject: string;
      text: string;
    }[];
  }

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
    shopper = await customerSession(t, 'Robin Shopper');
    const item = async (body: object, stock: number) => {
      const created = (await post('/api/admin/items', body, manager.headers)).json();
      await post(
        `/api/admin/items/${created.id}/stock-adjustments`,
        { delta: stock, reason: 'In', kind: 'receive' },
        manager.headers,
      );
      return created;
    };
    candle = await item(
      {
        kind: 'product',
        sku: 'CDL',
        name: 'Cedar candle',
        price: 2400,
        cost: 900,
        taxRate: 1000,
        trackStock: true,
      },
      3,
    );
    serum = await item(
      {
        kind: 'product',
        sku: 'SRM',
        name: 'Silk serum',
        price: 3200,
        cost: 1100,
        taxRate: 1000,
        trackStock: true,
      },
      10,
    );
  });
  afterAll(() => t.close());

  it('a shopper buys online: the card is charged once, stock taken, receipt emailed', async () => {
    const res = await buy([
      { itemId: candle.id, quantity: 1 },
      { itemId: serum.id, quantity: 2 },
    ]);
    expect(res.statusCode).toBe(201);
    const order = res.json();
    // 24.00 + 2 × 32.00 = 88.00, plus 10 % tax.
    expect(order).toMatchObject({
      channel: 'online',
      paymentStatus: 'paid',
      fulfillmentStatus: 'unfulfilled',
      delivery: 'shipping',
      total: 9680,
      shippingAddress: { name: 'Robin Shopper', city: 'Portland', country: 'US' },
      customer: { id: shopper.customer.id },
    });
    const [payment] = await t.deps.database.db
      .select()
      .from(payments)
      .where(eq(payments.id, order.tenders[0].paymentId));
    expect(payment).toMatchObject({
      status: 'captured',
      capturedAmount: 9680,
      entry: 'online',
      orderId: order.id,
    });
    expect(await stockOf(candle.id)).toBe(2);
    expect(await stockOf(serum.id)).toBe(8);
    const receipt = (await emailsTo(shopper.customer.email!)).find((e) =>
      e.subject.includes(`#${order.number}`),
    );
    expect(receipt?.text).toContain('1 × Cedar candle: $26.40');
    expect(receipt?.text).toContain('Total: $96.80');

    // The order is in the Online tab of the register, not in the In Store one.
    const online = (await get('/api/pos/transactions?tab=online', cashier.headers)).json().data;
    expect(online.map((o: { id: string }) => o.id)).toContain(order.id);
    const inStore = (await get('/api/pos/transactions?tab=in_store', cashier.headers)).json().data;
    expect(inStore.map((o: { id: string }) => o.id)).not.toContain(order.id);
  });

  it('never oversells, and a decline keeps nothing but the failed attempt', async () => {
    const tooMany = await buy([{ itemId: candle.id, quantity: 3 }]);
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json()).toMatchObject({
      code: 'insufficient_stock',
      detail: 'Only 2 of Cedar candle left; the order asks for 3.',
    });

    const before = (await get('/api/admin/orders')).json().data.length;
    const declined = await buy([{ itemId: candle.id, quantity: 1 }], '4387751111111053');
    expect(declined.statusCode).toBe(402);
    expect((await get('/api/admin/orders')).json().data.length).toBe(before);
    expect(await stockOf(candle.id)).toBe(2);

    const noAddress = await post(
      '/api/store/checkout',
      {
        lines: [{ itemId: candle.id, quantity: 1 }],
        shippingAddress: { line1: '', city: 'Portland', postalCode: '97201', country: 'USA' },
        payment: { cardToken: await tokenize('4111111111111111'), expiry: '1230' },
      },
      shopper.headers,
    );
    expect(noAddress.statusCode).toBe(400);
    expect(
      noAddress
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['shippingAddress.country', 'shippingAddress.line1']);
  });

  it('the shop closed in settings answers 403', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/settings',
      headers: manager.headers,
      payload: { onlineShop: false },
    });
    try {
      const res = await buy([{ itemId: serum.id, quantity: 1 }]);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('feature_disabled');
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: '/api/admin/settings',
        headers: manager.headers,
        payload: { onlineShop: true },
      });
    }
  });

  it('shipping needs courier and tracking id; then the customer is emailed the tracking link', async () => {
    const order = (await buy([{ itemId: serum.id, quantity: 1 }])).json();
    const bare = await post(
      `/api/admin/orders/${order.id}/fulfillment`,
      { status: 'shipped' },
      cashier.headers,
    );
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors.map((e: { path: string }) => e.path)).toEqual(['courier', 'trackingId']);

    const shipped = await post(
      `/api/admin/orders/${order.id}/fulfillment`,
      { status: 'shipped', courier: 'UPS', trackingId: '1Z999AA10123456784' },
      cashier.headers,
    );
    expect(shipped.statusCode).toBe(200);
    expect(shipped.json()).toMatchObject({
      fulfillmentStatus: 'shipped',
      shipment: { courier: 'UPS', trackingId: '1Z999AA10123456784' },
    });
    const entry = shipped.json().history.at(-1);
    expect(entry).toMatchObject({ kind: 'fulfillment_status', from: 'unfulfilled', to: 'shipped' });
    expect(entry.actor).toContain('cashier');
    const email = (await emailsTo(shopper.customer.email!)).find((e) => e.subject.includes('is on its way'));
    expect(email?.text).toContain('1Z999AA10123456784');
    expect(email?.text).toContain('https://www.ups.com/track?tracknum=1Z999AA10123456784');

    // Shipped orders cannot be cancelled: they are delivered, or refunded.
    const cancel = await post(
      `/api/admin/orders/${order.id}/fulfillment`,
      { status: 'cancelled' },
      cashier.headers,
    );
    expect(cancel.statusCode).toBe(409);
    const delivered = await post(
      `/api/admin/orders/${order.id}/fulfillment`,
      { status: 'delivered' },
      cashier.headers,
    );
    expect(delivered.json().fulfillmentStatus).toBe('delivered');
  });

  it('refunds by line with restock, then the rest; the payment status follows', async () => {
    const order = (
      await buy([
        { itemId: serum.id, quantity: 2 },
        { itemId: candle.id, quantity: 1 },
      ])
    ).json();
    expect(await stockOf(serum.id)).toBe(5);
    const serumLine = order.lines.find((l: { itemId: string }) => l.itemId === serum.id);

    // The card payment is not settled yet: a part of it cannot be refunded…
    const early = await post(
      `/api/admin/orders/${order.id}/refunds`,
      { lines: [{ lineId: serumLine.id, quantity: 1 }], restock: true },
      manager.headers,
    );
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('payment_not_settled');

    // …after the nightly batch it can.
    await fetch(new URL('/__emulator/settle', t.deps.gatewaySiteUrl), { method: 'POST' });
    const byLine = await post(
      `/api/admin/orders/${order.id}/refunds`,
      { lines: [{ lineId: serumLine.id, quantity: 1 }], restock: true, reason: 'Leaking bottle' },
      manager.headers,
    );
    expect(byLine.statusCode).toBe(200);
    expect(byLine.json()).toMatchObject({ paymentStatus: 'partially_refunded', refunded: 3520 });
    expect(byLine.json().lines.find((l: { id: string }) => l.id === serumLine.id).refundedQuantity).toBe(1);
    expect(await stockOf(serum.id)).toBe(6);

    const cashierRefund = await post(`/api/admin/orders/${order.id}/refunds`, {}, cashier.headers);
    expect(cashierRefund.statusCode).toBe(403);
    const tooMuch = await post(`/api/admin/orders/${order.id}/refunds`, { amount: 999_999 }, manager.headers);
    expect(tooMuch.statusCode).toBe(400);

    const rest = await post(`/api/admin/orders/${order.id}/refunds`, {}, manager.headers);
    expect(rest.json()).toMatchObject({ paymentStatus: 'refunded', refunded: order.total });
    const [payment] = await t.deps.database.db
      .select()
      .from(payments)
      .where(eq(payments.id, order.tenders[0].paymentId));
    expect(payment).toMatchObject({ status: 'refunded', refundedAmount: order.total });
    // The restocked serum stays restocked; the candle was refunded without coming back.
    expect(await stockOf(serum.id)).toBe(6);
  });

  it('cancelling an unfulfilled order voids its payment and returns its stock', async () => {
    const before = await stockOf(serum.id);
    const order = (await buy([{ itemId: serum.id, quantity: 2 }])).json();
    expect(await stockOf(serum.id)).toBe(before - 2);
    const cancelled = await post(
      `/api/admin/orders/${order.id}/fulfillment`,
      { status: 'cancelled' },
      manager.headers,
    );
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ fulfillmentStatus: 'cancelled', paymentStatus: 'refunded' });
    expect(await stockOf(serum.id)).toBe(before);
    const [payment] = await t.deps.database.db
      .select()
      .from(payments)
      .where(eq(payments.id, order.tenders[0].paymentId));
    expect(payment!.status).toBe('voided');
  });

  it('lists orders newest first, filtered by channel, status, number and customer', async () => {
    const all = (await get('/api/admin/orders')).json().data as { number: number; createdAt: string }[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect([...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt))).toEqual(all);
    const shipped = (await get('/api/admin/orders?status=delivered')).json().data;
    expect(shipped).toHaveLength(1);
    const byNumber = (await get(`/api/admin/orders?q=%23${all[1]!.number}`)).json().data;
    expect(byNumber.map((o: { number: number }) => o.number)).toEqual([all[1]!.number]);
    const byName = (await get('/api/admin/orders?q=robin%20shop')).json().data;
    expect(byName.length).toBe(all.length);
    expect((await get('/api/admin/orders?channel=in_store')).json().data).toEqual([]);
    const paged = (await get('/api/admin/orders?limit=2')).json();
    const next = (
      await get(`/api/admin/orders?limit=2&cursor=${encodeURIComponent(paged.nextCursor)}`)
    ).json();
    expect([...paged.data, ...next.data].map((o: { number: number }) => o.number)).toEqual(
      all.slice(0, 4).map((o) => o.number),
    );
  });

  it('the shop lists products without their cost; a customer sees only their own orders', async () => {
    const catalog = (await get('/api/store/catalog?q=serum', {})).json();
    expect(catalog).toMatchObject({ currency: 'USD', pricesIncludeTax: false });
    expect(catalog.data).toEqual([
      {
        id: serum.id,
        kind: 'product',
        name: 'Silk serum',
        pictureUrl: null,
        description: null,
        category: null,
        price: 3200,
        taxRate: 1000,
        available: expect.any(Number),
      },
    ]);

    const mine = (await get('/api/store/account/orders', shopper.headers)).json().data as { id: string }[];
    expect(mine.length).toBeGreaterThanOrEqual(4);
    const one = await get(`/api/store/account/orders/${mine[0]!.id}`, shopper.headers);
    expect(one.statusCode).toBe(200);
    expect(one.json().history).toBeUndefined();
    const other = await customerSession(t, 'Someone Else');
    expect((await get('/api/store/account/orders', other.headers)).json().data).toEqual([]);
    expect((await get(`/api/store/account/orders/${mine[0]!.id}`, other.headers)).statusCode).toBe(404);
  });

  it('limits checkout attempts, so stolen cards cannot be tried one after another', async () => {
    const tester = await customerSession(t, 'Card Tester');
    const attempt = () =>
      post(
        '/api/store/checkout',
        {
          lines: [{ itemId: 'itm_missing', quantity: 1 }],
          payment: { cardToken: '9411111111111111', expiry: '1230' },
        },
        tester.headers,
      );
    for (let i = 0; i < 20; i++) expect((await attempt()).statusCode).toBe(400);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
  });
});
