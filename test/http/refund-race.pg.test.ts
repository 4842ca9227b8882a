import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderRefunds, orderTenders, paymentOperations, payments } from '../../src/server/tables.js';
import { openTestApp, postJson, staffSession, type TestApp } from '../helpers/app.js';

type Headers = Record<string, string>;
type Answer = Awaited<ReturnType<typeof postJson>>;

// Real transactions racing on a PostgreSQL server: the embedded database runs one at a time.
describe('refunds of one order racing each other (PostgreSQL)', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let item: { id: string };

  const post = (url: string, payload: unknown, headers: Headers = manager.headers) =>
    postJson(t, url, payload, headers);
  const getOrder = async (id: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/admin/orders/${id}`, headers: manager.headers })).json();

  /** Every answer is a success or a 4xx problem; none is a server error. */
  function expectNoServerError(answers: Answer[]) {
    for (const a of answers) {
      expect(a.statusCode, a.body).toBeLessThan(500);
      if (a.statusCode !== 200) {
        expect([400, 409]).toContain(a.statusCode);
        expect(a.headers['content-type']).toContain('application/problem+json');
      }
    }
  }

  /** The order's refunded total is the sum of its tenders' and of the refunds the report counts. */
  async function expectBooksAgree(orderId: string, refunded: number) {
    const { db } = t.deps.database;
    const [tenders] = await db
      .select({ sum: sql<string>`coalesce(sum(${orderTenders.refunded}), 0)` })
      .from(orderTenders)
      .where(eq(orderTenders.orderId, orderId));
    const [report] = await db
      .select({ sum: sql<string>`coalesce(sum(${orderRefunds.amount}), 0)` })
      .from(orderRefunds)
      .where(eq(orderRefunds.orderId, orderId));
    expect(Number(tenders!.sum)).toBe(refunded);
    expect(Number(report!.sum)).toBe(refunded);
  }

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    item = (
      await post('/api/admin/items', {
        kind: 'product',
        sku: 'RACE-1',
        name: 'Walnut bowl',
        price: 2500,
        cost: 1000,
        taxRate: 0,
        trackStock: true,
      })
    ).json();
    await post(`/api/admin/items/${item.id}/stock-adjustments`, {
      delta: 100,
      reason: 'In',
      kind: 'receive',
    });
  });
  afterAll(() => t.close());

  async function cashSale(quantity: number) {
    const res = await post('/api/pos/sales', {
      lines: [{ itemId: item.id, quantity }],
      payments: [{ method: 'cash', amount: 2500 * quantity }],
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; total: number; lines: { id: string }[] };
  }

  it('50 partial cash refunds at once: those that fit go through, the others answer 4xx, never more than the total', async () => {
    const order = await cashSale(4); // 100.00
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => post(`/api/admin/orders/${order.id}/refunds`, { amount: 1000 })),
    );
    expectNoServerError(answers);
    const ok = answers.filter((a) => a.statusCode === 200).length;
    const seen = await getOrder(order.id);
    expect(seen.refunded).toBeLessThanOrEqual(order.total);
    expect(seen.refunded).toBe(ok * 1000);
    // Taking turns, every refund that still fitted was made.
    expect(ok).toBe(10);
    expect(seen.paymentStatus).toBe('refunded');
    await expectBooksAgree(order.id, seen.refunded);
  });

  it('the same line given back by 10 refunds at once is given back at most as often as it was sold', async () => {
    const order = await cashSale(3);
    const lineId = order.lines[0]!.id;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        post(`/api/admin/orders/${order.id}/refunds`, { lines: [{ lineId, quantity: 1 }], restock: true }),
      ),
    );
    expectNoServerError(answers);
    const ok = answers.filter((a) => a.statusCode === 200).length;
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(3);
    const seen = await getOrder(order.id);
    expect(seen.lines[0].refundedQuantity).toBe(ok);
    expect(seen.refunded).toBe(ok * 2500);
    await expectBooksAgree(order.id, seen.refunded);
  });

  it('two refunds of different lines, each for the whole order: one goes through, the other gives its line back untouched', async () => {
    const res = await post('/api/pos/sales', {
      lines: [
        { itemId: item.id, quantity: 1 },
        { itemId: item.id, quantity: 1 },
      ],
      payments: [{ method: 'cash', amount: 5000 }],
    });
    expect(res.statusCode).toBe(201);
    const order = res.json() as { id: string; total: number; lines: { id: string }[] };
    const answers = await Promise.all(
      order.lines.map((l) =>
        post(`/api/admin/orders/${order.id}/refunds`, {
          lines: [{ lineId: l.id, quantity: 1 }],
          amount: 5000,
        }),
      ),
    );
    expectNoServerError(answers);
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    const seen = await getOrder(order.id);
    expect(seen.refunded).toBe(5000);
    // Only the refund that went through has its line given back.
    const given = (id: string) =>
      seen.lines.find((l: { id: string; refundedQuantity: number }) => l.id === id).refundedQuantity;
    order.lines.forEach((l, i) => {
      expect(given(l.id)).toBe(answers[i]!.statusCode === 200 ? 1 : 0);
    });
    await expectBooksAgree(order.id, seen.refunded);
  });

  it('10 whole refunds of a card payment not yet settled at once: one void, the others refused', async () => {
    const token = await t.deps.gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
    const sale = await post('/api/pos/sales', {
      lines: [{ itemId: item.id, quantity: 1 }],
      payments: [{ method: 'card', amount: 2500, cardToken: token, expiry: '1230' }],
    });
    expect(sale.statusCode).toBe(201);
    const order = sale.json() as { id: string; total: number; tenders: { paymentId: string }[] };
    const paymentId = order.tenders[0]!.paymentId;
    // The gateway answers every refund's look-up at the same moment, so that they all go on at once.
    await fetch(new URL('/__emulator/hang', t.deps.gatewaySiteUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: 'inquire', ms: 400, times: 10 }),
    });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? post(`/api/admin/orders/${order.id}/refunds`, {})
          : post(`/api/admin/payments/${paymentId}/refunds`, {}),
      ),
    );
    expectNoServerError(answers);
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    const seen = await getOrder(order.id);
    expect(seen).toMatchObject({ refunded: order.total, paymentStatus: 'refunded' });
    const [payment] = await t.deps.database.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(payment!.status).toBe('voided');
    // The gateway was asked to void it once.
    const voids = await t.deps.database.db
      .select()
      .from(paymentOperations)
      .where(and(eq(paymentOperations.paymentId, paymentId), eq(paymentOperations.kind, 'void')));
    expect(voids.map((v) => v.status)).toEqual(['approved']);
    await expectBooksAgree(order.id, seen.refunded);
  });

  it('20 partial refunds of one settled card payment at once, from the order and from the payment', async () => {
    const token = await t.deps.gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
    const sale = await post('/api/pos/sales', {
      lines: [{ itemId: item.id, quantity: 2 }],
      payments: [{ method: 'card', amount: 5000, cardToken: token, expiry: '1230' }],
    });
    expect(sale.statusCode).toBe(201);
    const order = sale.json() as { id: string; total: number; tenders: { paymentId: string }[] };
    const paymentId = order.tenders[0]!.paymentId;
    await fetch(new URL('/__emulator/settle', t.deps.gatewaySiteUrl), { method: 'POST' });

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? post(`/api/admin/orders/${order.id}/refunds`, { amount: 1000 })
          : post(`/api/admin/payments/${paymentId}/refunds`, { amount: 1000 }),
      ),
    );
    expectNoServerError(answers);
    const ok = answers.filter((a) => a.statusCode === 200).length;
    const seen = await getOrder(order.id);
    const [payment] = await t.deps.database.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(seen.refunded).toBeLessThanOrEqual(order.total);
    expect(seen.refunded).toBe(ok * 1000);
    expect(payment!.refundedAmount).toBe(seen.refunded);
    await expectBooksAgree(order.id, seen.refunded);
  });
});
