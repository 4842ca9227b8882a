import { PassThrough } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CardPointeEmulator, startCardPointeEmulator } from '../../emulators/cardpointe/server.js';
import { passesLuhn } from '../../src/contracts/card-number.js';
import { CardPointeClient } from '../../src/server/modules/payments/cardpointe-client.js';
import { beginCharge } from '../../src/server/modules/payments/charge-card.js';
import {
  chargeCard,
  type PaymentDeps,
  settlePendingPayments,
} from '../../src/server/modules/payments/index.js';
import { systemActor } from '../../src/server/platform/auth.js';
import { DomainError } from '../../src/server/platform/errors.js';
import { payments as paymentsTable } from '../../src/server/tables.js';
import { customerSession, openTestApp, staffSession, type TestApp } from '../helpers/app.js';
import { dumpAllTables } from '../helpers/database.js';

/**
 * Card-like digit runs (13–19 digits starting with a card network's first digit, not the fraction
 * of a decimal such as a response time) that pass the Luhn check.
 */
function cardNumbersIn(text: string, tokens: ReadonlySet<string>): string[] {
  const found: string[] = [];
  // Hashes and keys (long hexadecimal strings) are left out: a run of digits inside one can pass
  // the Luhn check by chance.
  const withoutHex = text.replace(/[0-9a-f]{32,}/gi, ' ');
  for (const [run] of withoutHex.matchAll(/(?<![\d.])[3-6]\d{12,18}(?!\d)/g)) {
    if (!tokens.has(run) && passesLuhn(run)) found.push(run);
  }
  return found;
}

describe('card payments', () => {
  let t: TestApp;
  let emulator: CardPointeEmulator;
  let deps: PaymentDeps;
  let manager: Awaited<ReturnType<typeof staffSession>>;
  const log = new PassThrough();
  const logged: string[] = [];
  log.on('data', (chunk: Buffer) => logged.push(chunk.toString('utf8')));
  const tokens = new Set<string>();

  beforeAll(async () => {
    emulator = await startCardPointeEmulator();
    const client = new CardPointeClient(
      {
        url: emulator.url,
        merchantId: emulator.merchantId,
        username: emulator.username,
        password: emulator.password,
        timeoutMs: 1000,
      },
      'sandbox',
    );
    t = await openTestApp({
      env: { LOG_LEVEL: 'debug' },
      logStream: log,
      gateway: { gateway: client, siteUrl: emulator.url, close: () => emulator.close() },
    });
    deps = { db: t.deps.database.db, gateway: client };
    manager = await staffSession(t, 'manager');
  });
  afterAll(() => t.close());

  async function tokenize(number: string, expiry = '1230') {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/payments/tokenize',
      headers: { origin: 'http://127.0.0.1:3000' },
      payload: { number, expiry, cvv: '123' },
    });
    expect(res.statusCode).toBe(200);
    const { token } = res.json() as { token: string };
    tokens.add(token);
    return token;
  }
  const charge = async (number: string, amount: number) =>
    chargeCard(deps, {
      amount,
      card: { token: await tokenize(number), expiry: '1230' },
      entry: 'in_store',
      purpose: 'sale',
      actor: systemActor,
    });
  const declineOf = async (promise: Promise<unknown>) => {
    const err = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  };
  const paymentRow = async (id: string) =>
    (await t.deps.database.db.select().from(paymentsTable).where(eq(paymentsTable.id, id)))[0]!;
  const latestPayment = async () => (await t.deps.database.db.select().from(paymentsTable)).at(-1)!;

  it('tells the card form where to tokenize, and tokenizes only valid numbers', async () => {
    const config = await t.app.inject({ method: 'GET', url: '/api/payments/config' });
    expect(config.json()).toEqual({
      cardProcessing: true,
      gateway: 'sandbox',
      tokenizer: { kind: 'endpoint', url: '/api/payments/tokenize' },
    });
    expect(await tokenize('4111 1111 1111 1111')).toMatch(/^941\d{9}1111$/);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/payments/tokenize',
      headers: { origin: 'http://127.0.0.1:3000' },
      payload: { number: '4111111111111112' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ path: 'number', message: 'is not a valid card number' }]);
  });

  it('charges a card once and records the gateway’s answer', async () => {
    const { payment } = await charge('4111111111111111', 2500);
    expect(payment).toMatchObject({
      status: 'captured',
      amount: 2500,
      capturedAmount: 2500,
      brand: 'VISA',
      last4: '1111',
      respStat: 'A',
      respCode: '00',
      gateway: 'sandbox',
    });
    expect(emulator.transactions().filter((x) => x.orderid === payment.gatewayOrderId)).toHaveLength(1);
  });

  it('a decline answers payment_declined with the gateway’s text and keeps the attempt', async () => {
    const err = await declineOf(charge('4387751111111053', 2500));
    expect(err.kind).toBe('payment_declined');
    expect(err.message).toMatch(/declined/i);
    const row = await latestPayment();
    expect(row).toMatchObject({ status: 'declined', respStat: 'C', capturedAmount: 0 });

    const byAmount = await declineOf(charge('4111111111111111', 111695));
    expect(byAmount.message).toMatch(/not sufficient funds/i);
  });

  it('"retry" answers are asked about, tried once more, then given up with nothing charged', async () => {
    const err = await declineOf(charge('4999006200620062', 1500));
    expect(err.code).toBe('payment_declined');
    const row = await latestPayment();
    expect(row.status).toBe('failed');
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/admin/payments/${row.id}`,
      headers: manager.headers,
    });
    const operations = detail.json().operations as { kind: string; respStat: string | null }[];
    expect(operations.filter((o) => o.kind === 'authorize')).toHaveLength(2);
    const approved = emulator.transactions().filter((x) => x.respstat === 'A' && x.amount === 1500);
    expect(approved).toHaveLength(0);
  });

  it('a hung connection is resolved by inquiry: the card is charged once and the sale goes on', async () => {
    emulator.hang('auth', 2500);
    const before = emulator.transactions().length;
    const { payment } = await charge('5454545454545454', 4321);
    expect(payment.status).toBe('captured');
    expect(payment.capturedAmount).toBe(4321);
    expect(emulator.transactions().length).toBe(before + 1);
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/admin/payments/${payment.id}`,
      headers: manager.headers,
    });
    expect(detail.json().operations[0]).toMatchObject({
      kind: 'authorize',
      status: 'approved',
      reason: 'Answer lost; found approved by inquiry',
    });
  });

  it('a partial approval is reversed at once and answered as a decline', async () => {
    const err = await declineOf(charge('4387750101010101', 1000));
    expect(err.message).toMatch(/approved for only 5\.00 of 10\.00/);
    const row = await latestPayment();
    expect(row.status).toBe('voided');
    const sent = emulator.transactions().find((x) => x.retref === row.retref);
    expect(sent).toMatchObject({ voided: true });
  });

  it('a crash between intent and result is settled by the job: the orphan charge is voided', async () => {
    // The intent is written and the gateway charges the card, but the process dies before the
    // answer is written: the call is made here and its answer dropped.
    const token = await tokenize('4111111111111111');
    const intent = await beginCharge(
      deps.db,
      'sandbox',
      { amount: 1800, currency: 'USD', entry: 'online', purpose: 'sale', actor: systemActor },
      'VISA',
      '1111',
    );
    await deps.gateway.authorize({
      orderId: intent.gatewayOrderId,
      amount: 1800,
      currency: 'USD',
      card: { token, expiry: '1230' },
      capture: true,
      entry: 'online',
    });
    // And an intent whose call never left.
    const neverSent = await beginCharge(
      deps.db,
      'sandbox',
      { amount: 900, currency: 'USD', entry: 'online', purpose: 'sale', actor: systemActor },
      'VISA',
      '1111',
    );
    expect((await paymentRow(intent.id)).status).toBe('pending');

    const fresh = await settlePendingPayments(deps);
    expect(fresh.checked).toBe(0);
    const report = await settlePendingPayments(deps, 0);
    expect(report).toMatchObject({ reversed: 1, failed: 1, unresolved: 0 });
    expect(await paymentRow(intent.id)).toMatchObject({ status: 'voided', capturedAmount: 1800 });
    expect((await paymentRow(neverSent.id)).status).toBe('failed');
    const charged = emulator.transactions().filter((x) => x.orderid === intent.gatewayOrderId);
    expect(charged).toHaveLength(1);
    expect(charged[0]).toMatchObject({ voided: true });
  });

  it('refunds: the whole payment is voided before settlement, any part refunded after', async () => {
    const refund = (id: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/admin/payments/${id}/refunds`,
        headers: {
          ...manager.headers,
          'idempotency-key': `refund-${id}-${JSON.stringify(payload).replace(/\W/g, '')}`,
        },
        payload,
      });
    const unsettled = (await charge('4111111111111111', 4000)).payment;
    const part = await refund(unsettled.id, { amount: 1000 });
    expect(part.statusCode).toBe(409);
    expect(part.json().code).toBe('payment_not_settled');
    const whole = await refund(unsettled.id, { reason: 'Changed their mind' });
    expect(whole.statusCode).toBe(200);
    expect(whole.json()).toMatchObject({ status: 'voided' });
    expect(whole.json().operations.at(-1)).toMatchObject({
      kind: 'void',
      status: 'approved',
      reason: 'Changed their mind',
    });

    const settled = (await charge('4111111111111111', 5000)).payment;
    emulator.settle();
    const first = await refund(settled.id, { amount: 1250 });
    expect(first.json()).toMatchObject({ status: 'partially_refunded', refundedAmount: 1250 });
    const replay = await refund(settled.id, { amount: 1250 });
    expect(replay.json()).toMatchObject({ refundedAmount: 1250 });
    const tooMuch = await refund(settled.id, { amount: 4000 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().errors[0]).toMatchObject({ path: 'amount', message: 'must be at most 37.50' });
    const rest = await refund(settled.id, {});
    expect(rest.json()).toMatchObject({ status: 'refunded', refundedAmount: 5000 });
    expect((await refund(settled.id, { amount: 1 })).statusCode).toBe(409);
    const cashier = await staffSession(t, 'cashier');
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/admin/payments/${settled.id}/refunds`,
      headers: cashier.headers,
      payload: {},
    });
    expect(refused.statusCode).toBe(403);
  });

  it('lists payments newest first, filtered by status and found by last 4', async () => {
    const list = async (query: string) =>
      (
        await t.app.inject({ method: 'GET', url: `/api/admin/payments?${query}`, headers: manager.headers })
      ).json();
    const all = await list('limit=200');
    const created = all.data.map((p: { createdAt: string }) => p.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(
      (await list('status=declined')).data.every((p: { status: string }) => p.status === 'declined'),
    ).toBe(true);
    const mc = await list('q=5454');
    expect(mc.data.length).toBeGreaterThan(0);
    expect(mc.data.every((p: { last4: string }) => p.last4 === '5454')).toBe(true);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = await list(
        `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      pages.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.data.map((p: { id: string }) => p.id));
  });

  it('saved cards: a customer adds, lists and removes theirs; nobody else sees them', async () => {
    const robin = await customerSession(t, 'Robin Fletcher');
    const sam = await customerSession(t, 'Sam Okafor');
    const add = (who: typeof robin, number: string, expiry: string) =>
      tokenize(number, expiry).then((cardToken) =>
        t.app.inject({
          method: 'POST',
          url: '/api/store/account/payment-methods',
          headers: who.headers,
          payload: { cardToken, expiry },
        }),
      );
    const saved = await add(robin, '4788250000121443', '0931');
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ brand: 'VISA', last4: '1443', expiry: '0931', expired: false });
    expect(JSON.stringify(saved.json())).not.toMatch(/profile|token/i);
    const old = await add(robin, '5454545454545454', '0120');
    expect(old.json()).toMatchObject({ brand: 'MC', expired: true });

    const declined = await add(robin, '4387751111111053', '0931');
    expect(declined.statusCode).toBe(402);
    expect(declined.json()).toMatchObject({ code: 'payment_declined' });

    const clearNumber = await t.app.inject({
      method: 'POST',
      url: '/api/store/account/payment-methods',
      headers: robin.headers,
      payload: { cardToken: '4111111111111111', expiry: '0931' },
    });
    expect(clearNumber.statusCode).toBe(400);

    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/store/account/payment-methods',
      headers: robin.headers,
    });
    expect(mine.json().data).toHaveLength(2);
    const theirs = await t.app.inject({
      method: 'GET',
      url: '/api/store/account/payment-methods',
      headers: sam.headers,
    });
    expect(theirs.json().data).toEqual([]);
    const id = saved.json().id as string;
    const steal = await t.app.inject({
      method: 'DELETE',
      url: `/api/store/account/payment-methods/${id}`,
      headers: sam.headers,
    });
    expect(steal.statusCode).toBe(404);

    const staffView = await t.app.inject({
      method: 'GET',
      url: `/api/admin/customers/${robin.customer.id}/payment-methods`,
      headers: manager.headers,
    });
    expect(
      staffView
        .json()
        .data.map((c: { last4: string }) => c.last4)
        .sort(),
    ).toEqual(['1443', '5454']);

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/store/account/payment-methods/${id}`,
      headers: robin.headers,
    });
    expect(removed.statusCode).toBe(204);
    const profiles = emulator.requests.filter((r) => r.method === 'DELETE' && r.endpoint === 'profile');
    expect(profiles).toHaveLength(1);
    const staffRemove = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/customers/${robin.customer.id}/payment-methods/${old.json().id}`,
      headers: manager.headers,
    });
    expect(staffRemove.statusCode).toBe(204);
    const left = await t.app.inject({
      method: 'GET',
      url: '/api/store/account/payment-methods',
      headers: robin.headers,
    });
    expect(left.json().data).toEqual([]);
  });

  it('card processing off: every card payment answers 403 feature_disabled', async () => {
    const owner = await staffSession(t, 'owner');
    const token = await tokenize('4111111111111111');
    const off = await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/settings',
      headers: owner.headers,
      payload: { cardProcessing: false },
    });
    expect(off.statusCode).toBe(200);
    const robin = await customerSession(t, 'Robin Again');
    for (const res of [
      await t.app.inject({
        method: 'POST',
        url: '/api/payments/tokenize',
        headers: { origin: 'http://127.0.0.1:3000' },
        payload: { number: '4111111111111111' },
      }),
      await t.app.inject({
        method: 'POST',
        url: '/api/store/account/payment-methods',
        headers: robin.headers,
        payload: { cardToken: token, expiry: '1230' },
      }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('feature_disabled');
    }
    const err = await declineOf(
      chargeCard(deps, {
        amount: 100,
        card: { token, expiry: '1230' },
        entry: 'in_store',
        purpose: 'sale',
        actor: systemActor,
      }),
    );
    expect(err.kind).toBe('feature_disabled');
    await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/settings',
      headers: owner.headers,
      payload: { cardProcessing: true },
    });
  });

  it('keeps no card number in any table or in the log', async () => {
    const { tables, text: dump } = await dumpAllTables(t.deps.database);
    expect(tables).toBeGreaterThan(10);
    expect(dump).toContain('"last4":"1111"');
    expect(cardNumbersIn(dump, tokens)).toEqual([]);
    const logText = logged.join('');
    expect(logText).toContain('/api/payments/tokenize');
    expect(cardNumbersIn(logText, tokens)).toEqual([]);
    // Nor does the sandbox keep any once it has tokenized them.
    const sandbox = JSON.stringify(emulator.requests) + JSON.stringify(emulator.transactions());
    expect(sandbox.length).toBeGreaterThan(1000);
    expect(cardNumbersIn(sandbox, tokens)).toEqual([]);
    // The test's own detector finds a number when there is one.
    expect(cardNumbersIn('paid with 4111111111111111 today', tokens)).toEqual(['4111111111111111']);
    // A hash whose digits happen to pass the Luhn check is not a card number.
    expect(cardNumbersIn(`"hash":"ab${'4675700008415'}${'c0ffee'.repeat(5)}"`, tokens)).toEqual([]);
  });
});
