import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardPointeEmulator } from '../../emulators/cardpointe/server.js';
import { reconcileCardRefunds } from '../../src/server/modules/orders/index.js';
import type { CardPointeClient } from '../../src/server/modules/payments/cardpointe-client.js';
import {
  type PaymentDeps,
  sendQueuedRefunds,
  settlePendingPayments,
} from '../../src/server/modules/payments/index.js';
import { payments, queuedRefunds } from '../../src/server/tables.js';
import { openTestApp, postJson, staffSession, type TestApp } from '../helpers/app.js';
import { emulatedGateway } from '../helpers/gateway.js';
import { mailTo } from '../helpers/mail.js';

type Headers = Record<string, string>;
interface Sale {
  id: string;
  total: number;
  lines: { id: string; name: string; total: number }[];
  tenders: { paymentId: string | null; refunded: number }[];
}

// A customer brings back one thing of a card sale made today, before the gateway has settled it.
describe('same-day returns of card sales', () => {
  let t: TestApp;
  let emulator: CardPointeEmulator;
  let client: CardPointeClient;
  let deps: PaymentDeps;
  let manager: { headers: Headers };
  let cashier: { headers: Headers };
  let customer: { id: string; email: string };
  let candle: { id: string };
  let soap: { id: string };
  const post = (url: string, body: unknown, headers: Headers = manager.headers) =>
    postJson(t, url, body, headers);
  const get = async (url: string) =>
    (await t.app.inject({ method: 'GET', url, headers: manager.headers })).json();
  const order = (id: string) => get(`/api/admin/orders/${id}`);
  const stockOf = async (id: string) => (await get(`/api/admin/items/${id}`)).stock as number;
  const today = new Date().toISOString().slice(0, 10);
  const report = async () => (await get(`/api/admin/reports/sales?from=${today}&to=${today}&tz=UTC`)).total;
  const refundsAtGateway = (retref: string) =>
    emulator.transactions().filter((x) => x.type === 'refund' && x.originalRetref === retref);
  const paymentOf = async (id: string) =>
    (await t.deps.database.db.select().from(payments).where(eq(payments.id, id)))[0]!;
  const mails = async (template: string) =>
    (await mailTo(t.deps, customer.email)).filter((m) => m.template === template);

  async function sale(): Promise<Sale> {
    const token = await client.tokenize({ number: '4111111111111111', expiry: '1230' });
    const res = await post('/api/pos/sales', {
      customerId: customer.id,
      lines: [
        { itemId: candle.id, quantity: 1 },
        { itemId: soap.id, quantity: 2 },
      ],
      payments: [{ method: 'card', amount: 5400, cardToken: token, expiry: '1230' }],
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  }
  const line = (s: Sale, name: string) => s.lines.find((l) => l.name === name)!;

  beforeAll(async () => {
    const emulated = await emulatedGateway({ timeoutMs: 2_000 });
    ({ emulator, client } = emulated);
    t = await openTestApp({ gateway: emulated.gateway });
    deps = { db: t.deps.database.db, gateway: client };
    manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
    const made = await post('/api/admin/customers', { name: 'Ada Return', email: 'ada.return@example.com' });
    expect(made.statusCode).toBe(201);
    customer = made.json();
    const item = async (sku: string, name: string, price: number) => {
      const res = await post('/api/admin/items', {
        kind: 'product',
        sku,
        name,
        price,
        cost: 1000,
        taxRate: 0,
        trackStock: true,
      });
      expect(res.statusCode).toBe(201);
      await post(`/api/admin/items/${res.json().id}/stock-adjustments`, { delta: 50, reason: 'In' });
      return res.json();
    };
    candle = await item('CND', 'Fig candle', 3000);
    soap = await item('SOP', 'Olive soap', 1200);
  });
  afterAll(() => t.close());

  it('owes one line back to the card until the payment settles, then the job sends it once', async () => {
    const s = await sale();
    const paymentId = s.tenders[0]!.paymentId!;
    const before = await report();
    const stock = await stockOf(candle.id);

    // Given back the default way, only the whole payment could go back now: nothing changes.
    const early = await post(`/api/admin/orders/${s.id}/refunds`, {
      lines: [{ lineId: line(s, 'Fig candle').id, quantity: 1 }],
      restock: true,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('payment_not_settled');
    expect(await order(s.id)).toMatchObject({ refunded: 0, paymentStatus: 'paid', cardRefunds: [] });

    const res = await post(`/api/admin/orders/${s.id}/refunds`, {
      lines: [{ lineId: line(s, 'Fig candle').id, quantity: 1 }],
      restock: true,
      method: 'card',
      reason: 'Wrong scent',
    });
    expect(res.statusCode).toBe(200);
    const refunded = res.json();
    expect(refunded).toMatchObject({ refunded: 3000, paymentStatus: 'partially_refunded' });
    expect(refunded.tenders[0].refunded).toBe(3000);
    expect(refunded.cardRefunds).toEqual([
      expect.objectContaining({ paymentId, amount: 3000, status: 'queued', card: 'Visa •••• 1111' }),
    ]);
    expect(refunded.history.at(-2).detail).toContain('to the card once the payment settles (pending)');
    expect(await stockOf(candle.id)).toBe(stock + 1);
    // Counted on the day it was given, as the order's refunded total is.
    expect((await report()).refunds).toBe(before.refunds + 3000);
    // Nothing went to the gateway yet.
    const { retref } = await paymentOf(paymentId);
    expect(refundsAtGateway(retref!)).toEqual([]);

    const [receipt] = await mails('order.refund');
    expect(receipt!.subject).toContain(`order #${refunded.number}`);
    expect(receipt!.text).toContain('Returned: 1 × Fig candle');
    expect(receipt!.text).toContain('Back to your card Visa •••• 1111: $30.00');
    expect(receipt!.text).toContain('as soon as it is (usually the next business day)');

    // What is left counts what is owed: the soap and no more.
    const tooMuch = await post(`/api/admin/orders/${s.id}/refunds`, { amount: 2401, method: 'cash' });
    expect(tooMuch.statusCode).toBe(400);
    expect((await order(s.id)).refunded).toBe(3000);

    // The job waits for the batch…
    expect(await sendQueuedRefunds(deps)).toMatchObject({ sent: 0, waiting: 1 });
    emulator.settle();
    // …then two runs at once send it once.
    const [a, b] = await Promise.all([sendQueuedRefunds(deps), sendQueuedRefunds(deps)]);
    expect(a.sent + b.sent).toBe(1);
    expect(await sendQueuedRefunds(deps)).toMatchObject({ sent: 0, waiting: 0 });
    expect(refundsAtGateway(retref!)).toEqual([expect.objectContaining({ amount: 3000, respstat: 'A' })]);
    expect(await paymentOf(paymentId)).toMatchObject({ refundedAmount: 3000, status: 'partially_refunded' });
    const after = await order(s.id);
    expect(after).toMatchObject({ refunded: 3000, paymentStatus: 'partially_refunded' });
    expect(after.cardRefunds[0]).toMatchObject({ status: 'sent' });
    expect(after.cardRefunds[0].sentAt).not.toBeNull();
    // The order already had it: finding it at the gateway adds nothing.
    expect(await reconcileCardRefunds(deps.db, { now: new Date(Date.now() + 3 * 60_000) })).toBe(0);
    expect((await order(s.id)).refunded).toBe(3000);
    // One receipt, when it was recorded.
    expect(await mails('order.refund')).toHaveLength(1);
  });

  it('sends a queued refund exactly once after the gateway timed out or failed', async () => {
    const s = await sale();
    const paymentId = s.tenders[0]!.paymentId!;
    const res = await post(`/api/admin/orders/${s.id}/refunds`, {
      lines: [{ lineId: line(s, 'Olive soap').id, quantity: 1 }],
      method: 'card',
    });
    expect(res.statusCode).toBe(200);
    emulator.settle();
    const { retref } = await paymentOf(paymentId);

    // The gateway refunds, but its answer comes after Tandem stopped waiting.
    emulator.hang('refund', 3_000);
    expect(await sendQueuedRefunds(deps)).toMatchObject({ sent: 0, unresolved: 1 });
    // Not sent again while what became of it is unknown.
    expect(await sendQueuedRefunds(deps)).toMatchObject({ sent: 0, unresolved: 1 });
    await new Promise((r) => setTimeout(r, 3_100));
    expect((await settlePendingPayments(deps, 0)).completed).toBe(1);
    expect(await sendQueuedRefunds(deps)).toMatchObject({ sent: 1 });
    expect(refundsAtGateway(retref!)).toHaveLength(1);
    expect(await paymentOf(paymentId)).toMatchObject({ refundedAmount: 1200 });

    // Once settled, a refund to the card goes at once.
    const direct = await post(`/api/admin/orders/${s.id}/refunds`, {
      lines: [{ lineId: line(s, 'Olive soap').id, quantity: 1 }],
      method: 'card',
    });
    expect(direct.statusCode).toBe(200);
    expect(direct.json().cardRefunds).toHaveLength(1);
    expect(refundsAtGateway(retref!)).toHaveLength(2);

    // The gateway fails one outright (not processed): it is queued again, with the reason on the
    // order, then sent.
    const other = await sale();
    const next = await post(`/api/admin/orders/${other.id}/refunds`, {
      lines: [{ lineId: line(other, 'Olive soap').id, quantity: 1 }],
      method: 'card',
    });
    expect(next.statusCode).toBe(200);
    emulator.settle();
    emulator.failNext('refund', 502);
    expect(await sendQueuedRefunds(deps)).toMatchObject({ sent: 0, unresolved: 1 });
    // The settling job finds the gateway never processed it; the next run queues it again.
    expect((await settlePendingPayments(deps, 0)).completed).toBe(1);
    expect(await sendQueuedRefunds(deps)).toMatchObject({ sent: 0, retried: 1 });
    const [row] = await deps.db
      .select()
      .from(queuedRefunds)
      .where(eq(queuedRefunds.id, next.json().cardRefunds[0].id));
    expect(row).toMatchObject({ status: 'queued', attempts: 1, operationId: null });
    expect((await order(other.id)).cardRefunds[0].lastError).toMatch(/^The gateway did not refund it/);
    expect(await sendQueuedRefunds(deps)).toMatchObject({ sent: 1 });
    const otherPayment = await paymentOf(other.tenders[0]!.paymentId!);
    expect(refundsAtGateway(otherPayment.retref!).map((x) => x.amount)).toEqual([1200]);
    expect(otherPayment).toMatchObject({ refundedAmount: 1200 });
    expect((await order(other.id)).cardRefunds[0]).toMatchObject({ status: 'sent', lastError: null });
    expect(await paymentOf(paymentId)).toMatchObject({ refundedAmount: 2400 });
    expect((await order(s.id)).refunded).toBe(2400);
  });

  it('a refund the gateway kept refusing waits for staff, who can send it again; only a failed one, only once', async () => {
    const s = await sale();
    const queued = await post(`/api/admin/orders/${s.id}/refunds`, {
      lines: [{ lineId: line(s, 'Fig candle').id, quantity: 1 }],
      method: 'card',
    });
    expect(queued.statusCode).toBe(200);
    const refundId = queued.json().cardRefunds[0].id as string;
    const retry = (headers: Headers = manager.headers, id = refundId, orderId = s.id) =>
      post(`/api/admin/orders/${orderId}/card-refunds/${id}/retry`, {}, headers);
    // Not failed yet: nothing to retry.
    expect((await retry()).statusCode).toBe(409);
    emulator.settle();
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      emulator.failNext('refund', 502);
      await sendQueuedRefunds(deps);
      await settlePendingPayments(deps, 0);
      const run = await sendQueuedRefunds(deps);
      outcomes.push(run.failed === 1 ? 'failed' : run.retried === 1 ? 'retried' : JSON.stringify(run));
    }
    expect(outcomes).toEqual([...Array(7).fill('retried'), 'failed']);
    expect(await sendQueuedRefunds(deps)).toMatchObject({ sent: 0, failed: 0 });
    expect((await order(s.id)).cardRefunds[0]).toMatchObject({ status: 'failed' });

    expect((await retry(cashier.headers)).statusCode).toBe(403);
    const other = await sale();
    expect((await retry(manager.headers, refundId, other.id)).statusCode).toBe(404);
    expect((await retry(manager.headers, 'qrf_nothing')).statusCode).toBe(404);
    const [first, second] = await Promise.all([retry(), retry()]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const again = (first.statusCode === 200 ? first : second).json();
    expect(again.cardRefunds[0]).toMatchObject({ id: refundId, status: 'queued' });
    expect(again.history.at(-1)).toMatchObject({ kind: 'refund_retried' });

    expect(await sendQueuedRefunds(deps)).toMatchObject({ sent: 1 });
    const { retref } = await paymentOf(s.tenders[0]!.paymentId!);
    expect(refundsAtGateway(retref!).filter((x) => x.amount === 3000)).toHaveLength(1);
    expect((await order(s.id)).cardRefunds[0]).toMatchObject({ status: 'sent' });
  });

  it('gives a line back in cash at once, with nothing sent to the card', async () => {
    const s = await sale();
    const before = await report();
    const res = await post(`/api/admin/orders/${s.id}/refunds`, {
      lines: [{ lineId: line(s, 'Fig candle').id, quantity: 1 }],
      method: 'cash',
      restock: true,
    });
    expect(res.statusCode).toBe(200);
    const o = res.json();
    expect(o).toMatchObject({ refunded: 3000, paymentStatus: 'partially_refunded', cardRefunds: [] });
    expect(o.history.at(-2).detail).toBe('$30.00 back in cash: Refund');
    expect((await report()).refunds).toBe(before.refunds + 3000);
    const { retref } = await paymentOf(s.tenders[0]!.paymentId!);
    expect(refundsAtGateway(retref!)).toEqual([]);
    expect((await mails('order.refund'))[0]!.text).toContain('In cash: $30.00');
  });

  it('puts a line onto a new store credit card, or onto a card the customer brings', async () => {
    const s = await sale();
    const res = await post(`/api/admin/orders/${s.id}/refunds`, {
      lines: [{ lineId: line(s, 'Fig candle').id, quantity: 1 }],
      method: 'gift_card',
    });
    expect(res.statusCode).toBe(200);
    const o = res.json();
    expect(o).toMatchObject({ refunded: 3000, cardRefunds: [] });
    expect(o.storeCredit).toMatchObject({ amount: 3000, emailedTo: customer.email });
    const card = await get(`/api/admin/gift-cards/${o.storeCredit.giftCardId}`);
    expect(card).toMatchObject({ balance: 3000, status: 'active' });
    expect(card.ledger.map((e: { kind: string }) => e.kind)).toEqual(['issue', 'refund']);
    // The code goes to the customer, and is shown nowhere else.
    const [issued] = await mails('gift_card.issued');
    expect(issued!.text).toContain(o.storeCredit.code);
    expect((await order(s.id)).storeCredit).toBeUndefined();
    expect((await mails('order.refund'))[0]!.text).toContain(
      `Onto a new gift card ${o.storeCredit.maskedCode}: $30.00`,
    );

    // A card the customer brings, by its code.
    const own = await post('/api/admin/gift-cards', { amount: 500 });
    expect(own.statusCode).toBe(201);
    const wrong = await post(`/api/admin/orders/${s.id}/refunds`, {
      lines: [{ lineId: line(s, 'Olive soap').id, quantity: 1 }],
      method: 'gift_card',
      giftCardCode: '0000 0000 0000 0000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('giftCardCode');
    const onto = await post(`/api/admin/orders/${s.id}/refunds`, {
      lines: [{ lineId: line(s, 'Olive soap').id, quantity: 1 }],
      method: 'gift_card',
      giftCardCode: own.json().code,
    });
    expect(onto.statusCode).toBe(200);
    expect(onto.json()).toMatchObject({ refunded: 4200 });
    expect(onto.json().storeCredit).toBeUndefined();
    expect((await get(`/api/admin/gift-cards/${own.json().id}`)).balance).toBe(1700);
  });

  it('owes a line to the card once when it is given back twice at once', async () => {
    const s = await sale();
    const soapLine = line(s, 'Olive soap');
    const both = await Promise.all(
      [1, 2].map(() =>
        post(`/api/admin/orders/${s.id}/refunds`, {
          lines: [{ lineId: soapLine.id, quantity: 2 }],
          method: 'card',
        }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, expect.any(Number)]);
    expect(both.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of both.filter((r) => r.statusCode !== 200)) expect([400, 409]).toContain(r.statusCode);
    const after = await order(s.id);
    expect(after).toMatchObject({ refunded: 2400 });
    expect(after.cardRefunds).toHaveLength(1);
    expect(after.lines.find((l: { id: string }) => l.id === soapLine.id).refundedQuantity).toBe(2);
  });

  it('refuses a cashier, and more than is left, changing nothing', async () => {
    const s = await sale();
    const soapLine = line(s, 'Olive soap');
    const mailsBefore = (await mailTo(t.deps, customer.email)).length;
    const byCashier = await post(
      `/api/admin/orders/${s.id}/refunds`,
      { lines: [{ lineId: soapLine.id, quantity: 1 }], method: 'cash' },
      cashier.headers,
    );
    expect(byCashier.statusCode).toBe(403);
    const code = await post(`/api/admin/orders/${s.id}/refunds`, {
      amount: 100,
      method: 'cash',
      giftCardCode: '1234',
    });
    expect(code.statusCode).toBe(400);

    const all = await post(`/api/admin/orders/${s.id}/refunds`, { method: 'card' });
    // The whole payment can go back now: voided at the gateway, nothing queued.
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ refunded: 5400, paymentStatus: 'refunded', cardRefunds: [] });
    const again = await post(`/api/admin/orders/${s.id}/refunds`, { method: 'cash' });
    expect(again.statusCode).toBe(409);
    const line2 = await post(`/api/admin/orders/${s.id}/refunds`, {
      lines: [{ lineId: soapLine.id, quantity: 1 }],
      amount: 1,
      method: 'cash',
    });
    expect(line2.statusCode).toBe(400);
    expect((await order(s.id)).refunded).toBe(5400);
    // One receipt: the refund that was made.
    expect((await mailTo(t.deps, customer.email)).length).toBe(mailsBefore + 1);
  });
});
