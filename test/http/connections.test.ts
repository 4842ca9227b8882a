import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooCommerceEmulator, type WooCommerceEmulator } from '../../emulators/woocommerce/server.js';
import { pushChanges, runSync } from '../../src/server/modules/connections/index.js';
import { cartDeps } from '../../src/server/worker.js';
import { openTestApp, postJson, staffSession, type TestApp } from '../helpers/app.js';

let t: TestApp;
let woo: WooCommerceEmulator;
let manager: Awaited<ReturnType<typeof staffSession>>;
let cashier: Awaited<ReturnType<typeof staffSession>>;
const items: Record<string, { id: string }> = {};

const get = (url: string, headers = manager.headers) => t.app.inject({ method: 'GET', url, headers });
const patch = (url: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url, headers: manager.headers, payload });
const post = (url: string, payload: object = {}, headers = manager.headers) =>
  postJson(t, url, payload, headers);
const deps = () => ({ ...cartDeps(t.deps), retry: { attempts: 3, baseMs: 10, maxMs: 2000 }, log: () => {} });

async function addConnection(extra: object = {}) {
  const res = await post('/api/admin/connections', {
    type: 'woocommerce',
    name: 'Web shop',
    url: woo.url,
    credentials: {
      consumerKey: woo.consumerKey,
      consumerSecret: woo.consumerSecret,
      webhookSecret: 'hook-secret',
    },
    options: { ordersFrom: '2020-01-01T00:00:00Z', updatesSince: '2020-01-01T00:00:00Z', ...extra },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; webhookUrl: string };
}

async function testedConnection(extra: object = {}) {
  const connection = await addConnection(extra);
  const tested = await post(`/api/admin/connections/${connection.id}/test`);
  expect(tested.json()).toEqual({ ok: true, detail: 'TEST PASSED: SUCCESSFULLY CONNECTED TO CART!' });
  return connection;
}

const stockOf = async (id: string) => (await get(`/api/admin/items/${id}`)).json().stock as number;
const pendingOrders = async (connectionId: string) =>
  (await get(`/api/admin/orders?state=pending&connectionId=${connectionId}&limit=200`)).json().data as {
    id: string;
    externalNumber: string;
  }[];

beforeAll(async () => {
  t = await openTestApp();
  woo = await startWooCommerceEmulator();
  manager = await staffSession(t, 'manager');
  cashier = await staffSession(t, 'cashier');
  for (const [sku, name, stock] of [
    ['BEAN-ESP-1KG', 'Espresso beans 1 kg', 40],
    ['MUG-CER', 'Ceramic mug', 15],
  ] as const) {
    const res = await post('/api/admin/items', {
      kind: 'product',
      sku,
      name,
      price: 2400,
      cost: 1000,
      trackStock: true,
      initialStock: stock,
    });
    expect(res.statusCode).toBe(201);
    items[sku] = res.json();
  }
  items.misc = (
    await post('/api/admin/items', { kind: 'service', sku: 'CART-MISC', name: 'Cart item', price: 0 })
  ).json();
});

afterAll(async () => {
  await woo?.close();
  await t?.close();
});

describe('cart connections', () => {
  it('are for owners and managers, and never give their credentials back', async () => {
    const connection = await addConnection();
    const read = await get(`/api/admin/connections/${connection.id}`);
    expect(read.json()).toMatchObject({
      type: 'woocommerce',
      syncStatus: 'STOPPED',
      credentialsSet: ['consumerKey', 'consumerSecret', 'webhookSecret'],
      lastTest: null,
    });
    expect(read.body).not.toContain(woo.consumerSecret);
    expect(read.body).not.toContain('hook-secret');
    const row = (
      await t.deps.database.query<{ credentials_sealed: string }>(
        'select credentials_sealed from connections where id = $1',
        [connection.id],
      )
    ).rows[0]!;
    expect(row.credentials_sealed).not.toContain(woo.consumerSecret.slice(3));
    for (const res of [
      await get('/api/admin/connections', cashier.headers),
      await get(`/api/admin/connections/${connection.id}`, cashier.headers),
      await post(`/api/admin/connections/${connection.id}/sync/run`, {}, cashier.headers),
    ]) {
      expect(res.statusCode).toBe(403);
    }
    const missing = await post('/api/admin/connections', {
      type: 'prestashop',
      name: 'x',
      url: 'https://x.example',
      credentials: {},
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { path: 'credentials.apiKey', message: 'is needed for a prestashop cart' },
    ]);
  });

  it('test the cart and say what failed; auto-sync waits for a pass with the current keys', async () => {
    const connection = await addConnection();
    const start = await post(`/api/admin/connections/${connection.id}/sync/start`);
    expect(start.statusCode).toBe(409);
    expect(start.json().code).toBe('connection_untested');

    await patch(`/api/admin/connections/${connection.id}`, { credentials: { consumerSecret: 'cs_wrong' } });
    const refused = (await post(`/api/admin/connections/${connection.id}/test`)).json();
    expect(refused.ok).toBe(false);
    expect(refused.detail).toMatch(/^TEST FAILED: CREDENTIALS REFUSED/);

    await patch(`/api/admin/connections/${connection.id}`, {
      url: 'http://127.0.0.1:9',
      credentials: { consumerSecret: woo.consumerSecret },
    });
    expect((await post(`/api/admin/connections/${connection.id}/test`)).json().detail).toMatch(
      /ADDRESS NOT REACHED/,
    );

    await patch(`/api/admin/connections/${connection.id}`, {
      url: t.deps.config.publicUrl.replace(/:\d+$/, ':9'),
    });
    await patch(`/api/admin/connections/${connection.id}`, { url: woo.url });
    expect((await post(`/api/admin/connections/${connection.id}/test`)).json().ok).toBe(true);
    const started = await post(`/api/admin/connections/${connection.id}/sync/start`);
    expect(started.json()).toMatchObject({ syncStatus: 'RUNNING', lastTest: { ok: true, current: true } });

    // New credentials stop it until they pass a test.
    const changed = await patch(`/api/admin/connections/${connection.id}`, {
      credentials: { consumerKey: woo.consumerKey },
    });
    expect(changed.json()).toMatchObject({ syncStatus: 'STOPPED', lastTest: { current: false } });
    expect((await post(`/api/admin/connections/${connection.id}/sync/start`)).statusCode).toBe(409);
  });

  it('are removed only when stopped, keeping what came from them', async () => {
    const connection = await testedConnection({ defaultItemId: items.misc!.id });
    await post(`/api/admin/connections/${connection.id}/sync/start`);
    const remove = () =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/admin/connections/${connection.id}`,
        headers: manager.headers,
      });
    expect((await remove()).statusCode).toBe(409);
    await runSync(deps(), connection.id, 'manual');
    const imported = await pendingOrders(connection.id);
    expect(imported.length).toBeGreaterThan(0);
    await post(`/api/admin/connections/${connection.id}/sync/stop`);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/admin/connections/${connection.id}`,
          headers: cashier.headers,
        })
      ).statusCode,
    ).toBe(403);
    expect((await remove()).statusCode).toBe(204);
    expect((await get(`/api/admin/connections/${connection.id}`)).statusCode).toBe(404);
    expect((await remove()).statusCode).toBe(404);
    expect(await pendingOrders(connection.id)).toHaveLength(imported.length);
    expect((await post(`/api/admin/orders/${imported[0]!.id}/confirm`)).statusCode).toBe(200);
  });

  it('import paid cart orders as pending documents, once, touching neither stock nor reports until confirmed', async () => {
    const connection = await testedConnection({ defaultItemId: items.misc!.id });
    const first = await runSync(deps(), connection.id, 'manual');
    expect(first).toMatchObject({ status: 'succeeded', counts: { failed: 0 } });
    const paid = woo.orders().filter((o) => o.status === 'processing' || o.status === 'completed');
    expect(first.counts.imported).toBe(paid.length);
    const pending = await pendingOrders(connection.id);
    expect(pending.map((o) => o.externalNumber).sort()).toEqual(paid.map((o) => o.number).sort());

    // An order that sells a tracked product of Tandem's (matched by SKU).
    const tracked = new Set([items['BEAN-ESP-1KG']!.id, items['MUG-CER']!.id]);
    let order: {
      id: string;
      createdAt: string;
      net: number;
      lines: { itemId: string; quantity: number }[];
      [key: string]: unknown;
    } | null = null;
    for (const p of pending) {
      const o = (await get(`/api/admin/orders/${p.id}`)).json();
      if (o.lines.some((l: { itemId: string }) => tracked.has(l.itemId))) order = o;
    }
    expect(order).not.toBeNull();
    expect(order).toMatchObject({
      channel: 'cart',
      state: 'pending',
      cart: { connectionId: connection.id, documentKind: 'sales_order' },
    });
    expect((order!.tenders as { method: string }[])[0]).toMatchObject({ method: 'cart' });
    expect(await stockOf(items['BEAN-ESP-1KG']!.id)).toBe(40);
    expect(await stockOf(items['MUG-CER']!.id)).toBe(15);

    const again = await runSync(deps(), connection.id, 'manual');
    expect(again.counts.imported).toBe(0);
    expect(await pendingOrders(connection.id)).toHaveLength(pending.length);

    // Confirming moves stock once and then counts in the sales report, on the cart's date.
    const day = order!.createdAt.slice(0, 10);
    const cartSales = async () => {
      const report = (await get(`/api/admin/reports/sales?from=${day}&to=${day}`)).json();
      return report.byChannel.find((c: { channel: string }) => c.channel === 'cart') ?? { orders: 0, net: 0 };
    };
    expect((await cartSales()).orders).toBe(0);
    const taken = (itemId: string) =>
      order!.lines.filter((l) => l.itemId === itemId).reduce((sum, l) => sum + l.quantity, 0);
    const beans = taken(items['BEAN-ESP-1KG']!.id);
    const mugs = taken(items['MUG-CER']!.id);
    expect(beans + mugs).toBeGreaterThan(0);
    const confirm = await post(`/api/admin/orders/${order!.id}/confirm`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().state).toBe('confirmed');
    expect(confirm.json().history.at(-1)).toMatchObject({
      kind: 'confirmed',
      detail: 'Confirmed as a sales order',
    });
    expect(await stockOf(items['BEAN-ESP-1KG']!.id)).toBe(40 - beans);
    expect(await stockOf(items['MUG-CER']!.id)).toBe(15 - mugs);
    const twice = await post(`/api/admin/orders/${order!.id}/confirm`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('conflict');
    expect(await stockOf(items['BEAN-ESP-1KG']!.id)).toBe(40 - beans);
    expect(await cartSales()).toMatchObject({ orders: 1, net: order!.net });
  });

  it('picks up where a crashed run stopped: every order exactly once', async () => {
    const connection = await testedConnection({
      defaultItemId: items.misc!.id,
      ordersFrom: new Date(Date.now() - 60_000).toISOString(),
    });
    const product = woo.products().find((p) => p.sku === 'MUG-CER')!;
    for (let i = 0; i < 230; i++) {
      woo.addOrder({
        status: 'processing',
        line_items: [{ product_id: product.id, quantity: 1 }],
        billing: { ...woo.orders()[0]!.billing, email: `buyer${i}@example.com` },
      });
    }
    const crash = await runSync(
      {
        ...deps(),
        afterPage: (_entity, page) => {
          if (page === 2) throw new Error('the process was killed');
        },
      },
      connection.id,
      'schedule',
    );
    expect(crash.status).toBe('failed');
    expect((await pendingOrders(connection.id)).length).toBe(200);
    const rerun = await runSync(deps(), connection.id, 'schedule');
    expect(rerun).toMatchObject({ status: 'succeeded', counts: { imported: 30, skipped: 200, failed: 0 } });
    const { rows } = await t.deps.database.query<{ orders: number; numbers: number }>(
      'select count(*)::int as orders, count(distinct external_number)::int as numbers from orders where connection_id = $1',
      [connection.id],
    );
    expect(rows[0]).toEqual({ orders: 230, numbers: 230 });
  });

  it('take webhooks signed with the secret only, ignoring repeats and stale ones', async () => {
    const connection = await testedConnection({ defaultItemId: items.misc!.id });
    await post(`/api/admin/connections/${connection.id}/sync/start`);
    const body = JSON.stringify({ id: 424242, date_modified_gmt: new Date().toISOString().slice(0, 19) });
    const send = (signature: string, deliveryId = 'd-1') =>
      t.app.inject({
        method: 'POST',
        url: new URL(connection.webhookUrl).pathname,
        headers: {
          'content-type': 'application/json',
          'x-wc-webhook-signature': signature,
          'x-wc-webhook-delivery-id': deliveryId,
          'x-wc-webhook-resource': 'order',
        },
        payload: body,
      });
    const good = createHmac('sha256', 'hook-secret').update(body).digest('base64');
    const wrong = await send(createHmac('sha256', 'not-the-secret').update(body).digest('base64'));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    const first = await send(good);
    expect(first.json()).toEqual({ received: true, outcome: 'run_requested' });
    expect((await send(good)).json().outcome).toBe('duplicate');
    const badKey = await t.app.inject({
      method: 'POST',
      url: `/api/hooks/connections/${connection.id}/not-the-key`,
      headers: { 'content-type': 'application/json', 'x-wc-webhook-signature': good },
      payload: body,
    });
    expect(badKey.statusCode).toBe(401);

    // A delivery older than the version Tandem holds (deliveries arrive out of order): nothing to do.
    const run = await runSync(deps(), connection.id, 'webhook');
    expect(run.status).toBe('succeeded');
    const held = woo.orders().find((o) => o.status === 'processing')!;
    const old = JSON.stringify({ id: held.id, date_modified_gmt: '2001-01-01T00:00:00' });
    const stale = await t.app.inject({
      method: 'POST',
      url: new URL(connection.webhookUrl).pathname,
      headers: {
        'content-type': 'application/json',
        'x-wc-webhook-signature': createHmac('sha256', 'hook-secret').update(old).digest('base64'),
        'x-wc-webhook-delivery-id': 'd-2',
        'x-wc-webhook-resource': 'order',
      },
      payload: old,
    });
    expect(stale.json()).toEqual({ received: true, outcome: 'stale' });
    // Nothing was imported by a refused delivery: the orders are those the run brought in.
    const { rows } = await t.deps.database.query<{ n: number }>(
      "select count(*)::int as n from orders where connection_id = $1 and external_number = '424242'",
      [connection.id],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('link cart items by SKU, then send free stock after a register sale, an import and a confirm', async () => {
    // A store of its own: the orders the other tests placed stay out of this one's import.
    const shop = woo;
    woo = await startWooCommerceEmulator();
    const connection = await testedConnection({ ordersFrom: new Date(Date.now() - 1000).toISOString() });
    const grinder = woo.addProduct({
      name: 'Burr grinder',
      sku: 'GRINDER',
      regular_price: '90.00',
      manage_stock: true,
      stock_quantity: 3,
    });
    const mine = (
      await post('/api/admin/items', {
        kind: 'product',
        sku: 'GRINDER',
        name: 'Grinder',
        price: 9000,
        trackStock: true,
        initialStock: 7,
      })
    ).json();
    const list = (await get(`/api/admin/connections/${connection.id}/cart/items?q=grinder`)).json();
    const row = list.data.find((r: { externalId: string }) => r.externalId === String(grinder.id));
    expect(row).toMatchObject({ linkedTo: null, match: mine.id });
    const dry = await post(`/api/admin/connections/${connection.id}/import/items`, {
      ids: [row.externalId],
      mode: 'link',
      dryRun: true,
    });
    expect(dry.json()).toMatchObject({ dryRun: true, counts: { linked: 1 } });
    const after = (await get(`/api/admin/connections/${connection.id}/cart/items?q=grinder`)).json();
    expect(
      after.data.find((r: { externalId: string }) => r.externalId === row.externalId).linkedTo,
    ).toBeNull();
    const linked = await post(`/api/admin/connections/${connection.id}/import/items`, {
      ids: [row.externalId],
      mode: 'link',
    });
    expect(linked.json()).toMatchObject({ dryRun: false, counts: { linked: 1 } });
    const cartStock = () => woo.products().find((p) => p.id === grinder.id)!.stock_quantity;
    // Linked: the cart hears Tandem's level at once (it had 3; Tandem has 7).
    await pushChanges(deps());
    expect(cartStock()).toBe(7);

    const sale = await post(
      '/api/pos/sales',
      { lines: [{ itemId: mine.id, quantity: 2 }], payments: [{ method: 'cash', amount: 18000 }] },
      cashier.headers,
    );
    expect(sale.statusCode).toBe(201);
    await pushChanges(deps());
    expect(cartStock()).toBe(5);

    // Sold in the cart: pending here, holding one; the cart may sell 4 more.
    woo.addOrder({
      status: 'processing',
      line_items: [{ product_id: grinder.id, quantity: 1 }],
      billing: woo.orders()[0]!.billing,
    });
    const run = await runSync(deps(), connection.id, 'webhook');
    expect(run.counts.imported).toBe(1);
    await pushChanges(deps());
    expect(cartStock()).toBe(4);
    const [pending] = await pendingOrders(connection.id);
    await post(`/api/admin/orders/${pending!.id}/confirm`);
    expect(await stockOf(mine.id)).toBe(4);
    await pushChanges(deps());
    expect(cartStock()).toBe(4);
    await woo.close();
    woo = shop;
  });
  it('refund nothing of a pending cart document: it is cancelled without money or stock; a confirmed one is refunded as paid in the cart', async () => {
    const connection = await testedConnection({ defaultItemId: items.misc!.id });
    await runSync(deps(), connection.id, 'manual');
    const [first, second] = await pendingOrders(connection.id);
    const refund = (id: string) =>
      post(`/api/admin/orders/${id}/refunds`, { amount: 100, reason: 'Scratched' });
    const refused = await refund(first!.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/still pending/);
    const before = await stockOf(items['MUG-CER']!.id);
    const cancelled = await post(`/api/admin/orders/${first!.id}/fulfillment`, { status: 'cancelled' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ fulfillmentStatus: 'cancelled', refunded: 0 });
    expect(await stockOf(items['MUG-CER']!.id)).toBe(before);
    expect((await post(`/api/admin/orders/${first!.id}/confirm`)).statusCode).toBe(409);

    await post(`/api/admin/orders/${second!.id}/confirm`);
    const given = await refund(second!.id);
    expect(given.statusCode, given.body).toBe(200);
    const order = (await get(`/api/admin/orders/${second!.id}`)).json();
    expect(order.refunded).toBe(100);
    expect(order.history.at(-1).detail).toMatch(/through the cart it was paid in/);
  });
});
