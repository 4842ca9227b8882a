import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAILED_STAFF_LOOKUPS_PER_HOUR,
  lookUpGiftCard,
  STAFF_LOOKUPS_PER_MINUTE,
} from '../../src/server/modules/giftcards/look-up-gift-card.js';
import {
  customerSession,
  ORIGIN,
  openTestApp,
  postJson,
  staffSession,
  type TestApp,
} from '../helpers/app.js';

type Headers = Record<string, string>;

describe('a gift card looked up at the register', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let cashier: { headers: Headers };
  let comb: { id: string };

  const lookUp = (code: string, headers: Headers) =>
    t.app.inject({ method: 'POST', url: '/api/pos/gift-cards/lookup', headers, payload: { code } });
  const issue = async (amount: number) => {
    const res = await postJson(t, '/api/admin/gift-cards', { amount }, manager.headers);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; code: string; last4: string };
  };

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
    const res = await postJson(
      t,
      '/api/admin/items',
      { kind: 'product', sku: 'COMB-1', name: 'Wide-Tooth Comb', price: 3000, cost: 500, taxRate: 0 },
      manager.headers,
    );
    comb = res.json();
  });
  afterAll(() => t.close());

  it('answers a cashier the balance and status, masked, for the code however it is typed', async () => {
    const card = await issue(1500);
    const res = await lookUp(card.code.replace(/(.{4})(?=.)/g, '$1 '), cashier.headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id: card.id,
      maskedCode: `•••• ${card.last4}`,
      balance: 1500,
      currency: 'USD',
      status: 'active',
    });
    expect(res.body).not.toContain(card.code);

    // Staff are told a disabled card is disabled.
    const disable = await t.app.inject({
      method: 'POST',
      url: `/api/admin/gift-cards/${card.id}/status`,
      headers: manager.headers,
      payload: { status: 'disabled', reason: 'lost' },
    });
    expect(disable.statusCode, disable.body).toBe(200);
    expect((await lookUp(card.code, cashier.headers)).json()).toMatchObject({ status: 'disabled' });
  });

  it('is documented in the OpenAPI document, for staff', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const route = doc.paths['/api/pos/gift-cards/lookup'].post;
    expect(route.description).toMatch(/Any staff member/);
    expect(Object.keys(route.responses)).toContain('200');
  });

  it('answers 404 gift_card_not_found for a code that is no card, and 400 for bad input', async () => {
    const res = await lookUp('6061000000000000', cashier.headers);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'gift_card_not_found', detail: 'No gift card has this code.' });
    for (const code of ['', 'x'.repeat(65), 'abc\u0000def']) {
      const bad = await lookUp(code, cashier.headers);
      expect(bad.statusCode, code).toBeLessThan(500);
      expect(bad.statusCode, code).toBeGreaterThanOrEqual(400);
    }
  });

  it('refuses a caller who is not signed in as staff, and a signed-in customer', async () => {
    const card = await issue(1000);
    const anonymous = await lookUp(card.code, { origin: ORIGIN });
    expect(anonymous.statusCode).toBe(401);
    const customer = await customerSession(t, 'Casey Shopper');
    const asCustomer = await lookUp(card.code, customer.headers);
    expect(asCustomer.statusCode).toBe(401);
    expect(asCustomer.body).not.toContain('1000');
  });

  it(`allows ${STAFF_LOOKUPS_PER_MINUTE} lookups a minute per staff member, then 429; another cashier is not held up`, async () => {
    const card = await issue(500);
    const busy = await staffSession(t, 'cashier');
    const answers: number[] = [];
    for (let i = 0; i <= STAFF_LOOKUPS_PER_MINUTE; i++)
      answers.push((await lookUp(card.code, busy.headers)).statusCode);
    // A minute's window may turn over during the loop: at most one more than the limit gets through.
    const refused = answers.filter((s) => s === 429).length;
    expect(answers.filter((s) => s === 200).length).toBeGreaterThanOrEqual(STAFF_LOOKUPS_PER_MINUTE);
    if (refused === 0) {
      const again = await lookUp(card.code, busy.headers);
      expect(again.statusCode).toBe(429);
    }
    const limited = await lookUp(card.code, busy.headers);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const other = await staffSession(t, 'cashier');
    expect((await lookUp(card.code, other.headers)).statusCode).toBe(200);
  });

  it('lets no more than the limit through when lookups arrive all at once', async () => {
    const card = await issue(700);
    const racer = await staffSession(t, 'cashier');
    const answers = await Promise.all(
      Array.from({ length: STAFF_LOOKUPS_PER_MINUTE + 5 }, () => lookUp(card.code, racer.headers)),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.every((c) => c === 200 || c === 429)).toBe(true);
    // At most one minute's window can turn over while they run.
    expect(codes.filter((c) => c === 200).length).toBeLessThanOrEqual(2 * STAFF_LOOKUPS_PER_MINUTE);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
  });

  it(`refuses a staff member after ${FAILED_STAFF_LOOKUPS_PER_HOUR} unknown codes in an hour, even a good code`, async () => {
    const card = await issue(900);
    const { db } = t.deps.database;
    const staffId = `usr_guesser${Date.now()}`;
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    // Spread over minutes, so the per-minute limit is never reached.
    for (let i = 0; i < FAILED_STAFF_LOOKUPS_PER_HOUR; i++) {
      const now = new Date(hour + Math.floor(i / 10) * 60_000 + i);
      await expect(
        lookUpGiftCard(db, t.deps.giftCardVault, {
          code: `60610000000${String(i).padStart(5, '0')}`,
          staffId,
          now,
        }),
      ).rejects.toMatchObject({ code: 'gift_card_not_found' });
    }
    const later = new Date(hour + 50 * 60_000);
    await expect(
      lookUpGiftCard(db, t.deps.giftCardVault, { code: card.code, staffId, now: later }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(
      lookUpGiftCard(db, t.deps.giftCardVault, { code: card.code, staffId: `${staffId}x`, now: later }),
    ).resolves.toMatchObject({ balance: 900 });
  });

  it('a sale names the gift card payment that cannot be taken, in the server’s words, by its path', async () => {
    const card = await issue(1000);
    const short = await postJson(
      t,
      '/api/pos/sales',
      {
        lines: [{ itemId: comb.id, quantity: 1 }],
        payments: [
          { method: 'cash', amount: 1000 },
          { method: 'gift_card', code: card.code, amount: 2000 },
        ],
      },
      cashier.headers,
    );
    expect(short.statusCode).toBe(409);
    expect(short.json()).toMatchObject({
      code: 'insufficient_balance',
      errors: [{ path: 'payments.1.code', message: expect.stringContaining('has $10.00 left') }],
    });
    const unknown = await postJson(
      t,
      '/api/pos/sales',
      {
        lines: [{ itemId: comb.id, quantity: 1 }],
        payments: [{ method: 'gift_card', code: '6061000000000000', amount: 3000 }],
      },
      cashier.headers,
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { path: 'payments.0.code', message: 'is not a gift card’s code' },
    ]);
  });
});
