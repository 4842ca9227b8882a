import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGiftCardBalance } from '../../src/server/modules/giftcards/index.js';
import {
  customerSession,
  errorPaths,
  ORIGIN,
  openTestApp,
  postJson,
  staffSession,
  type TestApp,
} from '../helpers/app.js';
import { mailTo as recipientMail } from '../helpers/mail.js';

type Headers = Record<string, string>;

describe('gift cards', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let cashier: { headers: Headers };
  let shampoo: { id: string };
  const logged: string[] = [];

  const post = (url: string, payload: unknown, headers: Headers, key?: string) =>
    postJson(t, url, payload, headers, key);
  /** A shopper's balance check from their own address. */
  const checkFrom = (remoteAddress: string, code: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/store/gift-cards/balance',
      headers: { origin: ORIGIN },
      remoteAddress,
      payload: { code },
    });
  const get = (url: string, headers: Headers = manager.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  const issue = async (payload: object) => {
    const res = await post('/api/admin/gift-cards', payload, manager.headers);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; code: string; balance: number; last4: string; message: string | null };
  };
  const balanceOf = async (id: string) => (await get(`/api/admin/gift-cards/${id}`)).json().balance as number;
  const mailTo = (to: string) => recipientMail(t.deps, to);

  beforeAll(async () => {
    const log = new PassThrough();
    log.on('data', (chunk: Buffer) => logged.push(chunk.toString()));
    t = await openTestApp({ env: { LOG_LEVEL: 'warn' }, logStream: log });
    manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
    shampoo = (
      await post(
        '/api/admin/items',
        {
          kind: 'product',
          sku: 'SH-1',
          name: 'Argan shampoo',
          price: 2000,
          cost: 700,
          taxRate: 0,
          trackStock: true,
          initialStock: 50,
        },
        manager.headers,
      )
    ).json();
  });
  afterAll(() => t.close());

  it('issues a card whose code only its issue shows: 16 digits, the store’s prefix, Luhn', async () => {
    const card = await issue({ amount: 2500, ownerEmail: 'Gift@Example.com', notes: 'Goodwill' });
    expect(card.code).toMatch(/^6061\d{12}$/);
    expect(card.balance).toBe(2500);
    const detail = await get(`/api/admin/gift-cards/${card.id}`);
    expect(detail.json()).toMatchObject({
      maskedCode: `•••• ${card.code.slice(-4)}`,
      ownerEmail: 'gift@example.com',
      status: 'active',
      ledger: [{ kind: 'issue', amount: 2500, balanceAfter: 2500 }],
    });
    expect(detail.body).not.toContain(card.code);
    const byLast4 = await get(`/api/admin/gift-cards?q=${card.code.slice(-4)}`);
    expect(byLast4.json().data.map((c: { id: string }) => c.id)).toContain(card.id);
    const byOwner = await get('/api/admin/gift-cards?q=gift@example.com');
    expect(byOwner.json().data.map((c: { id: string }) => c.id)).toEqual([card.id]);
    expect(byOwner.body).not.toContain(card.code);
  });

  it('lets managers issue and adjust, not cashiers; adjustments need a reason and cannot overdraw', async () => {
    expect((await post('/api/admin/gift-cards', { amount: 1000 }, cashier.headers)).statusCode).toBe(403);
    const card = await issue({ amount: 1000 });
    const noReason = await post(
      `/api/admin/gift-cards/${card.id}/adjustments`,
      { amount: -100 },
      manager.headers,
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('reason');
    const down = await post(
      `/api/admin/gift-cards/${card.id}/adjustments`,
      { amount: -300, reason: 'Printed with the wrong amount' },
      manager.headers,
    );
    expect(down.statusCode).toBe(201);
    expect(down.json().entry).toMatchObject({ kind: 'adjust', amount: -300, balanceAfter: 700 });
    const over = await post(
      `/api/admin/gift-cards/${card.id}/adjustments`,
      { amount: -701, reason: 'Too much' },
      manager.headers,
    );
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('insufficient_balance');
    const reload = await post(`/api/admin/gift-cards/${card.id}/reloads`, { amount: 500 }, manager.headers);
    expect(reload.json().card.balance).toBe(1200);
    expect(await balanceOf(card.id)).toBe(1200);
    // Not past the store's largest card.
    const pastMax = await post(
      `/api/admin/gift-cards/${card.id}/reloads`,
      { amount: 100_000_000 },
      manager.headers,
    );
    expect(pastMax.statusCode).toBe(400);
    expect(errorPaths(pastMax)).toEqual(['amount']);
    expect(await balanceOf(card.id)).toBe(1200);
  });

  it('sanitises the message: no scripts, handlers or javascript: links survive', async () => {
    const card = await issue({
      amount: 1500,
      message:
        '<p><b>Happy</b> <i>birthday</i> <span style="color:#c00;font-size:18px">Sam</span></p>' +
        '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a>' +
        '<a href="https://example.com/cake" onclick="alert(4)">cake</a>',
    });
    expect(card.message).toContain('<b>Happy</b>');
    expect(card.message).toContain('color:#c00');
    expect(card.message).toContain('href="https://example.com/cake"');
    for (const bad of ['<script', 'onerror', 'onclick', 'javascript:', '<img'])
      expect(card.message).not.toContain(bad);
  });

  it('answers a balance check, the same way for a wrong code and a disabled card, and counts failures', async () => {
    const card = await issue({ amount: 4200 });
    const check = (code: string) => checkFrom('203.0.113.7', code);
    const ok = await check(card.code.replace(/(.{4})/g, '$1 '));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ balance: 4200, currency: 'USD', status: 'active' });

    const before = t.deps.metrics.value('tandem_gift_card_balance_failures_total');
    const wrong = await check('6061000000000000');
    await post(
      `/api/admin/gift-cards/${card.id}/status`,
      { status: 'disabled', reason: 'Reported lost' },
      manager.headers,
    );
    const disabled = await check(card.code);
    expect(wrong.statusCode).toBe(404);
    expect(disabled.statusCode).toBe(404);
    expect(disabled.json()).toEqual(wrong.json());
    expect(t.deps.metrics.value('tandem_gift_card_balance_failures_total')).toBe(before + 2);
    expect(logged.join('')).toContain('gift_card_balance_failed');
    expect(logged.join('')).not.toContain(card.code);
    const metrics = await get('/api/admin/metrics');
    expect(metrics.body).toContain(`tandem_gift_card_balance_failures_total ${before + 2}`);
    // A disabled card keeps its balance and takes nothing until it is enabled again.
    expect(await balanceOf(card.id)).toBe(4200);
  });

  it('limits balance checks to 5 a minute per address', async () => {
    const card = await issue({ amount: 100 });
    const ip = { origin: ORIGIN, 'x-forwarded-for': '198.51.100.1' };
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push((await post('/api/store/gift-cards/balance', { code: card.code }, ip)).statusCode);
    expect(answers).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('refuses every check from an address after 20 failed ones in an hour, even a right code', async () => {
    const card = await issue({ amount: 100 });
    const { db } = t.deps.database;
    const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 10, minute));
    let failures = 0;
    const attempt = (code: string, minute: number) =>
      checkGiftCardBalance(db, t.deps.giftCardVault, {
        code,
        ip: '192.0.2.9',
        onFailure: () => failures++,
        now: at(minute),
      });
    for (let i = 0; i < 20; i++) {
      await expect(
        attempt(`60610000000000${String(i).padStart(2, '0')}`, Math.floor(i / 5)),
      ).rejects.toMatchObject({
        code: 'gift_card_not_found',
      });
    }
    expect(failures).toBe(20);
    await expect(attempt(card.code, 30)).rejects.toMatchObject({ code: 'rate_limited' });
    // The next hour starts afresh.
    await expect(
      checkGiftCardBalance(db, t.deps.giftCardVault, {
        code: card.code,
        ip: '192.0.2.9',
        onFailure: () => failures++,
        now: new Date(Date.UTC(2030, 0, 1, 11, 5)),
      }),
    ).resolves.toMatchObject({ balance: 100 });
  });

  it('sells a virtual card at the register and emails it with its code; sells a physical one by its serial', async () => {
    const sale = await post(
      '/api/pos/sales',
      {
        giftCards: [
          { amount: 5000, ownerEmail: 'friend@example.com' },
          { amount: 2500, serial: 'PHY-0000-0042' },
        ],
        payments: [{ method: 'cash', amount: 10_000 }],
      },
      cashier.headers,
    );
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json();
    expect(order.total).toBe(7500);
    expect(order.tax).toBe(0);
    expect(order.lines.map((l: { name: string }) => l.name)).toEqual([
      expect.stringMatching(/^Gift card •••• \d{4}$/),
      'Gift card (physical) •••• 0042',
    ]);
    const [mail] = await mailTo('friend@example.com');
    const code = /Your code: (\d{4} \d{4} \d{4} \d{4})/.exec(mail!.text)![1]!.replace(/ /g, '');
    expect(mail!.html).toContain(code.replace(/(.{4})(?=.)/g, '$1 '));
    expect(mail!.text).toMatch(/In store/);
    const cards = (await get(`/api/admin/gift-cards?q=${order.id}`)).json().data;
    expect(cards.map((c: { kind: string; balance: number }) => [c.kind, c.balance]).sort()).toEqual([
      ['physical', 2500],
      ['virtual', 5000],
    ]);
    // The physical serial is taken now: selling it again is refused and nothing is written.
    const again = await post(
      '/api/pos/sales',
      {
        giftCards: [{ amount: 2500, serial: 'phy 0000 0042' }],
        payments: [{ method: 'cash', amount: 2500 }],
      },
      cashier.headers,
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].path).toBe('giftCards.0.serial');
  });

  it('refuses a virtual card with nobody to email it to, and amounts outside the settings', async () => {
    const res = await post(
      '/api/pos/sales',
      { giftCards: [{ amount: 5000 }, { amount: 10 }], payments: [{ method: 'cash', amount: 5010 }] },
      cashier.headers,
    );
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res)).toEqual([
      'giftCards.0.ownerEmail',
      'giftCards.1.amount',
      'giftCards.1.ownerEmail',
    ]);
  });

  it('takes a card as a tender, partly, with cash; a replay debits once; a refund goes back onto the card', async () => {
    const card = await issue({ amount: 3000 });
    const sale = {
      lines: [{ itemId: shampoo.id, quantity: 2 }],
      payments: [
        { method: 'gift_card', code: card.code.replace(/(.{4})/g, '$1-').slice(0, -1), amount: 2500 },
        { method: 'cash', amount: 1500 },
      ],
    };
    const first = await post('/api/pos/sales', sale, cashier.headers, 'gift-tender');
    expect(first.statusCode, first.body).toBe(201);
    const replay = await post('/api/pos/sales', sale, cashier.headers, 'gift-tender');
    expect(replay.json().id).toBe(first.json().id);
    expect(await balanceOf(card.id)).toBe(500);
    const order = first.json();
    expect(order.tenders.map((x: { method: string; amount: number }) => [x.method, x.amount])).toEqual([
      ['cash', 1500],
      ['gift_card', 2500],
    ]);

    const tooMuch = await post(
      '/api/pos/sales',
      {
        lines: [{ itemId: shampoo.id, quantity: 1 }],
        payments: [{ method: 'gift_card', code: card.code, amount: 2000 }],
      },
      cashier.headers,
    );
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().code).toBe('insufficient_balance');
    expect(await balanceOf(card.id)).toBe(500);

    const refund = await post(`/api/admin/orders/${order.id}/refunds`, { amount: 4000 }, manager.headers);
    expect(refund.statusCode, refund.body).toBe(200);
    expect(await balanceOf(card.id)).toBe(3000);
    const ledger = (await get(`/api/admin/gift-cards/${card.id}`)).json().ledger;
    expect(ledger.map((e: { kind: string; amount: number }) => [e.kind, e.amount])).toEqual([
      ['issue', 3000],
      ['redeem', -2500],
      ['refund', 2500],
    ]);
  });

  it('does not let a gift card pay for gift cards', async () => {
    const card = await issue({ amount: 3000 });
    const res = await post(
      '/api/pos/sales',
      {
        giftCards: [{ amount: 2000, ownerEmail: 'x@example.com' }],
        payments: [{ method: 'gift_card', code: card.code, amount: 2000 }],
      },
      cashier.headers,
    );
    expect(res.statusCode).toBe(400);
    expect(await balanceOf(card.id)).toBe(3000);
  });

  it('shows customers the cards they own, with codes, and no one else’s', async () => {
    const ann = await customerSession(t, 'Ann Owner');
    const bob = await customerSession(t, 'Bob Other');
    const card = await issue({ amount: 1800, ownerEmail: ann.customer.email! });
    const mine = await get('/api/store/account/gift-cards', ann.headers);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().data).toEqual([
      expect.objectContaining({ id: card.id, code: card.code, balance: 1800 }),
    ]);
    const theirs = await get('/api/store/account/gift-cards', bob.headers);
    expect(theirs.json().data).toEqual([]);
    // Staff see the same cards on the customer's page, masked.
    const staffView = await get(`/api/admin/gift-cards?customerId=${ann.customer.id}`);
    expect(staffView.json().data.map((c: { id: string }) => c.id)).toEqual([card.id]);
    expect(staffView.body).not.toContain(card.code);
  });

  it('leaves gift cards sold out of sales; refunding a card’s line closes the card', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const report = async () =>
      (await get(`/api/admin/reports/sales?from=${today}&to=${today}&tz=UTC`)).json().total as {
        gross: number;
        net: number;
        refunds: number;
      };
    const before = await report();
    const sale = await post(
      '/api/pos/sales',
      {
        lines: [{ itemId: shampoo.id, quantity: 1 }],
        giftCards: [{ amount: 3000, ownerEmail: 'report@example.com' }],
        payments: [{ method: 'cash', amount: 5000 }],
      },
      cashier.headers,
    );
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json();
    expect((await report()).gross - before.gross).toBe(2000);

    // Money back without the card's line may not reach into what the card is worth.
    const tooMuch = await post(`/api/admin/orders/${order.id}/refunds`, { amount: 2500 }, manager.headers);
    expect(tooMuch.statusCode).toBe(400);
    const cardLine = order.lines.find((l: { name: string }) => l.name.startsWith('Gift card'));
    const refund = await post(
      `/api/admin/orders/${order.id}/refunds`,
      { lines: [{ lineId: cardLine.id, quantity: 1 }] },
      manager.headers,
    );
    expect(refund.statusCode, refund.body).toBe(200);
    expect(refund.json().refunded).toBe(3000);
    const [card] = (await get(`/api/admin/gift-cards?q=${order.id}`)).json().data;
    expect(card).toMatchObject({ status: 'disabled', balance: 0 });
    const after = await report();
    expect(after.refunds - before.refunds).toBe(0);
    expect(after.net - before.net).toBe(2000);
  });

  it('refuses to refund the line of a card that has been spent from', async () => {
    const sale = await post(
      '/api/pos/sales',
      { giftCards: [{ amount: 2000, serial: 'SPENT-0001' }], payments: [{ method: 'cash', amount: 2000 }] },
      cashier.headers,
    );
    const order = sale.json();
    const spend = await post(
      '/api/pos/sales',
      {
        lines: [{ itemId: shampoo.id, quantity: 1 }],
        payments: [
          { method: 'gift_card', code: 'SPENT0001', amount: 500 },
          { method: 'cash', amount: 1500 },
        ],
      },
      cashier.headers,
    );
    expect(spend.statusCode, spend.body).toBe(201);
    const res = await post(
      `/api/admin/orders/${order.id}/refunds`,
      { lines: [{ lineId: order.lines[0].id, quantity: 1 }] },
      manager.headers,
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/spent down to \$15\.00/);
  });

  it('reports what is owed on the cards by month of issue, adding up to their balances, and as CSV', async () => {
    const res = await get('/api/admin/reports/gift-cards');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.months.length).toBeGreaterThan(0);
    for (const m of [...report.months, report.total]) {
      expect(m.issued + m.reloaded - m.redeemed + m.adjusted).toBe(m.outstanding);
    }
    const cards = (await get('/api/admin/gift-cards?limit=200')).json().data as { balance: number }[];
    expect(report.total.cards).toBe(cards.length);
    expect(report.total.outstanding).toBe(cards.reduce((sum, c) => sum + c.balance, 0));
    expect(report.total.redeemed).toBeGreaterThan(0);
    const csv = await get('/api/admin/reports/gift-cards/export');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split(/\r?\n/)[0]).toBe(
      'month of issue,cards,issued,reloaded,redeemed,adjusted,outstanding',
    );
    expect((await get('/api/admin/reports/gift-cards', cashier.headers)).statusCode).toBe(403);
  });

  describe('online', () => {
    let shopper: Awaited<ReturnType<typeof customerSession>>;
    const tokenize = async (number: string) =>
      (
        await post('/api/payments/tokenize', { number, expiry: '1230', cvv: '123' }, { origin: ORIGIN })
      ).json().token as string;
    const checkout = async (body: object) => post('/api/store/checkout', body, shopper.headers);
    const cardsFor = async (email: string) => (await get(`/api/admin/gift-cards?q=${email}`)).json().data;

    beforeAll(async () => {
      shopper = await customerSession(t, 'Grace Giver');
    });

    it('buys a card for a friend with a formatted message: the friend gets it by email, sanitised', async () => {
      const res = await checkout({
        lines: [
          {
            giftCard: {
              amount: 7500,
              recipientEmail: 'best.friend@example.com',
              message:
                '<p><b>Happy birthday!</b> <u>Treat</u> <span style="font-family:Georgia;color:#0a6">yourself</span></p>' +
                '<p><a href="https://example.com/spa">Spa menu</a> <a href="javascript:alert(1)">x</a></p>' +
                '<img src=x onerror="alert(2)"><script>alert(3)</script>',
            },
          },
        ],
        payment: { cardToken: await tokenize('4111111111111111'), expiry: '1230' },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        total: 7500,
        tax: 0,
        fulfillmentStatus: 'delivered',
        delivery: null,
      });
      const [card] = await cardsFor('best.friend@example.com');
      expect(card).toMatchObject({ balance: 7500, status: 'active', senderName: 'Grace Giver' });
      const [mail] = await mailTo('best.friend@example.com');
      expect(mail!.subject).toContain('Grace Giver sent you');
      expect(mail!.html).toContain('<b>Happy birthday!</b>');
      expect(mail!.html).toContain('<u>Treat</u>');
      expect(mail!.html).toContain('font-family:Georgia');
      expect(mail!.html).toContain('href="https://example.com/spa"');
      for (const bad of ['<script', 'onerror', 'javascript:', '<img']) expect(mail!.html).not.toContain(bad);
      expect(mail!.text).toContain('Happy birthday!');
      expect(mail!.text).toMatch(/Your code: \d{4} \d{4} \d{4} \d{4}/);
    });

    it('creates no card when the payment is declined', async () => {
      const res = await checkout({
        lines: [{ giftCard: { amount: 2000, recipientEmail: 'declined.friend@example.com' } }],
        payment: { cardToken: await tokenize('4387751111111053'), expiry: '1230' },
      });
      expect(res.statusCode).toBe(402);
      expect(await cardsFor('declined.friend@example.com')).toEqual([]);
      expect(await mailTo('declined.friend@example.com')).toEqual([]);
    });

    it('pays with gift cards: part of the order with the card paying the rest, or all of it alone', async () => {
      const card = await issue({ amount: 1500 });
      const mixed = await checkout({
        lines: [{ itemId: shampoo.id, quantity: 2 }],
        giftCardCodes: [card.code],
        payment: { cardToken: await tokenize('4111111111111111'), expiry: '1230' },
      });
      expect(mixed.statusCode, mixed.body).toBe(201);
      expect(
        mixed.json().tenders.map((x: { method: string; amount: number }) => [x.method, x.amount]),
      ).toEqual([
        ['gift_card', 1500],
        ['card', 2500],
      ]);
      expect(await balanceOf(card.id)).toBe(0);

      const big = await issue({ amount: 10_000 });
      const alone = await checkout({
        lines: [{ itemId: shampoo.id, quantity: 1 }],
        giftCardCodes: [big.code],
      });
      expect(alone.statusCode, alone.body).toBe(201);
      expect(alone.json().tenders).toEqual([expect.objectContaining({ method: 'gift_card', amount: 2000 })]);
      expect(await balanceOf(big.id)).toBe(8000);

      const short = await issue({ amount: 500 });
      const noCard = await checkout({
        lines: [{ itemId: shampoo.id, quantity: 1 }],
        giftCardCodes: [short.code],
      });
      expect(noCard.statusCode).toBe(400);
      expect(errorPaths(noCard)).toEqual(['payment']);
      expect(await balanceOf(short.id)).toBe(500);
    });
  });
});
