import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeCard } from '../../src/server/modules/payments/index.js';
import { systemActor } from '../../src/server/platform/auth.js';
import { payments } from '../../src/server/tables.js';
import { customerSession, openTestApp, postJson, staffSession, type TestApp } from '../helpers/app.js';

type Headers = Record<string, string>;

// Money goes back one way, whichever screen starts it, and only for staff allowed to refund.
describe('refunds: one path, for those who may refund', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let cashier: { headers: Headers };
  let shopper: { headers: Headers };
  let lamp: { id: string };

  const post = (url: string, payload: unknown, headers: Headers) => postJson(t, url, payload, headers);
  const get = (url: string, headers: Headers = manager.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  const stockOf = async (id: string) => (await get(`/api/admin/items/${id}`)).json().stock as number;
  const paymentRow = async (id: string) =>
    (await t.deps.database.db.select().from(payments).where(eq(payments.id, id)))[0]!;
  const settle = () => fetch(new URL('/__emulator/settle', t.deps.gatewaySiteUrl), { method: 'POST' });
  const today = new Date().toISOString().slice(0, 10);
  const refundsToday = async () =>
    (await get(`/api/admin/reports/sales?from=${today}&to=${today}&tz=UTC`)).json().total.refunds as number;

  async function buy(quantity: number) {
    const token = await t.deps.gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
    const res = await post(
      '/api/store/checkout',
      {
        lines: [{ itemId: lamp.id, quantity }],
        shippingAddress: {
          line1: '3 Quay Street',
          city: 'Portland',
          region: 'OR',
          postalCode: '97201',
          country: 'us',
        },
        payment: { cardToken: token, expiry: '1230' },
      },
      shopper.headers,
    );
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; total: number; tenders: { paymentId: string }[] };
  }

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
    shopper = await customerSession(t, 'Sam Lamp');
    lamp = (
      await post(
        '/api/admin/items',
        {
          kind: 'product',
          sku: 'LMP',
          name: 'Brass lamp',
          price: 5000,
          cost: 2000,
          taxRate: 0,
          trackStock: true,
        },
        manager.headers,
      )
    ).json();
    await post(
      `/api/admin/items/${lamp.id}/stock-adjustments`,
      { delta: 20, reason: 'In', kind: 'receive' },
      manager.headers,
    );
  });
  afterAll(() => t.close());

  it('a cashier cannot give money back by cancelling a paid order; a manager can', async () => {
    const order = await buy(2);
    const stock = await stockOf(lamp.id);
    const refused = await post(
      `/api/admin/orders/${order.id}/fulfillment`,
      { status: 'cancelled' },
      cashier.headers,
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().code).toBe('forbidden');
    // Nothing changed: still paid, the card still charged, the goods not back.
    expect((await get(`/api/admin/orders/${order.id}`)).json()).toMatchObject({
      paymentStatus: 'paid',
      fulfillmentStatus: 'unfulfilled',
      refunded: 0,
    });
    expect((await paymentRow(order.tenders[0]!.paymentId)).status).toBe('captured');
    expect(await stockOf(lamp.id)).toBe(stock);

    const cancelled = await post(
      `/api/admin/orders/${order.id}/fulfillment`,
      { status: 'cancelled' },
      manager.headers,
    );
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ fulfillmentStatus: 'cancelled', paymentStatus: 'refunded' });
  });

  it('a cashier may cancel an order once a manager has given all its money back', async () => {
    const order = await buy(1);
    expect((await post(`/api/admin/orders/${order.id}/refunds`, {}, manager.headers)).statusCode).toBe(200);
    const cancelled = await post(
      `/api/admin/orders/${order.id}/fulfillment`,
      { status: 'cancelled' },
      cashier.headers,
    );
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ fulfillmentStatus: 'cancelled', paymentStatus: 'refunded' });
  });

  it('a refund from the Payments page shows on its order and in the sales report; the order refunds the rest', async () => {
    const order = await buy(2);
    const paymentId = order.tenders[0]!.paymentId;
    await settle();
    const reportBefore = await refundsToday();

    expect(
      (await post(`/api/admin/payments/${paymentId}/refunds`, { amount: 1500 }, cashier.headers)).statusCode,
    ).toBe(403);
    const part = await post(
      `/api/admin/payments/${paymentId}/refunds`,
      { amount: 1500, reason: 'Scratched base' },
      manager.headers,
    );
    expect(part.statusCode).toBe(200);
    expect(part.json()).toMatchObject({ id: paymentId, orderId: order.id, refundedAmount: 1500 });

    const seen = (await get(`/api/admin/orders/${order.id}`)).json();
    expect(seen).toMatchObject({ refunded: 1500, paymentStatus: 'partially_refunded' });
    expect(
      seen.history.some(
        (h: { kind: string; detail: string }) => h.kind === 'refund' && h.detail.includes('Scratched base'),
      ),
    ).toBe(true);
    expect(await refundsToday()).toBe(reportBefore + 1500);

    // More than is left on the payment: refused, nothing changes.
    const tooMuch = await post(
      `/api/admin/payments/${paymentId}/refunds`,
      { amount: order.total },
      manager.headers,
    );
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().code).toBe('validation_failed');
    expect((await get(`/api/admin/orders/${order.id}`)).json().refunded).toBe(1500);

    const rest = await post(`/api/admin/orders/${order.id}/refunds`, {}, manager.headers);
    expect(rest.statusCode).toBe(200);
    expect(rest.json()).toMatchObject({ refunded: order.total, paymentStatus: 'refunded' });
    expect(await paymentRow(paymentId)).toMatchObject({ status: 'refunded', refundedAmount: order.total });
    expect(await refundsToday()).toBe(reportBefore + order.total);
  });

  it('a card payment that belongs to no order is refunded on its own', async () => {
    const token = await t.deps.gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
    const { payment } = await chargeCard(
      { db: t.deps.database.db, gateway: t.deps.gateway },
      {
        amount: 4200,
        card: { token, expiry: '1230' },
        entry: 'in_store',
        purpose: 'sale',
        actor: systemActor,
      },
    );
    await settle();
    const refunded = await post(
      `/api/admin/payments/${payment.id}/refunds`,
      { amount: 1200 },
      manager.headers,
    );
    expect(refunded.statusCode).toBe(200);
    expect(refunded.json()).toMatchObject({
      refundedAmount: 1200,
      status: 'partially_refunded',
      orderId: null,
    });
  });
});
