import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerSession,
  errorPaths,
  ORIGIN,
  openTestApp,
  staffSession,
  type TestApp,
} from '../helpers/app.js';
import { storeClient } from '../helpers/customer-accounts.js';
import { mailTo } from '../helpers/mail.js';

type Headers = Record<string, string>;

describe('guest checkout', () => {
  let t: TestApp;
  let owner: { headers: Headers };
  let manager: { headers: Headers };
  let candle: { id: string };
  let ipCounter = 1;
  let keyCounter = 1;

  const get = (url: string, headers: Headers = manager.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  const setGuestCheckout = async (on: boolean) => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/settings',
      headers: owner.headers,
      payload: { guestCheckout: on },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** A browser without a session, from an address of its own unless one is given. */
  const asGuest = (payload: unknown, options: { ip?: string; key?: string; headers?: Headers } = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/store/checkout',
      remoteAddress: options.ip ?? `10.77.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`,
      headers: {
        origin: ORIGIN,
        'idempotency-key': options.key ?? `guest-${keyCounter++}`,
        ...options.headers,
      },
      payload: payload as object,
    });
  async function tokenize(number = '4111111111111111') {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/payments/tokenize',
      headers: { origin: ORIGIN },
      payload: { number, expiry: '1230', cvv: '123' },
    });
    return res.json().token as string;
  }
  const address = {
    name: 'Gale Guest',
    line1: '500 SW Broadway',
    city: 'Portland',
    region: 'OR',
    postalCode: '97205',
    country: 'US',
  };
  const purchase = async (email: string, extra: object = {}) => ({
    email,
    lines: [{ itemId: candle.id, quantity: 1 }],
    shippingAddress: address,
    payment: { cardToken: await tokenize(), expiry: '1230' },
    ...extra,
  });
  const orderCount = async () =>
    (await get('/api/admin/orders?channel=online&limit=200')).json().data.length as number;

  beforeAll(async () => {
    t = await openTestApp();
    owner = await staffSession(t, 'owner');
    manager = await staffSession(t, 'manager');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/items',
      headers: { ...manager.headers, 'idempotency-key': 'candle' },
      payload: {
        kind: 'product',
        sku: 'CNDL',
        name: 'Candle',
        price: 2400,
        cost: 800,
        taxRate: 0,
        trackStock: false,
      },
    });
    candle = res.json();
  });
  afterAll(() => t.close());

  it('off (the default): checking out without a session answers 401, whatever the body', async () => {
    expect((await asGuest(await purchase('off@example.com'))).statusCode).toBe(401);
    const bad = await asGuest({ lines: 'nope' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('unauthenticated');
    expect(await orderCount()).toBe(0);
  });

  it('on: a guest pays with an email and a new card; the receipt invites them to sign up; signing up shows the order', async () => {
    await setGuestCheckout(true);
    const email = 'gale.guest@example.com';
    const res = await asGuest(await purchase(email));
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json();
    expect(order).toMatchObject({ channel: 'online', total: 2400, customer: { id: null, email } });
    expect(order.shippingAddress).toMatchObject({ name: 'Gale Guest', city: 'Portland' });

    const [receipt] = await mailTo(t.deps, email);
    expect(receipt?.template).toBe('order.receipt');
    expect(receipt?.text).toContain('Portland, OR 97205');
    expect(receipt?.text).toContain(
      `${t.deps.config.publicUrl}/shop/register?email=gale.guest%40example.com`,
    );
    expect(receipt?.html).toContain('Create my account');

    // The guest's record has the email from its start: confirming a sign-up with it links the order.
    const store = storeClient(t);
    expect((await store.register(email)).statusCode).toBe(200);
    const session = await store.signIn(email);
    const mine = (await get('/api/store/account/orders', session)).json().data as { id: string }[];
    expect(mine.map((o) => o.id)).toEqual([order.id]);
    expect((await get('/api/store/account/payment-methods', session)).json().data).toEqual([]);
  });

  it('with an account holder’s email: nothing of theirs is shown or changed; the order joins their account only from the link their receipt carries', async () => {
    await setGuestCheckout(true);
    const holder = await customerSession(t, 'Hana Holder');
    const email = holder.customer.email!;
    // The holder has a phone, an address and a saved card that a stranger must not see or touch.
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/customers/${holder.customer.id}`,
      headers: manager.headers,
      payload: {
        phone: '+1 503 555 0199',
        addresses: [{ ...address, name: undefined, line1: '9 Secret Rd' }],
      },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const saved = await t.app.inject({
      method: 'POST',
      url: '/api/store/checkout',
      headers: { ...holder.headers, 'idempotency-key': 'holder-own' },
      payload: await purchase(email, {
        email: undefined,
        payment: { cardToken: await tokenize(), expiry: '1230', saveCard: true },
      }),
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const recordBefore = (await get(`/api/admin/customers/${holder.customer.id}`)).json();
    const cardsBefore = (await get('/api/store/account/payment-methods', holder.headers)).json().data;
    expect(cardsBefore).toHaveLength(1);
    const ordersBefore = (await get('/api/store/account/orders', holder.headers)).json().data;

    const stranger = await asGuest(
      await purchase(email.toUpperCase(), { shippingAddress: { ...address, name: 'Mal Lory' } }),
    );
    expect(stranger.statusCode, stranger.body).toBe(201);
    const order = stranger.json();
    // The same shape as any guest's answer: no record named, nothing of the holder's.
    const fresh = (await asGuest(await purchase('nobody.yet@example.com'))).json();
    expect(Object.keys(order).sort()).toEqual(Object.keys(fresh).sort());
    expect(order.customer.id).toBeNull();
    for (const secret of ['Hana Holder', '555 0199', '9 Secret Rd', holder.customer.id, cardsBefore[0].id])
      expect(stranger.body).not.toContain(secret);

    expect((await get(`/api/admin/customers/${holder.customer.id}`)).json()).toEqual(recordBefore);
    expect((await get('/api/store/account/payment-methods', holder.headers)).json().data).toEqual(
      cardsBefore,
    );
    expect((await get('/api/store/account/orders', holder.headers)).json().data).toEqual(ordersBefore);

    // The receipt goes to the holder's mailbox with a one-time link; staff see it masked.
    const [receipt] = await mailTo(t.deps, email.toUpperCase());
    const link = /\/shop\/claim-order\?token=([\w-]+)/.exec(receipt?.text ?? '');
    expect(link, receipt?.text).not.toBeNull();
    const mailbox = (await get(`/api/admin/emails?q=${encodeURIComponent(email)}`)).json().data as {
      text: string;
    }[];
    expect(JSON.stringify(mailbox)).not.toContain(link![1]);
    const claim = (headers: Headers) =>
      t.app.inject({
        method: 'POST',
        url: '/api/store/account/orders/claim',
        headers,
        payload: { token: link![1] },
      });

    // Someone else's account cannot take it, and trying spends nothing.
    const other = await customerSession(t, 'Other Shopper');
    expect((await claim(other.headers)).statusCode).toBe(400);
    expect((await get('/api/store/account/orders', other.headers)).json().data).toEqual([]);
    expect((await claim({ origin: ORIGIN })).statusCode).toBe(401);

    const claimed = await claim(holder.headers);
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toEqual({ orderId: order.id });
    const after = (await get('/api/store/account/orders', holder.headers)).json().data as { id: string }[];
    expect(after.map((o) => o.id)).toContain(order.id);
    expect((await claim(holder.headers)).statusCode).toBe(400);
    expect((await get(`/api/admin/customers/${holder.customer.id}`)).json()).toEqual(recordBefore);
  });

  it('a guest cannot save a card or pay with a saved one; both named, nothing charged', async () => {
    await setGuestCheckout(true);
    const payments = async () =>
      Number((await t.deps.database.query<{ n: string }>('select count(*) as n from payments')).rows[0]!.n);
    const [ordersBefore, paymentsBefore] = [await orderCount(), await payments()];
    const card = async (extra: object) => ({ cardToken: await tokenize(), expiry: '1230', ...extra });
    const save = await asGuest(
      await purchase('saver@example.com', { payment: await card({ saveCard: true }) }),
    );
    expect(save.statusCode).toBe(400);
    expect(errorPaths(save)).toEqual(['payment.saveCard']);
    const saved = await asGuest(
      await purchase('saved@example.com', { payment: { paymentMethodId: 'pm_x' } }),
    );
    expect(saved.statusCode).toBe(400);
    expect(errorPaths(saved)).toEqual(['payment.paymentMethodId']);
    const noEmail = await asGuest(
      await purchase('x@example.com', { email: undefined, payment: await card({ saveCard: true }) }),
    );
    expect(noEmail.statusCode).toBe(400);
    expect(errorPaths(noEmail)).toEqual(['email', 'payment.saveCard']);
    expect(await orderCount()).toBe(ordersBefore);
    expect(await payments()).toBe(paymentsBefore);
  });

  it('a guest cannot buy a package, whatever the email: the same 400 for a new one and an account holder’s', async () => {
    await setGuestCheckout(true);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/items',
      headers: { ...manager.headers, 'idempotency-key': 'guest-package' },
      payload: {
        kind: 'package',
        sku: 'PKG-G',
        name: 'Five candles',
        price: 10000,
        cost: 0,
        taxRate: 0,
        includes: [{ itemId: candle.id, quantity: 5 }],
        durationDays: 90,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const holder = await customerSession(t, 'Paula Package');
    const answers = [];
    for (const email of ['new.package@example.com', holder.customer.email!]) {
      const res = await asGuest(
        await purchase(email, {
          lines: [{ itemId: created.json().id, quantity: 1 }],
          shippingAddress: undefined,
        }),
      );
      expect(res.statusCode, res.body).toBe(400);
      answers.push({ paths: errorPaths(res), detail: res.json().errors });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.paths).toEqual(['lines.0.itemId']);
  });

  it('a signed-in customer sends no email: the receipt goes to their account', async () => {
    const shopper = await customerSession(t, 'Sid Signed');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/store/checkout',
      headers: { ...shopper.headers, 'idempotency-key': 'signed-in-email' },
      payload: await purchase('elsewhere@example.com'),
    });
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res)).toEqual(['email']);
  });

  it('the same Idempotency-Key twice: one order, one charge, one receipt, the same answer', async () => {
    await setGuestCheckout(true);
    const email = 'twice@example.com';
    const body = await purchase(email);
    const first = await asGuest(body, { ip: '10.88.0.1', key: 'guest-twice' });
    const second = await asGuest(body, { ip: '10.88.0.1', key: 'guest-twice' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect((await mailTo(t.deps, email)).filter((m) => m.template === 'order.receipt')).toHaveLength(1);
    const other = await asGuest(
      { ...body, shippingAddress: { ...address, city: 'Salem' } },
      { ip: '10.88.0.1', key: 'guest-twice' },
    );
    expect(other.statusCode).toBe(422);
  });

  it('bad input answers 400 naming every field, and keeps nothing', async () => {
    await setGuestCheckout(true);
    const before = await orderCount();
    const res = await asGuest({
      email: 'not an email',
      lines: [{ itemId: '', quantity: 0 }],
      shippingAddress: { line1: '', city: 'Portland', postalCode: '', country: 'USA' },
      payment: { cardToken: await tokenize(), expiry: '1230' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(errorPaths(res)).toEqual(
      expect.arrayContaining([
        'email',
        'lines.0.itemId',
        'lines.0.quantity',
        'shippingAddress.country',
        'shippingAddress.line1',
        'shippingAddress.postalCode',
      ]),
    );
    const nul = await asGuest(await purchase('nul\u0000@example.com'));
    expect(nul.statusCode).toBe(400);
    const huge = await asGuest(await purchase(`${'a'.repeat(300)}@example.com`));
    expect(huge.statusCode).toBe(400);
    expect(errorPaths(huge)).toEqual(['email']);
    expect(await orderCount()).toBe(before);
  });

  it('gift card codes pay for a guest’s order', async () => {
    await setGuestCheckout(true);
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/admin/gift-cards',
      headers: { ...manager.headers, 'idempotency-key': 'guest-gift' },
      payload: { amount: 5000 },
    });
    const res = await asGuest({
      email: 'gifted@example.com',
      lines: [{ itemId: candle.id, quantity: 1 }],
      giftCardCodes: [issued.json().code],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().total).toBe(2400);
    expect((await get(`/api/admin/gift-cards/${issued.json().id}`)).json().balance).toBe(2600);
  });

  it('a guest’s wrong gift card codes spend the balance check’s budget of failures for that address', async () => {
    await setGuestCheckout(true);
    const from = (payload: object, n: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/store/checkout',
        remoteAddress: '192.0.2.77',
        headers: { origin: ORIGIN, 'idempotency-key': `guessing-${n}` },
        payload,
      });
    const guesses = (n: number) =>
      Array.from({ length: 5 }, (_, i) => `6061${String(n * 10 + i).padStart(12, '0')}`);
    for (let n = 0; n < 4; n++) {
      const res = await from(
        {
          email: 'guesser@example.com',
          lines: [{ itemId: candle.id, quantity: 1 }],
          giftCardCodes: guesses(n),
        },
        n,
      );
      expect(res.statusCode).toBe(400);
      expect(errorPaths(res)).toEqual([...guesses(n).map((_, i) => `giftCardCodes.${i}`), 'payment']);
    }
    const blocked = await from(
      {
        email: 'guesser@example.com',
        lines: [{ itemId: candle.id, quantity: 1 }],
        giftCardCodes: guesses(9),
      },
      9,
    );
    expect(blocked.statusCode).toBe(429);
    const balance = await t.app.inject({
      method: 'POST',
      url: '/api/store/gift-cards/balance',
      remoteAddress: '192.0.2.77',
      headers: { origin: ORIGIN },
      payload: { code: guesses(10)[0] },
    });
    expect(balance.statusCode).toBe(429);
  });

  it('the per-address limit holds guests back: card testing from one address stops at 20 an hour', async () => {
    await setGuestCheckout(true);
    const ip = '10.99.0.1';
    for (let i = 0; i < 20; i++) {
      const res = await asGuest({ lines: [{ itemId: candle.id, quantity: 1 }] }, { ip });
      expect(res.statusCode).toBe(400);
    }
    const blocked = await asGuest(await purchase('tester@example.com'), { ip });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('rate_limited');
  });

  it('switched off again: a guest is asked to sign in', async () => {
    await setGuestCheckout(false);
    expect((await asGuest(await purchase('late@example.com'))).statusCode).toBe(401);
  });
});
