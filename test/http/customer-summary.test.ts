import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerSession,
  openTestApp,
  postJson,
  staffSession,
  type TestApp,
  testCardToken,
} from '../helpers/app.js';

type Headers = Record<string, string>;

describe('a customer’s summary', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let cashier: { headers: Headers };
  let shopper: { headers: Headers; customer: { id: string } };
  let other: { headers: Headers; customer: { id: string } };
  let lamp: { id: string };
  let membership: { id: string };
  const statements: string[] = [];
  const mine: string[] = [];

  const post = (url: string, payload: unknown, headers: Headers = manager.headers) =>
    postJson(t, url, payload, headers);
  const get = (url: string, headers: Headers = manager.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  const tokenize = () => testCardToken(t);
  const sale = async (customerId: string, quantity: number) => {
    const res = await post('/api/pos/sales', {
      customerId,
      lines: [{ itemId: lamp.id, quantity }],
      payments: [{ method: 'cash', amount: quantity * 2500 }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; total: number };
  };
  const checkout = async (who: { headers: Headers }, lines: unknown[], saveCard = false) => {
    const res = await post(
      '/api/store/checkout',
      {
        lines,
        shippingAddress: {
          line1: '1 Elm St',
          city: 'Portland',
          region: 'OR',
          postalCode: '97201',
          country: 'US',
        },
        payment: { cardToken: await tokenize(), expiry: '1230', saveCard },
      },
      who.headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; total: number };
  };

  beforeAll(async () => {
    t = await openTestApp({ onQuery: (q) => statements.push(q) });
    manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
    shopper = await customerSession(t, 'Cora Customer');
    other = await customerSession(t, 'Otto Other');
    lamp = (
      await post('/api/admin/items', {
        kind: 'product',
        sku: 'LMP',
        name: 'Lamp',
        price: 2500,
        cost: 900,
        taxRate: 0,
      })
    ).json();
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

    // In store: 25.00 and 50.00 (15.00 of it given back). Online: a lamp and a gift card for a
    // friend together (the card counts when it is spent), then a membership.
    mine.push((await sale(shopper.customer.id, 1)).id);
    const second = await sale(shopper.customer.id, 2);
    mine.push(second.id);
    expect((await post(`/api/admin/orders/${second.id}/refunds`, { amount: 1500 })).statusCode).toBe(200);
    mine.push(
      (
        await checkout(shopper, [
          { itemId: lamp.id, quantity: 1 },
          { giftCard: { amount: 3000, recipientEmail: 'friend@example.com', message: 'Enjoy' } },
        ])
      ).id,
    );
    mine.push((await checkout(shopper, [{ itemId: membership.id, quantity: 1 }], true)).id);
    // Someone else's orders count for them only.
    await sale(other.customer.id, 4);
    await checkout(other, [{ itemId: lamp.id, quantity: 1 }]);
  });
  afterAll(() => t.close());

  it('adds up orders in every channel, net of refunds, gift cards bought left out until spent', async () => {
    const res = await get(`/api/admin/customers/${shopper.customer.id}/summary`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({
      customerId: shopper.customer.id,
      currency: 'USD',
      orders: 4,
      spent: 2500 + 5000 + 2500 + 4900,
      refunded: 1500,
      net: 2500 + 5000 + 2500 + 4900 - 1500,
    });
    expect(s.byChannel).toEqual([
      { channel: 'in_store', orders: 2, spent: 7500, refunded: 1500, net: 6000 },
      { channel: 'online', orders: 2, spent: 7400, refunded: 0, net: 7400 },
    ]);
    expect(Date.parse(s.lastOrderAt)).toBeGreaterThanOrEqual(Date.parse(s.firstOrderAt));
    expect(s.memberships).toEqual([
      expect.objectContaining({
        plan: 'Monthly membership',
        status: 'active',
        amount: 4900,
        card: expect.stringMatching(/•••• 1111$/),
      }),
    ]);

    const o = (await get(`/api/admin/customers/${other.customer.id}/summary`)).json();
    expect(o).toMatchObject({ orders: 2, spent: 12_500, refunded: 0, net: 12_500, memberships: [] });
  });

  it('answers for a customer who never bought anything, and 404 for one that does not exist', async () => {
    const created = await post('/api/admin/customers', {
      name: 'New Nina',
      addresses: [],
      marketingConsent: false,
    });
    const none = (await get(`/api/admin/customers/${created.json().id}/summary`)).json();
    expect(none).toMatchObject({
      orders: 0,
      spent: 0,
      refunded: 0,
      net: 0,
      firstOrderAt: null,
      byChannel: [],
    });
    const missing = await get('/api/admin/customers/cus_nobody/summary');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect((await get(`/api/admin/customers/${'x'.repeat(65)}/summary`)).statusCode).toBe(400);
    expect((await get('/api/admin/customers/%00/summary')).statusCode).toBe(400);
  });

  it('is for staff only: a cashier may read it, a signed-in customer may not', async () => {
    expect(
      (await get(`/api/admin/customers/${shopper.customer.id}/summary`, cashier.headers)).statusCode,
    ).toBe(200);
    expect(
      (await get(`/api/admin/customers/${shopper.customer.id}/summary`, shopper.headers)).statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/admin/customers/${shopper.customer.id}/summary` }))
        .statusCode,
    ).toBe(401);
  });

  it('reads the same few statements however many orders the customer has', async () => {
    const count = async (id: string) => {
      statements.length = 0;
      expect((await get(`/api/admin/customers/${id}/summary`)).statusCode).toBe(200);
      return statements.length;
    };
    const few = await count(other.customer.id);
    for (let i = 0; i < 5; i++) await sale(other.customer.id, 1);
    expect(await count(other.customer.id)).toBe(few);
    expect(few).toBeLessThanOrEqual(12);
  });

  it('lists the customer’s orders from every channel a page at a time, and only theirs', async () => {
    const first = (await get(`/api/admin/orders?customerId=${shopper.customer.id}&limit=3`)).json();
    expect(first.data).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await get(`/api/admin/orders?customerId=${shopper.customer.id}&limit=3&cursor=${first.nextCursor}`)
    ).json();
    expect(second).toMatchObject({ nextCursor: null });
    const listed = [...first.data, ...second.data].map((o: { id: string }) => o.id);
    expect(listed.sort()).toEqual([...mine].sort());
    expect(new Set([...first.data, ...second.data].map((o: { channel: string }) => o.channel))).toEqual(
      new Set(['in_store', 'online']),
    );
  });
});
