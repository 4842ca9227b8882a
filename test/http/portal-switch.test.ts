import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentMethods, subscriptions } from '../../src/server/tables.js';
import {
  customerSession,
  ORIGIN,
  openTestApp,
  postJson,
  staffSession,
  type TestApp,
} from '../helpers/app.js';

type Headers = Record<string, string>;

describe('the customer portal switch', () => {
  let t: TestApp;
  let owner: { headers: Headers };
  let shopper: { headers: Headers; customer: { id: string } };
  let membership: { id: string };
  let bundle: { id: string };
  let blowDry: { id: string };
  let shampoo: { id: string };
  let subscriptionId: string;
  let cardId: string;

  const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const post = (url: string, payload: unknown, headers: Headers) => postJson(t, url, payload, headers);
  const tokenize = async (number = '4111111111111111') =>
    (await post('/api/payments/tokenize', { number, expiry: '1230', cvv: '123' }, { origin: ORIGIN })).json()
      .token as string;
  const setPortal = async (portal: object) => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/settings',
      headers: owner.headers,
      payload: { portal },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const savedCards = async () =>
    t.deps.database.db
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(eq(paymentMethods.customerId, shopper.customer.id));

  beforeAll(async () => {
    t = await openTestApp();
    owner = await staffSession(t, 'owner');
    const item = async (body: object) => (await post('/api/admin/items', body, owner.headers)).json();
    membership = await item({
      kind: 'membership',
      sku: 'MEM',
      name: 'Monthly Membership',
      price: 4900,
      cost: 0,
      taxRate: 0,
      interval: 'month',
      discountPercent: 10,
    });
    blowDry = await item({ kind: 'service', sku: 'BD', name: 'Blow-dry', price: 3500, cost: 0, taxRate: 0 });
    shampoo = await item({ kind: 'product', sku: 'SH', name: 'Shampoo', price: 1800, cost: 600, taxRate: 0 });
    bundle = await item({
      kind: 'package',
      sku: 'PKG',
      name: '5 Blow-dries',
      price: 15_000,
      taxRate: 0,
      includes: [{ itemId: blowDry.id, quantity: 5 }],
      durationDays: 90,
    });
    shopper = await customerSession(t, 'Portal Person');
    // A membership bought with a card saved for its renewals, and a package.
    const bought = await post(
      '/api/store/checkout',
      {
        lines: [
          { itemId: membership.id, quantity: 1 },
          { itemId: bundle.id, quantity: 1 },
        ],
        payment: { cardToken: await tokenize(), expiry: '1230', saveCard: true },
      },
      shopper.headers,
    );
    expect(bought.statusCode, bought.body).toBe(201);
    const [subscription] = await t.deps.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.customerId, shopper.customer.id));
    subscriptionId = subscription!.id;
    cardId = subscription!.paymentMethodId!;
  });
  afterAll(() => t.close());

  /** Every portal route, reading and changing, as the customer would call it. */
  const portalCalls = () => [
    {
      name: 'list recurring orders',
      run: () => call('GET', '/api/store/account/subscriptions', shopper.headers),
    },
    {
      name: 'change a recurring order’s card',
      run: () =>
        call('PUT', `/api/store/account/subscriptions/${subscriptionId}/payment-method`, shopper.headers, {
          paymentMethodId: cardId,
        }),
    },
    {
      name: 'cancel a recurring order',
      run: () => post(`/api/store/account/subscriptions/${subscriptionId}/cancel`, {}, shopper.headers),
    },
    { name: 'list packages', run: () => call('GET', '/api/store/account/packages', shopper.headers) },
    {
      name: 'list saved cards',
      run: () => call('GET', '/api/store/account/payment-methods', shopper.headers),
    },
    {
      name: 'save a card',
      run: async () =>
        post(
          '/api/store/account/payment-methods',
          { cardToken: await tokenize('5454545454545454'), expiry: '1129' },
          shopper.headers,
        ),
    },
    {
      name: 'delete a saved card',
      run: () => call('DELETE', `/api/store/account/payment-methods/${cardId}`, shopper.headers),
    },
  ];

  it('refuses every portal route with 403 feature_disabled while off, changing nothing', async () => {
    await setPortal({ enabled: false });
    const before = await savedCards();
    for (const c of portalCalls()) {
      const res = await c.run();
      expect(res.statusCode, c.name).toBe(403);
      expect(res.json().code, c.name).toBe('feature_disabled');
      expect(res.headers['content-type'], c.name).toContain('application/problem+json');
    }
    expect(await savedCards()).toEqual(before);
    const [subscription] = await t.deps.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, subscriptionId));
    expect(subscription).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: false,
      paymentMethodId: cardId,
    });
    // Not signed in is still 401, not a hint about the switch.
    expect((await call('GET', '/api/store/account/packages', { origin: ORIGIN })).statusCode).toBe(401);
    expect((await call('GET', '/api/store/account/payment-methods', { origin: ORIGIN })).statusCode).toBe(
      401,
    );
  });

  it('keeps profile, orders, gift cards and checkout working while off, a saved card included', async () => {
    await setPortal({ enabled: false });
    expect((await call('GET', '/api/store/account', shopper.headers)).statusCode).toBe(200);
    const orders = await call('GET', '/api/store/account/orders', shopper.headers);
    expect(orders.statusCode).toBe(200);
    expect(orders.json().data).toHaveLength(1);
    expect((await call('GET', '/api/store/account/gift-cards', shopper.headers)).statusCode).toBe(200);
    const about = (await call('GET', '/api/store/about', { origin: ORIGIN })).json();
    expect(about.portal).toEqual({ enabled: false, viewRecurring: false, editRecurring: false });

    // Checkout lists the saved cards it may pay with, and pays with one.
    const usable = await call('GET', '/api/store/checkout/payment-methods', shopper.headers);
    expect(usable.statusCode, usable.body).toBe(200);
    expect(usable.json().data.map((c: { id: string }) => c.id)).toEqual([cardId]);
    const paid = await post(
      '/api/store/checkout',
      { lines: [{ itemId: shampoo.id, quantity: 1 }], payment: { paymentMethodId: cardId } },
      shopper.headers,
    );
    expect(paid.statusCode, paid.body).toBe(201);
    // With a new card too.
    const newCard = await post(
      '/api/store/checkout',
      {
        lines: [{ itemId: shampoo.id, quantity: 1 }],
        payment: { cardToken: await tokenize('5454545454545454'), expiry: '1129' },
      },
      shopper.headers,
    );
    expect(newCard.statusCode, newCard.body).toBe(201);
    // Another customer's card is no card of theirs, portal or not.
    const other = await customerSession(t, 'Other Person');
    expect((await call('GET', '/api/store/checkout/payment-methods', other.headers)).json().data).toEqual([]);
    const theirs = await post(
      '/api/store/checkout',
      { lines: [{ itemId: shampoo.id, quantity: 1 }], payment: { paymentMethodId: cardId } },
      other.headers,
    );
    expect(theirs.statusCode).toBeGreaterThanOrEqual(400);
    expect(theirs.statusCode).toBeLessThan(500);
    expect((await call('GET', '/api/store/checkout/payment-methods', { origin: ORIGIN })).statusCode).toBe(
      401,
    );
  });

  it('answers every portal route once switched on again', async () => {
    await setPortal({ enabled: true });
    const answers: { name: string; status: number }[] = [];
    for (const c of portalCalls()) answers.push({ name: c.name, status: (await c.run()).statusCode });
    expect(answers).toEqual([
      { name: 'list recurring orders', status: 200 },
      { name: 'change a recurring order’s card', status: 200 },
      { name: 'cancel a recurring order', status: 200 },
      { name: 'list packages', status: 200 },
      { name: 'list saved cards', status: 200 },
      { name: 'save a card', status: 201 },
      // The card a membership renews on may be kept from removal; either way the route answers.
      { name: 'delete a saved card', status: answers.at(-1)!.status },
    ]);
    expect([204, 409]).toContain(answers.at(-1)!.status);
    const packages = (await call('GET', '/api/store/account/packages', shopper.headers)).json().data;
    expect(packages.map((p: { name: string }) => p.name)).toEqual(['5 Blow-dries']);
    const cards = (await call('GET', '/api/store/account/payment-methods', shopper.headers)).json().data;
    const spare = cards.find((c: { id: string }) => c.id !== cardId);
    expect(spare).toBeDefined();
    expect(
      (await call('DELETE', `/api/store/account/payment-methods/${spare.id}`, shopper.headers)).statusCode,
    ).toBe(204);
  });

  it('still follows viewRecurring and editRecurring when on', async () => {
    await setPortal({ enabled: true, viewRecurring: true, editRecurring: false });
    expect((await call('GET', '/api/store/account/subscriptions', shopper.headers)).statusCode).toBe(200);
    const edit = await call(
      'PUT',
      `/api/store/account/subscriptions/${subscriptionId}/payment-method`,
      shopper.headers,
      { paymentMethodId: cardId },
    );
    expect(edit.statusCode).toBe(403);
    expect(edit.json().code).toBe('feature_disabled');
    // Packages and saved cards are not recurring orders: they stay.
    expect((await call('GET', '/api/store/account/packages', shopper.headers)).statusCode).toBe(200);
    expect((await call('GET', '/api/store/account/payment-methods', shopper.headers)).statusCode).toBe(200);
    await setPortal({ viewRecurring: false });
    const list = await call('GET', '/api/store/account/subscriptions', shopper.headers);
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('feature_disabled');
    expect((await call('GET', '/api/store/account/packages', shopper.headers)).statusCode).toBe(200);
    await setPortal({ viewRecurring: true, editRecurring: true });
  });
});
