import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPackages, packageCreditEntries } from '../../src/server/tables.js';
import {
  customerSession,
  errorPaths,
  ORIGIN,
  openTestApp,
  postJson,
  staffSession,
  type TestApp,
} from '../helpers/app.js';

type Headers = Record<string, string>;

describe('packages: credits used at the register, their discount, expiry and pro-rata refunds', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let cashier: { headers: Headers };
  let blowDry: { id: string };
  let colour: { id: string };
  let bundle: { id: string };

  const post = (url: string, payload: unknown, headers: Headers) => postJson(t, url, payload, headers);
  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  const sell = (
    customerId: string | undefined,
    lines: { itemId: string; quantity: number }[],
    cash: number,
  ) =>
    post(
      '/api/pos/sales',
      { ...(customerId ? { customerId } : {}), lines, payments: [{ method: 'cash', amount: cash }] },
      cashier.headers,
    );
  /** A customer who has just bought the package at the register, in cash. */
  async function holder(name: string) {
    const shopper = await customerSession(t, name);
    const sale = await sell(shopper.customer.id, [{ itemId: bundle.id, quantity: 1 }], 30000);
    expect(sale.statusCode, sale.body).toBe(201);
    const [owned] = (
      await get(`/api/admin/packages?customerId=${shopper.customer.id}`, cashier.headers)
    ).json().data;
    return { shopper, order: sale.json(), owned };
  }

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
    const item = async (body: object) => (await post('/api/admin/items', body, manager.headers)).json();
    blowDry = await item({ kind: 'service', sku: 'BD', name: 'Blow-dry', price: 3500, taxRate: 0 });
    colour = await item({ kind: 'service', sku: 'COL', name: 'Colour', price: 8000, taxRate: 0 });
    bundle = await item({
      kind: 'package',
      sku: 'PKG-10BD',
      name: '10 Blow-dries',
      price: 30000,
      taxRate: 0,
      includes: [{ itemId: blowDry.id, quantity: 10 }],
      discountPercent: 10,
      durationDays: 90,
    });
  });
  afterAll(() => t.close());

  it('is sold at the register to a customer, with credits for its services until it expires', async () => {
    const { order, owned } = await holder('Bea Bundle');
    expect(order.lines[0]).toMatchObject({ kind: 'package', total: 30000, packageId: owned.id });
    expect(owned).toMatchObject({
      name: '10 Blow-dries',
      status: 'active',
      price: 30000,
      discountPercent: 10,
      credits: [{ itemId: blowDry.id, service: 'Blow-dry', included: 10, used: 0, remaining: 10 }],
      refundable: 30000,
    });
    const days = (Date.parse(owned.expiresAt) - Date.parse(owned.startsAt)) / 86_400_000;
    expect(days).toBe(90);
    const anonymous = await sell(undefined, [{ itemId: bundle.id, quantity: 1 }], 30000);
    expect(anonymous.statusCode).toBe(400);
    expect(errorPaths(anonymous)).toEqual(['lines.0.itemId']);
  });

  it('pays for a covered service with a credit (charged 0, shown on the receipt) and takes its discount off other services', async () => {
    const { shopper, owned } = await holder('Cy Credit');
    const sale = await sell(
      shopper.customer.id,
      [
        { itemId: blowDry.id, quantity: 1 },
        { itemId: colour.id, quantity: 1 },
      ],
      7200,
    );
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json();
    // The blow-dry on a credit; the colour 10 % off (800).
    expect(order.lines.map((l: { total: number; creditsUsed: number }) => [l.total, l.creditsUsed])).toEqual([
      [0, 1],
      [7200, 0],
    ]);
    expect(order).toMatchObject({ total: 7200, change: 0 });
    const [receipt] = (
      await t.deps.database.query<{ text: string }>(
        `select text from mail_outbox where "to" = $1 and template = 'order.receipt' order by id desc`,
        [shopper.customer.email],
      )
    ).rows;
    expect(receipt!.text).toContain('Blow-dry (1 package credit used)');
    const after = (await get(`/api/store/account/packages`, shopper.headers)).json().data[0];
    expect(after.credits[0]).toMatchObject({ used: 1, remaining: 9 });
    expect(after.id).toBe(owned.id);
    const perks = (await get(`/api/admin/customers/${shopper.customer.id}/perks`, cashier.headers)).json();
    expect(perks).toMatchObject({
      discount: { percent: 10, from: '10 Blow-dries' },
      credits: [{ packageId: owned.id, remaining: 9, service: 'Blow-dry' }],
    });
  });

  it('uses no more credits than are left, and charges the rest', async () => {
    const { shopper, owned } = await holder('Max Many');
    await t.deps.database.query('update package_credits set remaining = 2 where package_id = $1', [owned.id]);
    const sale = await sell(shopper.customer.id, [{ itemId: blowDry.id, quantity: 3 }], 3150);
    expect(sale.statusCode, sale.body).toBe(201);
    expect(sale.json().lines[0]).toMatchObject({ creditsUsed: 2, total: 3150 });
    const left = (await get(`/api/admin/packages/${owned.id}`, cashier.headers)).json();
    expect(left).toMatchObject({ status: 'used_up', credits: [{ remaining: 0, used: 10 }] });
  });

  it('gives nothing once expired: no credits, no discount, nothing to refund', async () => {
    const { shopper, owned } = await holder('Ed Expired');
    await t.deps.database.db
      .update(customerPackages)
      .set({ startsAt: new Date(Date.now() - 100 * 86_400_000), expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(customerPackages.id, owned.id));
    const sale = await sell(shopper.customer.id, [{ itemId: blowDry.id, quantity: 1 }], 3500);
    expect(sale.json()).toMatchObject({ total: 3500, discount: 0 });
    expect(sale.json().lines[0].creditsUsed).toBe(0);
    const seen = (await get(`/api/admin/packages/${owned.id}`, cashier.headers)).json();
    expect(seen).toMatchObject({ status: 'expired', refundable: 0, credits: [{ remaining: 10 }] });
  });

  it('refunds only the unused value, pro rata, and ends its credits', async () => {
    const { shopper, order, owned } = await holder('Rex Refund');
    for (let i = 0; i < 3; i++) {
      const used = await post(
        '/api/pos/sales',
        { customerId: shopper.customer.id, lines: [{ itemId: blowDry.id, quantity: 1 }] },
        cashier.headers,
      );
      expect(used.statusCode, used.body).toBe(201);
    }
    const shown = (await get(`/api/admin/packages/${owned.id}`, cashier.headers)).json();
    expect(shown.refundable).toBe(21000); // 7 of 10 credits left of 300.00
    const tooMuch = await post(
      `/api/admin/orders/${order.id}/refunds`,
      { amount: 30000, lines: [{ lineId: order.lines[0].id, quantity: 1 }] },
      manager.headers,
    );
    expect(tooMuch.statusCode).toBe(400);
    expect(errorPaths(tooMuch)).toEqual(['amount']);
    expect((await get(`/api/admin/packages/${owned.id}`, cashier.headers)).json().status).toBe('active');

    const res = await post(
      `/api/admin/orders/${order.id}/refunds`,
      { lines: [{ lineId: order.lines[0].id, quantity: 1 }] },
      manager.headers,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ refunded: 21000, paymentStatus: 'partially_refunded' });
    const closed = (await get(`/api/admin/packages/${owned.id}`, cashier.headers)).json();
    expect(closed).toMatchObject({ status: 'refunded', refundable: 0, credits: [{ remaining: 0 }] });
    const perks = (await get(`/api/admin/customers/${shopper.customer.id}/perks`, cashier.headers)).json();
    expect(perks).toEqual({ discount: null, productDiscount: null, credits: [] });
    const ledger = await t.deps.database.db
      .select({ kind: packageCreditEntries.kind, quantity: packageCreditEntries.quantity })
      .from(packageCreditEntries)
      .where(eq(packageCreditEntries.packageId, owned.id));
    expect(ledger.map((e) => `${e.kind}:${e.quantity}`).sort()).toEqual(
      ['forfeit:-7', 'grant:10', 'use:-1', 'use:-1', 'use:-1'].sort(),
    );
    const twice = await post(
      `/api/admin/orders/${order.id}/refunds`,
      { lines: [{ lineId: order.lines[0].id, quantity: 1 }] },
      manager.headers,
    );
    expect(twice.statusCode).toBe(400);
  });

  it('stays usable, with the gift card sold beside it, when the gateway refuses the refund', async () => {
    const shopper = await customerSession(t, 'Rhea Refused');
    const balayage = (
      await post(
        '/api/admin/items',
        { kind: 'service', sku: 'BAL', name: 'Balayage', price: 71600, taxRate: 0 },
        manager.headers,
      )
    ).json();
    const token = (
      await post(
        '/api/payments/tokenize',
        { number: '4111111111111111', expiry: '1230', cvv: '123' },
        { origin: ORIGIN },
      )
    ).json().token;
    // 300 (package) + 100 (gift card) + 716 + 12 × 80 = 2,076.00 on the card.
    const sold = await post(
      '/api/pos/sales',
      {
        customerId: shopper.customer.id,
        lines: [
          { itemId: bundle.id, quantity: 1 },
          { itemId: balayage.id, quantity: 1 },
          { itemId: colour.id, quantity: 12 },
        ],
        giftCards: [{ amount: 10000, serial: 'REOPEN-0001' }],
        payments: [{ method: 'card', amount: 207600, cardToken: token, expiry: '1230' }],
      },
      cashier.headers,
    );
    expect(sold.statusCode, sold.body).toBe(201);
    const order = sold.json();
    await fetch(new URL('/__emulator/settle', t.deps.gatewaySiteUrl), { method: 'POST' });
    const lineOf = (kind: string, name?: string) =>
      order.lines.find((l: { kind: string; name: string }) => l.kind === kind && (!name || l.name === name));
    const packageLine = lineOf('package');
    // The sandbox refuses a refund of $1,116.00 (300 + 100 + 716) on a capture of $2,000 or more.
    const refund = () =>
      post(
        `/api/admin/orders/${order.id}/refunds`,
        {
          lines: [packageLine, lineOf('gift_card'), lineOf('service', 'Balayage')].map((l) => ({
            lineId: l.id,
            quantity: 1,
          })),
        },
        manager.headers,
      );
    // Asked twice, refused twice: each time exactly what was closed is opened again.
    for (const refused of [await refund(), await refund()]) {
      expect(refused.statusCode, refused.body).toBe(402);
      expect(refused.json().code).toBe('payment_declined');
    }
    // Nothing went back, so nothing stays closed: the package keeps its credits, the card its money.
    expect((await get(`/api/admin/packages/${packageLine.packageId}`, cashier.headers)).json()).toMatchObject(
      {
        status: 'active',
        credits: [{ remaining: 10 }],
        refundable: 30000,
      },
    );
    const spend = await post(
      '/api/pos/sales',
      {
        lines: [{ itemId: blowDry.id, quantity: 1 }],
        payments: [{ method: 'gift_card', code: 'REOPEN0001', amount: 3500 }],
      },
      cashier.headers,
    );
    expect(spend.statusCode, spend.body).toBe(201);
    const detail = (await get(`/api/admin/orders/${order.id}`, manager.headers)).json();
    expect(detail.refunded ?? 0).toBe(0);

    // Money back without the package's and gift card's lines cannot reach into their value.
    const byAmount = await post(`/api/admin/orders/${order.id}/refunds`, { amount: 170000 }, manager.headers);
    expect(byAmount.statusCode).toBe(400);
    expect(byAmount.json().detail).toMatch(
      /At most \$1,676\.00 can be refunded: the gift cards and packages/,
    );
    expect(errorPaths(byAmount)).toEqual(['amount']);
  });

  it('puts a credit back when the service it paid for is given back', async () => {
    const { shopper, owned } = await holder('Ria Return');
    const sold = await post(
      '/api/pos/sales',
      { customerId: shopper.customer.id, lines: [{ itemId: blowDry.id, quantity: 1 }] },
      cashier.headers,
    );
    expect(sold.statusCode, sold.body).toBe(201);
    const sale = sold.json();
    expect(sale).toMatchObject({ total: 0, tenders: [] });
    expect((await get(`/api/admin/packages/${owned.id}`, cashier.headers)).json().credits[0].remaining).toBe(
      9,
    );
    const res = await post(
      `/api/admin/orders/${sale.id}/refunds`,
      { lines: [{ lineId: sale.lines[0].id, quantity: 1 }] },
      manager.headers,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ refunded: 0 });
    expect((await get(`/api/admin/packages/${owned.id}`, cashier.headers)).json().credits[0].remaining).toBe(
      10,
    );
  });

  it('keeps customers to their own packages', async () => {
    const { owned } = await holder('Olive Own');
    const other = await customerSession(t, 'Pat Peer');
    const theirs = (await get('/api/store/account/packages', other.headers)).json().data;
    expect(theirs.map((p: { id: string }) => p.id)).not.toContain(owned.id);
    expect((await get('/api/store/account/packages', { origin: ORIGIN })).statusCode).toBe(401);
    expect((await get(`/api/admin/packages/${owned.id}`, { origin: ORIGIN })).statusCode).toBe(401);
    // Asked wrongly, staff get a problem to read.
    const missing = await get('/api/admin/packages/pkg_nope', cashier.headers);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const unnamed = await get('/api/admin/packages', cashier.headers);
    expect(unnamed.statusCode).toBe(400);
    expect(errorPaths(unnamed)).toEqual(['customerId']);
    const renewNobody = await post(
      '/api/admin/subscriptions/sub_nope/renew',
      { periodStart: '2026-01-01T00:00:00.000Z' },
      manager.headers,
    );
    expect(renewNobody.statusCode).toBe(404);
  });

  it('is offered in the shop with what it includes, and bought online appears in My account', async () => {
    const plans = await get('/api/store/plans', { origin: ORIGIN });
    expect(plans.statusCode).toBe(200);
    const offered = plans.json().data.find((p: { id: string }) => p.id === bundle.id);
    expect(offered).toEqual({
      id: bundle.id,
      kind: 'package',
      name: '10 Blow-dries',
      description: null,
      price: 30000,
      taxRate: 0,
      tax: 0,
      total: 30000,
      includes: [{ name: 'Blow-dry', quantity: 10 }],
      discountPercent: 10,
      discountAppliesTo: 'services',
      durationDays: 90,
      interval: null,
      pictureUrl: null,
    });
    const shopper = await customerSession(t, 'Owen Online');
    const token = (
      await post(
        '/api/payments/tokenize',
        { number: '4111111111111111', expiry: '1230', cvv: '123' },
        {
          origin: ORIGIN,
        },
      )
    ).json().token;
    const bought = await post(
      '/api/store/checkout',
      { lines: [{ itemId: bundle.id, quantity: 1 }], payment: { cardToken: token, expiry: '1230' } },
      shopper.headers,
    );
    expect(bought.statusCode, bought.body).toBe(201);
    expect(bought.json()).toMatchObject({ total: 30000, delivery: null });
    const mine = (await get('/api/store/account/packages', shopper.headers)).json().data;
    expect(mine).toEqual([
      expect.objectContaining({ name: '10 Blow-dries', status: 'active', orderId: bought.json().id }),
    ]);
    // Paid by a card the gateway has not settled: only the whole payment could go back (a void), so
    // a pro-rata refund is refused before the package is touched.
    const used = await post(
      '/api/pos/sales',
      { customerId: shopper.customer.id, lines: [{ itemId: blowDry.id, quantity: 1 }] },
      cashier.headers,
    );
    expect(used.json().total).toBe(0);
    const order = bought.json();
    const early = await post(
      `/api/admin/orders/${order.id}/refunds`,
      { lines: [{ lineId: order.lines[0].id, quantity: 1 }] },
      manager.headers,
    );
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().code).toBe('payment_not_settled');
    expect((await get(`/api/admin/packages/${mine[0].id}`, cashier.headers)).json()).toMatchObject({
      status: 'active',
      credits: [{ remaining: 9 }],
    });
    const twice = await post(
      '/api/store/checkout',
      { lines: [{ itemId: bundle.id, quantity: 2 }], payment: { cardToken: token, expiry: '1230' } },
      shopper.headers,
    );
    expect(twice.statusCode).toBe(400);
    expect(errorPaths(twice)).toEqual(['lines.0.quantity']);
  });

  it('sells a membership at the register on a card kept for its renewals', async () => {
    const membership = (
      await post(
        '/api/admin/items',
        {
          kind: 'membership',
          sku: 'MEM-R',
          name: 'Salon Club',
          price: 2500,
          interval: 'month',
          discountPercent: 5,
        },
        manager.headers,
      )
    ).json();
    const shopper = await customerSession(t, 'Rita Register');
    const token = (
      await post(
        '/api/payments/tokenize',
        { number: '4111111111111111', expiry: '1230', cvv: '123' },
        {
          origin: ORIGIN,
        },
      )
    ).json().token;
    const sale = (saveCard: boolean) =>
      post(
        '/api/pos/sales',
        {
          customerId: shopper.customer.id,
          lines: [{ itemId: membership.id, quantity: 1 }],
          payments: [{ method: 'card', amount: 2500, cardToken: token, expiry: '1230', saveCard }],
        },
        cashier.headers,
      );
    const refused = await sale(false);
    expect(refused.statusCode).toBe(400);
    expect(errorPaths(refused)).toEqual(['payments']);
    const sold = await sale(true);
    expect(sold.statusCode, sold.body).toBe(201);
    const [sub] = (
      await get(`/api/admin/subscriptions?customerId=${shopper.customer.id}`, manager.headers)
    ).json().data;
    expect(sub).toMatchObject({
      plan: 'Salon Club',
      customerName: 'Rita Register',
      status: 'active',
      amount: 2500,
      card: 'Visa •••• 1111',
      orderId: sold.json().id,
    });
  });
});
