import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/contracts/receipts.js';
import {
  customerSession,
  ORIGIN,
  openTestApp,
  postJson,
  staffSession,
  type TestApp,
} from '../helpers/app.js';

type Headers = Record<string, string>;

const STORE = {
  phone: '(503) 555-0142',
  email: 'hello@juniper.example',
  line1: '1120 NW Couch St',
  line2: 'Suite 4',
  city: 'Portland',
  region: 'OR',
  postalCode: '97209',
  country: 'US',
};

/** What every printed receipt must hold true: lines add up, tax apart or included, tenders and change. */
function expectAddsUp(r: Receipt) {
  expect(r.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(r.subtotal);
  expect(r.pricesIncludeTax ? r.subtotal : r.subtotal + r.tax).toBe(r.total);
  expect(r.tenders.reduce((sum, t) => sum + t.tendered, 0) - r.change).toBe(r.total);
  expect(r.tenders.reduce((sum, t) => sum + t.amount, 0)).toBe(r.total);
}

describe('receipts: GET /api/pos/orders/{id}/receipt', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let cashier: { user: { name: string }; headers: Headers };
  let shampoo: { id: string };
  let blowDry: { id: string };
  let bundle: { id: string };
  let buyer: Awaited<ReturnType<typeof customerSession>>;

  const post = (url: string, payload: unknown, headers: Headers) => postJson(t, url, payload, headers);
  const get = (url: string, headers: Headers = cashier.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  const receiptOf = (id: string, headers?: Headers) =>
    get(`/api/pos/orders/${encodeURIComponent(id)}/receipt`, headers);
  async function cardToken() {
    const res = await post(
      '/api/payments/tokenize',
      { number: '4111111111111111', expiry: '1230', cvv: '123' },
      {
        origin: ORIGIN,
      },
    );
    expect(res.statusCode).toBe(200);
    return res.json().token as string;
  }

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
    const settings = await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/settings',
      headers: manager.headers,
      payload: { businessName: 'Juniper Hair & Beauty', timeZone: 'America/Los_Angeles', store: STORE },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const item = async (body: object) => {
      const res = await post('/api/admin/items', body, manager.headers);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    shampoo = await item({ kind: 'product', sku: 'SH-1', name: 'Argan shampoo', price: 1850, taxRate: 825 });
    blowDry = await item({ kind: 'service', sku: 'BD', name: 'Blow-dry', price: 3500, taxRate: 0 });
    bundle = await item({
      kind: 'package',
      sku: 'PKG-10BD',
      name: '10 Blow-dries',
      price: 30000,
      taxRate: 0,
      includes: [{ itemId: blowDry.id, quantity: 10 }],
      durationDays: 90,
    });
    buyer = await customerSession(t, 'Bea Buyer');
    const bought = await post(
      '/api/pos/sales',
      {
        customerId: buyer.customer.id,
        lines: [{ itemId: bundle.id, quantity: 1 }],
        payments: [{ method: 'cash', amount: 30000 }],
      },
      cashier.headers,
    );
    expect(bought.statusCode, bought.body).toBe(201);
  });
  afterAll(() => t.close());

  it('prints the shop, the cashier, lines that add up, tax apart, split tenders, change, a gift card and a package credit', async () => {
    // 2 × 18.50 + 8.25 % tax (3.05) = 40.05; the blow-dry on a credit (0); a 25.00 physical card.
    const sale = await post(
      '/api/pos/sales',
      {
        customerId: buyer.customer.id,
        lines: [
          { itemId: shampoo.id, quantity: 2 },
          { itemId: blowDry.id, quantity: 1 },
        ],
        giftCards: [{ amount: 2500, serial: 'PHY-7777-4242' }],
        payments: [
          { method: 'card', amount: 2000, cardToken: await cardToken(), expiry: '1230' },
          { method: 'cash', amount: 5000 },
        ],
      },
      cashier.headers,
    );
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json();
    const res = await receiptOf(order.id);
    expect(res.statusCode, res.body).toBe(200);
    const r: Receipt = res.json();
    expect(r).toMatchObject({
      orderId: order.id,
      number: order.number,
      store: {
        name: 'Juniper Hair & Beauty',
        addressLines: ['1120 NW Couch St', 'Suite 4', 'Portland, OR 97209', 'United States'],
        phone: STORE.phone,
        email: STORE.email,
        timeZone: 'America/Los_Angeles',
      },
      cashier: cashier.user.name,
      customer: 'Bea Buyer',
      pricesIncludeTax: false,
      subtotal: 3700 + 0 + 2500,
      tax: 305,
      total: 6505,
      change: 495,
      giftCardsActivated: [{ maskedCode: '•••• 4242', kind: 'physical', amount: 2500 }],
      packageCreditsUsed: [{ packageName: '10 Blow-dries', itemName: 'Blow-dry', quantity: 1, value: 3500 }],
    });
    expect(r.lines.map((l) => [l.name, l.quantity, l.amount, l.discount])).toEqual([
      ['Argan shampoo', 2, 3700, 0],
      ['Blow-dry', 1, 0, 0],
      ['Gift card (physical) •••• 4242', 1, 2500, 0],
    ]);
    expect(r.lines[1]!.packageCredits).toMatchObject({
      packageName: '10 Blow-dries',
      quantity: 1,
      value: 3500,
    });
    // The card as the order names it ("Visa •••• 1111").
    const card = order.tenders.find((t: { method: string }) => t.method === 'card').card as string;
    expect(card).toMatch(/•••• 1111$/);
    expect(r.tenders).toEqual([
      { method: 'card', label: card, amount: 2000, tendered: 2000, change: 0 },
      { method: 'cash', label: 'Cash', amount: 4505, tendered: 5000, change: 495 },
    ]);
    expectAddsUp(r);
    // Nothing of the full gift card code reaches the receipt.
    expect(res.body).not.toMatch(/\d{8}/);
  });

  it('says the tax is included when prices include tax, the lines adding up to the total', async () => {
    const patched = await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/settings',
      headers: manager.headers,
      payload: { pricesIncludeTax: true },
    });
    expect(patched.statusCode).toBe(200);
    const sale = await post(
      '/api/pos/sales',
      { lines: [{ itemId: shampoo.id, quantity: 3 }], payments: [{ method: 'cash', amount: 6000 }] },
      cashier.headers,
    );
    expect(sale.statusCode, sale.body).toBe(201);
    const r: Receipt = (await receiptOf(sale.json().id)).json();
    // 3 × 18.50 = 55.50 with 8.25 % in it: 4.23.
    expect(r).toMatchObject({ pricesIncludeTax: true, subtotal: 5550, tax: 423, total: 5550, change: 450 });
    expect(r.lines[0]!.amount).toBe(5550);
    expectAddsUp(r);
  });

  it('is for staff only: a customer (even the buyer) and a stranger are refused; an unknown order is 404', async () => {
    const sale = await post(
      '/api/pos/sales',
      {
        customerId: buyer.customer.id,
        lines: [{ itemId: blowDry.id, quantity: 1 }],
        payments: [],
      },
      cashier.headers,
    );
    expect(sale.statusCode, sale.body).toBe(201);
    const id = sale.json().id as string;
    expect((await receiptOf(id, manager.headers)).statusCode).toBe(200);
    const asBuyer = await receiptOf(id, buyer.headers);
    expect(asBuyer.statusCode).toBe(401);
    expect(asBuyer.headers['content-type']).toContain('application/problem+json');
    expect((await receiptOf(id, { origin: ORIGIN })).statusCode).toBe(401);
    expect((await receiptOf(id, { cookie: 'tandem_session=forged', origin: ORIGIN })).statusCode).toBe(401);
    const unknown = await receiptOf('ord_00000000000000000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');
    expect((await receiptOf('x'.repeat(65))).statusCode).toBe(400);
    // NUL, a lone surrogate and SQL, as they come in the path: refused or not found, never a 500.
    for (const raw of ['ord_%00', '%ED%A0%80', '%27%20or%201%3D1%20--']) {
      const status = (await get(`/api/pos/orders/${raw}/receipt`)).statusCode;
      expect([400, 404], raw).toContain(status);
    }
  });
});
