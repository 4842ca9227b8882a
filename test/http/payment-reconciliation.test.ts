import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardPointeEmulator } from '../../emulators/cardpointe/server.js';
import type { CardPointeClient } from '../../src/server/modules/payments/cardpointe-client.js';
import { beginCharge } from '../../src/server/modules/payments/charge-card.js';
import {
  attachPaymentsToOrder,
  chargeCard,
  type PaymentDeps,
  reconcileSalePayments,
  settlePendingPayments,
} from '../../src/server/modules/payments/index.js';
import { systemActor } from '../../src/server/platform/auth.js';
import { DomainError } from '../../src/server/platform/errors.js';
import { paymentOperations, payments as paymentsTable } from '../../src/server/tables.js';
import { openTestApp, staffSession, type TestApp } from '../helpers/app.js';
import { emulatedGateway } from '../helpers/gateway.js';

/**
 * A sale's card payment ends paying for an order or given back: what the settling job does with
 * payments the gateway approved for a sale whose order was never written.
 */
describe('reconciling sales’ card payments with their orders', () => {
  let t: TestApp;
  let emulator: CardPointeEmulator;
  let client: CardPointeClient;
  let deps: PaymentDeps;

  beforeAll(async () => {
    const emulated = await emulatedGateway();
    ({ emulator, client } = emulated);
    t = await openTestApp({ gateway: emulated.gateway });
    deps = { db: t.deps.database.db, gateway: client };
  });
  afterAll(() => t.close());

  const charge = async (amount: number, options: { capture?: boolean; purpose?: 'sale' | 'renewal' } = {}) =>
    (
      await chargeCard(deps, {
        amount,
        card: {
          token: await client.tokenize({ number: '4111111111111111', expiry: '1230' }),
          expiry: '1230',
        },
        entry: 'in_store',
        purpose: options.purpose ?? 'sale',
        capture: options.capture ?? true,
        actor: systemActor,
      })
    ).payment;
  const row = async (id: string) =>
    (await t.deps.database.db.select().from(paymentsTable).where(eq(paymentsTable.id, id)))[0]!;
  const operations = async (id: string) =>
    t.deps.database.db
      .select()
      .from(paymentOperations)
      .where(eq(paymentOperations.paymentId, id))
      .orderBy(paymentOperations.id);
  const atGateway = (retref: string | null) => emulator.transactions().find((x) => x.retref === retref)!;
  /** Only this test's payments: earlier tests leave theirs reconciled. */
  const reconcile = (graceMs: number) => reconcileSalePayments(deps, graceMs);

  it('leaves a charge alone while its sale may still be writing the order, then voids it', async () => {
    const payment = await charge(2500);
    expect(await reconcile(60_000)).toEqual({ givenBack: 0, captured: 0, unresolved: 0 });
    expect((await row(payment.id)).status).toBe('captured');

    expect(await reconcile(0)).toEqual({ givenBack: 1, captured: 0, unresolved: 0 });
    const after = await row(payment.id);
    expect(after).toMatchObject({ status: 'voided', orderId: null });
    expect(after.abandonedAt).toBeInstanceOf(Date);
    expect(after.note).toMatch(/No order was written for this sale/);
    expect(atGateway(payment.retref)).toMatchObject({ voided: true });
    expect((await operations(payment.id)).map((o) => [o.kind, o.status, o.actorLabel])).toEqual([
      ['authorize', 'approved', 'Tandem'],
      ['void', 'approved', 'Tandem'],
    ]);

    // A sale that comes back to it after all cannot write its order on a reversed charge.
    const late = await t.deps.database.db
      .transaction((tx) => attachPaymentsToOrder(tx, [payment.id], 'ord_late'))
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(late).toBeInstanceOf(DomainError);
    expect((late as DomainError).kind).toBe('conflict');
    expect((await row(payment.id)).orderId).toBeNull();
  });

  it('refunds a charge the gateway has settled, since it can no longer be voided', async () => {
    const payment = await charge(4200);
    emulator.settle();
    expect(await reconcile(0)).toEqual({ givenBack: 1, captured: 0, unresolved: 0 });
    expect(await row(payment.id)).toMatchObject({ status: 'refunded', refundedAmount: 4200 });
    expect((await operations(payment.id)).map((o) => `${o.kind} ${o.status}`)).toEqual([
      'authorize approved',
      'refund approved',
    ]);
  });

  it('never touches a payment an order took, even one whose order commits while it looks', async () => {
    const taken = await charge(1500);
    await t.deps.database.db.transaction((tx) => attachPaymentsToOrder(tx, [taken.id], 'ord_taken'));
    const racing = await charge(1600);
    let looking: Promise<unknown> | null = null;
    await t.deps.database.db.transaction(async (tx) => {
      await attachPaymentsToOrder(tx, [racing.id], 'ord_racing');
      // The reconciliation starts while the order's transaction holds the payment.
      looking = reconcile(0);
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(await looking).toEqual({ givenBack: 0, captured: 0, unresolved: 0 });
    for (const [payment, order] of [
      [taken, 'ord_taken'],
      [racing, 'ord_racing'],
    ] as const) {
      expect(await row(payment.id)).toMatchObject({ status: 'captured', orderId: order, abandonedAt: null });
      expect(atGateway(payment.retref)).toMatchObject({ voided: false });
    }
  });

  it('captures an online order’s authorisation that was never captured', async () => {
    const payment = await charge(3300, { capture: false });
    await t.deps.database.db.transaction((tx) => attachPaymentsToOrder(tx, [payment.id], 'ord_online'));
    expect(await reconcile(0)).toEqual({ givenBack: 0, captured: 1, unresolved: 0 });
    expect(await row(payment.id)).toMatchObject({ status: 'captured', capturedAmount: 3300 });
    expect(atGateway(payment.retref)).toMatchObject({ captured: true, voided: false });
  });

  it('voids an authorisation no order took, and leaves renewals to the renewal job', async () => {
    const authorized = await charge(1200, { capture: false });
    const renewal = await charge(1900, { purpose: 'renewal' });
    expect(await reconcile(0)).toEqual({ givenBack: 1, captured: 0, unresolved: 0 });
    expect((await row(authorized.id)).status).toBe('voided');
    expect((await row(renewal.id)).status).toBe('captured');
  });

  it('tries again later when the gateway does not answer', async () => {
    const payment = await charge(1700);
    emulator.failNext('inquire', 503);
    expect(await reconcile(0)).toEqual({ givenBack: 0, captured: 0, unresolved: 1 });
    expect((await row(payment.id)).abandonedAt).toBeInstanceOf(Date);
    expect(await reconcile(0)).toEqual({ givenBack: 1, captured: 0, unresolved: 0 });
    expect((await row(payment.id)).status).toBe('voided');
  });

  it('a sale still waiting for a lost answer cannot write its order once the charge is reversed', async () => {
    const intent = await beginCharge(
      deps.db,
      'sandbox',
      { amount: 2100, currency: 'USD', entry: 'in_store', purpose: 'sale', actor: systemActor },
      'VISA',
      '1111',
    );
    await client.authorize({
      orderId: intent.gatewayOrderId,
      amount: 2100,
      currency: 'USD',
      card: { token: await client.tokenize({ number: '4111111111111111', expiry: '1230' }), expiry: '1230' },
      capture: true,
      entry: 'in_store',
    });
    expect((await settlePendingPayments(deps, 0)).reversed).toBe(1);
    expect(await row(intent.id)).toMatchObject({ status: 'voided', orderId: null });
    expect((await row(intent.id)).abandonedAt).toBeInstanceOf(Date);
    const late = await t.deps.database.db
      .transaction((tx) => attachPaymentsToOrder(tx, [intent.id], 'ord_slow'))
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(late).toBeInstanceOf(DomainError);
  });

  it('shows the payment given back on the Payments list', async () => {
    const owner = await staffSession(t, 'owner');
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/payments', headers: owner.headers });
    expect(res.statusCode).toBe(200);
    const given = (res.json().data as { abandonedAt: string | null; status: string }[]).filter(
      (p) => p.abandonedAt,
    );
    expect(given.length).toBe(5);
    expect(given.every((p) => ['voided', 'refunded'].includes(p.status))).toBe(true);
  });
});
