import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewDueSubscriptions } from '../../src/server/modules/memberships/index.js';
import { chargeCard } from '../../src/server/modules/payments/index.js';
import { systemActor } from '../../src/server/platform/auth.js';
import { newId } from '../../src/server/platform/ids.js';
import { orders, payments, subscriptionRenewals, subscriptions } from '../../src/server/tables.js';
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
const DAY_MS = 86_400_000;

describe('memberships: bought online, renewed on schedule', () => {
  let t: TestApp;
  let manager: { headers: Headers };
  let membership: { id: string };

  const post = (url: string, payload: unknown, headers: Headers) => postJson(t, url, payload, headers);
  const put = (url: string, payload: unknown, headers: Headers) =>
    t.app.inject({ method: 'PUT', url, headers, payload: payload as object });
  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });
  const stranger = () => ({ origin: ORIGIN });
  const mailTo = async (to: string) =>
    (
      await t.deps.database.query<{ subject: string; text: string }>(
        'select subject, text from mail_outbox where "to" = $1 order by id desc',
        [to],
      )
    ).rows;
  const tokenize = async (number: string) =>
    (await post('/api/payments/tokenize', { number, expiry: '1230', cvv: '123' }, { origin: ORIGIN })).json()
      .token as string;
  const renew = (now: Date) =>
    renewDueSubscriptions({
      db: t.deps.database.db,
      gateway: t.deps.gateway,
      mailer: t.deps.mailer,
      now: () => now,
      accountUrl: `${ORIGIN}/account/subscriptions`,
    });
  const subscriptionOf = async (customerId: string) => {
    const [row] = await t.deps.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.customerId, customerId));
    return row!;
  };
  /** What became of each attempt on this subscription: "1:declined", "2:approved"… */
  const attemptsOf = async (subscriptionId: string) =>
    (
      await t.deps.database.db
        .select({ attempt: subscriptionRenewals.attempt, status: subscriptionRenewals.status })
        .from(subscriptionRenewals)
        .where(eq(subscriptionRenewals.subscriptionId, subscriptionId))
    )
      .map((a) => `${a.attempt}:${a.status}`)
      .sort();
  const renewalPayments = async (subscriptionId: string) =>
    (
      await t.deps.database.db
        .select({
          id: payments.id,
          status: payments.status,
          paymentMethodId: payments.paymentMethodId,
          entry: payments.entry,
        })
        .from(payments)
        .innerJoin(subscriptionRenewals, eq(subscriptionRenewals.paymentId, payments.id))
        .where(eq(subscriptionRenewals.subscriptionId, subscriptionId))
    ).sort((a, b) => a.id.localeCompare(b.id));

  /** A customer who buys the membership with a new card, saved. */
  async function member(name: string) {
    const shopper = await customerSession(t, name);
    const res = await post(
      '/api/store/checkout',
      {
        lines: [{ itemId: membership.id, quantity: 1 }],
        payment: { cardToken: await tokenize('4111111111111111'), expiry: '1230', saveCard: true },
      },
      shopper.headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    return { shopper, order: res.json(), subscription: await subscriptionOf(shopper.customer.id) };
  }

  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    membership = (
      await post(
        '/api/admin/items',
        {
          kind: 'membership',
          sku: 'MEM-1',
          name: 'Monthly Membership',
          price: 4900,
          cost: 0,
          taxRate: 0,
          interval: 'month',
          discountPercent: 15,
        },
        manager.headers,
      )
    ).json();
  });
  afterAll(() => t.close());

  it('is bought online with a saved card: the first month paid, the next due a month later', async () => {
    const { order, subscription } = await member('Mia Member');
    expect(order).toMatchObject({ total: 4900, fulfillmentStatus: 'delivered', delivery: null });
    const bought = new Date(order.createdAt);
    expect(subscription).toMatchObject({
      status: 'active',
      amount: 4900,
      interval: 'month',
      discountPercent: 15,
      failedAttempts: 0,
    });
    expect(subscription.nextPaymentAt.getUTCDate()).toBe(
      Math.min(bought.getUTCDate(), subscription.nextPaymentAt.getUTCDate()),
    );
    expect(subscription.nextPaymentAt.getTime() - bought.getTime()).toBeGreaterThanOrEqual(28 * DAY_MS);
    expect(subscription.paymentMethodId).toMatch(/^pm_/);
  });

  it('needs a card it can renew on', async () => {
    const shopper = await customerSession(t, 'Nora Nosave');
    const res = await post(
      '/api/store/checkout',
      {
        lines: [{ itemId: membership.id, quantity: 1 }],
        payment: { cardToken: await tokenize('4111111111111111'), expiry: '1230' },
      },
      shopper.headers,
    );
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res)).toEqual(['payment']);
  });

  it('charges a due period once, however often and however many runs there are', async () => {
    const { subscription } = await member('Rae Renew');
    const due = new Date(subscription.nextPaymentAt.getTime() + 60_000);
    await renew(new Date(due.getTime() - 2 * 60_000));
    expect(await attemptsOf(subscription.id)).toEqual([]);
    await Promise.all([renew(due), renew(due)]);
    await renew(due);
    expect(await attemptsOf(subscription.id)).toEqual(['1:approved']);
    const charged = await renewalPayments(subscription.id);
    expect(charged).toHaveLength(1);
    expect(charged[0]).toMatchObject({
      status: 'captured',
      entry: 'recurring',
      paymentMethodId: subscription.paymentMethodId,
    });
    const after = await subscriptionOf(subscription.customerId);
    expect(after.periodStart.getTime()).toBeGreaterThan(subscription.periodStart.getTime());
    expect(after.nextPaymentAt.getTime()).toBe(after.periodStart.getTime());
    const [renewal] = await t.deps.database.db
      .select()
      .from(subscriptionRenewals)
      .where(eq(subscriptionRenewals.subscriptionId, subscription.id));
    const [order] = await t.deps.database.db.select().from(orders).where(eq(orders.id, renewal!.orderId!));
    expect(order).toMatchObject({ total: 4900, paymentStatus: 'paid', customerId: subscription.customerId });
  });

  it('retries a declined renewal after 1, 3 and 5 days, then leaves it past due', async () => {
    const { subscription } = await member('Dee Decline');
    // 1,116.95 declines in the sandbox ("not sufficient funds"), as a card with no funds would.
    await t.deps.database.db
      .update(subscriptions)
      .set({ amount: 111_695 })
      .where(eq(subscriptions.id, subscription.id));
    const start = subscription.periodStart.getTime();
    const at = (days: number) => new Date(start + days * DAY_MS + 60_000);
    await renew(at(0));
    expect(await attemptsOf(subscription.id)).toEqual(['1:declined']);
    await renew(at(0.5));
    expect(await attemptsOf(subscription.id)).toEqual(['1:declined']);
    await renew(at(1));
    await renew(at(3));
    expect(await attemptsOf(subscription.id)).toEqual(['1:declined', '2:declined', '3:declined']);
    expect((await subscriptionOf(subscription.customerId)).status).toBe('active');
    await renew(at(5));
    expect(await subscriptionOf(subscription.customerId)).toMatchObject({
      status: 'past_due',
      failedAttempts: 4,
    });
    await renew(at(30));
    expect(await attemptsOf(subscription.id)).toEqual([
      '1:declined',
      '2:declined',
      '3:declined',
      '4:declined',
    ]);
  });

  it('shows customers their recurring orders; the card they change to is the one the next renewal charges', async () => {
    const { shopper, subscription } = await member('Cole Changed');
    const list = await get('/api/store/account/subscriptions', shopper.headers);
    expect(list.statusCode).toBe(200);
    expect(list.json().data).toEqual([
      expect.objectContaining({
        id: subscription.id,
        plan: 'Monthly Membership',
        amount: 4900,
        status: 'active',
        card: 'Visa •••• 1111',
        nextPaymentAt: subscription.nextPaymentAt.toISOString(),
      }),
    ]);
    const changed = await put(
      `/api/store/account/subscriptions/${subscription.id}/payment-method`,
      { cardToken: await tokenize('5454545454545454'), expiry: '1129' },
      shopper.headers,
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().card).toBe('Mastercard •••• 5454');
    const [mail] = await mailTo(shopper.customer.email!);
    expect(mail!.subject).toBe('Your Monthly Membership now renews on Mastercard •••• 5454');
    await renew(new Date(subscription.nextPaymentAt.getTime() + 60_000));
    expect(await attemptsOf(subscription.id)).toEqual(['1:approved']);
    const [charged] = await renewalPayments(subscription.id);
    expect(charged!.paymentMethodId).toBe(changed.json().paymentMethodId);
    expect(charged!.paymentMethodId).not.toBe(subscription.paymentMethodId);
  });

  it('keeps customers to their own recurring orders, and follows the portal settings', async () => {
    const { subscription } = await member('Owen Own');
    const stranger = await customerSession(t, 'Sid Stranger');
    const theirs = await put(
      `/api/store/account/subscriptions/${subscription.id}/payment-method`,
      { paymentMethodId: subscription.paymentMethodId },
      stranger.headers,
    );
    expect(theirs.statusCode).toBe(404);
    expect(
      (await post(`/api/store/account/subscriptions/${subscription.id}/cancel`, {}, stranger.headers))
        .statusCode,
    ).toBe(404);
    expect((await get('/api/store/account/subscriptions', stranger.headers)).json().data).toEqual([]);

    const owner = await staffSession(t, 'owner');
    const setPortal = (portal: object) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/admin/settings',
        headers: owner.headers,
        payload: { portal },
      });
    await setPortal({ editRecurring: false });
    const own = await customerSession(t, 'Pia Portal');
    const edit = await post(`/api/store/account/subscriptions/${subscription.id}/cancel`, {}, own.headers);
    expect(edit.statusCode).toBe(403);
    expect(edit.json().code).toBe('feature_disabled');
    expect((await get('/api/store/account/subscriptions', own.headers)).statusCode).toBe(200);
    await setPortal({ viewRecurring: false });
    expect((await get('/api/store/account/subscriptions', own.headers)).json().code).toBe('feature_disabled');
    await setPortal({ viewRecurring: true, editRecurring: true });
  });

  it('cancelled by the customer: runs to the end of the period paid for, then stops without a charge', async () => {
    const { shopper, subscription } = await member('Cora Cancel');
    const res = await post(`/api/store/account/subscriptions/${subscription.id}/cancel`, {}, shopper.headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ cancelAtPeriodEnd: true, status: 'active' });
    expect((await mailTo(shopper.customer.email!))[0]!.subject).toBe('Your Monthly Membership is cancelled');
    await renew(new Date(subscription.nextPaymentAt.getTime() + 60_000));
    expect(await attemptsOf(subscription.id)).toEqual([]);
    expect((await subscriptionOf(subscription.customerId)).status).toBe('cancelled');
  });

  it('lets staff see upcoming renewals, pause one, and retry one that is past due', async () => {
    const { subscription } = await member('Sam Staff');
    const upcoming = await get('/api/admin/subscriptions?status=active&limit=200', manager.headers);
    expect(upcoming.statusCode).toBe(200);
    const due = upcoming.json().data.map((s: { nextPaymentAt: string }) => s.nextPaymentAt);
    expect(due).toEqual([...due].sort());
    expect(upcoming.json().data.map((s: { id: string }) => s.id)).toContain(subscription.id);

    const paused = await post(`/api/admin/subscriptions/${subscription.id}/pause`, {}, manager.headers);
    expect(paused.json().status).toBe('paused');
    await renew(new Date(subscription.nextPaymentAt.getTime() + 60_000));
    expect(await attemptsOf(subscription.id)).toEqual([]);
    await post(`/api/admin/subscriptions/${subscription.id}/resume`, {}, manager.headers);
    await t.deps.database.db
      .update(subscriptions)
      .set({ status: 'past_due', failedAttempts: 4 })
      .where(eq(subscriptions.id, subscription.id));
    const retried = await post(`/api/admin/subscriptions/${subscription.id}/retry`, {}, manager.headers);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'active', failedAttempts: 0 });
    expect(await attemptsOf(subscription.id)).toEqual(['5:approved']);
    expect((await post(`/api/admin/subscriptions/${subscription.id}/pause`, {}, stranger())).statusCode).toBe(
      401,
    );
  });

  it('finishes a run that stopped after charging, without charging again', async () => {
    const { subscription } = await member('Cal Crash');
    const due = new Date(subscription.nextPaymentAt.getTime() + 60_000);
    // A run wrote its attempt and charged the card, then stopped before recording the period.
    const paymentId = newId('pay');
    await t.deps.database.db.insert(subscriptionRenewals).values({
      id: newId('rnw'),
      subscriptionId: subscription.id,
      periodStart: subscription.periodStart,
      attempt: 1,
      paymentId,
      status: 'charging',
      createdAt: due,
    });
    await chargeCard(
      { db: t.deps.database.db, gateway: t.deps.gateway },
      {
        amount: subscription.amount,
        card: { paymentMethodId: subscription.paymentMethodId },
        entry: 'recurring',
        purpose: 'renewal',
        customerId: subscription.customerId,
        actor: systemActor,
        paymentId,
      },
    );
    await renew(due);
    expect(await attemptsOf(subscription.id)).toEqual(['1:approved']);
    const [{ n }] = (await t.deps.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(payments)
      .where(and(eq(payments.customerId, subscription.customerId), eq(payments.purpose, 'renewal')))) as [
      { n: number },
    ];
    expect(n).toBe(1);
    expect((await subscriptionOf(subscription.customerId)).periodStart.getTime()).toBeGreaterThan(
      subscription.periodStart.getTime(),
    );
  });

  it('takes the membership’s discount off services at the register while it is in good standing', async () => {
    const { shopper, subscription } = await member('Dana Discount');
    const cashier = await staffSession(t, 'cashier');
    const cut = (
      await post(
        '/api/admin/items',
        { kind: 'service', sku: 'CUT-M', name: 'Haircut', price: 4500, cost: 0, taxRate: 0 },
        manager.headers,
      )
    ).json();
    const perk = await get(`/api/admin/customers/${shopper.customer.id}/perks`, cashier.headers);
    expect(perk.json()).toEqual({
      discount: { percent: 15, from: 'Monthly Membership' },
      productDiscount: null,
      credits: [],
    });
    const sale = (customerId: string) =>
      post(
        '/api/pos/sales',
        {
          customerId,
          lines: [{ itemId: cut.id, quantity: 1 }],
          payments: [{ method: 'cash', amount: 4500 }],
        },
        cashier.headers,
      );
    const asMember = await sale(shopper.customer.id);
    expect(asMember.statusCode, asMember.body).toBe(201);
    expect(asMember.json()).toMatchObject({ discount: 675, total: 3825, change: 675 });

    await t.deps.database.db
      .update(subscriptions)
      .set({ status: 'past_due' })
      .where(eq(subscriptions.id, subscription.id));
    expect(
      (await get(`/api/admin/customers/${shopper.customer.id}/perks`, cashier.headers)).json().discount,
    ).toBeNull();
    expect((await sale(shopper.customer.id)).json()).toMatchObject({ discount: 0, total: 4500 });
  });

  it('takes a discount on everything off products too, at the register and online, as the shop’s cart shows it', async () => {
    const cashier = await staffSession(t, 'cashier');
    const item = async (body: object) => {
      const res = await post('/api/admin/items', body, manager.headers);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const gold = await item({
      kind: 'membership',
      sku: 'MEM-GOLD',
      name: 'Gold Club',
      price: 9900,
      taxRate: 0,
      interval: 'month',
      discountPercent: 10,
      discountAppliesTo: 'all',
    });
    expect(gold.discountAppliesTo).toBe('all');
    const oil = await item({ kind: 'product', sku: 'OIL-G', name: 'Hair oil', price: 2450, taxRate: 0 });
    const refused = await post(
      '/api/admin/items',
      { kind: 'product', sku: 'OIL-X', name: 'Oil', price: 100, discountAppliesTo: 'all' },
      manager.headers,
    );
    expect(refused.statusCode).toBe(400);
    expect(errorPaths(refused)).toEqual(['discountAppliesTo']);

    const shopper = await customerSession(t, 'Goldie Member');
    const joined = await post(
      '/api/store/checkout',
      {
        lines: [{ itemId: gold.id, quantity: 1 }],
        payment: { cardToken: await tokenize('4111111111111111'), expiry: '1230', saveCard: true },
      },
      shopper.headers,
    );
    expect(joined.statusCode, joined.body).toBe(201);
    expect(joined.json()).toMatchObject({ total: 9900, discount: 0 });
    expect((await get('/api/store/account/perks', shopper.headers)).json()).toEqual({
      discount: { percent: 10, from: 'Gold Club' },
      productDiscount: { percent: 10, from: 'Gold Club' },
      credits: [],
    });

    // Online: 3 × 24.50 = 73.50, 10 % off = 7.35.
    const online = await post(
      '/api/store/checkout',
      {
        lines: [{ itemId: oil.id, quantity: 3 }],
        payment: { cardToken: await tokenize('4111111111111111'), expiry: '1230' },
      },
      shopper.headers,
    );
    expect(online.statusCode, online.body).toBe(201);
    expect(online.json()).toMatchObject({ subtotal: 7350, discount: 735, total: 6615 });
    // At the register, the same.
    const sale = (customerId: string) =>
      post(
        '/api/pos/sales',
        {
          customerId,
          lines: [{ itemId: oil.id, quantity: 1 }],
          payments: [{ method: 'cash', amount: 2450 }],
        },
        cashier.headers,
      );
    expect((await sale(shopper.customer.id)).json()).toMatchObject({ discount: 245, total: 2205 });
    // A membership whose discount is on services leaves products at their price.
    const { shopper: servicesMember } = await member('Sid Services');
    expect((await sale(servicesMember.customer.id)).json()).toMatchObject({ discount: 0, total: 2450 });
    expect((await get('/api/store/account/perks', { origin: ORIGIN })).statusCode).toBe(401);
  });

  it('renews a period now when staff ask, once per period; a period that is not the next is a conflict', async () => {
    const { subscription } = await member('Nell Now');
    const periodStart = subscription.nextPaymentAt.toISOString();
    const url = `/api/admin/subscriptions/${subscription.id}/renew`;
    const [first, second] = await Promise.all([
      post(url, { periodStart }, manager.headers),
      post(url, { periodStart }, manager.headers),
    ]);
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode, second.body).toBe(200);
    const answers = [first.json(), second.json()];
    const paid = answers.find((a) => a.status === 'approved');
    expect(paid).toMatchObject({ periodStart, subscriptionId: subscription.id });
    expect(paid.orderId).toMatch(/^ord_/);
    expect(paid.subscription.nextPaymentAt > periodStart).toBe(true);
    // Asked again for the same period: its first answer, and no second charge.
    const again = await post(url, { periodStart }, manager.headers);
    expect(again.json()).toMatchObject({ status: 'approved', orderId: paid.orderId });
    expect(await attemptsOf(subscription.id)).toEqual(['1:approved']);
    expect(await renewalPayments(subscription.id)).toHaveLength(1);
    const stale = await post(url, { periodStart: '2020-01-01T00:00:00.000Z' }, manager.headers);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('conflict');
    const cashier = await staffSession(t, 'cashier');
    expect((await post(url, { periodStart }, cashier.headers)).statusCode).toBe(403);
    expect((await post(url, { periodStart: 'yesterday' }, manager.headers)).statusCode).toBe(400);
  });

  it('emails a renewal its own receipt, and sends customers plain text when the shop says so', async () => {
    const { shopper, subscription } = await member('Tess Text');
    const owner = await staffSession(t, 'owner');
    const setHtml = (htmlEmail: boolean) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/admin/settings',
        headers: owner.headers,
        payload: { portal: { htmlEmail } },
      });
    const emails = async () =>
      (
        await t.deps.database.query<{ template: string; subject: string; html: string | null; text: string }>(
          'select template, subject, html, text from mail_outbox where "to" = $1 order by id desc',
          [shopper.customer.email],
        )
      ).rows;
    expect((await emails()).find((m) => m.template === 'order.receipt')!.html).toContain('<!doctype html>');
    expect((await setHtml(false)).statusCode).toBe(200);
    try {
      await renew(new Date(subscription.nextPaymentAt.getTime() + 60_000));
      const [receipt] = await emails();
      expect(receipt).toMatchObject({ template: 'membership.renewal_receipt', html: null });
      expect(receipt!.subject).toMatch(/^Your Monthly Membership is renewed \(receipt #\d+\)$/);
      expect(receipt!.text).toContain('We charged $49.00 to Visa •••• 1111');
      expect(receipt!.text).toContain('Your next payment is on');
      const cancelled = await post(
        `/api/store/account/subscriptions/${subscription.id}/cancel`,
        {},
        shopper.headers,
      );
      expect(cancelled.statusCode).toBe(200);
      expect((await emails())[0]).toMatchObject({ template: 'membership.cancelled', html: null });
    } finally {
      await setHtml(true);
    }
  });
});
