import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerSession,
  ORIGIN,
  openTestApp,
  postJson,
  staffSession,
  type TestApp,
} from '../helpers/app.js';
import { CUSTOMER_PASSWORD, storeClient } from '../helpers/customer-accounts.js';
import { mailTo } from '../helpers/mail.js';

type Headers = Record<string, string>;

/**
 * Who may take over a customer's history and cards online: only someone who proves an email the
 * customer really used, and only cards their own account saved.
 */
describe('online accounts cannot take over a customer', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let cashier: { headers: Headers };
  let candle: { id: string };
  let membership: { id: string };

  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  const tokenize = async (number = '4111111111111111') =>
    (
      await postJson(t, '/api/payments/tokenize', { number, expiry: '1230', cvv: '123' }, { origin: ORIGIN })
    ).json().token as string;

  let store: ReturnType<typeof storeClient>;
  /** Registers, confirms through the emailed link and signs in: the confirmation and the session. */
  async function openAccount(email: string) {
    const confirmed = await store.register(email);
    return { confirmed, headers: await store.signIn(email) };
  }

  /** A customer the cashier adds, who buys a candle at the register and keeps the card on file. */
  async function registerCustomerWithCard(name: string, email: string) {
    const customer = (await postJson(t, '/api/admin/customers', { name, email }, cashier.headers)).json();
    const sale = await postJson(
      t,
      '/api/pos/sales',
      {
        customerId: customer.id,
        lines: [{ itemId: candle.id, quantity: 1 }],
        payments: [
          { method: 'card', amount: 2400, cardToken: await tokenize(), expiry: '1230', saveCard: true },
        ],
      },
      cashier.headers,
    );
    expect(sale.statusCode, sale.body).toBe(201);
    const cards = (await get(`/api/admin/customers/${customer.id}/payment-methods`, manager.headers)).json()
      .data;
    expect(cards).toHaveLength(1);
    return { customer, order: sale.json(), cardId: cards[0].id as string };
  }

  const checkoutWith = (headers: Headers, payment: object) =>
    postJson(
      t,
      '/api/store/checkout',
      {
        lines: [{ itemId: candle.id, quantity: 1 }],
        shippingAddress: { line1: '1 Elsewhere Rd', city: 'Portland', postalCode: '97201', country: 'us' },
        payment,
      },
      headers,
    );

  beforeAll(async () => {
    t = await openTestApp();
    store = storeClient(t);
    manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
    candle = (
      await postJson(
        t,
        '/api/admin/items',
        {
          kind: 'product',
          sku: 'CDL',
          name: 'Cedar candle',
          price: 2400,
          cost: 900,
          taxRate: 0,
          trackStock: true,
        },
        manager.headers,
      )
    ).json();
    membership = (
      await postJson(
        t,
        '/api/admin/items',
        {
          kind: 'membership',
          sku: 'MEM',
          name: 'Monthly Membership',
          price: 4900,
          cost: 0,
          taxRate: 0,
          interval: 'month',
          discountPercent: 0,
        },
        manager.headers,
      )
    ).json();
    await postJson(
      t,
      `/api/admin/items/${candle.id}/stock-adjustments`,
      { delta: 50, reason: 'In', kind: 'receive' },
      manager.headers,
    );
  });
  afterAll(() => t.close());

  it('a staff edit of a customer’s email links nothing: the new address gets an account of its own', async () => {
    const vera = await registerCustomerWithCard('Vera Lynn', 'vera@example.com');
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/customers/${vera.customer.id}`,
      headers: cashier.headers,
      payload: { email: 'mallory@example.com' },
    });
    expect(edited.statusCode).toBe(200);

    const mallory = await openAccount('mallory@example.com');
    expect(mallory.confirmed.statusCode, mallory.confirmed.body).toBe(200);
    expect(mallory.confirmed.json().customer.id).not.toBe(vera.customer.id);
    expect((await get('/api/store/account/orders', mallory.headers)).json().data).toEqual([]);
    expect((await get('/api/store/account/packages', mallory.headers)).json().data).toEqual([]);
    expect((await get('/api/store/account/payment-methods', mallory.headers)).json().data).toEqual([]);
    expect((await get(`/api/store/account/orders/${vera.order.id}`, mallory.headers)).statusCode).toBe(404);
    const stolen = await checkoutWith(mallory.headers, { paymentMethodId: vera.cardId });
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().code).toBe('not_found');

    // The record gave up the address it never proved; its history stays with it, for staff.
    const record = (await get(`/api/admin/customers/${vera.customer.id}`, manager.headers)).json();
    expect(record.email).toBeNull();
    expect(
      (await get(`/api/admin/orders?limit=200`, manager.headers))
        .json()
        .data.filter((o: { id: string }) => o.id === vera.order.id),
    ).toHaveLength(1);
  });

  it('an online order’s receipt goes to the address the account proved, whatever staff put on the record', async () => {
    const nora = await openAccount('nora.proved@example.com');
    expect(nora.confirmed.statusCode, nora.confirmed.body).toBe(200);
    const record = nora.confirmed.json().customer as { id: string };
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/customers/${record.id}`,
      headers: cashier.headers,
      payload: { email: 'redirected@example.com' },
    });
    expect(edited.statusCode).toBe(200);

    const bought = await checkoutWith(nora.headers, { cardToken: await tokenize(), expiry: '1230' });
    expect(bought.statusCode, bought.body).toBe(201);
    expect(bought.json().customer.email).toBe('nora.proved@example.com');
    expect((await mailTo(t.deps, 'nora.proved@example.com')).map((m) => m.template)).toContain(
      'order.receipt',
    );
    expect(await mailTo(t.deps, 'redirected@example.com')).toEqual([]);
  });

  it('a card staff saved at the register is for staff only, even for the customer’s own account', async () => {
    const otis = await registerCustomerWithCard('Otis Blue', 'otis.blue@example.com');
    const account = await openAccount('otis.blue@example.com');
    // The address the record was made with: the account is linked to its history.
    expect(account.confirmed.json().customer.id).toBe(otis.customer.id);
    expect((await get('/api/store/account/orders', account.headers)).json().data).toHaveLength(1);

    expect((await get('/api/store/account/payment-methods', account.headers)).json().data).toEqual([]);
    const withStaffCard = await checkoutWith(account.headers, { paymentMethodId: otis.cardId });
    expect(withStaffCard.statusCode).toBe(404);
    const remove = await t.app.inject({
      method: 'DELETE',
      url: `/api/store/account/payment-methods/${otis.cardId}`,
      headers: account.headers,
    });
    expect(remove.statusCode).toBe(404);

    // Staff still sell on it at the register: a membership that renews on it.
    const atRegister = await postJson(
      t,
      '/api/pos/sales',
      {
        customerId: otis.customer.id,
        lines: [{ itemId: membership.id, quantity: 1 }],
        payments: [{ method: 'card', amount: 4900, paymentMethodId: otis.cardId }],
      },
      cashier.headers,
    );
    expect(atRegister.statusCode, atRegister.body).toBe(201);
    const [subscription] = (await get('/api/store/account/subscriptions', account.headers)).json().data;
    const cardChange = (paymentMethodId: string) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/store/account/subscriptions/${subscription.id}/payment-method`,
        headers: account.headers,
        payload: { paymentMethodId },
      });
    expect((await cardChange(otis.cardId)).statusCode).toBe(404);

    // A card the account saves itself pays online.
    const saved = await checkoutWith(account.headers, {
      cardToken: await tokenize(),
      expiry: '1230',
      saveCard: true,
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const mine = (await get('/api/store/account/payment-methods', account.headers)).json().data;
    expect(mine).toHaveLength(1);
    const again = await checkoutWith(account.headers, { paymentMethodId: mine[0].id });
    expect(again.statusCode, again.body).toBe(201);
    const changed = await cardChange(mine[0].id);
    expect(changed.statusCode, changed.body).toBe(200);
  });

  it('confirming an address that a customer with an account carries answers 409, changing nothing', async () => {
    const ada = await customerSession(t, 'Ada Account');
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/customers/${ada.customer.id}`,
      headers: cashier.headers,
      payload: { email: 'eve@example.com' },
    });
    expect(edited.statusCode).toBe(200);
    const confirmed = await store.register('eve@example.com');
    expect(confirmed.statusCode).toBe(409);
    expect(confirmed.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(confirmed.json().code).toBe('conflict');
    expect((await get(`/api/admin/customers/${ada.customer.id}`, manager.headers)).json().email).toBe(
      'eve@example.com',
    );
    expect(
      (await store.post('/api/store/auth/login', { email: 'eve@example.com', password: CUSTOMER_PASSWORD }))
        .statusCode,
    ).toBe(401);
  });

  it('one confirmation link confirmed twice at once opens one account, and never a 500', async () => {
    await store.post('/api/store/auth/register', { email: 'twice@example.com', password: CUSTOMER_PASSWORD });
    const token = await store.emailedToken('twice@example.com', '/shop/confirm');
    const answers = await Promise.all([
      store.post('/api/store/auth/confirm', { token }),
      store.post('/api/store/auth/confirm', { token }),
    ]);
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([200, 400]);
    const { rows } = await t.deps.database.query('select 1 from customer_accounts where email = $1', [
      'twice@example.com',
    ]);
    expect(rows).toHaveLength(1);
  });
});
