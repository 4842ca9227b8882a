import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GiftCard } from '../../src/contracts/giftcards.js';
import type { Order } from '../../src/contracts/orders.js';
import { seedDemo } from '../../src/server/seed/demo.js';
import { DEMO_CART_NAME, startDemoCart } from '../../src/server/seed/demo-cart.js';
import { ORIGIN, openTestApp, staffSession, type TestApp } from '../helpers/app.js';

type Headers = Record<string, string>;
const DAY_MS = 86_400_000;

describe('the demo shop', () => {
  let t: TestApp;
  let owner: { headers: Headers };
  const all: Order[] = [];
  let cards: GiftCard[] = [];
  const startedAt = Date.now();

  beforeAll(async () => {
    t = await openTestApp();
    const { db } = t.deps.database;
    const seeded = await db.transaction((tx) =>
      seedDemo(tx, { gateway: t.deps.gateway, giftCardVault: t.deps.giftCardVault }),
    );
    expect(seeded).toBe(true);
    owner = await staffSession(t, 'owner');
    let cursor: string | null = null;
    do {
      const page = await t.app.inject({
        method: 'GET',
        url: `/api/admin/orders?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        headers: owner.headers,
      });
      expect(page.statusCode).toBe(200);
      const body = page.json() as { data: Order[]; nextCursor: string | null };
      all.push(...body.data);
      cursor = body.nextCursor;
    } while (cursor);
    cards = (
      await t.app.inject({ method: 'GET', url: '/api/admin/gift-cards?limit=200', headers: owner.headers })
    ).json().data;
  }, 120_000);

  afterAll(() => t.close());

  it('has a few hundred orders over the last sixty days, in both channels', () => {
    expect(all.length).toBeGreaterThanOrEqual(200);
    const times = all.map((o) => Date.parse(o.createdAt));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.now());
    expect(Math.min(...times)).toBeGreaterThan(startedAt - 61 * DAY_MS);
    expect(Math.min(...times)).toBeLessThan(startedAt - 55 * DAY_MS);
    const online = all.filter((o) => o.channel === 'online');
    expect(online.length).toBeGreaterThan(30);
    expect(all.length - online.length).toBeGreaterThan(100);
    // Numbers follow the clock.
    const byTime = [...all].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    expect(byTime.map((o) => o.number)).toEqual([...byTime.map((o) => o.number)].sort((a, b) => a - b));
  });

  it('ships older online orders with a courier and tracking id, and keeps the newest to ship', async () => {
    const online = all.filter((o) => o.channel === 'online' && o.delivery === 'shipping');
    const gone = online.filter(
      (o) => o.fulfillmentStatus === 'shipped' || o.fulfillmentStatus === 'delivered',
    );
    const waiting = online.filter((o) => o.fulfillmentStatus === 'unfulfilled');
    expect(gone.length).toBeGreaterThan(20);
    expect(waiting.length).toBeGreaterThan(0);
    expect(online.filter((o) => o.fulfillmentStatus === 'delivered').length).toBeGreaterThan(0);
    for (const o of waiting) expect(Date.parse(o.createdAt)).toBeGreaterThan(startedAt - 4 * DAY_MS);

    const detail = (
      await t.app.inject({ method: 'GET', url: `/api/admin/orders/${gone[0]!.id}`, headers: owner.headers })
    ).json() as Order;
    expect(detail.shipment?.courier).toMatch(/^(UPS|USPS|FedEx)$/);
    expect(detail.shipment?.trackingId).toMatch(/^1Z\d+$/);
    // The shipping is stamped a day or so after the order, not at the moment the demo was made.
    const shipped = detail.history.find((h) => h.to === 'shipped')!;
    expect(Date.parse(shipped.at)).toBeGreaterThan(Date.parse(detail.createdAt));
    expect(Date.parse(shipped.at)).toBeLessThan(startedAt - DAY_MS);
  });

  it('has a couple of refunds, counted in the report on the day they happened', async () => {
    expect(all.filter((o) => o.paymentStatus === 'refunded').length).toBe(2);
    expect(all.filter((o) => o.paymentStatus === 'partially_refunded').length).toBe(1);
    const from = new Date(startedAt - 61 * DAY_MS).toISOString().slice(0, 10);
    const to = new Date(startedAt + DAY_MS).toISOString().slice(0, 10);
    const report = (
      await t.app.inject({
        method: 'GET',
        url: `/api/admin/reports/sales?from=${from}&to=${to}`,
        headers: owner.headers,
      })
    ).json() as { days: { day: string; orders: number; refunds: number }[] };
    // Gift cards sold are not sales (they count when spent): the orders that sold only a card are left out.
    const cardSales = new Set(cards.map((c) => c.orderId).filter((id) => id !== null));
    expect(report.days.reduce((sum, d) => sum + d.orders, 0)).toBe(all.length - cardSales.size);
    const refundDays = report.days.filter((d) => d.refunds > 0).map((d) => d.day);
    expect(refundDays.length).toBeGreaterThanOrEqual(2);
    const today = new Date().toISOString().slice(0, 10);
    expect(refundDays).not.toContain(today);
  });

  it('has packages bought by customers, with credits spent on visits since', async () => {
    const { rows } = await t.deps.database.query<{ customer_id: string }>(
      'select customer_id from customer_packages order by created_at',
    );
    expect(rows).toHaveLength(3);
    let used = 0;
    for (const { customer_id } of rows) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/admin/packages?customerId=${customer_id}`,
        headers: owner.headers,
      });
      const [bought] = res.json().data as { status: string; credits: { used: number }[] }[];
      expect(bought!.status).toBe('active');
      used += bought!.credits.reduce((sum, c) => sum + c.used, 0);
    }
    expect(used).toBe(6);
    const visits = await t.deps.database.query<{ n: number }>(
      'select count(*)::int as n from order_lines where credits_used > 0',
    );
    expect(visits.rows[0]!.n).toBe(6);
  });

  it('has gift cards of both kinds, sold over the weeks, some partly spent, all adding up', async () => {
    expect(new Set(cards.map((c) => c.kind))).toEqual(new Set(['virtual', 'physical']));
    expect(cards.filter((c) => c.balance > 0 && c.balance < c.initialAmount).length).toBeGreaterThanOrEqual(
      3,
    );
    expect(cards.every((c) => c.status === 'active')).toBe(true);
    const liability = (
      await t.app.inject({ method: 'GET', url: '/api/admin/reports/gift-cards', headers: owner.headers })
    ).json();
    expect(liability.months.length).toBeGreaterThanOrEqual(2);
    expect(liability.total.outstanding).toBe(cards.reduce((sum, c) => sum + c.balance, 0));
    expect(liability.total.redeemed).toBeGreaterThan(0);
  });

  it('has a shopper who signs in to the shop and sees their own orders', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/store/auth/login',
      headers: { origin: ORIGIN },
      payload: { email: 'ava.adams0@example.com', password: 'Juniper-Demo-2026' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.headers['set-cookie']!.toString().split(';')[0]!;
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/store/account/orders',
      headers: { cookie, origin: ORIGIN },
    });
    expect(mine.statusCode).toBe(200);
    const orders = mine.json().data as { id: string }[];
    // The order book's list carries the contact as the order keeps it.
    const theirs = all.filter(
      (o) => (o as unknown as { customerEmail: string | null }).customerEmail === 'ava.adams0@example.com',
    );
    expect(orders.length).toBe(theirs.length);
    expect(orders.length).toBeGreaterThan(0);
  });

  it('emails nobody about the past, and leaves no stock below zero', async () => {
    const { database } = t.deps;
    const mails = await database.query<{ n: number }>('select count(*)::int as n from mail_outbox');
    expect(mails.rows[0]!.n).toBe(0);
    const negative = await database.query<{ n: number }>(
      'select count(*)::int as n from stock_levels where on_hand < 0',
    );
    expect(negative.rows[0]!.n).toBe(0);
  });

  it('has a web shop (a WooCommerce emulator) whose orders wait as pending documents, imported once across restarts', async () => {
    const store = await startDemoCart(t.deps, { firstStart: true });
    expect(store).not.toBeNull();
    const connections = (
      await t.app.inject({ method: 'GET', url: '/api/admin/connections', headers: owner.headers })
    ).json().data as { id: string; name: string; syncStatus: string; lastTest: { ok: boolean } }[];
    const demo = connections.find((c) => c.name === DEMO_CART_NAME)!;
    expect(demo).toMatchObject({ syncStatus: 'RUNNING', lastTest: { ok: true } });
    const pending = async () =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/admin/orders?state=pending&connectionId=${demo.id}`,
          headers: owner.headers,
        })
      ).json().data as { id: string }[];
    const first = await pending();
    expect(first.length).toBeGreaterThanOrEqual(4);
    const order = (
      await t.app.inject({
        method: 'GET',
        url: `/api/admin/orders/${first.at(-1)!.id}`,
        headers: owner.headers,
      })
    ).json();
    expect(order.lines[0].sku).toMatch(/^PRD-/);
    await store!.close();

    // Started again: a new emulator on a new port, filled the same way; nothing comes in twice.
    const again = await startDemoCart(t.deps, { firstStart: false });
    const connection = (
      await t.app.inject({ method: 'GET', url: `/api/admin/connections/${demo.id}`, headers: owner.headers })
    ).json();
    expect(connection.url).toBe(again!.url);
    expect(connection.lastTest).toMatchObject({ ok: true, current: true });
    const { runSync, openCart } = await import('../../src/server/modules/connections/index.js');
    const run = await runSync(
      { db: t.deps.database.db, box: t.deps.credentialBox, openCart },
      demo.id,
      'manual',
    );
    expect(run.counts.imported).toBe(0);
    expect(await pending()).toHaveLength(first.length);
    await again!.close();
  });
});
