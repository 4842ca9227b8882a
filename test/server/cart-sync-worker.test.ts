// The whole of Tandem on a port, its worker doing the work: auto-sync started over HTTP runs on the
// job queue, a signed webhook from the cart starts a run at once, and a register sale's stock
// reaches the cart within seconds, with no test calling the engine itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooCommerceEmulator, type WooCommerceEmulator } from '../../emulators/woocommerce/server.js';
import { runTandem, signInOwner } from '../helpers/tandem.js';
import { until } from '../helpers/wait.js';

/** The fields of the answers this test reads (a connection, a list, a report, an item). */
interface Answer {
  id: string;
  ok: boolean;
  syncStatus: string;
  webhookUrl: string;
  counts: { linked: number };
  data: { status: string; trigger: string }[];
}

describe('cart sync in a running Tandem', () => {
  let tandem: Awaited<ReturnType<typeof runTandem>>;
  let woo: WooCommerceEmulator;
  let cookie: string;

  const call = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${tandem.baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        origin: tandem.baseUrl,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(method === 'POST' ? { 'idempotency-key': `k-${Math.random()}` } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  };

  beforeAll(async () => {
    tandem = await runTandem({ TANDEM_SEED: 'none' });
    woo = await startWooCommerceEmulator();
    cookie = await signInOwner(tandem.baseUrl);
  }, 60_000);

  afterAll(async () => {
    await woo?.close();
    await tandem?.stop();
  });

  it('runs on the queue, starts at a webhook, and pushes stock after a sale', async () => {
    const grinder = woo.addProduct({
      name: 'Grinder',
      sku: 'GRINDER',
      regular_price: '90.00',
      manage_stock: true,
      stock_quantity: 3,
    });
    const item = await call('POST', '/api/admin/items', {
      kind: 'product',
      sku: 'GRINDER',
      name: 'Grinder',
      price: 9000,
      trackStock: true,
      initialStock: 8,
    });
    expect(item.status).toBe(201);
    const created = await call('POST', '/api/admin/connections', {
      type: 'woocommerce',
      name: 'Web shop',
      url: woo.url,
      credentials: {
        consumerKey: woo.consumerKey,
        consumerSecret: woo.consumerSecret,
        webhookSecret: 'whsec-1',
      },
      options: { ordersFrom: new Date(Date.now() - 1000).toISOString() },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call('POST', `/api/admin/connections/${id}/test`)).body.ok).toBe(true);
    expect(
      (
        await call('POST', `/api/admin/connections/${id}/import/items`, {
          ids: [String(grinder.id)],
          mode: 'link',
        })
      ).body.counts.linked,
    ).toBe(1);

    // Started: the worker makes the first run by itself.
    expect((await call('POST', `/api/admin/connections/${id}/sync/start`)).body.syncStatus).toBe('RUNNING');
    await until(
      async () =>
        (await call('GET', `/api/admin/connections/${id}/runs`)).body.data[0]?.status === 'succeeded',
      20_000,
    );

    // The cart's webhook: a new order comes in at once, pending, holding its unit.
    woo.addWebhook({ topic: 'order.created', delivery_url: created.body.webhookUrl, secret: 'whsec-1' });
    woo.addOrder({
      status: 'processing',
      line_items: [{ product_id: grinder.id, quantity: 1 }],
      billing: woo.orders()[0]!.billing,
    });
    await until(
      async () =>
        (await call('GET', `/api/admin/orders?state=pending&connectionId=${id}`)).body.data.length === 1,
      20_000,
    );
    const runs = (await call('GET', `/api/admin/connections/${id}/runs`)).body.data;
    expect(runs.some((r: { trigger: string }) => r.trigger === 'webhook')).toBe(true);
    await until(() => woo.products().find((p) => p.id === grinder.id)!.stock_quantity === 7, 10_000);

    // A register sale: the cart hears the new free stock within seconds.
    const sale = await call('POST', '/api/pos/sales', {
      lines: [{ itemId: item.body.id, quantity: 2 }],
      payments: [{ method: 'cash', amount: 18_000 }],
    });
    expect(sale.status).toBe(201);
    const soldAt = Date.now();
    await until(() => woo.products().find((p) => p.id === grinder.id)!.stock_quantity === 5, 10_000);
    expect(Date.now() - soldAt).toBeLessThan(5000);
  }, 90_000);
});
