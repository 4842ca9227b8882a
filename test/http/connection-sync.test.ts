// The sync engine through each real adapter against its emulator: first and incremental runs,
// throttling and 5xx waited out, a malformed record skipped and logged, a deleted product still
// sold as the connection's default item, and edits in Tandem pushed back to the cart.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCustomCartEmulator } from '../../emulators/custom/server.js';
import { startPrestaShopEmulator } from '../../emulators/prestashop/server.js';
import { startWooCommerceEmulator } from '../../emulators/woocommerce/server.js';
import { pushChanges, runSync } from '../../src/server/modules/connections/index.js';
import { cartDeps } from '../../src/server/worker.js';
import { openTestApp, postJson, staffSession, type TestApp } from '../helpers/app.js';

let t: TestApp;
let manager: Awaited<ReturnType<typeof staffSession>>;
let fallbackItem: { id: string };
const closers: (() => Promise<void>)[] = [];

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: manager.headers });
const post = (url: string, payload: object = {}) => postJson(t, url, payload, manager.headers);
const deps = () => ({ ...cartDeps(t.deps), retry: { attempts: 4, baseMs: 10, maxMs: 3000 }, log: () => {} });

async function connect(type: string, url: string, credentials: Record<string, string>, options: object = {}) {
  const res = await post('/api/admin/connections', {
    type,
    name: `${type} shop`,
    url,
    credentials,
    options: {
      ordersFrom: '2000-01-01T00:00:00Z',
      updatesSince: '2000-01-01T00:00:00Z',
      defaultItemId: fallbackItem.id,
      ...options,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const test = (await post(`/api/admin/connections/${id}/test`)).json();
  expect(test, JSON.stringify(test)).toMatchObject({ ok: true });
  return id;
}

/** A WooCommerce emulator of its own, and a tested connection to it. */
async function wooConnection(options: object = {}) {
  const woo = await startWooCommerceEmulator();
  closers.push(() => woo.close());
  const id = await connect(
    'woocommerce',
    woo.url,
    { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
    options,
  );
  return { woo, id };
}

const importedCount = async (connectionId: string) =>
  (
    await t.deps.database.query<{ n: number }>(
      'select count(*)::int as n from orders where connection_id = $1',
      [connectionId],
    )
  ).rows[0]!.n;

beforeAll(async () => {
  t = await openTestApp();
  manager = await staffSession(t, 'manager');
  fallbackItem = (
    await post('/api/admin/items', { kind: 'service', sku: 'WEB-ITEM', name: 'Web shop item', price: 0 })
  ).json();
});

afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
  await t?.close();
});

const setCurrency = (currency: string) =>
  t.app.inject({
    method: 'PATCH',
    url: '/api/admin/settings',
    headers: manager.headers,
    payload: { currency },
  });

describe('sync through each adapter (carts selling in euros, as the store)', () => {
  beforeAll(async () => {
    expect((await setCurrency('EUR')).statusCode).toBe(200);
  });
  afterAll(async () => {
    await setCurrency('USD');
  });

  it('PrestaShop: a first run imports its paid orders once, an incremental run the new one', async () => {
    const shop = await startPrestaShopEmulator();
    closers.push(() => shop.close());
    const id = await connect('prestashop', shop.url, { apiKey: shop.key });
    const first = await runSync(deps(), id, 'manual');
    expect(first).toMatchObject({ status: 'succeeded', counts: { failed: 0 } });
    expect(first.counts.imported).toBeGreaterThan(0);
    expect(await importedCount(id)).toBe(first.counts.imported);
    const product = shop.products()[0]!;
    shop.addOrder({ current_state: 2, rows: [{ product_id: Number(product.id), product_quantity: 1 }] });
    const second = await runSync(deps(), id, 'manual');
    expect(second.counts).toMatchObject({ imported: 1, failed: 0 });
    expect(await importedCount(id)).toBe(first.counts.imported + 1);
  });

  it('the Tandem cart protocol: the same, and a webhook signed with the token starts a run', async () => {
    const cart = await startCustomCartEmulator();
    closers.push(() => cart.close());
    const id = await connect('custom', cart.url, { token: cart.token });
    const first = await runSync(deps(), id, 'manual');
    expect(first).toMatchObject({ status: 'succeeded', counts: { failed: 0 } });
    expect(first.counts.imported).toBeGreaterThan(0);
    const again = await runSync(deps(), id, 'manual');
    expect(again.counts.imported).toBe(0);
    await post(`/api/admin/connections/${id}/sync/start`);
    const connection = (await get(`/api/admin/connections/${id}`)).json();
    const item = cart.items()[0]!;
    const order = cart.addOrder({ lines: [{ itemId: item.id, quantity: 1 }], status: 'paid' });
    const body = JSON.stringify({
      id: 'evt_1',
      type: 'order.created',
      occurredAt: order.updatedAt,
      data: { id: order.id, updatedAt: order.updatedAt },
    });
    const deliver = (token: string) => {
      const at = Math.floor(Date.now() / 1000);
      const signature = createHmac('sha256', token).update(`${at}.${body}`).digest('hex');
      return t.app.inject({
        method: 'POST',
        url: new URL(connection.webhookUrl).pathname,
        headers: { 'content-type': 'application/json', 'tandem-cart-signature': `t=${at},v1=${signature}` },
        payload: body,
      });
    };
    expect((await deliver('not-the-token')).statusCode).toBe(401);
    expect((await deliver(cart.token)).json()).toEqual({ received: true, outcome: 'run_requested' });
    expect((await deliver(cart.token)).json().outcome).toBe('duplicate');
    const due = (
      await t.deps.database.query<{ by: string }>(
        'select run_requested_by as by from connections where id = $1',
        [id],
      )
    ).rows[0];
    expect(due?.by).toBe('webhook');
    const third = await runSync(deps(), id, 'webhook');
    expect(third.counts.imported).toBe(1);
  });
});

describe('sync when the cart misbehaves', () => {
  it('waits out 429 with Retry-After and 5xx answers, and completes', async () => {
    const { woo, id } = await wooConnection();
    woo.throttle(1, 1);
    woo.fail(2, 503);
    const started = Date.now();
    const run = await runSync(deps(), id, 'manual');
    expect(run).toMatchObject({ status: 'succeeded', counts: { failed: 0 } });
    expect(run.counts.imported).toBeGreaterThan(0);
    expect(run.requests).toBeGreaterThanOrEqual(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('skips and logs a malformed order with its id, imports the rest, and sells a deleted product as the default item', async () => {
    const { woo, id } = await wooConnection();
    const [kept, gone] = woo.products().filter((p) => p.sku);
    const ok = woo.addOrder({ status: 'processing', line_items: [{ product_id: kept!.id, quantity: 1 }] });
    const broken = woo.addOrder({
      status: 'processing',
      line_items: [{ product_id: kept!.id, quantity: 1 }],
    });
    const orphan = woo.addOrder({
      status: 'processing',
      line_items: [{ product_id: gone!.id, quantity: 2 }],
    });
    woo.deleteProduct(gone!.id);
    woo.malform(broken.id);
    const run = await runSync(deps(), id, 'manual');
    expect(run.status).toBe('succeeded');
    expect(run.counts.failed).toBe(1);
    const log = (await get(`/api/admin/connections/${id}/runs`)).json().data[0];
    expect(log.errors).toEqual([
      expect.objectContaining({ entity: 'orders', externalId: String(broken.id) }),
    ]);
    const numbers = (await get(`/api/admin/orders?connectionId=${id}&limit=200`))
      .json()
      .data.map((o: { externalNumber: string }) => o.externalNumber);
    expect(numbers).toContain(ok.number);
    expect(numbers).not.toContain(broken.number);
    const orphanOrder = (await get(`/api/admin/orders?connectionId=${id}&q=&limit=200`))
      .json()
      .data.find((o: { externalNumber: string }) => o.externalNumber === orphan.number);
    const detail = (await get(`/api/admin/orders/${orphanOrder.id}`)).json();
    expect(detail.lines[0]).toMatchObject({ itemId: fallbackItem.id, name: gone!.name, quantity: 2 });

    // Mended in the cart: the next run brings it in.
    woo.reset();
    woo.updateOrder(broken.id, { status: 'processing' });
    const next = await runSync(deps(), id, 'manual');
    expect(next.counts).toMatchObject({ imported: 1, failed: 0 });
  });

  it('ends a run at once when Tandem stops, as interrupted, and the next run goes on', async () => {
    const { woo, id } = await wooConnection();
    const product = woo.products().find((p) => p.sku)!;
    for (let i = 0; i < 150; i++)
      woo.addOrder({ status: 'processing', line_items: [{ product_id: product.id, quantity: 1 }] });
    const stopping = new AbortController();
    woo.slow(300);
    const started = Date.now();
    const run = await runSync(
      { ...deps(), signal: stopping.signal, afterPage: () => stopping.abort() },
      id,
      'schedule',
    );
    expect(run).toMatchObject({ status: 'interrupted', detail: expect.stringMatching(/Tandem stopped/) });
    expect(Date.now() - started).toBeLessThan(5000);
    woo.slow(0);
    const next = await runSync(deps(), id, 'schedule');
    expect(next.status).toBe('succeeded');
    expect(run.counts.imported + next.counts.imported).toBe(await importedCount(id));
  });

  it('stops auto-sync when the cart refuses the credentials, and says why', async () => {
    const { woo, id } = await wooConnection();
    await post(`/api/admin/connections/${id}/sync/start`);
    // The keys are revoked in the cart: the same address now answers with other keys only.
    const port = Number(new URL(woo.url).port);
    await woo.close();
    const revoked = await startWooCommerceEmulator({
      port,
      consumerKey: 'ck_other',
      consumerSecret: 'cs_other',
    });
    closers.push(() => revoked.close());
    const refused = await runSync(deps(), id, 'schedule');
    expect(refused).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/refused the credentials/),
    });
    const connection = (await get(`/api/admin/connections/${id}`)).json();
    expect(connection.syncStatus).toBe('STOPPED');
    expect(connection.stoppedReason).toMatch(/refused the credentials/);
  });
});

describe('orders changed in the cart after import', () => {
  it('a pending one follows a cancellation; a confirmed one only records it; both in the history', async () => {
    const { woo, id } = await wooConnection();
    const product = woo.products().find((p) => p.sku)!;
    const [a, b] = [0, 1].map(() =>
      woo.addOrder({ status: 'processing', line_items: [{ product_id: product.id, quantity: 1 }] }),
    );
    await runSync(deps(), id, 'manual');
    const orders = (await get(`/api/admin/orders?connectionId=${id}&limit=200`)).json().data as {
      id: string;
      externalNumber: string;
    }[];
    const mine = (n: string) => orders.find((o) => o.externalNumber === n)!.id;
    await post(`/api/admin/orders/${mine(b!.number)}/confirm`);
    // Later than the import, by a second at least: WooCommerce's dates are whole seconds.
    const later = new Date(Date.now() + 2000).toISOString().slice(0, 19);
    woo.updateOrder(a!.id, { status: 'cancelled', modifiedGmt: later });
    woo.updateOrder(b!.id, { status: 'refunded', modifiedGmt: later });
    const run = await runSync(deps(), id, 'manual');
    expect(run.counts).toMatchObject({ updated: 2, failed: 0 });
    const pendingOne = (await get(`/api/admin/orders/${mine(a!.number)}`)).json();
    expect(pendingOne).toMatchObject({ state: 'pending', fulfillmentStatus: 'cancelled' });
    expect(pendingOne.history.map((h: { kind: string }) => h.kind)).toEqual(
      expect.arrayContaining(['cart_status', 'fulfillment_status']),
    );
    expect((await post(`/api/admin/orders/${mine(a!.number)}/confirm`)).statusCode).toBe(409);
    const confirmedOne = (await get(`/api/admin/orders/${mine(b!.number)}`)).json();
    expect(confirmedOne).toMatchObject({
      state: 'confirmed',
      paymentStatus: 'paid',
      fulfillmentStatus: 'unfulfilled',
    });
    expect(confirmedOne.history.at(-1)).toMatchObject({ kind: 'cart_status', to: 'refunded' });
    // The same again changes nothing more.
    const idle = await runSync(deps(), id, 'manual');
    expect(idle.counts.updated).toBe(0);
  });
});

describe('pushes that fail', () => {
  it('stay in the outbox and go out on a later try, as after a restart', async () => {
    const { woo, id } = await wooConnection();
    const product = woo.products().find((p) => p.sku === 'KETTLE-PO') ?? woo.products().find((p) => p.sku)!;
    const item = (
      await post('/api/admin/items', {
        kind: 'product',
        sku: `${product.sku}-X`,
        name: 'Kettle',
        price: 5000,
        trackStock: true,
        initialStock: 4,
      })
    ).json();
    const linked = await post(`/api/admin/connections/${id}/import/items`, {
      ids: [String(product.id)],
      mode: 'link',
      links: { [String(product.id)]: item.id },
    });
    expect(linked.json().counts.linked).toBe(1);
    await post(`/api/admin/items/${item.id}/stock-adjustments`, { delta: 3, reason: 'Delivery' });
    woo.fail(20, 503);
    const failed = await pushChanges(deps());
    expect(failed.failed).toBeGreaterThan(0);
    const waiting = await t.deps.database.query<{ attempts: number; last_error: string }>(
      'select attempts, last_error from cart_outbox where connection_id = $1',
      [id],
    );
    expect(waiting.rows).toEqual([
      expect.objectContaining({ attempts: 1, last_error: expect.stringMatching(/503/) }),
    ]);
    woo.reset();
    // Its time comes (a worker started later finds it the same way).
    await t.deps.database.query('update cart_outbox set next_attempt_at = now() where connection_id = $1', [
      id,
    ]);
    const sent = await pushChanges(deps());
    expect(sent).toMatchObject({ failed: 0 });
    expect(woo.products().find((p) => p.id === product.id)!.stock_quantity).toBe(7);
    expect(
      (await t.deps.database.query('select 1 from cart_outbox where connection_id = $1', [id])).rows,
    ).toHaveLength(0);
  });
});

describe('edits in Tandem reach the cart', () => {
  it('pushes a linked customer’s and item’s changes when those updates are on', async () => {
    const { woo, id } = await wooConnection({ toCart: { customers: true, items: true, stock: true } });
    const cartCustomers = (await get(`/api/admin/connections/${id}/cart/customers`)).json().data;
    const ada = cartCustomers.find(
      (c: { customer: { email: string } }) => c.customer.email === 'ada@example.com',
    );
    // Ada bought through the earlier carts, so Tandem knows her: she is linked by her email.
    const refused = await post(`/api/admin/connections/${id}/import/customers`, {
      ids: [ada.externalId],
      mode: 'create',
    });
    expect(refused.json().results[0]).toMatchObject({
      outcome: 'failed',
      reason: expect.stringMatching(/exists already/),
    });
    const created = await post(`/api/admin/connections/${id}/import/customers`, {
      ids: [ada.externalId],
      mode: 'link',
    });
    expect(created.json()).toMatchObject({ counts: { linked: 1, failed: 0 } });
    const customerId = created.json().results[0].tandemId as string;
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/customers/${customerId}`,
      headers: manager.headers,
      payload: { name: 'Augusta Ada King' },
    });
    expect(renamed.statusCode).toBe(200);

    const product = woo.products().find((p) => p.sku === 'MUG-CER')!;
    const imported = await post(`/api/admin/connections/${id}/import/items`, {
      ids: [String(product.id)],
      mode: 'create',
      rows: { [String(product.id)]: { sku: 'MUG-CER', cost: 400, stock: 9 } },
    });
    expect(imported.json()).toMatchObject({ counts: { created: 1 } });
    const itemId = imported.json().results[0].tandemId as string;
    expect((await get(`/api/admin/items/${itemId}`)).json()).toMatchObject({
      sku: 'MUG-CER',
      cost: 400,
      stock: 9,
    });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/items/${itemId}`,
      headers: manager.headers,
      payload: { price: 1399 },
    });

    const sent = await pushChanges(deps());
    expect(sent.failed).toBe(0);
    const cartAda = await fetch(
      `${woo.url}/wp-json/wc/v3/customers/${ada.externalId}?consumer_key=${woo.consumerKey}&consumer_secret=${woo.consumerSecret}`,
    ).then((r) => r.json() as Promise<{ first_name: string; last_name: string }>);
    expect(`${cartAda.first_name} ${cartAda.last_name}`).toBe('Augusta Ada King');
    expect(woo.products().find((p) => p.id === product.id)).toMatchObject({
      regular_price: '13.99',
      stock_quantity: 9,
    });

    // Export: a Tandem item the cart lacks is created there with its free stock, and linked.
    const own = (
      await post('/api/admin/items', {
        kind: 'product',
        sku: 'TAMPER',
        name: 'Tamper',
        price: 3500,
        trackStock: true,
        initialStock: 6,
      })
    ).json();
    const dry = await post(`/api/admin/connections/${id}/export/items`, { ids: [own.id], dryRun: true });
    expect(dry.json()).toMatchObject({ dryRun: true, counts: { created: 1 } });
    expect(woo.products().some((p) => p.sku === 'TAMPER')).toBe(false);
    const exported = await post(`/api/admin/connections/${id}/export/items`, { ids: [own.id] });
    expect(exported.json(), exported.body).toMatchObject({ counts: { created: 1, failed: 0 } });
    expect(woo.products().find((p) => p.sku === 'TAMPER')).toMatchObject({
      stock_quantity: 6,
      regular_price: '35.00',
    });
  });
});
